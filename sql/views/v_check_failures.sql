-- One row per failed check (status 'fail') of a current report: whose tables do not add up (the form's
-- rules, checked at parse time) and whose tables do not follow from last year's (v_cross_year_checks,
-- evaluated here over current revisions). prev_url / prev_report_id name last year's report of a
-- cross-year failure and are NULL for the others.
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
    cur.report_id,
    NULL::VARCHAR        AS prev_url,
    NULL::VARCHAR        AS prev_report_id
FROM check_result AS c
JOIN v_report_current AS cur USING (report_id)
WHERE c.status = 'fail'
UNION ALL
SELECT
    x.county,
    x.year,
    x.organ,
    x.sample,
    x.source_name,
    x.rule,
    x.scope,
    x.expected,
    x.found,
    x.found - x.expected,
    x.detail,
    x.url,
    x.report_id,
    x.prev_url,
    x.prev_report_id
FROM v_cross_year_checks AS x
WHERE x.status = 'fail';
