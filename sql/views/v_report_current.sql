-- One row per report as currently published: organ × year, its current revision only.
-- The current revision is elected per organ × year × source by sql/load/elect_current.sql. When two sources
-- hold the same organ × year (a portal harvest and a file loaded by hand, or two portals), one wins, so that
-- no comparison counts a report twice: the one with the report's substance, then the newest publication,
-- then the one harvested from a portal (its URL is the public citation) over a local file, then the source
-- name. Reports whose organ or year is unknown are kept, one row each.
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
WHERE r.is_current
QUALIFY r.organ_id IS NULL OR r.year IS NULL OR row_number() OVER (
    PARTITION BY r.organ_id, r.year
    ORDER BY CASE r.parse_status WHEN 'ok' THEN 3 WHEN 'partial' THEN 3 WHEN 'no_tables' THEN 1 ELSE 0 END DESC,
             r.published_at DESC NULLS LAST, r.url LIKE 'http%' DESC, r.source_name) = 1;
