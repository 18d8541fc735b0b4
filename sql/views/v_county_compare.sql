-- One row per county × year: the counties of a province side by side — organs expected, reports
-- published and on time, reports with failing checks, applications received, proactive items stated in
-- the text, the mean quality score and the county's rank in its province by it.
CREATE OR REPLACE VIEW v_county_compare AS
WITH place AS (
    -- a county's province: from its reports, else its source
    SELECT county, any_value(province) AS province
    FROM (SELECT county, province FROM v_report_current WHERE province IS NOT NULL
          UNION ALL SELECT county, province FROM dim_source WHERE province IS NOT NULL)
    GROUP BY county
),
cov AS (
    SELECT county, year, bool_or(sample) AS sample,
           count(*) FILTER (WHERE status <> 'unexpected') AS organs_expected,
           count(*) FILTER (WHERE status = 'missing')     AS reports_missing
    FROM v_coverage GROUP BY county, year
),
tim AS (
    SELECT county, year, bool_or(sample) AS sample,
           count(*)                                       AS reports_published,
           count(*) FILTER (WHERE timeliness = 'on_time') AS reports_on_time,
           count(*) FILTER (WHERE timeliness = 'late')    AS reports_late
    FROM v_timeliness GROUP BY county, year
),
fails AS (
    SELECT county, year, count(DISTINCT report_id) AS reports_failing_checks, count(*) AS failed_checks
    FROM v_check_failures GROUP BY county, year
),
vol AS (
    SELECT county, year, sum(applications_received) AS applications_received,
           sum(proactive_total) AS proactive_items_stated
    FROM v_disclosure_volume GROUP BY county, year
),
qual AS (
    -- the mean in whole tenths, rounded half up in integer arithmetic: round(avg(double)) gave 71.4 in
    -- duckdb 2.0 and 71.3 in the 1.5 CLI for the same rows
    SELECT county, year,
           (2 * sum(CAST(round(quality_score * 10) AS BIGINT)) + count(*)) // (2 * count(*)) / 10 AS mean_quality,
           min(quality_score) AS min_quality
    FROM v_quality GROUP BY county, year
),
keys AS (
    SELECT county, year FROM cov UNION SELECT county, year FROM tim
)
SELECT
    k.county,
    k.year,
    pl.province,
    coalesce(cov.sample, false) OR coalesce(tim.sample, false) AS sample,
    -- reports
    cov.organs_expected,
    coalesce(tim.reports_published, 0)      AS reports_published,
    coalesce(tim.reports_on_time, 0)        AS reports_on_time,
    coalesce(tim.reports_late, 0)           AS reports_late,
    cov.reports_missing,
    coalesce(f.reports_failing_checks, 0)   AS reports_failing_checks,
    coalesce(f.failed_checks, 0)            AS failed_checks,
    -- volumes
    vol.applications_received,
    vol.proactive_items_stated,
    -- quality
    q.mean_quality,
    q.min_quality,
    rank() OVER (PARTITION BY pl.province, k.year ORDER BY q.mean_quality DESC NULLS LAST) AS quality_rank_in_province
FROM keys AS k
LEFT JOIN place AS pl USING (county)
LEFT JOIN cov USING (county, year)
LEFT JOIN tim USING (county, year)
LEFT JOIN fails AS f USING (county, year)
LEFT JOIN vol USING (county, year)
LEFT JOIN qual AS q USING (county, year)
WHERE k.county IS NOT NULL AND k.year IS NOT NULL;
