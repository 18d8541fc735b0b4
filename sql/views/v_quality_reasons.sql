-- One row per current report × reason it lost quality points (v_quality's parts; weights, caps and the
-- points per case come from quality_weights(), sql/macros/quality_weights.sql), with the evidence: the
-- dates, the quoted section text, the cells or the failed check. Reports loaded without their sections
-- are not judged on sections (v_report_structure.sections_recorded).
CREATE OR REPLACE VIEW v_quality_reasons AS
WITH w AS (
    SELECT * FROM quality_weights() WHERE item IS NOT NULL
),
st AS (
    SELECT * FROM v_report_structure
),
tim AS (
    SELECT report_id, timeliness, days_late, deadline, published_at FROM v_timeliness
),
checks AS (
    -- the form's rules (R…) and the prose rules (N…) of current reports, from the parse
    SELECT c.report_id, c.rule, c.scope, c.status, c.detail,
           CASE WHEN c.rule LIKE 'N.%' THEN 'text' ELSE 'form' END AS kind
    FROM check_result AS c
    JOIN st USING (report_id)
),
raw AS (
    -- 及时性
    SELECT t.report_id, 'late' AS item, t.days_late AS cases,
           '逾期' || t.days_late || '天发布' AS reason,
           '发布日期 ' || t.published_at || '，法定期限 ' || t.deadline AS evidence
    FROM tim AS t JOIN st USING (report_id) WHERE t.timeliness = 'late'
    UNION ALL
    SELECT t.report_id, 'no_date', 1, '页面未载发布日期，无法判断是否按时', '期限 ' || t.deadline
    FROM tim AS t JOIN st USING (report_id) WHERE t.timeliness = 'unknown'
    -- 完整性
    UNION ALL
    SELECT report_id, 'section_missing', len(sections_missing),
           '缺少第' || array_to_string(sections_missing, '、') || '部分',
           '未见“' || array_to_string(sections_missing, '、') || '、……”标题'
    FROM st WHERE len(sections_missing) > 0
    UNION ALL
    SELECT report_id, 'section3_empty', 1, '第三部分有标题而无表格数据（结构缺陷）', '表三无任何已填单元格'
    FROM st WHERE section3_heading_without_table
    UNION ALL
    SELECT report_id, 'table_missing',
           (NOT table2_present)::INTEGER + (NOT table3_present)::INTEGER + (NOT table4_present)::INTEGER,
           '缺少' || concat_ws('、', CASE WHEN NOT table2_present THEN '表二' END,
                                  CASE WHEN NOT table3_present THEN '表三' END,
                                  CASE WHEN NOT table4_present THEN '表四' END),
           '已填单元格：表二 ' || table2_present || '，表三 ' || table3_present || '，表四 ' || table4_present
    FROM st WHERE NOT (table2_present AND table3_present AND table4_present)
    UNION ALL
    SELECT report_id, 'cells_unfilled', NULL,
           CASE WHEN cells_expected IS NULL THEN '未使用统一表格格式（' || format || '），单元格无法对照'
                ELSE '应填单元格 ' || cells_expected || ' 个，已填 ' || cells_filled || ' 个' END,
           '表格格式 ' || format
    FROM st WHERE cells_expected IS NULL OR cells_filled < cells_expected
    UNION ALL
    SELECT st.report_id, 'section5_thin', 1,
           CASE WHEN NOT section5_present THEN '缺少第五部分（存在的主要问题及改进情况）'
                WHEN section5_says_none THEN '第五部分只写“无”'
                ELSE '第五部分过于简略（' || section5_chars || '字）' END,
           CASE WHEN section5_present THEN '第五部分：“' || coalesce(section5_excerpt, '') || '”'
                ELSE '未见“五、存在的主要问题及改进情况”标题' END
    FROM st, w
    WHERE w.item = 'section5_thin' AND sections_recorded
      AND (NOT section5_present OR section5_says_none OR section5_chars < w.threshold)
    UNION ALL
    SELECT report_id, 'section6_fee_silent', 1,
           '第六部分写“无”，但' || CASE WHEN fee_unpaid_cases > 0 THEN '表三有逾期未缴费情形'
                                       ELSE '正文提到信息处理费' END,
           '第六部分：“' || coalesce(section6_excerpt, '') || '”；表三（六）2 逾期未缴费 = '
               || coalesce(CAST(fee_unpaid_cases AS VARCHAR), '未填')
               || CASE WHEN len(fee_mentioned_in) > 0
                       THEN '；第' || array_to_string(fee_mentioned_in, '、') || '部分提到信息处理费' ELSE '' END
    FROM st
    WHERE section6_says_none AND (fee_unpaid_cases > 0 OR len(fee_mentioned_in) > 0)
    -- 准确性, 一致性
    UNION ALL
    SELECT report_id, CASE kind WHEN 'form' THEN 'form_rule_failed' ELSE 'text_rule_failed' END, count(*),
           CASE kind WHEN 'form' THEN '表格勾稽' ELSE '正文与表格' END || count(*) || '处不符',
           string_agg(rule || ' ' || coalesce(scope, '') || '：' || coalesce(detail, ''), '；' ORDER BY rule, scope)
    FROM checks WHERE status = 'fail'
    GROUP BY report_id, kind
    UNION ALL
    SELECT report_id, 'form_not_evaluable', 1, '表格规则均无法校验（表格缺失或未填）', NULL
    FROM st
    WHERE report_id NOT IN (SELECT report_id FROM checks
                            WHERE kind = 'form' AND status IN ('pass', 'fail', 'pass_if_blank_zero'))
    -- 连续性
    UNION ALL
    SELECT report_id, 'cross_year_failed', count(*), '与上年报告衔接' || count(*) || '处不符',
           string_agg(rule || ' ' || scope || '：' || detail, '；' ORDER BY rule, scope)
    FROM v_cross_year_checks WHERE status = 'fail'
    GROUP BY report_id
)
SELECT
    st.county,
    st.year,
    st.organ,
    st.sample,
    st.source_name,
    w.part,
    r.item,
    round(least(w.points,
                CASE WHEN r.item = 'cells_unfilled'
                     THEN w.points * (1 - coalesce(st.cells_filled / st.cells_expected, 0))
                     ELSE coalesce(w.per_case * r.cases, w.points) END), 2) AS points_lost,
    r.reason,
    r.evidence,
    st.url,
    st.report_id
FROM raw AS r
JOIN w USING (item)
JOIN st USING (report_id);
