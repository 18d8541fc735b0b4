"""Exports for the oversight office: read back through csv and openpyxl they equal the views, exactly."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pytest
from openpyxl import load_workbook
from warehouse_fixtures import ROOT, expectation_names, make_report, report_from_expectation

from warehouse.export import export_county
from warehouse.inputs import ExpectedOrgan
from warehouse.loader import load_batch
from warehouse.migrate import view_names

HOSTILE = '=HYPERLINK("http://x","y")'
HOSTILE_PRINTED = '@SUM(1+1)\n"锦屏县";大同乡\'); DROP TABLE report; --'


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    checks = [{"rule": "R3.BAL", "scope": "total", "status": "fail", "expected": 3.0, "found": 1.0,
               "detail": "-2 short"}]
    reports = [report_from_expectation(n, county="锦屏县", published=date(2025, 1, 20)) for n in expectation_names()]
    reports += [
        make_report(HOSTILE, 2024, {"T3/1/total": 3.0}, published=date(2025, 2, 3), checks=checks),
        make_report(HOSTILE_PRINTED, 2023, {"T3/1/total": 1.0}),
        make_report("锦屏县新化乡人民政府", 2024, {"T3/1/total": 2.0}, county="别的县"),
    ]
    load_batch(reports, expected=[ExpectedOrgan("test", "锦屏县", "锦屏县隆里乡人民政府")], db_path=db)
    return db


def _view_rows(db: Path, view: str, year: int | None = None) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(f"SELECT * FROM {view} WHERE county = ? AND (? IS NULL OR year = ?) ORDER BY ALL",
                            ["锦屏县", year, year]).fetchall()
    finally:
        conn.close()


def _expected_text(value) -> str:
    """What a reader of the CSV must find for one value (independent of warehouse.export)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | int):
        return str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@pytest.fixture(scope="module")
