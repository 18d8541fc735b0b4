-- One row per report × seq stored more than once, among the reports this load wrote (must be none).
SELECT report_id, seq, 'report ' || report_id || ': statement ' || seq || ' stored ' || count(*) || ' times' AS detail
FROM fct_report_statement
WHERE report_id IN (SELECT report_id FROM report WHERE load_id = $load_id)
GROUP BY report_id, seq
HAVING count(*) > 1;
