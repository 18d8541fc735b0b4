"""Read-only connections to the published warehouse: how analysts and the export open it.

Read-only is the contract that lets the nightly load run while analysts query (warehouse.publish): a
read-only connection takes a shared lock, holds its own inode, and never blocks the swap.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.errors import WarehouseMissing
from warehouse.settings import warehouse_path


def connect_readonly(db_path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    path = warehouse_path(db_path)
    if not path.exists():
        raise WarehouseMissing(f"{path}: no warehouse here yet; run a load first (or set NIANBAO_DATA)")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise WarehouseMissing(f"{path}: cannot open read-only: {str(exc).splitlines()[0]}") from exc


def loaded_sha256(source_name: str, db_path: str | Path | None = None) -> set[str]:
    """The document hashes the published warehouse holds for a source (empty when there is no warehouse)."""
    from warehouse.sqlfiles import sql

    path = warehouse_path(db_path)
    if not path.exists():
        return set()
    with connect_readonly(path) as conn:
        return {sha for (sha,) in conn.execute(sql("load/loaded_sha256"), [source_name]).fetchall()}
