"""Helpers for the statement tests (issue 9): documents built in memory, facts read off by hand.

Real documents are read with the project's own reader (``extract.readers.reader.read_report``); facts for the
text-vs-table checks come from the hand-made expectation files next to the corpus, or from a few cells
written out in the test, so the checks are exercised without depending on the table parser.
"""

from __future__ import annotations

import csv

import polars as pl

from common.paths import corpus_dir
from extract.readers.reader import read_report
from extract.readers.records import ReportDoc
from transform.schemas import FACT_SCHEMA
from transform.statements import statements_of

CORPUS = corpus_dir()


def corpus_doc(name: str) -> ReportDoc:
    path = CORPUS / name
    return read_report(path.read_bytes(), name, None)


def doc_with(one: str = "", six: str = "", *, source_kind: str = "text", fmt: str = "F2021",
             organ: str = "测试乡人民政府", year: int = 2024) -> ReportDoc:
    """A report whose sections 一 and 六 hold the given prose (the way the reader returns them)."""
    sections = {"一": one, "二": "", "三": "", "四": "", "五": "", "六": six}
    return ReportDoc(path=f"mem://{organ}-{year}", source_kind=source_kind,  # type: ignore[arg-type]
                     organ=organ, year=year, format=fmt,  # type: ignore[arg-type]
                     sections=sections, text=f"一、总体情况\n{one}\n六、其他需要报告的事项\n{six}")


def triples(doc: ReportDoc) -> list[tuple[str, str | None, float, str]]:
    """(kind, category, value, unit) of every statement, in document order."""
    return [(s.kind, s.category, s.value, s.unit) for s in statements_of(doc)]


def facts(cells: dict[str, float | None], *, source: str = "mem://", fmt: str = "F2021") -> pl.DataFrame:
    """A FACT_SCHEMA frame: a value is a number (status num); None is a cell printed blank."""
    rows = []
    for cell, value in cells.items():
        table, row, col = cell.split("/")
        rows.append({"source": source, "organ": None, "year": None, "format": fmt, "cell": cell,
                     "table": table, "row": row, "col": col, "value": value,
                     "status": "num" if value is not None else "blank",
                     "raw": "" if value is None else f"{value:g}", "unit": "件", "is_derived": False})
    return pl.DataFrame(rows, schema=FACT_SCHEMA)


def expected_facts(name: str) -> pl.DataFrame:
    """Facts of a corpus report as read off the document by hand (``expected/NAME.expected.csv``)."""
    cells: dict[str, float | None] = {}
    fmt = "F2021"
    with (CORPUS / "expected" / f"{name}.expected.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if not row or row[0] == "cell":
                continue
            if row[0] == "#format":
                fmt = row[1]
            elif not row[0].startswith("#"):
                cells[row[0]] = None if row[1] == "" else float(row[1])
    return facts(cells, fmt=fmt)
