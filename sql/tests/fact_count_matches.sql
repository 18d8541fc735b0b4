-- One row per report written by this load whose announced fact_count differs from the cells stored (must be none).
SELECT r.report_id, r.fact_count, count(f.cell) AS stored,
       'report ' || r.report_id || ': ' || count(f.cell) || ' cells stored, ' || r.fact_count || ' announced' AS detail
FROM report AS r
LEFT JOIN fct_report_cell AS f USING (report_id)
WHERE r.load_id = $load_id
GROUP BY r.report_id, r.fact_count
HAVING count(f.cell) <> r.fact_count;
