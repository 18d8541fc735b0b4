-- One row per report_id that cells, checks or statements name but the report table does not hold (must be none).
SELECT 'fct_report_cell' AS tbl, report_id, 'fct_report_cell names report ' || report_id || ', which does not exist' AS detail
FROM (SELECT DISTINCT report_id FROM fct_report_cell) AS f
WHERE report_id NOT IN (SELECT report_id FROM report)
UNION ALL
SELECT 'check_result', report_id, 'check_result names report ' || report_id || ', which does not exist'
FROM (SELECT DISTINCT report_id FROM check_result) AS c
WHERE report_id NOT IN (SELECT report_id FROM report)
UNION ALL
SELECT 'fct_report_statement', report_id, 'fct_report_statement names report ' || report_id || ', which does not exist'
FROM (SELECT DISTINCT report_id FROM fct_report_statement) AS s
WHERE report_id NOT IN (SELECT report_id FROM report);
