-- Every revision already loaded (report_key × sha256): a staged report with a known pair is unchanged,
-- whether or not that revision is the current one (an original met again after its correction).
SELECT report_key, sha256, revision, report_id FROM report;
