-- One row per organ × year × source with more than one current report (must be none).
SELECT organ_id, year, source_name, count(*) AS current_reports,
       'organ ' || organ_id || ' year ' || year || ' source ' || source_name || ': '
           || count(*) || ' current reports' AS detail
FROM report
WHERE is_current AND organ_id IS NOT NULL AND year IS NOT NULL
GROUP BY organ_id, year, source_name
HAVING count(*) > 1
UNION ALL
-- … and per report_key (organ × year × source, or the URL when either is unknown)
SELECT NULL, NULL, source_name, count(*),
       'report_key ' || report_key || ': ' || count(*) || ' current revisions'
FROM report
WHERE is_current
GROUP BY report_key, source_name
HAVING count(*) > 1;
