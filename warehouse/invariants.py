"""The warehouse's invariants, as SQL: each ``sql/tests/*.sql`` is a query that must return no row.

They run inside every load, on the next version, after its rows are written and before it is published
(dbt's data tests, run at the one moment they can still stop bad data). A query that returns rows refuses
the publish with one line naming the file, how many rows, and the first row's ``detail``; the published
warehouse stays as it was. A query may bind ``$load_id`` (the load being checked) to look only at what
that load wrote, where older rows cannot have changed.
"""

from __future__ import annotations

import duckdb

from common.errors import LoadError
from warehouse.settings import SQL_DIR
from warehouse.sqlfiles import sql


def invariant_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "tests").glob("*.sql"))


def violations(conn: duckdb.DuckDBPyConnection, load_id: int) -> list[str]:
    """One line per invariant that does not hold (empty when all hold)."""
    found = []
    for name in invariant_names():
        text = sql(f"tests/{name}")
        try:
            cur = conn.execute(text, {"load_id": load_id} if "$load_id" in text else None)
            columns = [d[0] for d in cur.description]
            rows = cur.fetchall()
        except duckdb.Error as exc:
            raise LoadError(f"sql/tests/{name}.sql: {str(exc).splitlines()[0]}") from exc
        if rows:
            first = dict(zip(columns, rows[0], strict=True))
            found.append(f"sql/tests/{name}.sql: {len(rows)} row(s), e.g. {first.get('detail', rows[0])}")
    return found


def check(conn: duckdb.DuckDBPyConnection, load_id: int, db_path: object) -> None:
    """Raise LoadError (publish refused, warehouse unchanged) if any invariant fails."""
    failed = violations(conn, load_id)
    if failed:
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        raise LoadError(f"{db_path}: invariant failed, load refused, warehouse unchanged: {failed[0]}{more}")
