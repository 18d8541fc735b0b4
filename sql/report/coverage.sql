-- One row per organ × year of one county up to a year: found / missing / unreadable (v_coverage), on time
-- or late (v_timeliness) and how many consistency checks failed (v_check_failures).
-- Parameters: $county, $year.
WITH fails AS (
    SELECT organ, year, source_name, count(*) AS failed_checks, string_agg(DISTINCT rule, ' ') AS failed_rules
    FROM v_check_failures
    WHERE county = $county
    GROUP BY ALL
)
SELECT
    c.organ,
    c.level,
    c.year,
    c.status,
    t.timeliness,
    t.days_late,
    t.published_at,
    t.deadline,
    coalesce(f.failed_checks, 0) AS failed_checks,
    f.failed_rules,
    c.url
FROM v_coverage AS c
LEFT JOIN v_timeliness AS t
       ON t.county = c.county AND t.organ = c.organ AND t.year = c.year AND t.source_name = c.source_name
LEFT JOIN fails AS f
       ON f.organ = c.organ AND f.year = c.year AND f.source_name = c.source_name
WHERE c.county = $county AND c.year <= $year
ORDER BY CASE c.level WHEN 'county_gov' THEN 0 WHEN 'department' THEN 1 WHEN 'township' THEN 2 ELSE 3 END,
         c.organ, c.year;
