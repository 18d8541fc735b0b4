-- One row per county × report year with at least one current report: what an export can be asked for.
SELECT DISTINCT county, year FROM v_report_current
WHERE county IS NOT NULL
ORDER BY county, year;
