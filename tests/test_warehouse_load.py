"""Loading: the corpus's real numbers arrive intact, a second load changes nothing, corrections keep history."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest
from warehouse_fixtures import (
    expectation_names,
    make_report,
    read_expectation,
    report_from_expectation,
    table_snapshot,
)

from common.errors import LoadError
from warehouse import sqlfiles
from warehouse.loader import load_batch
from warehouse.publish import load_lock, next_path


def _rows(db: Path, query: str, params: list | None = None) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(query, params or []).fetchall()
    finally:
        conn.close()


def _sum_total(exp, prefix: str) -> float | None:
    values = [exp.num(c) for c in exp.cells if c.startswith(prefix) and c.endswith("/total")]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


@pytest.fixture
def corpus_db(tmp_path: Path) -> Path:
    db = tmp_path / "warehouse.duckdb"
    load_batch([report_from_expectation(n, county="测试县") for n in expectation_names()], db_path=db)
    return db


@pytest.mark.parametrize("name", expectation_names())
def test_disclosure_volume_matches_the_hand_read_expectation_file(corpus_db: Path, name: str) -> None:
    exp = read_expectation(name)
    got = _rows(corpus_db, """
        SELECT applications_received, applications_carried_over, applications_handled,
               applications_carried_forward, outcome_granted, outcome_withheld, outcome_unable,
               outcome_not_handled, outcome_other, review_total, litigation_total, licensing_decisions
        FROM v_disclosure_volume WHERE organ = ? AND year = ?""", [exp.organ, exp.year])
    other = _sum_total(exp, "T3/3.6.") if exp.format == "F2021" else exp.num("T3/3.6/total")
    lit = [exp.num("T4/cases/ld_total"), exp.num("T4/cases/lr_total")]
    assert got == [(
        exp.num("T3/1/total"), exp.num("T3/2/total"), exp.num("T3/3.7/total"), exp.num("T3/4/total"),
        exp.num("T3/3.1/total"), _sum_total(exp, "T3/3.3."), _sum_total(exp, "T3/3.4."),
        _sum_total(exp, "T3/3.5."), other, exp.num("T4/cases/rv_total"),
        None if lit == [None, None] else sum(v or 0 for v in lit), exp.num("T2_5/licensing/decisions"),
    )]


def test_every_printed_cell_is_stored_once_with_its_printed_text(corpus_db: Path) -> None:
    for name in expectation_names():
        exp = read_expectation(name)
        stored = _rows(corpus_db, """
            SELECT f.cell, f.raw, f.status FROM fct_report_cell f JOIN v_report_current r USING (report_id)
            WHERE r.organ = ? AND r.year = ?""", [exp.organ, exp.year])
        assert sorted((c, raw) for c, raw, _ in stored) == sorted(exp.cells.items())
        assert {c for c, _, s in stored if s == "blank"} == {c for c, v in exp.cells.items() if v == ""}
    assert _rows(corpus_db, "SELECT count(*) FROM (SELECT report_id, cell FROM fct_report_cell "
                            "GROUP BY ALL HAVING count(*) > 1)") == [(0,)]


def test_loading_the_same_batch_again_changes_no_table_but_the_ledger(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    batch = [report_from_expectation(n, county="测试县") for n in expectation_names()]
    first = load_batch(batch, db_path=db)
    before = table_snapshot(db)
    second = load_batch(batch, db_path=db)
    assert (first.new, first.unchanged) == (3, 0)
    assert (second.new, second.revised, second.unchanged, second.facts) == (0, 0, 3, 0)
    assert table_snapshot(db) == before
    assert _rows(db, "SELECT load_id, reports_new, reports_unchanged FROM load_ledger ORDER BY 1") == [
        (1, 3, 0), (2, 0, 3)]


def test_a_republished_report_becomes_current_and_the_old_revision_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    cells_v1 = {"T3/1/total": 5.0, "T3/3.7/total": 5.0}
    cells_v2 = {"T3/1/total": 7.0, "T3/3.7/total": 7.0}
    load_batch([make_report("锦屏县大同乡人民政府", 2023, cells_v1, version="v1", published=date(2024, 1, 16))],
               db_path=db)
    result = load_batch([make_report("大同乡人民政府", 2023, cells_v2, version="v2", published=date(2024, 2, 11))],
                        db_path=db)
    assert (result.new, result.revised) == (0, 1)
    assert _rows(db, "SELECT revision, is_current, superseded_by_load FROM report ORDER BY revision") == [
        (1, False, 2), (2, True, None)]
    assert _rows(db, "SELECT applications_received FROM v_disclosure_volume") == [(7.0,)]
    assert _rows(db, "SELECT count(*) FROM fct_report_cell") == [(4,)]  # both revisions' cells kept
    assert _rows(db, "SELECT aliases FROM dim_organ") == [(["大同乡人民政府", "锦屏县大同乡人民政府"],)]


def test_an_invalid_input_is_refused_with_its_url_while_the_rest_loads(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    bad = make_report("锦屏县新化乡人民政府", 2024, {"T3/1/total": 1.0})
    bad.sha256 = "not-a-hash"
    good = make_report("锦屏县隆里乡人民政府", 2024, {"T3/1/total": 2.0})
    result = load_batch([bad, good], db_path=db)
    assert (result.new, result.failed) == (1, 1)
    assert result.errors == [f"{bad.url}: sha256 is not 64 lowercase hex digits"]
    assert _rows(db, "SELECT organ FROM v_report_current") == [("锦屏县隆里乡人民政府",)]


def test_a_load_that_fails_midway_leaves_the_published_warehouse_byte_for_byte(tmp_path: Path,
                                                                             monkeypatch) -> None:
    db = tmp_path / "warehouse.duckdb"
    load_batch([make_report("锦屏县大同乡人民政府", 2023, {"T3/1/total": 5.0})], db_path=db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    real = sqlfiles.sql.__wrapped__
    monkeypatch.setattr("warehouse.loader.sql",
                        lambda name: "SELECT no_such_column FROM report" if name == "load/insert_facts"
                        else real(name))
    with pytest.raises(LoadError, match="load failed, warehouse unchanged"):
        load_batch([make_report("锦屏县新化乡人民政府", 2023, {"T3/1/total": 1.0})], db_path=db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not next_path(db).exists()


def test_a_second_load_while_one_runs_is_refused_naming_the_running_pid(tmp_path: Path) -> None:
    import os

    db = tmp_path / "warehouse.duckdb"
    with load_lock(db), pytest.raises(LoadError, match=rf"another load is running \(pid {os.getpid()}\)"):
        load_batch([make_report("锦屏县大同乡人民政府", 2023, {})], db_path=db)


def test_dim_cell_holds_every_canonical_cell_with_an_english_label(corpus_db: Path) -> None:
    import csv

    from warehouse.settings import CELLS_CSV

    with CELLS_CSV.open(encoding="utf-8") as fh:
        expected = sorted((r["format"], r["cell"], r["printed"] == "1") for r in csv.DictReader(fh))
    assert _rows(corpus_db, "SELECT format, cell, printed FROM dim_cell ORDER BY ALL") == expected
    assert _rows(corpus_db, "SELECT count(*) FROM dim_cell WHERE label_en LIKE '%T3%' OR label_en = ''") == [(0,)]


def test_migrations_are_recorded_and_applied_once(tmp_path: Path) -> None:
    from warehouse.migrate import migrations

    db = tmp_path / "warehouse.duckdb"
    load_batch([], db_path=db)
    load_batch([], db_path=db)
    assert _rows(db, "SELECT version, name FROM schema_version ORDER BY 1") == migrations()


def test_the_published_file_is_written_in_the_configured_storage_version(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    load_batch([], db_path=db)
    conn = duckdb.connect()
    conn.execute(f"ATTACH '{db}' AS w (READ_ONLY)")
    assert conn.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'w'"
                        ).fetchall() == [("v1.5.0+",)]


def test_changing_the_storage_version_re_encodes_the_warehouse_and_keeps_its_data(tmp_path: Path,
                                                                                 monkeypatch) -> None:
    db = tmp_path / "warehouse.duckdb"
    load_batch([make_report("锦屏县大同乡人民政府", 2023, {"T3/1/total": 5.0})], db_path=db)
    before = table_snapshot(db)
    monkeypatch.setenv("NIANBAO_STORAGE_VERSION", "v2.0.0")
    assert load_batch([], db_path=db).unchanged == 0
    assert table_snapshot(db) == before
    conn = duckdb.connect()
    conn.execute(f"ATTACH '{db}' AS w (READ_ONLY)")
    assert conn.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'w'"
                        ).fetchall() == [("v2.0.0+",)]


def test_a_malformed_storage_version_is_refused_before_anything_is_written(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NIANBAO_STORAGE_VERSION", "v1.5.0'); DROP")
    with pytest.raises(LoadError, match="NIANBAO_STORAGE_VERSION"):
        load_batch([], db_path=tmp_path / "warehouse.duckdb")
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_views_are_rebuilt_only_when_their_sql_changed_or_one_is_missing(tmp_path: Path, monkeypatch) -> None:
    from warehouse import migrate

    db = tmp_path / "warehouse.duckdb"
    load_batch([], db_path=db)
    built = _rows(db, "SELECT fingerprint, built_at FROM schema_fingerprint")
    assert len(built) == 1 and built[0][0] == migrate.fingerprint()
    load_batch([], db_path=db)  # same SQL: the views are kept, not rebuilt
    assert _rows(db, "SELECT fingerprint, built_at FROM schema_fingerprint") == built
    with duckdb.connect(str(db)) as conn:  # an analyst drops a view in the DuckDB CLI
        conn.execute("DROP VIEW v_report_current")
    load_batch([], db_path=db)
    assert _rows(db, "SELECT count(*) FROM v_report_current") == [(0,)]
    monkeypatch.setattr(migrate, "fingerprint", lambda: "a changed view file")
    load_batch([], db_path=db)
    assert _rows(db, "SELECT fingerprint FROM schema_fingerprint") == [("a changed view file",)]
