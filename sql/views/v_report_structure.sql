-- One row per current report that was read (parse_status ok, partial or no_tables), with a year: what its
-- structure shows — which of the six section headings were found, which tables hold data, how many of
-- the form's printed cells are filled, what sections 五 and 六 say, whether fees appear. The evidence v_quality_reasons quotes. Section facts
-- are NULL when the report was loaded without its sections (sections_recorded = false).
CREATE OR REPLACE VIEW v_report_structure AS
WITH cur AS (
    SELECT * FROM v_report_current WHERE parse_status IN ('ok', 'partial', 'no_tables') AND year IS NOT NULL
),
sections AS (
    SELECT
        s.report_id,
        s.section,
        s.present,
        s.text,
        length(regexp_replace(coalesce(s.text, ''), '\s', '', 'g'))      AS chars,
        -- "无。" / "本年度无其他需要报告的事项。" / "暂无": a section that says there is nothing
        regexp_matches(trim(split_part(coalesce(s.text, ''), chr(10), 1)),
                       '^(本年度|本年|今年|本机关)?(无|没有|暂无)(其他需要报告的事项|需要报告的事项|存在的主要问题)?[。．.；;]?$')
                                                                        AS says_none
    FROM fct_report_section AS s
    JOIN cur USING (report_id)
),
by_report AS (
    SELECT
        report_id,
        list(section ORDER BY instr('一二三四五六', section)) FILTER (WHERE NOT present) AS sections_missing,
        bool_or(present) FILTER (WHERE section = '三')                   AS section3_present,
        bool_or(present) FILTER (WHERE section = '五')                   AS section5_present,
        any_value(chars) FILTER (WHERE section = '五')                   AS section5_chars,
        bool_or(says_none) FILTER (WHERE section = '五')                 AS section5_says_none,
        any_value(text) FILTER (WHERE section = '五')                    AS section5_text,
        bool_or(present) FILTER (WHERE section = '六')                   AS section6_present,
        bool_or(says_none) FILTER (WHERE section = '六')                 AS section6_says_none,
        any_value(text) FILTER (WHERE section = '六')                    AS section6_text,
        list(section ORDER BY instr('一二三四五六', section))
            FILTER (WHERE contains(coalesce(text, ''), '信息处理费'))    AS fee_mentioned_in
    FROM sections
    GROUP BY report_id
),
-- The form's printed cells (dim_cell.printed) per format: what a complete report fills in.
form AS (
    SELECT format, count(*) AS cells_expected FROM dim_cell WHERE printed GROUP BY format
),
cells AS (
    SELECT
        f.report_id,
        count(*) FILTER (WHERE f.table_code LIKE 'T2%' AND f.status <> 'blank')  AS t2_cells,
        count(*) FILTER (WHERE f.table_code = 'T3' AND f.status <> 'blank')      AS t3_cells,
        count(*) FILTER (WHERE f.table_code = 'T4' AND f.status <> 'blank')      AS t4_cells,
        count(*) FILTER (WHERE d.printed AND f.status IN ('num', 'dash'))        AS cells_filled,
        max(f.value) FILTER (WHERE f.cell = 'T3/3.6.2/total')                    AS fee_unpaid_cases
    FROM fct_report_cell AS f
    JOIN cur USING (report_id)
    LEFT JOIN dim_cell AS d ON d.format = cur.format AND d.cell = f.cell
    GROUP BY f.report_id
)
SELECT
    cur.county,
    cur.year,
    cur.organ,
    cur.level,
    cur.sample,
    cur.source_name,
    cur.format,
    -- sections
    b.report_id IS NOT NULL                          AS sections_recorded,
    b.sections_missing,
    b.section3_present AND coalesce(c.t3_cells, 0) = 0 AS section3_heading_without_table,
    b.section5_present,
    b.section5_chars,
    b.section5_says_none,
    left(b.section5_text, 120)                       AS section5_excerpt,
    b.section6_present,
    b.section6_says_none,
    left(b.section6_text, 120)                       AS section6_excerpt,
    b.fee_mentioned_in,
    -- tables
    coalesce(c.t2_cells, 0) > 0                      AS table2_present,
    coalesce(c.t3_cells, 0) > 0                      AS table3_present,
    coalesce(c.t4_cells, 0) > 0                      AS table4_present,
    coalesce(c.cells_filled, 0)                      AS cells_filled,
    fm.cells_expected,
    c.fee_unpaid_cases,
    cur.url,
    cur.organ_id,
    cur.report_id
FROM cur
LEFT JOIN by_report AS b USING (report_id)
LEFT JOIN cells AS c USING (report_id)
LEFT JOIN form AS fm ON fm.format = cur.format;
