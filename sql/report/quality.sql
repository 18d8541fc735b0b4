-- One row per current report of one county in one year: its quality score, parts and reasons (v_quality),
-- best first. Parameters: $county, $year.
SELECT rank_in_county, organ, level, quality_score, timeliness, completeness, accuracy, consistency,
       continuity, reasons, url
FROM v_quality
WHERE county = $county AND year = $year
ORDER BY rank_in_county, organ;
