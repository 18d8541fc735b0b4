"""``nianbao export``: what the provincial oversight office receives — CSVs Excel opens as they are.

One CSV per view (UTF-8 with BOM so Excel shows the Chinese; Chinese headers in the view's column order;
rows ordered by every column), a data dictionary, a manifest (file, rows, sha256), optionally an .xlsx
workbook with a sheet per view, and Parquet partitioned by county/year for analysts.

Formula injection: a text cell that begins with = + - @ tab or CR is written with a leading apostrophe
(OWASP's CSV-injection advice), in CSV and XLSX alike. Numbers are written as numbers, so a negative
change stays -3 and is not prefixed. Headers and the dictionary come from the views' COMMENT ON text
(sql/comments.sql), so the database, DBeaver and the export say the same thing.

Written with the stdlib ``csv`` and openpyxl (write-only mode) rather than pandas: no extra dependency,
and exact control of quoting, BOM and cell types.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from warehouse.connect import connect_readonly
from warehouse.errors import ExportError
from warehouse.migrate import view_order
from warehouse.settings import data_dir
from warehouse.sqlfiles import sql

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DICTIONARY_FILE = "data_dictionary.csv"
MANIFEST_FILE = "manifest.csv"
WORKBOOK_FILE = "nianbao.xlsx"


@dataclass
class ViewData:
    name: str
    comment: str
    columns: list[str]
    headers: list[str]  # Chinese part of each column comment
    descriptions: list[str]  # English part
    types: list[str]
    rows: list[tuple[Any, ...]]


@dataclass
class ExportResult:
    out_dir: Path
    rows: dict[str, int] = field(default_factory=dict)  # view → rows
    files: list[Path] = field(default_factory=list)


def neutralize(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(value: Any) -> str:
    """How one value is written in the CSV: integral floats without '.0', ISO dates, neutralized text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return neutralize(str(value))


def xlsx_value(value: Any) -> Any:
    """How one value is written in the workbook: numbers, dates and booleans typed, text neutralized."""
    if value is None or isinstance(value, bool | int | float | date):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", neutralize(str(value)))


def _split(comment: str | None, fallback: str) -> tuple[str, str]:
    if not comment:
        return fallback, ""
    zh, _, en = comment.partition(" | ")
    return zh.strip(), en.strip()


def province_counties(conn: duckdb.DuckDBPyConnection, province: str) -> list[str]:
    """The counties of ``province`` in the warehouse; ExportError naming the known provinces if none."""
    counties = [c for (c,) in conn.execute(sql("export/province_counties"), {"province": province}).fetchall()]
    if not counties:
        known = [p for (p,) in conn.execute(
            "SELECT DISTINCT province FROM v_report_current WHERE province IS NOT NULL ORDER BY 1").fetchall()]
        raise ExportError(f"province {province!r}: no counties in the warehouse "
                          f"(known: {', '.join(known) or 'none'})")
    return counties


def read_views(conn: duckdb.DuckDBPyConnection, counties: list[str], year: int | None) -> list[ViewData]:
    comments = dict(conn.execute(sql("export/view_comments")).fetchall())
    columns: dict[str, list[tuple[str, str, str | None]]] = {}
    for view, column, dtype, comment in conn.execute(sql("export/view_columns")).fetchall():
        columns.setdefault(view, []).append((column, dtype, comment))
    out = []
    for view in view_order():
        if view not in columns:
            raise ExportError(f"view {view} is missing from the warehouse; run a load to rebuild the views")
        rows = conn.execute(sql("export/view_rows").replace("{view}", view),
                            {"counties": counties, "year": year}).fetchall()
        cols = columns[view]
        split = [_split(c, name) for name, _, c in cols]
        out.append(ViewData(view, comments.get(view) or view, [c[0] for c in cols], [s[0] for s in split],
                            [s[1] for s in split], [c[1] for c in cols], rows))
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")  # CRLF: what Excel writes and expects
        writer.writerow(header)
        writer.writerows(rows)


def _write_dictionary(path: Path, views: list[ViewData]) -> int:
    rows = []
    for v in views:
        view_zh, view_en = _split(v.comment, v.name)
        rows.append([f"{v.name}.csv", v.name, "", view_zh, view_en, ""])
        rows += [[f"{v.name}.csv", v.name, col, zh, en, dtype]
                 for col, zh, en, dtype in zip(v.columns, v.headers, v.descriptions, v.types, strict=True)]
    _write_csv(path, ["文件 file", "视图 view", "列 column", "中文名 header", "说明 description",
                      "类型 type"], rows)
    return len(rows)


def _write_xlsx(path: Path, views: list[ViewData]) -> None:
    wb = Workbook(write_only=True)
    for v in views:
        ws = wb.create_sheet(title=v.name[:31])
        ws.append(v.headers)
        for row in v.rows:
            ws.append([xlsx_value(x) for x in row])
    wb.save(path)


