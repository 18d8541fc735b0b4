-- One row per province that has a county in v_county_compare: the names the report command can be asked for.
SELECT DISTINCT province FROM v_county_compare WHERE province IS NOT NULL ORDER BY province;
