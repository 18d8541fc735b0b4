-- One row per expected organ × year (and per unexpected organ × year that published): who is missing.
-- The years of a source run from 2019 (or its first report, if later) to its latest report year; an organ
-- expected only from a later year (expected_organ.first_year) is not missing before it.
-- status: found (statistics or a report's prose were read) | unreadable (a report was published but its tables
-- could not be read: parse_status unreadable / unsupported / failed) | missing | unexpected.
-- A report counts wherever it was loaded from (a file loaded by hand fills a portal's gap).
CREATE OR REPLACE VIEW v_coverage AS
WITH years AS (
    SELECT source_name, unnest(range(greatest(2019, min(year)), max(year) + 1)) AS year
    FROM report
    WHERE year IS NOT NULL
    GROUP BY source_name
),
expected AS (
    SELECT e.source_name, e.county, e.organ_id, coalesce(o.organ_norm, e.organ_printed) AS organ, e.level,
           CAST(y.year AS INTEGER) AS year
    FROM expected_organ AS e
    JOIN years AS y ON y.source_name = e.source_name AND y.year >= coalesce(e.first_year, 0)
    LEFT JOIN dim_organ AS o USING (organ_id)
),
found AS (
    SELECT * FROM v_report_current
    WHERE year >= 2019 AND organ_id IS NOT NULL
      AND (source_name IN (SELECT source_name FROM expected_organ)
           OR organ_id IN (SELECT organ_id FROM expected_organ))
)
SELECT
    coalesce(e.county, f.county)              AS county,
    coalesce(e.year, f.year)                  AS year,
    coalesce(e.organ, f.organ)                AS organ,
    coalesce(e.level, f.level)                AS level,
    coalesce(src.sample, f.sample, false)     AS sample,
    coalesce(e.source_name, f.source_name)    AS source_name,
    CASE WHEN e.organ_id IS NULL THEN 'unexpected'
         WHEN f.report_id IS NULL THEN 'missing'
         WHEN f.parse_status NOT IN ('ok', 'partial', 'no_tables') THEN 'unreadable'
         ELSE 'found' END                     AS status,
    f.published_at,
    f.url,
    coalesce(e.organ_id, f.organ_id)          AS organ_id
FROM expected AS e
FULL OUTER JOIN found AS f
       ON f.organ_id = e.organ_id AND f.year = e.year
LEFT JOIN dim_source AS src ON src.source_name = coalesce(e.source_name, f.source_name);
