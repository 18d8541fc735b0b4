"""Polars schemas of the frames that flow from transform/ into warehouse/.

Every frame crossing a stage boundary is built with one of these schemas, so an empty frame still has
the right columns and types, and the loader can rely on them.
"""

from __future__ import annotations

import polars as pl

# One row per canonical cell of one report. ``value`` is null unless status is in NUMERIC.
FACT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.Utf8(),  # path or URL the report was read from
    "organ": pl.Utf8(),  # organ as printed
    "year": pl.Int32(),  # report year
    "format": pl.Utf8(),  # F2019 | F2021 | MIXED
    "cell": pl.Utf8(),  # canonical code table/row/col, e.g. T3/3.3.4/total
    "table": pl.Utf8(),
    "row": pl.Utf8(),
    "col": pl.Utf8(),
    "value": pl.Float64(),
    "status": pl.Utf8(),  # num | blank | dash | text | split_by_arithmetic
    "raw": pl.Utf8(),  # the cell as printed
    "unit": pl.Utf8(),  # 件 | 万元 | 元 | 项 … (from the cell text when it prints one, else the form's)
    "is_derived": pl.Boolean(),  # subtotal the form does not print (T3/3.3/* …)
    "via": pl.Utf8(),  # how the cell was read: text (HTML, text layer, DOCX) | ocr (scan or table image)
    "confidence": pl.Float64(),  # OCR confidence 0..1 (the least of its parts for a derived cell); null
    # for text sources and for an OCR'd cell printed empty (no ink)
}

# One row per rule × scope evaluated on one report (FORMAT_SPEC §2.1, outcomes of §2.4).
CHECK_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.Utf8(),
    "organ": pl.Utf8(),
    "year": pl.Int32(),
    "rule": pl.Utf8(),  # R3.BAL, R3.SUM7, R3.ROW, R4.SUM, R.NONNEG, R2.FEEUNIT, N.APPS …
    "scope": pl.Utf8(),  # the column / row / group the rule was evaluated on
    "status": pl.Utf8(),  # pass | fail | pass_if_blank_zero | not_evaluable
    "expected": pl.Float64(),
    "found": pl.Float64(),
    "detail": pl.Utf8(),  # plain words: which cells, what was missing
}

# One row per figure stated in a report's prose (issue 9).
STATEMENT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.Utf8(),
    "organ": pl.Utf8(),
    "year": pl.Int32(),
    "kind": pl.Utf8(),  # proactive_total, proactive_by_category, applications_received, …
    "category": pl.Utf8(),  # as written ("工作动态")
    "category_norm": pl.Utf8(),  # normalized category
    "value": pl.Float64(),
    "unit": pl.Utf8(),  # 条/件/篇/次/元/万元
    "approx": pl.Boolean(),  # 多/余/近/约
    "cumulative": pl.Boolean(),  # 截至…累计
    "sentence": pl.Utf8(),
    "span_start": pl.Int32(),  # character span of the figure inside the section text
    "span_end": pl.Int32(),
    "section": pl.Utf8(),  # 一..六
    "rule": pl.Utf8(),  # name of the extraction rule that produced it
}

# split_by_arithmetic: a number whose digits ran into its neighbours' on the page, placed because the
# form's sums allow one split only (transform/runon.py). It is a number like "num" for every sum.
STATUSES = ("num", "blank", "dash", "text", "split_by_arithmetic")
NUMERIC = frozenset({"num", "split_by_arithmetic"})
VIAS = ("text", "ocr")
CHECK_OUTCOMES = ("pass", "fail", "pass_if_blank_zero", "not_evaluable")


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)
