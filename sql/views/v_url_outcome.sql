-- One row per URL met by each source's latest harvest run: what became of it (new, revised, unchanged,
-- duplicate, superseded, not_a_report, failed, deferred) and why. Earlier runs stay in url_outcome.
CREATE OR REPLACE VIEW v_url_outcome AS
WITH latest AS (
    SELECT source_name, max(run_id) AS run_id FROM url_outcome GROUP BY source_name
)
SELECT
    src.county,
    o.year,
    o.organ,
    src.sample,
    o.source_name,
    o.status,
    o.reason,
    o.url,
    o.document_url,
    o.report_id,
    o.run_id
FROM url_outcome AS o
JOIN latest USING (source_name, run_id)
LEFT JOIN dim_source AS src USING (source_name)
ORDER BY o.source_name, o.status, o.url;
