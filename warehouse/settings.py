"""Where the warehouse lives and which DuckDB storage format it is written in — one place, with reasons.

Defaults sit here (Scrapy's default_settings habit) so that the loader, the export and the CLI cannot
disagree about a path.
"""

from __future__ import annotations

import os
from pathlib import Path

from common.paths import CELLS_CSV, SQL_DIR, data_dir  # noqa: F401  (one home for paths)

WAREHOUSE_FILE = "warehouse.duckdb"  # the published file analysts open (read-only)
LOCK_FILE = "warehouse.lock"  # one load at a time (fcntl.flock)

# Issue 10: duckdb 2.0 writes storage version 69 by default, which the DuckDB CLI analysts have
# (1.5.x from PyPI's duckdb-cli, older in distributions) refuses to open ("can only read versions between
# 64 and 68"). DuckDB 2.0 can still write the 1.5 format when a file is created, so the published file is
# written as v1.5.0 unless NIANBAO_STORAGE_VERSION says otherwise (e.g. "v2.0.0" once clients catch up, or
# an older one such as "v1.1.0" for older clients — untested). A change re-encodes the file at the next load.
DEFAULT_STORAGE_VERSION = "v1.5.0"


def warehouse_path(db_path: str | os.PathLike[str] | None = None) -> Path:
    return Path(db_path) if db_path else data_dir() / WAREHOUSE_FILE


def storage_version() -> str:
    return os.environ.get("NIANBAO_STORAGE_VERSION") or DEFAULT_STORAGE_VERSION
