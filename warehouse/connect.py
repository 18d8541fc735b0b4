"""Read-only connections to the published warehouse: how analysts and the export open it.

Read-only is the contract that lets the nightly load run while analysts query (warehouse.publish): a
read-only connection takes a shared lock, holds its own inode, and never blocks the swap.

``read_only=True`` alone only protects the file it opens: through it, DuckDB can still ATTACH other files
read-write, COPY to any path, read any file (``read_csv('/etc/passwd')``) and install extensions (issue 14).
``connect_locked`` is for SQL written by someone else (``nianbao sql``): no file system access at all
beyond the opened file, no extensions, and the configuration locked so no statement can undo that.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.errors import WarehouseMissing
from warehouse.settings import warehouse_path

# Applied when the connection opens; ``lock_configuration`` last, so that SET/RESET of any option fails.
LOCKED_CONFIG = {
    "enable_external_access": False,  # no ATTACH, COPY TO/FROM, read_csv/read_text/glob of files, EXPORT
    "autoinstall_known_extensions": False,  # never download code
    "autoload_known_extensions": False,  # never load code that happens to be installed
    "allow_community_extensions": False,
    "lock_configuration": True,
}


def quiet(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No progress bar on this connection. DuckDB draws one on the terminal for queries over 2 s (an export
    of a large county); our commands print their own progress, and the bar's carriage returns garble logs.
    A session SET, not connect(config=…): a config differing from another connection's to the same
    database in this process is refused."""
    conn.execute("SET enable_progress_bar = false")
    return conn


def connect_readonly(db_path: str | Path | None = None, *, locked: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse read-only; ``locked``: also with LOCKED_CONFIG (untrusted SQL)."""
    path = warehouse_path(db_path)
    if not path.exists():
        raise WarehouseMissing(f"{path}: no warehouse here yet; run a load first (or set NIANBAO_DATA)")
    if not path.is_file():
        raise WarehouseMissing(f"{path}: not a file; move it aside and run a load")
    try:
        conn = duckdb.connect(str(path), read_only=True, config=dict(LOCKED_CONFIG) if locked else {})
    except duckdb.Error as exc:
        # A damaged file cannot be repaired in place; the harvest compares what it would load with what the
        # warehouse holds (loaded_sha256), so a run into an empty place loads every report again.
        raise WarehouseMissing(f"{path}: cannot open read-only ({str(exc).splitlines()[0]}); if it is damaged, "
                               "move it aside and re-run the harvest to rebuild it") from exc
    # quiet() is a SET, which a locked configuration refuses (and connect() refuses it as a config option):
    # `nianbao sql` keeps DuckDB's bar for a long query, where a person watches it anyway
    return conn if locked else quiet(conn)


def loaded_sha256(source_name: str, db_path: str | Path | None = None) -> set[str]:
    """The document hashes the published warehouse holds for a source (empty when there is no warehouse)."""
    from warehouse.sqlfiles import sql

    path = warehouse_path(db_path)
    if not path.exists():
        return set()
    with connect_readonly(path) as conn:
        return {sha for (sha,) in conn.execute(sql("load/loaded_sha256"), [source_name]).fetchall()}


def connect_locked(db_path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    return connect_readonly(db_path, locked=True)
