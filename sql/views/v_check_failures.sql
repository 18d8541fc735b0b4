-- One row per failed consistency check (status 'fail') of a current report: whose tables do not add up.
CREATE OR REPLACE VIEW v_check_failures AS
SELECT
    cur.county,
    cur.year,
    cur.organ,
    cur.sample,
    cur.source_name,
    c.rule,
    c.scope,
    c.expected,
    c.found,
    c.found - c.expected AS difference,
    c.detail,
    cur.url,
    cur.report_id
FROM check_result AS c
JOIN v_report_current AS cur USING (report_id)
WHERE c.status = 'fail';
