"""The JSON object ``nianbao parse --format json/jsonl`` prints for one report.

A module of its own, light to import (no typer, no Prefect): the parse workers import it to encode each
report where it was parsed (transform.pool's ``encode``), so that only the finished line crosses the pipe.
"""

from __future__ import annotations

from collections.abc import Iterator

# orjson (already pinned in requirements.lock) writes a report's JSON several times faster than the
# stdlib, and JSON writing was a fifth of `parse --format jsonl` per report (issue 19).
import orjson

from transform.pipeline import ParsedReport
from transform.schemas import CHECK_SCHEMA, FACT_SCHEMA, STATEMENT_SCHEMA


def _named(rows: list[tuple], schema: dict) -> Iterator[dict]:
    # straight from the rows the parser keeps: building Polars frames only to read them back cost more
    # than the JSON itself
    keys = tuple(schema)
    return (dict(zip(keys, row, strict=True)) for row in rows)


def _float(x: float | int | None) -> float | None:
    return None if x is None else float(x)  # the frames' Float64, as the JSON always printed it


def report_json(path: str, pr: ParsedReport) -> dict:
    """The JSON object `nianbao parse --format json` prints for one report."""
    d = pr.doc
    return {
        "path": path, "organ": d.organ, "year": d.year, "format": d.format, "published": d.published,
        "title": d.title,
        "facts": [{"cell": r["cell"], "value": _float(r["value"]), "status": r["status"], "raw": r["raw"],
                   "unit": r["unit"], **({"derived": True} if r["is_derived"] else {}),
                   **({"via": "ocr", "confidence": _float(r["confidence"])} if r["via"] == "ocr" else {})}
                  for r in _named(pr.fact_rows, FACT_SCHEMA)],
        "checks": [{"rule": r["rule"], "scope": r["scope"], "status": r["status"],
                    "expected": _float(r["expected"]), "found": _float(r["found"])}
                   for r in _named(pr.check_rows, CHECK_SCHEMA)],
        "statements": [{"kind": r["kind"], "category": r["category"], "value": _float(r["value"]),
                        "unit": r["unit"], "approx": r["approx"], "sentence": r["sentence"],
                        "span": [r["span_start"], r["span_end"]]}
                       for r in _named(pr.statement_rows, STATEMENT_SCHEMA)],
        "problems": pr.problems, "status": pr.status, "status_reason": pr.status_reason,
    }


def jsonl_line(path: str, pr: ParsedReport) -> tuple[str, str, bytes]:
    """(status, status_reason, the report's JSON line): all ``parse --format jsonl`` needs of a report."""
    return pr.status, pr.status_reason, orjson.dumps(report_json(path, pr)) + b"\n"
