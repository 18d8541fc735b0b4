-- One row per report year of one county (current reports). Parameters: $county.
SELECT DISTINCT year FROM v_report_current WHERE county = $county AND year IS NOT NULL ORDER BY year;
