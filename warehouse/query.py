"""``nianbao sql``: run an analyst's query on a read-only connection and render the rows."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connect import connect_readonly
from warehouse.errors import QueryError


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(query: str, params: list[Any] | None = None, db_path: str | Path | None = None) -> QueryResult:
    conn = connect_readonly(db_path)
    try:
        rel = conn.execute(query, params or [])
        rows = rel.fetchall()
        columns = [d[0] for d in rel.description or []]
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from exc
    finally:
        conn.close()
    return QueryResult(columns, rows)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def display(value: Any) -> str:
    """A value for the terminal table: integral floats without '.0' (counts are stored as DOUBLE)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(_plain(value))


def as_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([["" if v is None else _plain(v) for v in row] for row in result.rows])
    return out.getvalue()


def as_json(result: QueryResult) -> str:
    records = [{c: _plain(v) for c, v in zip(result.columns, row, strict=True)} for row in result.rows]
    return json.dumps(records, ensure_ascii=False, indent=1, default=str)
