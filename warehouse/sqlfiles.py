"""Read SQL from the ``sql/`` folder: all SQL lives in .sql files, Python only binds parameters."""

from __future__ import annotations

from functools import cache

from warehouse.settings import SQL_DIR


@cache
def sql(name: str) -> str:
    """The text of ``sql/<name>.sql`` (``name`` like ``load/insert_reports``)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
