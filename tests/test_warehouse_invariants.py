"""sql/tests: the warehouse's invariants run inside every load and refuse to publish a version that breaks
one. A warehouse is loaded from the corpus's hand-read numbers, then broken by hand (as a bug or a manual
edit would), and the next load must be refused with one line naming the invariant, leaving the
published file byte for byte as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from warehouse_fixtures import expectation_names, report_from_expectation

from common.errors import LoadError
from warehouse.invariants import invariant_names, violations
from warehouse.loader import load_batch

BREAKS = {  # invariant → a statement that breaks it in the published file
    "one_current_report": "INSERT INTO report SELECT * REPLACE (report_id || 'x' AS report_id, "
                          "revision + 1 AS revision) FROM report LIMIT 1",
    "facts_have_reports": "INSERT INTO fct_report_cell SELECT * REPLACE ('no-such-report' AS report_id) "
                          "FROM fct_report_cell LIMIT 1",
    "report_has_current": "UPDATE report SET superseded_by_load = load_id "
                          "WHERE report_id = (SELECT min(report_id) FROM report)",
    "reports_in_ledger": "UPDATE report SET load_id = 999 WHERE report_id = (SELECT min(report_id) FROM report)",
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    load_batch([report_from_expectation(n, county="测试县") for n in expectation_names()], db_path=path)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_invariant_is_a_file_whose_first_line_says_its_grain():
    names = invariant_names()
    assert {"one_current_report", "fct_report_cell_key", "facts_have_reports"} <= set(names)
    from common.paths import SQL_DIR

    for name in names:
        first = (SQL_DIR / "tests" / f"{name}.sql").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("-- One row per") and "(must be none)" in first, name


def test_a_healthy_warehouse_breaks_no_invariant(db: Path):
    with duckdb.connect(str(db), read_only=True) as conn:
        assert violations(conn, 1) == []
    second = load_batch([report_from_expectation(n, county="测试县") for n in expectation_names()], db_path=db)
    assert second.unchanged == len(expectation_names())  # the checks ran and let the load publish


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_broken_warehouse_is_refused_and_left_as_it_was(db: Path, name: str):
    with duckdb.connect(str(db)) as conn:
        conn.execute(BREAKS[name])
    before = sha256(db)
    with pytest.raises(LoadError) as refused:
        load_batch([report_from_expectation(expectation_names()[0], county="测试县")], db_path=db)
    message = str(refused.value)
    assert "\n" not in message and f"sql/tests/{name}.sql" in message and "warehouse unchanged" in message
    assert sha256(db) == before
    assert not db.with_name(db.name + ".next").exists()


def test_a_cell_stored_twice_by_a_load_is_found(db: Path):
    with duckdb.connect(str(db)) as conn:
        conn.execute("INSERT INTO fct_report_cell SELECT * FROM fct_report_cell LIMIT 1")
        conn.execute("INSERT INTO fct_report_statement SELECT * FROM fct_report_statement LIMIT 1")
        found = violations(conn, 1)
        assert any(v.startswith("sql/tests/fct_report_cell_key.sql: 1 row(s)") for v in found), found
        assert violations(conn, 2) == [] or not any("fct_report_cell_key" in v for v in violations(conn, 2))
