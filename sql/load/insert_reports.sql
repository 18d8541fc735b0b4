-- New reports and new revisions, not current until sql/load/elect_current.sql elects one per report.
INSERT INTO report BY NAME
SELECT report_id, report_key, revision, false AS is_current, source_name, sample, organ_id, organ_printed,
       year, county, province, adcode, title, url, published_at, fetched_at, sha256, format, parse_status,
       problems, fact_count, $load_id AS load_id, NULL AS superseded_by_load, is_correction
FROM stg_report;
