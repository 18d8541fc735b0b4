-- One row per current report with a year: its publication date against the legal deadline
-- (FORMAT_SPEC §4.1). From the 2019 reports on: 3月31日 of the next year for a government's own report
-- (county_gov), 1月31日 for departments, townships and other organs. Reports for 2018 and earlier fell
-- under the old 条例: 3月31日 for every organ.
CREATE OR REPLACE VIEW v_timeliness AS
WITH cur AS (
    SELECT *,
           CASE WHEN year >= 2019 AND coalesce(level, 'other') <> 'county_gov'
                THEN make_date(year + 1, 1, 31)
                ELSE make_date(year + 1, 3, 31) END AS deadline
    FROM v_report_current
    WHERE year IS NOT NULL
)
SELECT
    county,
    year,
    organ,
    level,
    sample,
    source_name,
    published_at,
    deadline,
    CASE WHEN published_at IS NULL THEN 'unknown'
         WHEN published_at <= deadline THEN 'on_time'
         ELSE 'late' END                                        AS timeliness,
    CASE WHEN published_at > deadline THEN date_diff('day', deadline, published_at) END AS days_late,
    url,
    report_id
FROM cur;
