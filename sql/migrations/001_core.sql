-- The core tables of the warehouse. Views live in sql/views/ and are rebuilt on every load.

-- One row per configured source (sources.toml entry): a county portal or the generated sample portal.
CREATE TABLE dim_source (
    source_name  VARCHAR PRIMARY KEY,
    sample       BOOLEAN NOT NULL,          -- generated data: the mark follows into every view and export
    county       VARCHAR,
    province     VARCHAR,
    adcode       VARCHAR
);

-- One row per organ (行政机关), whatever prefix it was printed with:
-- 洪泽区人民政府 and 淮安市洪泽区人民政府 share one organ_norm and so one row.
CREATE TABLE dim_organ (
    organ_id     VARCHAR PRIMARY KEY,       -- first 16 hex of md5(organ_norm)
    organ_norm   VARCHAR NOT NULL UNIQUE,   -- warehouse.organs.normalize_organ
    name         VARCHAR NOT NULL,          -- the first printed name seen
    level        VARCHAR NOT NULL CHECK (level IN ('county_gov', 'department', 'township', 'other')),
    county       VARCHAR,
    province     VARCHAR,
    adcode       VARCHAR,
    aliases      VARCHAR[] NOT NULL         -- every printed name seen, sorted
);

-- One row per format × canonical cell (data/spec/canonical_cells.csv); refreshed on every load.
CREATE TABLE dim_cell (
    format       VARCHAR NOT NULL,          -- F2019 | F2021
    cell         VARCHAR NOT NULL,          -- table/row/col, e.g. T3/3.3.4/total
    table_code   VARCHAR NOT NULL,
    table_label  VARCHAR NOT NULL,
    row_code     VARCHAR NOT NULL,
    row_label    VARCHAR NOT NULL,
    col_code     VARCHAR NOT NULL,
    col_label    VARCHAR NOT NULL,
    label_en     VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    printed      BOOLEAN NOT NULL,          -- false: a derived subtotal the form does not print
    PRIMARY KEY (format, cell)
);

-- One row per report revision. report_key = organ × year × source; a re-published report (new sha256)
-- adds a revision and becomes current, the old revision stays.
CREATE TABLE report (
    report_id     VARCHAR PRIMARY KEY,      -- report_key || '.' || revision
    report_key    VARCHAR NOT NULL,
    revision      INTEGER NOT NULL,
    is_current    BOOLEAN NOT NULL,
    source_name   VARCHAR NOT NULL,
    sample        BOOLEAN NOT NULL,
    organ_id      VARCHAR,                  -- NULL when the document did not name its organ
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
    parse_status  VARCHAR NOT NULL CHECK (parse_status IN ('ok', 'not_a_report', 'unsupported', 'failed')),
    problems      VARCHAR[] NOT NULL,
    fact_count    INTEGER NOT NULL,
    load_id       INTEGER NOT NULL,         -- the load that inserted this revision
    superseded_by_load INTEGER,             -- the load that made a newer revision current
    UNIQUE (report_key, revision)
);

-- One row per report revision × canonical cell. No primary key on purpose: an ART index makes the bulk
-- insert ~7x slower (measured: 5.4M vs 0.8M rows/s); the loader writes each revision's cells once, from
-- a frame deduplicated on cell, and tests/test_warehouse_load.py checks uniqueness.
CREATE TABLE fct_report_cell (
    report_id   VARCHAR NOT NULL,
    cell        VARCHAR NOT NULL,
    table_code  VARCHAR NOT NULL,
    row_code    VARCHAR NOT NULL,
    col_code    VARCHAR NOT NULL,
    value       DOUBLE,                     -- NULL unless status = 'num'
    status      VARCHAR NOT NULL,           -- num | blank | dash | text
    raw         VARCHAR,
    unit        VARCHAR,
    is_derived  BOOLEAN NOT NULL
);

-- One row per rule × scope evaluated on a report revision (FORMAT_SPEC §2.1, outcomes of §2.4).
CREATE TABLE check_result (
    report_id  VARCHAR NOT NULL,
    rule       VARCHAR NOT NULL,
    scope      VARCHAR,
    status     VARCHAR NOT NULL,            -- pass | fail | pass_if_blank_zero | not_evaluable
    expected   DOUBLE,
    found      DOUBLE,
    detail     VARCHAR
);

-- One row per figure stated in a report revision's prose (issue 9).
CREATE TABLE fct_report_statement (
    report_id      VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,        -- order within the report
    kind           VARCHAR NOT NULL,
    category       VARCHAR,
    category_norm  VARCHAR,
    value          DOUBLE,
    unit           VARCHAR,
    approx         BOOLEAN,
    cumulative     BOOLEAN,
    sentence       VARCHAR,
    span_start     INTEGER,
    span_end       INTEGER,
    section        VARCHAR,
    rule           VARCHAR
);

-- One row per organ a source is expected to publish for (coverage: who is missing).
CREATE TABLE expected_organ (
    source_name    VARCHAR NOT NULL,
    organ_id       VARCHAR NOT NULL,
    organ_printed  VARCHAR NOT NULL,
    county         VARCHAR,
    level          VARCHAR NOT NULL,
    first_year     INTEGER,                 -- expected from this year on (NULL: from the source's first year)
    PRIMARY KEY (source_name, organ_id)
);

-- One row per load, written last inside the load's transaction: if it is here, the load is complete.
CREATE TABLE load_ledger (
    load_id          INTEGER PRIMARY KEY,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP NOT NULL,
    reports_in       INTEGER NOT NULL,
    reports_new      INTEGER NOT NULL,
    reports_revised  INTEGER NOT NULL,
    reports_unchanged INTEGER NOT NULL,
    reports_failed   INTEGER NOT NULL,
    facts_written    BIGINT NOT NULL,
    checks_written   BIGINT NOT NULL,
    statements_written BIGINT NOT NULL,
    engine_version   VARCHAR NOT NULL,
    storage_version  VARCHAR NOT NULL
);
