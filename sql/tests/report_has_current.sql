-- One row per report_key none of whose revisions is current, or whose current one is marked superseded (must be none).
SELECT report_key, 'report_key ' || report_key || ': no current revision' AS detail
FROM report
GROUP BY report_key
HAVING count(*) FILTER (WHERE is_current) = 0
UNION ALL
SELECT report_key, 'report ' || report_id || ': current, yet superseded by load ' || superseded_by_load
FROM report
WHERE is_current AND superseded_by_load IS NOT NULL;
