-- A revised report's current revision stops being current; it is kept as history.
UPDATE report
SET is_current = false, superseded_by_load = $load_id
WHERE is_current AND report_key IN (SELECT report_key FROM stg_report WHERE action = 'revised');
