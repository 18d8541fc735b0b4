-- The current revision of every report: what a staged report is compared with (same sha256 = unchanged).
SELECT report_key, sha256, revision FROM report WHERE is_current;
