"""Issue 18: every table, view and column of the warehouse carries a comment, Chinese | English, as the
database itself shows them (duckdb_tables(), duckdb_views(), duckdb_columns()) after a real load."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
from warehouse_fixtures import make_report

from warehouse.inputs import ExpectedOrgan
from warehouse.loader import load_batch

# Objects a user created in the main schema; DuckDB's own catalog entries are internal.
UNCOMMENTED = """
    SELECT 'table ' || table_name FROM duckdb_tables() WHERE NOT internal AND coalesce(comment, '') = ''
    UNION ALL
    SELECT 'view ' || view_name FROM duckdb_views() WHERE NOT internal AND coalesce(comment, '') = ''
    UNION ALL
    SELECT 'column ' || table_name || '.' || column_name FROM duckdb_columns()
    WHERE NOT internal AND coalesce(comment, '') = ''
    ORDER BY 1"""
ALL_COMMENTS = """
    SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal
    UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE NOT internal
    UNION ALL SELECT table_name || '.' || column_name, comment FROM duckdb_columns() WHERE NOT internal"""
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("comments") / "warehouse.duckdb"
    load_batch([make_report("锦屏县大同乡人民政府", 2024, {"T3/1/total": 4.0}, published=date(2025, 1, 20))],
               [ExpectedOrgan("test", "锦屏县", "锦屏县大同乡人民政府", "township")], db)
    return db


def _query(db: Path, query: str) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_no_table_view_or_column_is_without_a_comment(warehouse):
    tables = {t for (t,) in _query(warehouse, "SELECT table_name FROM duckdb_tables() WHERE NOT internal")}
    assert {"report", "fct_report_cell", "load_ledger", "check_result", "schema_version"} <= tables
    assert _query(warehouse, UNCOMMENTED) == []


def test_every_comment_reads_chinese_then_english(warehouse):
    bad = []
    for name, comment in _query(warehouse, ALL_COMMENTS):
        zh, sep, en = (comment or "").partition(" | ")
        if not (sep and CJK.search(zh) and re.match(r"[A-Za-z]", en)):
            bad.append((name, comment))
    assert bad == []


def test_a_table_added_without_a_comment_is_caught(warehouse, tmp_path):
    """Control: the query above does flag a new table and its column, so the first test can fail."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    conn = duckdb.connect(str(copy))
    try:
        conn.execute("CREATE TABLE fct_new (n INTEGER)")
    finally:
        conn.close()
    assert _query(copy, UNCOMMENTED) == [("column fct_new.n",), ("table fct_new",)]
