-- One row per current report × cross-year rule × scope that its format carries (FORMAT_SPEC §2.2): X.CARRY
-- (上年结转 = last year's 结转下年度继续办理, per applicant column; 表三 rows 二 and 四 mean the same in the
-- 2019 and 2021 forms, so it also runs across the change), X.INFORCE (2021 form both years: 现行有效 = last
-- year's 现行有效 + 本年制发 − 本年废止), X.ITEMS19 (2019 form both years: 上一年项目数量 = last year's
-- 上一年项目数量 + 本年增/减). Last year = the same organ's current report of year − 1 (v_report_current
-- holds one per organ × year, whichever source won), so a corrected report re-evaluates its neighbours. Outcomes as §2.4: pass | fail | pass_if_blank_zero
-- (holds with blank or dash cells read as 0) | not_evaluable (a cell missing or printed as text, a blank
-- that breaks the identity, no report for last year, or last year on a form where the cells differ).
CREATE OR REPLACE VIEW v_cross_year_checks AS
WITH cur AS (
    SELECT * FROM v_report_current
    WHERE parse_status IN ('ok', 'partial') AND organ_id IS NOT NULL AND year IS NOT NULL
),
-- The forms each rule is defined on, for this year's and last year's report alike.
rules(rule, formats) AS (
    VALUES ('X.CARRY', ['F2019', 'F2021', 'MIXED']),
           ('X.INFORCE', ['F2021']),
           ('X.ITEMS19', ['F2019'])
),
-- Each rule's operands: found = this year's cell; expected = the sum of the signed cells ({s} = scope).
operands(rule, side, last_year, cell_template, sign) AS (
    VALUES ('X.CARRY',   'found',    false, 'T3/2/{s}',            1),
           ('X.CARRY',   'expected', true,  'T3/4/{s}',            1),
           ('X.INFORCE', 'found',    false, 'T2_1/{s}/in_force',   1),
           ('X.INFORCE', 'expected', true,  'T2_1/{s}/in_force',   1),
           ('X.INFORCE', 'expected', false, 'T2_1/{s}/issued',     1),
           ('X.INFORCE', 'expected', false, 'T2_1/{s}/repealed',  -1),
           ('X.ITEMS19', 'found',    false, '{s}/prev_items',      1),
           ('X.ITEMS19', 'expected', true,  '{s}/prev_items',      1),
           ('X.ITEMS19', 'expected', true,  '{s}/delta_items',     1)
),
scopes(rule, scope) AS (
    SELECT 'X.CARRY', unnest(['np', 'lp_biz', 'lp_research', 'lp_welfare', 'lp_legal', 'lp_other', 'total'])
    UNION ALL SELECT 'X.INFORCE', unnest(['rules', 'norm_docs'])
    UNION ALL SELECT 'X.ITEMS19', unnest(['T2_5/licensing', 'T2_5/other_mgmt_svc', 'T2_6/penalty',
                                          'T2_6/coercion', 'T2_8/admin_fees'])
),
-- Every rule instance of every current report, with last year's report when it exists.
instances AS (
    SELECT c.report_id, c.year, c.format, s.rule, s.scope, r.formats,
           p.report_id AS prev_report_id, p.format AS prev_format, p.url AS prev_url
    FROM cur AS c
    JOIN rules AS r ON list_contains(r.formats, c.format)
    JOIN scopes AS s ON s.rule = r.rule
    LEFT JOIN cur AS p ON p.organ_id = c.organ_id AND p.year = c.year - 1
),
comparable AS (
    SELECT * FROM instances WHERE prev_report_id IS NOT NULL AND list_contains(formats, prev_format)
),
cells AS (
    SELECT i.report_id, i.rule, i.scope, o.side, o.sign,
           CASE WHEN o.last_year THEN i.year - 1 ELSE i.year END AS cell_year,
           replace(o.cell_template, '{s}', i.scope)              AS cell,
           f.value, coalesce(f.status, 'missing')                AS status
    FROM comparable AS i
    JOIN operands AS o ON o.rule = i.rule
    LEFT JOIN fct_report_cell AS f
           ON f.report_id = CASE WHEN o.last_year THEN i.prev_report_id ELSE i.report_id END
          AND f.cell = replace(o.cell_template, '{s}', i.scope)
),
judged AS (
    SELECT report_id, rule, scope,
           sum(sign * coalesce(value, 0)) FILTER (WHERE side = 'expected')   AS expected,
           sum(sign * coalesce(value, 0)) FILTER (WHERE side = 'found')      AS found,
           count(*) FILTER (WHERE status = 'missing')                         AS n_missing,
           count(*) FILTER (WHERE status = 'text')                            AS n_text,
           count(*) FILTER (WHERE status IN ('blank', 'dash'))                AS n_blank,
           string_agg(cell_year || '年 ' || cell || ' = '
                      || CASE status WHEN 'num' THEN CAST(value AS VARCHAR) WHEN 'missing' THEN '缺失'
                                     WHEN 'blank' THEN '空白' WHEN 'dash' THEN '“—”' ELSE '文字' END,
                      '；' ORDER BY side DESC, cell_year DESC, cell)       AS cells_text
    FROM cells
    GROUP BY report_id, rule, scope
)
SELECT
    c.county,
    c.year,
    c.organ,
    c.sample,
    c.source_name,
    i.rule,
    i.scope,
    CASE
        WHEN i.prev_report_id IS NULL OR NOT list_contains(i.formats, i.prev_format) THEN 'not_evaluable'
        WHEN j.n_missing > 0 OR j.n_text > 0 THEN 'not_evaluable'
        WHEN abs(j.found - j.expected) < 1e-6 THEN
             CASE WHEN j.n_blank = 0 THEN 'pass' ELSE 'pass_if_blank_zero' END
        WHEN j.n_blank = 0 THEN 'fail'
        ELSE 'not_evaluable'
    END                                                        AS status,
    CASE WHEN j.n_missing = 0 AND j.n_text = 0 THEN j.expected END AS expected,
    CASE WHEN j.n_missing = 0 AND j.n_text = 0 THEN j.found END    AS found,
    CASE
        WHEN i.prev_report_id IS NULL THEN '无' || (c.year - 1) || '年报告，无法衔接'
        WHEN NOT list_contains(i.formats, i.prev_format)
             THEN (c.year - 1) || '年报告为' || i.prev_format || '格式，本年为' || c.format || '格式，栏目不可比'
        ELSE j.cells_text
    END                                                        AS detail,
    c.url,
    i.prev_url,
    c.report_id,
    i.prev_report_id,
    c.organ_id
FROM instances AS i
JOIN cur AS c USING (report_id)
LEFT JOIN judged AS j USING (report_id, rule, scope);
