"""The baseline an analyst would write in a notebook: generic table extraction plus a label lookup.

HTML: ``pandas.read_html`` (lxml flavour). PDF: pdfplumber's ``extract_tables``. Then every table row is
matched to a canonical row by its label text (data/spec/canonical_cells.csv) and its numbers are taken by
position. This is deliberately what a competent analyst writes in an afternoon — not a straw man (labels
are normalised, numbering and notes stripped, the form is picked from its header words) and not a second
parser (no merged-cell geometry, no page-split repair).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from common.paths import CELLS_CSV

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")
_NOTE = re.compile(r"[（(][^（）()]*[)）]$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class RowSpec:
    table: str
    cells: tuple[str, ...]  # canonical cell codes of the row, in printed column order


def _key(label: str) -> str:
    text = re.sub(r"\s+", "", str(label)).replace("“", "").replace("”", "").replace('"', "")
    text = _NUMBERING.sub("", text)
    return _NOTE.sub("", text) if len(_NOTE.sub("", text)) >= 2 else text


@lru_cache(maxsize=2)
def row_specs(fmt: str) -> dict[str, RowSpec]:
    """Label key → row spec for one form (T4 is keyed ``T4``: it has no row label)."""
    cells = pl.read_csv(CELLS_CSV, infer_schema=False).filter((pl.col("format") == fmt) & (pl.col("printed") == "1"))
    specs: dict[str, RowSpec] = {}
    for (table, _row, label), group in cells.group_by(["table", "row", "row_label"], maintain_order=True):
        key = "T4" if table == "T4" else _key(label.split(" [")[0])
        specs[key] = RowSpec(table, tuple(group["cell"].to_list()))
    return specs


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = re.sub(r"[\s,，]|万元|元|件|项", "", str(value))
    if _NUMBER.match(text):
        return float(text)
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip() \
        or str(value).strip() in ("-", "—", "/")


def lookup(rows: list[list[object]], fmt: str) -> dict[str, float | None]:
    """Canonical cell → value for every row whose label matches a canonical row label."""
    specs = row_specs(fmt)
    out: dict[str, float | None] = {}
    for row in rows:
        labels = [(i, _key(v)) for i, v in enumerate(row) if not _blank(v) and _number(v) is None]
        match = None
        for i, key in labels:
            if key in specs:
                match = (i, specs[key])  # the right-most label wins: the specific item, not the group
        numbers = [v for v in row if _number(v) is not None]
        if match is None and len(numbers) >= 15 and "T4" in specs and not labels:
            match = (-1, specs["T4"])
            cells = match[1].cells
            for cell, value in zip(cells, [_number(v) for v in row[-len(cells):]], strict=False):
                out.setdefault(cell, value)
            continue
        if match is None:
            continue
        start, spec = match
        rest = row[start + 1:]
        while rest and not _blank(rest[0]) and _number(rest[0]) is None:  # a spanned label repeats
            rest = rest[1:]
        # colspan'd values repeat in pandas' grid: collapse runs when the row has more slots than cells
        values = list(rest)
        if len(values) > len(spec.cells):
            collapsed: list[object] = []
            for v in values:
                if not collapsed or str(v) != str(collapsed[-1]):
                    collapsed.append(v)
            values = collapsed
        for cell, value in zip(spec.cells, values, strict=False):
            out.setdefault(cell, _number(value))
    return out


def detect_format(text: str) -> str:
    """F2021 prints 本年制发件数 / 本年处理决定数量; the 2019 form prints 本年新制作数量."""
    flat = re.sub(r"\s+", "", text)
    return "F2021" if ("制发件数" in flat or "处理决定数量" in flat and "上一年项目数量" not in flat) else "F2019"


def pandas_html(data: bytes) -> dict[str, float | None]:
    import pandas as pd

    text = data.decode("utf-8", errors="replace")
    try:
        frames = pd.read_html(io.StringIO(text), flavor="lxml")
    except ValueError:  # "No tables found"
        return {}
    fmt = detect_format(" ".join(str(v) for f in frames for v in f.astype(str).to_numpy().ravel()))
    rows: list[list[object]] = []
    for frame in frames:
        if not all(isinstance(c, int) for c in frame.columns):  # a header pandas lifted out of the body
            rows.append([" ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in frame.columns])
        rows += frame.to_numpy().tolist()
    return lookup(rows, fmt)


def pdfplumber_tables(data: bytes) -> dict[str, float | None]:
    import pdfplumber

    rows: list[list[object]] = []
    words: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows += [list(r) for r in table]
                words += [str(c) for r in table for c in r if c]
    return lookup(rows, detect_format(" ".join(words)))
