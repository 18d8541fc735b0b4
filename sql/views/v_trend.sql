-- One row per organ × year × cell from 2019 on (current reports): the value, last year's value of the same
-- (or successor) cell, and whether the two can be compared across the 2019→2021 format change
-- (FORMAT_SPEC §3.5): comparable | approx | not_comparable | no_previous_value | no_previous_year.
CREATE OR REPLACE VIEW v_trend AS
WITH cur AS (
    SELECT * FROM v_report_current WHERE year >= 2019 AND organ_id IS NOT NULL
),
facts AS (
    SELECT cur.county, cur.organ, cur.organ_id, cur.source_name, cur.sample, cur.year, cur.format,
           f.cell, f.value, f.status
    FROM fct_report_cell AS f
    JOIN cur USING (report_id)
),
-- F2019 cells whose F2021 successor has another code but a close meaning (制作 vs 制发: approximate).
successor(cell_2019, cell_2021, relation) AS (
    VALUES ('T2_1/rules/new_made', 'T2_1/rules/issued', 'approx'),
           ('T2_1/norm_docs/new_made', 'T2_1/norm_docs/issued', 'approx')
)
SELECT
    f.county,
    f.organ,
    f.year,
    f.cell,
    f.sample,
    f.source_name,
    f.format,
    f.value,
    f.status,
    pr.format                                  AS prev_format,
    coalesce(same.cell, succ_prev.cell)        AS prev_cell,
    coalesce(same.value, succ_prev.value)      AS prev_value,
    f.value - coalesce(same.value, succ_prev.value) AS change,
    CASE
        WHEN pr.report_id IS NULL THEN 'no_previous_year'
        WHEN same.cell IS NOT NULL THEN 'comparable'
        WHEN succ_prev.cell IS NOT NULL THEN s.relation
        WHEN pr.format <> f.format THEN 'not_comparable'
        ELSE 'no_previous_value'
    END                                        AS comparability,
    f.organ_id
FROM facts AS f
LEFT JOIN cur AS pr
       ON pr.organ_id = f.organ_id AND pr.source_name = f.source_name AND pr.year = f.year - 1
LEFT JOIN facts AS same
       ON same.organ_id = f.organ_id AND same.source_name = f.source_name AND same.year = f.year - 1
      AND same.cell = f.cell
LEFT JOIN successor AS s
       ON s.cell_2021 = f.cell AND f.format = 'F2021' AND pr.format = 'F2019'
LEFT JOIN facts AS succ_prev
       ON succ_prev.organ_id = f.organ_id AND succ_prev.source_name = f.source_name
      AND succ_prev.year = f.year - 1 AND succ_prev.cell = s.cell_2019;
