-- One row per failed cross-year check (X.*) of one county up to a year (v_check_failures), with both
-- reports' URLs, newest year first. Parameters: $county, $year.
SELECT year, organ, rule, scope, expected, found, difference, detail, url, prev_url
FROM v_check_failures
WHERE county = $county AND year <= $year AND rule LIKE 'X.%'
ORDER BY year DESC, organ, rule, scope;
