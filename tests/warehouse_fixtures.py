"""Shared helpers for the warehouse tests: ReportInputs built from the corpus expectation files.

The expectation files (data/corpus/expected/*.expected.csv) are the real numbers of three published
reports, read by hand. Tests build FACT_SCHEMA frames from them and compute what the views must say from
the same files with plain ``csv`` — never through the loader's own SQL.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import polars as pl

from common.paths import corpus_dir
from transform.schemas import CHECK_SCHEMA, FACT_SCHEMA
from warehouse.inputs import ReportInput

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_DIR = corpus_dir() / "expected"


@dataclass
class Expectation:
    name: str
    organ: str
    year: int
    format: str
    cells: dict[str, str]  # cell → value as printed ("" = printed blank)

    def num(self, cell: str) -> float | None:
        text = self.cells.get(cell, "")
        return float(text) if text not in ("", None) else None


def read_expectation(name: str) -> Expectation:
    path = EXPECTED_DIR / f"{name}.expected.csv"
    meta: dict[str, str] = {}
    cells: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if not row:
                continue
            if row[0].startswith("#"):
                meta[row[0][1:]] = row[1]
            elif row[0] != "cell":
                cells[row[0]] = row[1] if len(row) > 1 else ""
    return Expectation(name, meta["organ"], int(meta["year"]), meta["format"], cells)


def expectation_names() -> list[str]:
    return sorted(p.name.removesuffix(".expected.csv") for p in EXPECTED_DIR.glob("*.expected.csv"))


def facts_frame(exp: Expectation, source: str = "corpus") -> pl.DataFrame:
    rows = []
    for cell, text in exp.cells.items():
        table, row, col = cell.split("/")
        is_num = text != ""
        rows.append({
            "source": source, "organ": exp.organ, "year": exp.year, "format": exp.format, "cell": cell,
            "table": table, "row": row, "col": col, "value": float(text) if is_num else None,
            "status": "num" if is_num else "blank", "raw": text, "unit": "件", "is_derived": False,
        })
    return pl.DataFrame(rows, schema=FACT_SCHEMA)


def checks_frame(rows: list[dict]) -> pl.DataFrame:
    full = [{**{k: None for k in CHECK_SCHEMA}, **r} for r in rows]
    return pl.DataFrame(full, schema=CHECK_SCHEMA)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_from_expectation(name: str, *, source: str = "corpus", county: str | None = None,
                            published: date | None = None, version: str = "v1",
                            organ: str | None = None, year: int | None = None) -> ReportInput:
    exp = read_expectation(name)
    if organ is not None or year is not None:
        exp = replace(exp, organ=organ or exp.organ, year=year or exp.year)
    return ReportInput(
        source_name=source, sample=False, county=county, province=None, adcode=None, organ=exp.organ,
        year=exp.year, url=f"file://corpus/{name}", title=f"{exp.organ}{exp.year}年政府信息公开工作年度报告",
        published_at=published, fetched_at=datetime(2025, 2, 1, 8, 0), sha256=sha(f"{name}|{version}"),
        format=exp.format, parse_status="ok", problems=[], facts=facts_frame(exp, source),
        checks=checks_frame([]),
    )


def facts_from_cells(cells: dict[str, float | None], organ: str, year: int, fmt: str) -> pl.DataFrame:
    rows = []
    for cell, value in cells.items():
        table, row, col = cell.split("/")
        rows.append({
            "source": "test", "organ": organ, "year": year, "format": fmt, "cell": cell, "table": table,
            "row": row, "col": col, "value": value, "status": "num" if value is not None else "blank",
            "raw": "" if value is None else str(value), "unit": "件", "is_derived": False,
        })
    return pl.DataFrame(rows, schema=FACT_SCHEMA)


def make_report(organ: str | None, year: int | None, cells: dict[str, float | None] | None = None, *,
                fmt: str = "F2021", source: str = "test", county: str | None = "锦屏县",
                published: date | None = None, version: str = "v1", sample: bool = False,
                checks: list[dict] | None = None, parse_status: str = "ok",
                province: str = "贵州省") -> ReportInput:
    """A small report built by hand: the cells given, nothing else."""
    return ReportInput(
        source_name=source, sample=sample, county=county, province=province, adcode="522628", organ=organ,
        year=year, url=f"https://example.test/{source}/{organ}/{year}/{version}", title=f"{organ}{year}年报",
        published_at=published, fetched_at=datetime(2025, 2, 1, 8, 0), sha256=sha(f"{organ}|{year}|{version}"),
        format=fmt, parse_status=parse_status, problems=[],
        facts=facts_from_cells(cells or {}, organ or "", year or 0, fmt), checks=checks_frame(checks or []),
    )


def table_snapshot(db_path: Path, exclude: tuple[str, ...] = ("load_ledger",)) -> dict[str, list[tuple]]:
    """Every row of every base table, sorted: two snapshots are equal iff the tables hold the same data."""
    import duckdb

    conn = duckdb.connect(str(db_path), read_only=True)
    try:
        names = [n for (n,) in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1"
        ).fetchall() if n not in exclude]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()