def _write_parquet(conn: duckdb.DuckDBPyConnection, out: Path, counties: list[str], year: int | None
                   ) -> list[Path]:
    import pyarrow.dataset as pads  # imported here: ~1 s that `nianbao --help` should not pay

    table = conn.sql(sql("export/facts_for_parquet"), params={"counties": counties, "year": year}).to_arrow_table()
    target = out / "parquet"
    shutil.rmtree(target, ignore_errors=True)
    if table.num_rows:
        pads.write_dataset(table, target, format="parquet", partitioning=["county", "year"],
                           partitioning_flavor="hive", basename_template="part-{i}.parquet",
                           existing_data_behavior="delete_matching")
    return sorted(target.rglob("*.parquet"))


_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.")


def check_place_name(option: str, name: str) -> None:
    """A county or province name becomes a folder name under data/exports: no separators, no leading dot,
    no control characters (``--county ../../x`` wrote outside data/exports, issue 14)."""
    if _UNSAFE_NAME.search(name) or len(name) > 64:
        raise ExportError(f"{option} {name!r}: not a {option.strip('-')} name (no '/', '\\', leading '.', or "
                          "control characters; at most 64 characters)")


def check_in_warehouse(conn: duckdb.DuckDBPyConnection, counties: list[str], year: int | None,
                       place: str) -> None:
    """Refuse an export that would write only empty files: the county (and year) must have reports."""
    years: dict[str, list[int]] = {}
    for name, y in conn.execute(sql("export/county_years")).fetchall():
        years.setdefault(name, []).append(y)
    missing = [c for c in counties if c not in years]
    if missing:
        known = ", ".join(sorted(years)) or "none yet"
        raise ExportError(f"--county {', '.join(missing)}: no report of this county in the warehouse "
                          f"(counties: {known})")
    have = sorted({y for c in counties for y in years[c] if y is not None})
    if year is not None and year not in have:
        raise ExportError(f"{place} --year {year}: no report of that year in the warehouse "
                          f"(years: {', '.join(map(str, have)) or 'none'})")


def default_out_dir(place: str, year: int | None) -> Path:
    return data_dir() / "exports" / (f"{place}-{year}" if year else place)


def export_county(county: str | None = None, year: int | None = None, out_dir: str | Path | None = None,
                  xlsx: bool = False, db_path: str | Path | None = None,
                  province: str | None = None) -> ExportResult:
    """Write the export of one county, or of every county of ``province`` (optionally one year).

    Raises ExportError for a name that is not a plain name, a county or year the warehouse has no report
    for (it would write only empty files), and a write that fails (a full disk: one line, not a traceback;
    the warehouse is only read).
    """
    county = (county or "").strip() or None
    province = (province or "").strip() or None
    if bool(county) == bool(province):
        raise ExportError("give --county or --province (one of them), e.g. --county 锦屏县 or --province 贵州省")
    place = county or province
    assert place is not None
    check_place_name("--county" if county else "--province", place)
    out = Path(out_dir) if out_dir else default_out_dir(place, year)
    conn = connect_readonly(db_path)
    try:
        counties = [county] if county else province_counties(conn, place)
        check_in_warehouse(conn, counties, year, f"--county {county}" if county else f"--province {province}")
        try:
            return _write_all(conn, out, counties, year, xlsx)
        except OSError as exc:
            raise ExportError(f"{exc.filename or out}: cannot write the export ({exc.strerror or exc})") from exc
    finally:
        conn.close()


def _write_all(conn: duckdb.DuckDBPyConnection, out: Path, counties: list[str], year: int | None,
               xlsx: bool) -> ExportResult:
    out.mkdir(parents=True, exist_ok=True)
    views = read_views(conn, counties, year)
    result = ExportResult(out_dir=out)
    manifest: list[list[str]] = []
    for v in views:
        path = out / f"{v.name}.csv"
        _write_csv(path, v.headers, [[csv_text(x) for x in row] for row in v.rows])
        result.rows[v.name] = len(v.rows)
        manifest.append([path.name, str(len(v.rows))])
        result.files.append(path)
    dict_rows = _write_dictionary(out / DICTIONARY_FILE, views)
    manifest.append([DICTIONARY_FILE, str(dict_rows)])
    result.files.append(out / DICTIONARY_FILE)
    if xlsx:
        _write_xlsx(out / WORKBOOK_FILE, views)
        manifest.append([WORKBOOK_FILE, str(sum(len(v.rows) for v in views))])
        result.files.append(out / WORKBOOK_FILE)
    import pyarrow.parquet as pq

    for part in _write_parquet(conn, out, counties, year):
        manifest.append([part.relative_to(out).as_posix(), str(pq.read_metadata(part).num_rows)])
        result.files.append(part)
    _write_csv(out / MANIFEST_FILE, ["file", "rows", "sha256"],
               [[name, rows, _sha256(out / name)] for name, rows in manifest])
    result.files.append(out / MANIFEST_FILE)
    return result
