-- One row per report as currently published: organ × year × source, its newest revision only.
CREATE OR REPLACE VIEW v_report_current AS
WITH revisions AS (
    SELECT report_key, count(*) AS revisions FROM report GROUP BY report_key
)
SELECT
    -- place and organ
    coalesce(r.county, o.county)          AS county,
    r.year,
    coalesce(o.organ_norm, r.organ_printed) AS organ,  -- the canonical spelling (warehouse.organs)
    o.level,
    r.sample,
    r.source_name,
    -- the document
    r.title,
    r.url,
    r.published_at,
    r.fetched_at,
    r.format,
    r.parse_status,
    len(r.problems)                       AS problem_count,
    r.fact_count,
    r.revision,
    rv.revisions,
    -- keys
    r.report_id,
    r.report_key,
    r.organ_id,
    r.organ_printed,
    r.province,
    r.adcode,
    r.sha256,
    r.load_id
FROM report AS r
JOIN revisions AS rv USING (report_key)
LEFT JOIN dim_organ AS o USING (organ_id)
WHERE r.is_current;
