-- One row: the headline figures of one county × year — reports expected, published, on time, late,
-- missing (v_coverage, v_timeliness) and the county's summed volumes (v_disclosure_volume).
-- Parameters: $county, $year.
WITH cov AS (
    SELECT * FROM v_coverage WHERE county = $county AND year = $year
),
tim AS (
    SELECT * FROM v_timeliness WHERE county = $county AND year = $year
),
vol AS (
    SELECT * FROM v_disclosure_volume WHERE county = $county AND year = $year
)
SELECT
    -- reports
    (SELECT count(*) FILTER (WHERE status <> 'unexpected') FROM cov)    AS reports_expected,
    (SELECT count(*) FROM tim)                                          AS reports_published,
    (SELECT count(*) FILTER (WHERE timeliness = 'on_time') FROM tim)    AS reports_on_time,
    (SELECT count(*) FILTER (WHERE timeliness = 'late') FROM tim)       AS reports_late,
    (SELECT count(*) FILTER (WHERE status = 'missing') FROM cov)        AS reports_missing,
    -- applications (表三 总计 column), summed over every organ's report
    (SELECT sum(applications_received) FROM vol)                        AS applications_received,
    (SELECT sum(applications_handled) FROM vol)                         AS applications_handled,
    -- 表四
    (SELECT sum(review_total) FROM vol)                                 AS review_total,
    (SELECT sum(litigation_total) FROM vol)                             AS litigation_total,
    -- generated data present?
    coalesce((SELECT bool_or(sample) FROM tim), false)
        OR coalesce((SELECT bool_or(sample) FROM cov), false)           AS sample;
