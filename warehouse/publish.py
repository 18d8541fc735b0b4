"""Build the next warehouse beside the published one and swap it in: analysts never see a half load.

Pattern (issue 4 item 5): ``data/warehouse.duckdb`` is never written in place. A load copies it to
``data/warehouse.duckdb.next``, writes the batch there inside one transaction, checkpoints, closes, and
``os.replace``-s the copy over the published file. On Linux the rename is atomic: a reader that holds the
old file open keeps its inode and keeps seeing the old state; a reader that connects afterwards sees the
new one. A load killed at any point (SIGKILL included) leaves the published file untouched and a stale
``.next`` file that the next load deletes. ``data/warehouse.lock`` (fcntl.flock, released by the kernel
when the process dies) keeps two loads from running at once.

Why a copy rather than short write windows: DuckDB lets one process write a file and refuses every other
process while it does, so in-place writes would lock readers out (or fail when a reader holds it).

The copy is a byte copy (``shutil.copyfile``) made while a read-only ATTACH holds a shared lock, so no
writer can be changing the file. Measured here: 1.3 ms for the 4.5 MB file of 200 reports (sample-portal
size), 25 ms for 14 MB / 1.1M facts; a load with nothing new (copy + migrations + views + swap) takes
0.12-0.17 s. Re-encoding through ``COPY FROM DATABASE`` costs ~2.7 s for 4M rows, so it runs only when the
published file's storage version differs from the configured one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from common.errors import LoadError
from common.locks import exclusive_lock
from warehouse.connect import quiet
from warehouse.settings import LOCK_FILE, storage_version

_VERSION_OK = re.compile(r"^v\d+\.\d+\.\d+$")  # DuckDB tags files "v1.5.0+"; "latest" has no stable tag


def next_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.next")  # matches .gitignore's data/warehouse.duckdb*


def quote_literal(text: str) -> str:
    """A SQL string literal, for the file paths of ATTACH (DuckDB does not bind parameters there)."""
    return "'" + text.replace("'", "''") + "'"


def load_lock(db_path: Path) -> contextlib.AbstractContextManager[None]:
    """Hold ``warehouse.lock`` beside the warehouse; fail at once if another load holds it."""
    lock = db_path.parent / LOCK_FILE
    return exclusive_lock(lock, lambda pid: LoadError(f"{lock}: another load is running (pid {pid})"))


def _remove_stale(path: Path) -> None:
    for stale in (path, Path(f"{path}.wal")):
        stale.unlink(missing_ok=True)


def _configured_version() -> str:
    version = storage_version()
    if not _VERSION_OK.match(version):
        raise LoadError(f"NIANBAO_STORAGE_VERSION={version!r}: expected a DuckDB version like 'v1.5.0'")
    return version


def _seed(conn: duckdb.DuckDBPyConnection, db_path: Path, nxt: Path, version: str) -> None:
    """Attach the next version as ``w``, holding a copy of the published data when there is one."""
    option = f"(STORAGE_VERSION {quote_literal(version)})"
    if not db_path.exists():
        conn.execute(f"ATTACH {quote_literal(str(nxt))} AS w {option}")
        return
    try:
        conn.execute(f"ATTACH {quote_literal(str(db_path))} AS cur (READ_ONLY)")
    except duckdb.Error as exc:
        raise LoadError(f"{db_path}: cannot open the published warehouse read-only ({exc}); "
                        "analysts must connect with read_only=True / duckdb -readonly") from exc
    tags = conn.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'cur'"
                        ).fetchall()
    stored = (tags[0][0] or "").rstrip("+") if tags else ""
    if stored == version:
        shutil.copyfile(db_path, nxt)
        conn.execute("DETACH cur")
        conn.execute(f"ATTACH {quote_literal(str(nxt))} AS w")
    else:  # storage version changed by configuration: re-encode everything once
        conn.execute(f"ATTACH {quote_literal(str(nxt))} AS w {option}")
        conn.execute("COPY FROM DATABASE cur TO w")
        conn.execute("DETACH cur")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def next_version(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection whose default database is the next version; publish it when the block ends.

    If the block raises, the next version is deleted and the published file is as it was.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    version = _configured_version()
    with load_lock(db_path):
        nxt = next_path(db_path)
        _remove_stale(nxt)
        conn = quiet(duckdb.connect())
        try:
            _seed(conn, db_path, nxt, version)
            conn.execute("USE w")
            yield conn
            conn.execute("USE memory")
            conn.execute("CHECKPOINT w")
            conn.execute("DETACH w")
        except BaseException:
            conn.close()
            _remove_stale(nxt)
            raise
        conn.close()
        _fsync(nxt)
        os.replace(nxt, db_path)
        _fsync(db_path.parent)
