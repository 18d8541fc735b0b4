-- One row per failed check within a report of one county up to a year (v_check_failures; the cross-year
-- rules X.* have their own section, sql/report/cross_year_failures.sql), newest year first.
-- Parameters: $county, $year.
SELECT year, organ, rule, scope, expected, found, difference, detail, url
FROM v_check_failures
WHERE county = $county AND year <= $year AND rule NOT LIKE 'X.%'
ORDER BY year DESC, organ, rule, scope;
