"""The JSON object ``nianbao parse --format json/jsonl`` prints for one report.

A module of its own, light to import (no typer, no Prefect): the parse workers import it to encode each
report where it was parsed (transform.pool's ``encode``), so that only the finished line crosses the pipe.
"""

from __future__ import annotations

# orjson (already pinned in requirements.lock) writes a report's JSON several times faster than the
# stdlib, and JSON writing was a fifth of `parse --format jsonl` per report (issue 19).
import orjson

from transform.pipeline import ParsedReport
from transform.schemas import CHECK_SCHEMA, FACT_SCHEMA, STATEMENT_SCHEMA


def _float(x: float | int | None) -> float | None:
    return None if x is None else float(x)  # the frames' Float64, as the JSON always printed it


# Column positions in the parser's row tuples, read from the schemas (their one home). The rows are read
# by position: a dict per row (dict(zip(schema, row))) cost more than the JSON encoding itself (issue 19).
_F = {k: i for i, k in enumerate(FACT_SCHEMA)}
_C = {k: i for i, k in enumerate(CHECK_SCHEMA)}
_S = {k: i for i, k in enumerate(STATEMENT_SCHEMA)}
_F_CELL, _F_VALUE, _F_STATUS, _F_RAW, _F_UNIT, _F_DERIVED, _F_VIA, _F_CONF = (
    _F["cell"], _F["value"], _F["status"], _F["raw"], _F["unit"], _F["is_derived"], _F["via"], _F["confidence"])
_C_RULE, _C_SCOPE, _C_STATUS, _C_EXPECTED, _C_FOUND = (
    _C["rule"], _C["scope"], _C["status"], _C["expected"], _C["found"])
_S_KIND, _S_CATEGORY, _S_VALUE, _S_UNIT, _S_APPROX, _S_SENTENCE, _S_START, _S_END = (
    _S["kind"], _S["category"], _S["value"], _S["unit"], _S["approx"], _S["sentence"], _S["span_start"],
    _S["span_end"])


def _fact(r: tuple) -> dict:
    out = {"cell": r[_F_CELL], "value": _float(r[_F_VALUE]), "status": r[_F_STATUS], "raw": r[_F_RAW],
           "unit": r[_F_UNIT]}
    if r[_F_DERIVED]:
        out["derived"] = True
    if r[_F_VIA] == "ocr":
        out["via"] = "ocr"
        out["confidence"] = _float(r[_F_CONF])
    return out


def report_json(path: str, pr: ParsedReport) -> dict:
    """The JSON object `nianbao parse --format json` prints for one report."""
    d = pr.doc
    return {
        "path": path, "organ": d.organ, "year": d.year, "format": d.format, "published": d.published,
        "title": d.title,
        "facts": [_fact(r) for r in pr.fact_rows],
        "checks": [{"rule": r[_C_RULE], "scope": r[_C_SCOPE], "status": r[_C_STATUS],
                    "expected": _float(r[_C_EXPECTED]), "found": _float(r[_C_FOUND])}
                   for r in pr.check_rows],
        "statements": [{"kind": r[_S_KIND], "category": r[_S_CATEGORY], "value": _float(r[_S_VALUE]),
                        "unit": r[_S_UNIT], "approx": r[_S_APPROX], "sentence": r[_S_SENTENCE],
                        "span": [r[_S_START], r[_S_END]]}
                       for r in pr.statement_rows],
        "problems": pr.problems, "status": pr.status, "status_reason": pr.status_reason,
    }


def jsonl_line(path: str, pr: ParsedReport) -> tuple[str, str, bytes]:
    """(status, status_reason, the report's JSON line): all ``parse --format jsonl`` needs of a report."""
    return pr.status, pr.status_reason, orjson.dumps(report_json(path, pr)) + b"\n"
