-- One row per report × cell stored more than once, among the reports this load wrote (must be none).
-- (report_id, cell) is fct_report_cell's key. It is checked here rather than declared: an ART index makes
-- the bulk insert about 9x slower (measured with duckdb 2.0), and rows are only ever inserted, never
-- updated, so checking each load's own reports keeps the whole table unique at a cost proportional to
-- the load.
SELECT report_id, cell, count(*) AS copies,
       'report ' || report_id || ': cell ' || cell || ' stored ' || count(*) || ' times' AS detail
FROM fct_report_cell
WHERE report_id IN (SELECT report_id FROM report WHERE load_id = $load_id)
GROUP BY report_id, cell
HAVING count(*) > 1;
