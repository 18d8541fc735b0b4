-- One row per township of a county in its latest harvested year: what the demo prints.
-- Parameters: $county.
SELECT organ, year, applications_received, rank_in_county, share_of_county, change_from_prev_year,
       proactive_total, proactive_rank_in_county, sample
FROM v_township_compare
WHERE county = $county
  AND year = (SELECT max(year) FROM v_township_compare WHERE county = $county)
ORDER BY rank_in_county, organ;
