-- One row per year with a county of one province in v_county_compare. Parameters: $province.
SELECT DISTINCT year FROM v_county_compare WHERE province = $province ORDER BY year;
