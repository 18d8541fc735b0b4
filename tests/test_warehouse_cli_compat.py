"""Issue 10: the DuckDB CLI analysts have (duckdb-cli 1.5.6 from PyPI) opens the warehouse read-only and
returns, for every example query of the README, the rows the project's own connection returns."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import duckdb
import pytest
from warehouse_fixtures import ROOT, expectation_names, make_report, report_from_expectation

from warehouse.inputs import ExpectedOrgan
from warehouse.loader import load_batch

pytestmark = pytest.mark.slow  # the DuckDB CLI run on every README query: `make test-fast` skips it

CLI_VERSION = "1.5.6"
# Installed by `make test-tools` under .venv/ (git-ignored, kept between runs); NIANBAO_CLI_VENV moves it.
CLI_VENV = Path(os.environ.get("NIANBAO_CLI_VENV") or ROOT / ".venv" / f"duckdb-cli-{CLI_VERSION}")
DOC = ROOT / "README.md"  # its analyst section: every sql code block


def example_queries() -> list[str]:
    return [q.strip() for q in re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)]


def _cli() -> Path:
    """The duckdb-cli 1.5.6 command, installed by `make test-tools` (which .ci/run calls), never by a test."""
    exe = CLI_VENV / "bin" / "duckdb"
    if not exe.exists():
        pytest.skip(f"duckdb-cli {CLI_VERSION} is not installed at {CLI_VENV} (make test-tools installs it)")
    return exe


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory) -> Path:
    """A warehouse with something in every view: the corpus, townships over two years, a correction."""
    db = tmp_path_factory.mktemp("compat") / "warehouse.duckdb"
    fail = [{"rule": "R3.BAL", "scope": "total", "status": "fail", "expected": 4.0, "found": 5.0, "detail": "x"}]
    load_batch([report_from_expectation(n, county="锦屏县", published=date(2025, 1, 20)) for n in
                expectation_names()]
               + [make_report("锦屏县大同乡人民政府", 2023, {"T3/1/total": 4.0}, published=date(2024, 1, 10)),
                  make_report("锦屏县新化乡人民政府", 2024, {"T3/1/total": 2.0}, published=date(2025, 2, 9),
                              checks=fail),
                  make_report("锦屏县隆里乡人民政府", 2024, {"T3/1/total": 1.0}, version="v1")],
               expected=[ExpectedOrgan("test", "锦屏县", "锦屏县钟灵乡人民政府")], db_path=db)
    load_batch([make_report("锦屏县隆里乡人民政府", 2024, {"T3/1/total": 3.0}, version="v2")], db_path=db)
    return db


def _as_text(value) -> str:
    """A value as the CLI's -csv mode prints it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def test_the_analyst_doc_has_example_queries() -> None:
    assert len(example_queries()) >= 8


def test_duckdb_cli_1_5_6_returns_the_same_rows_for_every_example_query(demo_warehouse: Path) -> None:
    cli = _cli()
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout
    assert version.startswith(f"v{CLI_VERSION}")
    conn = duckdb.connect(str(demo_warehouse), read_only=True)
    try:
        for query in example_queries():
            ours = conn.execute(query).fetchall()
            done = subprocess.run([str(cli), "-readonly", "-csv", str(demo_warehouse), "-c", query],
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, f"{query}\n{done.stderr}"
            header, *theirs = list(csv.reader(io.StringIO(done.stdout)))
            assert theirs == [[_as_text(v) for v in row] for row in ours], query
            assert ours, f"example query returns no rows on the demo warehouse: {query}"
    finally:
        conn.close()


def test_view_comments_are_visible_through_duckdb_views(demo_warehouse: Path) -> None:
    conn = duckdb.connect(str(demo_warehouse), read_only=True)
    comments = dict(conn.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert comments["v_township_compare"].startswith("乡镇对比：每个乡镇每年一行 | One row per township × year")
