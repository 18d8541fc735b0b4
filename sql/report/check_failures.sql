-- One row per failed consistency check of one county up to a year (v_check_failures), newest year first.
-- Parameters: $county, $year.
SELECT year, organ, rule, scope, expected, found, difference, detail, url
FROM v_check_failures
WHERE county = $county AND year <= $year
ORDER BY year DESC, organ, rule, scope;
