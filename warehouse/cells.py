"""dim_cell rows from data/spec/canonical_cells.csv, with English labels built from the code slugs.

The CSV carries Chinese labels only; the English words are the slugs of FORMAT_SPEC §3 written out, kept
here rather than in the CSV because the CSV is a copy of the shared spec file and must stay identical.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from warehouse.settings import CELLS_CSV

TABLE_EN = {
    "T2_1": "Art. 20(1) rules and normative documents",
    "T2_5": "Art. 20(5) licensing",
    "T2_6": "Art. 20(6) penalties and coercion",
    "T2_8": "Art. 20(8) administrative fees",
    "T2_9": "Art. 20(9) central procurement",
    "T3": "applications received and handled",
    "T4": "administrative review and litigation",
}
ROW_EN = {
    "rules": "rules", "norm_docs": "normative documents", "licensing": "administrative licensing",
    "other_mgmt_svc": "other management services", "penalty": "administrative penalty",
    "coercion": "administrative coercion", "admin_fees": "administrative fees",
    "central_proc": "central procurement", "cases": "cases",
    "1": "new applications received", "2": "carried over from last year", "3.1": "granted",
    "3.2": "partly granted", "3.3": "withheld (subtotal)", "3.3.1": "withheld: state secret",
    "3.3.2": "withheld: prohibited by law", "3.3.3": "withheld: security and stability",
    "3.3.4": "withheld: third-party rights", "3.3.5": "withheld: internal affairs",
    "3.3.6": "withheld: process information", "3.3.7": "withheld: enforcement file",
    "3.3.8": "withheld: administrative query", "3.4": "unable to provide (subtotal)",
    "3.4.1": "unable: not held", "3.4.2": "unable: needs creation", "3.4.3": "unable: still unclear",
    "3.5": "not handled (subtotal)", "3.5.1": "not handled: petition or complaint",
    "3.5.2": "not handled: repeat", "3.5.3": "not handled: publication",
    "3.5.4": "not handled: mass repeat", "3.5.5": "not handled: confirm or reissue",
    "3.6": "other handling", "3.6.1": "other: no correction", "3.6.2": "other: fee unpaid",
    "3.6.3": "other: other", "3.7": "total handled", "4": "carried forward to next year",
}
COL_EN = {
    "new_made": "newly made", "new_public": "newly published", "total_public": "total published",
    "issued": "issued", "repealed": "repealed", "in_force": "in force", "prev_items": "items last year",
    "delta_items": "change in items", "decisions": "decisions", "fee_amount": "fees (10k yuan)",
    "proc_items": "procurement items", "proc_amount": "procurement amount", "np": "natural persons",
    "lp_biz": "businesses", "lp_research": "research institutions", "lp_welfare": "public-welfare bodies",
    "lp_legal": "legal-service bodies", "lp_other": "other organisations", "lp_sum": "organisations",
    "total": "total",
}
for _g in ("rv", "ld", "lr"):
    _what = {"rv": "review", "ld": "direct suit", "lr": "suit after review"}[_g]
    for _s, _w in (("upheld", "upheld"), ("corrected", "corrected"), ("other", "other result"),
                   ("pending", "pending"), ("total", "total")):
        COL_EN[f"{_g}_{_s}"] = f"{_what}: {_w}"


def cell_frame(path: Path = CELLS_CSV) -> pl.DataFrame:
    """The dim_cell rows, in the column order of the table."""
    raw = pl.read_csv(path, infer_schema=False)
    return raw.select(
        pl.col("format"),
        pl.col("cell"),
        pl.col("table").alias("table_code"),
        pl.col("table_label"),
        pl.col("row").alias("row_code"),
        pl.col("row_label"),
        pl.col("col").alias("col_code"),
        pl.col("col_label"),
        pl.struct("table", "row", "col").map_elements(
            lambda s: f"{TABLE_EN.get(s['table'], s['table'])} / {ROW_EN.get(s['row'], s['row'])}"
                      f" / {COL_EN.get(s['col'], s['col'])}",
            return_dtype=pl.Utf8).alias("label_en"),
        pl.col("unit"),
        (pl.col("printed") == "1").alias("printed"),
    )
