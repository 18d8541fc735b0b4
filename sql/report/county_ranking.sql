-- One row per county of one province in one year (v_county_compare), ranked by mean quality score.
-- Parameters: $province, $year.
SELECT quality_rank_in_province AS rank, county, sample, mean_quality, min_quality, organs_expected,
       reports_published, reports_on_time, reports_late, reports_missing, reports_failing_checks,
       failed_checks, applications_received, proactive_items_stated
FROM v_county_compare
WHERE province = $province AND year = $year
ORDER BY rank, county;
