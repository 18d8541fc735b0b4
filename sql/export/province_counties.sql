-- One row per county of a province: those of its current reports and of its configured sources.
-- Parameters: $province.
SELECT DISTINCT county FROM (
    SELECT county FROM v_report_current WHERE province = $province
    UNION ALL
    SELECT county FROM dim_source WHERE province = $province
)
WHERE county IS NOT NULL
ORDER BY county;
