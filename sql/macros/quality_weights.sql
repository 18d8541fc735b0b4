-- One row per quality part (item NULL: the part's weight; the five weights sum to 100) and per item that
-- can cost points within a part (points: the most the item can cost). Change the weights here: v_quality
-- and v_quality_reasons read nothing else, and the next load (or `nianbao load`) recreates the views.
-- per_case: points per occurrence (a failed check, a day late, a missing section or table); threshold:
-- the item's limit (section 五 shorter than this many characters is not substantive).
CREATE OR REPLACE MACRO quality_weights() AS TABLE
SELECT part, item, CAST(points AS DOUBLE) AS points, CAST(per_case AS DOUBLE) AS per_case,
       CAST(threshold AS INTEGER) AS threshold, description
FROM (VALUES
    -- part / item                            points  per_case  threshold  what costs the points
    ('timeliness',   NULL,                     20.0,  NULL,     NULL,      '及时性：按法定期限发布'),
    ('timeliness',   'late',                   20.0,  0.5,      NULL,      '逾期每天扣0.5分'),
    ('timeliness',   'no_date',                10.0,  NULL,     NULL,      '页面未载发布日期，无法判断是否按时'),
    ('completeness', NULL,                     30.0,  NULL,     NULL,      '完整性：六个部分、三张表、单元格、第五、六部分'),
    ('completeness', 'section_missing',         6.0,  1.0,      NULL,      '每缺一个部分扣1分'),
    ('completeness', 'section3_empty',          3.0,  NULL,     NULL,      '第三部分有标题而无表格数据（结构缺陷）'),
    ('completeness', 'table_missing',           6.0,  2.0,      NULL,      '表二、表三、表四每缺一张扣2分'),
    ('completeness', 'cells_unfilled',          6.0,  NULL,     NULL,      '按未填单元格占应填单元格的比例扣分'),
    ('completeness', 'section5_thin',           6.0,  NULL,     60,        '第五部分缺失、写“无”或不足60字'),
    ('completeness', 'section6_fee_silent',     3.0,  NULL,     NULL,      '表三有逾期未缴费或正文提到信息处理费，第六部分却写“无”'),
    ('accuracy',     NULL,                     25.0,  NULL,     NULL,      '准确性：表格勾稽规则'),
    ('accuracy',     'form_rule_failed',       25.0,  5.0,      NULL,      '每条未通过的表格规则扣5分'),
    ('accuracy',     'form_not_evaluable',     25.0,  NULL,     NULL,      '没有一条表格规则可以校验'),
    ('consistency',  NULL,                     10.0,  NULL,     NULL,      '一致性：正文与表格'),
    ('consistency',  'text_rule_failed',       10.0,  5.0,      NULL,      '正文与表格每有一处不符扣5分'),
    ('continuity',   NULL,                     15.0,  NULL,     NULL,      '连续性：与上年报告衔接'),
    ('continuity',   'cross_year_failed',      15.0,  5.0,      NULL,      '每条未通过的跨年度规则扣5分')
) AS w(part, item, points, per_case, threshold, description);
