-- 002 (issue 13): the current revision is elected by publication, not by load order; parses carry their
-- substance (partial / unreadable / no_tables); every URL a run met has an outcome.
-- DuckDB cannot change a CHECK constraint in place, so `report` is rebuilt with the same rows.
CREATE TABLE report_v2 (
    report_id     VARCHAR PRIMARY KEY,      -- report_key || '.' || revision
    report_key    VARCHAR NOT NULL,
    revision      INTEGER NOT NULL,         -- 1, 2, 3… in the order revisions were loaded (history)
    is_current    BOOLEAN NOT NULL,         -- elected by sql/load/elect_current.sql
    source_name   VARCHAR NOT NULL,
    sample        BOOLEAN NOT NULL,
    organ_id      VARCHAR,
    organ_printed VARCHAR,
    year          INTEGER,
    county        VARCHAR,
    province      VARCHAR,
    adcode        VARCHAR,
    title         VARCHAR,
    url           VARCHAR NOT NULL,
    published_at  DATE,
    fetched_at    TIMESTAMP NOT NULL,
    sha256        VARCHAR NOT NULL,
    format        VARCHAR NOT NULL CHECK (format IN ('F2019', 'F2021', 'MIXED', 'LEGACY', 'UNKNOWN')),
    parse_status  VARCHAR NOT NULL CHECK (parse_status IN ('ok', 'partial', 'no_tables', 'unreadable',
                                                           'not_a_report', 'unsupported', 'failed')),
    problems      VARCHAR[] NOT NULL,
    fact_count    INTEGER NOT NULL,
    load_id       INTEGER NOT NULL,
    superseded_by_load INTEGER,
    is_correction BOOLEAN NOT NULL DEFAULT false,  -- the title marks a correction (更正, 修订, 重新发布…)
    UNIQUE (report_key, revision)
);
INSERT INTO report_v2 BY NAME SELECT * FROM report;
DROP TABLE report;
ALTER TABLE report_v2 RENAME TO report;

-- One row per URL a harvest run met, with what became of it and why (issue 13: every input accounted for).
CREATE TABLE url_outcome (
    run_id        VARCHAR NOT NULL,         -- the run's start time and source, e.g. 2026-11-30T02:00:00Z/jinping
    source_name   VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,         -- the page (list item, article) met
    document_url  VARCHAR,                  -- what was parsed: the page or its attachment
    status        VARCHAR NOT NULL CHECK (status IN ('new', 'revised', 'unchanged', 'duplicate', 'superseded',
                                                     'not_a_report', 'failed', 'deferred')),
    reason        VARCHAR,                  -- why, for everything but new / revised / unchanged
    organ         VARCHAR,
    year          INTEGER,
    sha256        VARCHAR,
    report_id     VARCHAR,                  -- the revision this URL's document is (new / revised / superseded)
    load_id       INTEGER NOT NULL,
    PRIMARY KEY (run_id, url)
);
