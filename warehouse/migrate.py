"""Schema migrations, views and their comments, and the dim_cell seed — applied to the next version.

Migrations are ``sql/migrations/NNN_name.sql``, applied once each in order and recorded in
``schema_version``. Views (``sql/views/v_*.sql``) and ``sql/comments.sql`` hold no data: a load drops and
recreates them, and reloads dim_cell, whenever the fingerprint of the files they come from differs from
the one the warehouse records (``schema_fingerprint``), so a changed view file takes effect at the next
load without a migration, and an unchanged one costs nothing.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from functools import lru_cache

import duckdb

from common.errors import LoadError
from warehouse.cells import cell_frame
from warehouse.settings import CELLS_CSV, SQL_DIR
from warehouse.sqlfiles import sql

_MIGRATION = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def migrations() -> list[tuple[int, str]]:
    """(version, file stem) of every migration file, in order."""
    found = []
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        m = _MIGRATION.match(path.name)
        if not m:
            raise LoadError(f"{path}: migration files are named NNN_name.sql")
        found.append((int(m.group(1)), path.stem))
    return found


def apply_migrations(conn: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations this database has not seen; return their versions."""
    conn.execute(sql("schema_version"))
    done = {v for (v,) in conn.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for version, stem in migrations():
        if version in done:
            continue
        try:
            conn.execute(sql(f"migrations/{stem}"))
        except duckdb.Error as exc:
            raise LoadError(f"sql/migrations/{stem}.sql: {exc}") from exc
        conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, stem, datetime.now()])
        applied.append(version)
    return applied


def view_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "views").glob("v_*.sql"))


def view_order() -> list[str]:
    """View names in creation order: a view comes after the views its SQL names (a transaction cannot
    retry a failed CREATE VIEW, so the order is worked out from the text first)."""
    names = view_names()
    needs = {n: {m for m in names if m != n and re.search(rf"\b{m}\b", _body(n))} for n in names}
    ordered: list[str] = []
    while needs:
        ready = sorted(n for n, deps in needs.items() if deps <= set(ordered))
        if not ready:
            raise LoadError(f"sql/views: views depend on each other in a cycle: {sorted(needs)}")
        ordered += ready
        for n in ready:
            del needs[n]
    return ordered


def _body(name: str) -> str:
    """A view's SQL without its comments (a comment may mention another view)."""
    return re.sub(r"--[^\n]*", "", sql(f"views/{name}"))


def macro_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "macros").glob("*.sql"))


def rebuild_views(conn: duckdb.DuckDBPyConnection) -> None:
    """Drop every view and create them again from sql/views (after the macros of sql/macros they call,
    e.g. quality_weights(): settings kept in SQL), then apply sql/comments.sql."""
    for (name,) in conn.execute(sql("meta/list_views")).fetchall():
        conn.execute(f'DROP VIEW IF EXISTS "{name}"')
    for name in macro_names():
        try:
            conn.execute(sql(f"macros/{name}"))
        except duckdb.Error as exc:
            raise LoadError(f"sql/macros/{name}.sql: {str(exc).splitlines()[0]}") from exc
    for name in view_order():
        try:
            conn.execute(sql(f"views/{name}"))
        except duckdb.Error as exc:
            raise LoadError(f"sql/views/{name}.sql: {str(exc).splitlines()[0]}") from exc
    try:
        conn.execute(sql("comments"))
    except duckdb.Error as exc:
        raise LoadError(f"sql/comments.sql: {str(exc).splitlines()[0]}") from exc


def refresh_cells(conn: duckdb.DuckDBPyConnection) -> None:
    """Reload dim_cell from data/spec/canonical_cells.csv (bulk, from Arrow)."""
    stg_cell = cell_frame().to_arrow()  # noqa: F841 — read by name in the SQL below
    conn.register("stg_cell", stg_cell)
    conn.execute(sql("load/refresh_dim_cell"))
    conn.unregister("stg_cell")


def prepare(conn: duckdb.DuckDBPyConnection) -> bool:
    """Everything schema-side a load needs before it writes data. True when the views must be rebuilt
    (``rebuild_views`` then ``record_fingerprint``): the SQL or the cell seed changed since they were."""
    apply_migrations(conn)
    rows = conn.execute("SELECT fingerprint FROM schema_fingerprint").fetchall()
    views = {name for (name,) in conn.execute(sql("meta/list_views")).fetchall()}
    if rows and rows[0][0] == fingerprint() and set(view_names()) <= views:  # a view dropped by hand comes back
        return False
    refresh_cells(conn)
    return True


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """sha256 over every file the views, macros, comments, migrations and dim_cell are built from."""
    digest = hashlib.sha256()
    files = sorted([*SQL_DIR.glob("views/*.sql"), *SQL_DIR.glob("macros/*.sql"), *SQL_DIR.glob("migrations/*.sql"),
                    SQL_DIR / "comments.sql"]) + [CELLS_CSV]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def record_fingerprint(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("DELETE FROM schema_fingerprint")
    conn.execute("INSERT INTO schema_fingerprint VALUES (?, ?)", [fingerprint(), datetime.now()])
