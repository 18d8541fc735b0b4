-- One row per report of one county up to a year that came late (v_timeliness) or never came (v_coverage
-- 'missing'), newest year first. Parameters: $county, $year.
SELECT year, organ, 'late' AS problem, published_at, deadline, days_late, url
FROM v_timeliness
WHERE county = $county AND year <= $year AND timeliness = 'late'
UNION ALL
SELECT year, organ, 'missing', NULL, NULL, NULL, NULL
FROM v_coverage
WHERE county = $county AND year <= $year AND status = 'missing'
ORDER BY year DESC, problem, organ;
