-- One row per organ × year × cell of one county up to a year, for the cells the trend charts draw, with
-- v_trend's verdict on comparing each value with the year before. Parameters: $county, $year, $cells.
SELECT organ, organ_id, year, cell, value, format, prev_format, comparability
FROM v_trend
WHERE county = $county AND year <= $year AND cell IN (SELECT unnest($cells))
ORDER BY organ, year, cell;