def exported(warehouse: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export_county("锦屏县", out_dir=out, xlsx=True, db_path=warehouse)
    return out


@pytest.mark.parametrize("view", view_names())
def test_each_csv_read_back_with_utf8_sig_equals_the_view(warehouse: Path, exported: Path, view: str) -> None:
    raw = (exported / f"{view}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with (exported / f"{view}.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    # every view opens with its place and time; per-organ views name the organ next (v_county_compare is
    # per county and has none)
    assert header[:3] in (["县", "年度", "机关"], ["县", "机关", "年度"]) or view == "v_county_compare"
    assert header[:2] in (["县", "年度"], ["县", "机关"])
    assert rows == [[_expected_text(v) for v in row] for row in _view_rows(warehouse, view)]


@pytest.mark.parametrize("view", view_names())
def test_each_xlsx_sheet_equals_the_view(warehouse: Path, exported: Path, view: str) -> None:
    ws = load_workbook(exported / "nianbao.xlsx", read_only=True)[view]
    header, *rows = [list(r) for r in ws.iter_rows(values_only=True)]
    # a write-only sheet records no dimension, so a read-only reader stops each row at its last value:
    # trailing empty cells (v_check_failures' prev_url of a within-report failure) come back missing
    rows = [r + [None] * (len(header) - len(r)) for r in rows]
    expected = []
    for row in _view_rows(warehouse, view):
        cells = []
        for v in row:
            if isinstance(v, str):
                v = _expected_text(v)
            elif isinstance(v, date) and not isinstance(v, datetime):
                v = datetime(v.year, v.month, v.day)  # Excel stores dates as date-times
            elif isinstance(v, float) and v == int(v):
                v = int(v)  # openpyxl reads 3.0 back as 3
            cells.append(v)
        expected.append(cells)
    assert rows == expected
    assert all(isinstance(h, str) and h for h in header)


def test_a_hostile_organ_name_is_neutralized_in_csv_and_xlsx_and_stored_verbatim(warehouse: Path,
                                                                                  exported: Path) -> None:
    with (exported / "v_report_current.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert "'" + HOSTILE in [r["机关"] for r in rows]
    assert "'" + HOSTILE_PRINTED in [r["报告所载机关名称"] for r in rows]  # newline and quotes survive
    ws = load_workbook(exported / "nianbao.xlsx")["v_report_current"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + HOSTILE in texts and not any(t.startswith(("=", "@")) for t in texts)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)  # no formula anywhere
    conn = duckdb.connect(str(warehouse), read_only=True)
    assert conn.execute("SELECT count(*) FROM report WHERE organ_printed = ?", [HOSTILE_PRINTED]).fetchall() == [
        (1,)]


def test_the_manifest_lists_every_file_with_its_rows_and_sha256(exported: Path) -> None:
    with (exported / "manifest.csv").open(encoding="utf-8-sig", newline="") as fh:
        manifest = list(csv.DictReader(fh))
    listed = {m["file"] for m in manifest}
    on_disk = {p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()} - {"manifest.csv"}
    assert listed == on_disk
    for m in manifest:
        assert hashlib.sha256((exported / m["file"]).read_bytes()).hexdigest() == m["sha256"]
        if m["file"].startswith("v_"):
            with (exported / m["file"]).open(encoding="utf-8-sig", newline="") as fh:
                assert int(m["rows"]) == sum(1 for _ in csv.reader(fh)) - 1


def test_exporting_twice_writes_identical_csv_files(warehouse: Path, tmp_path: Path) -> None:
    export_county("锦屏县", out_dir=tmp_path / "a", db_path=warehouse)
    export_county("锦屏县", out_dir=tmp_path / "b", db_path=warehouse)
    for path in sorted((tmp_path / "a").glob("*.csv")):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_the_data_dictionary_describes_every_exported_column(exported: Path) -> None:
    with (exported / "data_dictionary.csv").open(encoding="utf-8-sig", newline="") as fh:
        entries = list(csv.DictReader(fh))
    for view in view_names():
        with (exported / f"{view}.csv").open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        described = [e["中文名 header"] for e in entries if e["视图 view"] == view and e["列 column"]]
        assert described == header
        assert all(e["说明 description"] for e in entries if e["视图 view"] == view)


def test_parquet_is_partitioned_by_county_and_year_and_holds_the_countys_cells(warehouse: Path,
                                                                               exported: Path) -> None:
    data = pads.dataset(exported / "parquet", format="parquet", partitioning="hive").to_table()
    assert set(data.column("county").to_pylist()) == {"锦屏县"}
    conn = duckdb.connect(str(warehouse), read_only=True)
    expected = conn.execute("SELECT count(*) FROM fct_report_cell JOIN v_report_current USING (report_id) "
                            "WHERE county = '锦屏县'").fetchall()[0][0]
    assert data.num_rows == expected
    assert {p.parent.name for p in (exported / "parquet").rglob("*.parquet")} == {"year=2019", "year=2023",
                                                                                    "year=2024"}


def test_the_year_filter_keeps_only_that_year(warehouse: Path, tmp_path: Path) -> None:
    result = export_county("锦屏县", year=2023, out_dir=tmp_path, db_path=warehouse)
    assert result.rows["v_report_current"] == len(_view_rows(warehouse, "v_report_current", 2023)) == 1


def _cli(*args: str, env_data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NIANBAO_DATA": str(env_data)}
    return subprocess.run([str(Path(sys.executable).with_name("nianbao")), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_cli_export_and_sql_run_against_the_data_folder(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _cli("export", "--county", "锦屏县", "--year", "2024", "--out", str(out), env_data=warehouse.parent)
    assert done.returncode == 0, done.stderr
    assert "v_report_current: 3 rows" in done.stdout
    done = _cli("sql", "SELECT organ FROM v_report_current WHERE county = '别的县'", "--format", "csv",
                env_data=warehouse.parent)
    assert (done.returncode, done.stdout) == (0, "organ\n锦屏县新化乡人民政府\n")


def test_cli_errors_are_one_line_naming_what_was_wrong(tmp_path: Path) -> None:
    done = _cli("sql", "SELECT 1", env_data=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == f"Error: {tmp_path / 'warehouse.duckdb'}: no warehouse here yet; run a load " \
                                  "first (or set NIANBAO_DATA)"
