-- One row per county that has a current report: the names the report command can be asked for.
SELECT DISTINCT county FROM v_report_current WHERE county IS NOT NULL ORDER BY county;
