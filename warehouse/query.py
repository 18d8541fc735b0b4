"""``nianbao sql``: run an analyst's SQL on a locked read-only connection and render the rows.

What it can do: read the published warehouse (tables, views, DuckDB's own functions). What it cannot do:
write anything (the file is opened read-only), reach any other file (no ATTACH, COPY, read_csv, EXPORT),
load or install extensions, or change those settings (warehouse.connect.LOCKED_CONFIG). Analysts who need
files open the warehouse with the DuckDB CLI themselves: ``duckdb -readonly data/warehouse.duckdb``.
"""

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

from warehouse.connect import connect_locked
from warehouse.errors import QueryError


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    statement: str = ""  # the SQL text these rows answer


def run_query(query: str, params: list[Any] | dict[str, Any] | None = None,
              db_path: str | Path | None = None) -> QueryResult:
    """One statement's rows (the last one's, when the text holds several)."""
    results = run_queries(query, params, db_path)
    return results[-1] if results else QueryResult([], [])


def run_queries(text: str, params: list[Any] | dict[str, Any] | None = None,
                db_path: str | Path | None = None) -> list[QueryResult]:
    """Every statement of ``text``, in order, each with its rows; stops at the first that fails.

    Statements are split by DuckDB's own parser (a ';' inside a string literal does not split).
    """
    conn = connect_locked(db_path)
    out: list[QueryResult] = []
    try:
        try:
            statements = conn.extract_statements(text)
        except duckdb.Error as exc:
            raise QueryError(f"query failed: {_first_line(exc)}") from exc
        if not statements:
            raise QueryError("no SQL statement given")
        for number, statement in enumerate(statements, 1):
            try:
                # parameters (``?`` and ``$name`` alike) go only to statements that use them
                rel = conn.execute(statement, params if statement.named_parameters else None)
                rows = rel.fetchall()
                columns = [d[0] for d in rel.description or []]
            except duckdb.Error as exc:
                where = f"statement {number} of {len(statements)}: " if len(statements) > 1 else ""
                raise QueryError(f"query failed: {where}{_first_line(exc)}") from exc
            out.append(QueryResult(columns, rows, statement.query.strip()))
    finally:
        conn.close()
    return out


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


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
