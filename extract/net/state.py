"""Incremental harvest state: what we last saw at each URL, so a re-run asks only "has it changed?".

Why SQLite (stdlib) and not DuckDB: extract/ never touches the warehouse, and this is a small key-value
table written once per fetch by a single process; SQLite gives atomic updates without a server. Why not
JSON: a crash mid-write would lose the validators of every URL at once.

Per URL it keeps the validators (ETag, Last-Modified) for conditional GET, the sha256 of the last body
(the bytes themselves live in the raw archive, so a 304 listing page is re-read from there and its
article links are known without re-downloading), the last status, and the sha256 of the last body that
parsed successfully (so unchanged content is never parsed twice).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    etag TEXT,
    last_modified TEXT,
    content_type TEXT,
    sha256 TEXT,
    status INTEGER,
    fetched_at TEXT,
    parsed_sha256 TEXT,
    parsed_verdict TEXT
)
"""


@dataclass(slots=True)
class PageState:
    """What the last successful fetch of a URL returned."""

    url: str
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    sha256: str | None = None
    status: int | None = None
    fetched_at: str | None = None
    parsed_sha256: str | None = None
    parsed_verdict: str | None = None  # "report" (loaded into the warehouse) or "not_a_report"


class HarvestState:
    """The store under ``{data_dir}/state/harvest.sqlite``."""

    def __init__(self, data_dir: Path):
        folder = Path(data_dir) / "state"
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "harvest.sqlite"
        self._db = sqlite3.connect(self.path)
        self._db.execute(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(pages)")}
        if "parsed_verdict" not in columns:  # a state file written before the verdict was kept
            self._db.execute("ALTER TABLE pages ADD COLUMN parsed_verdict TEXT")
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HarvestState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> PageState | None:
        row = self._db.execute(
            "SELECT url, final_url, etag, last_modified, content_type, sha256, status, fetched_at, "
            "parsed_sha256, parsed_verdict FROM pages WHERE url = ?", (url,)).fetchone()
        return PageState(*row) if row else None

    def record_fetch(self, page: PageState) -> None:
        """Store validators and body hash of a 200 (or refresh fetched_at/status after a 304)."""
        self._db.execute(
            "INSERT INTO pages (url, final_url, etag, last_modified, content_type, sha256, status, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET final_url = excluded.final_url,"
            " etag = excluded.etag, last_modified = excluded.last_modified,"
            " content_type = excluded.content_type, sha256 = excluded.sha256, status = excluded.status,"
            " fetched_at = excluded.fetched_at",
            (page.url, page.final_url, page.etag, page.last_modified, page.content_type, page.sha256,
             page.status, page.fetched_at))
        self._db.commit()

    def record_parsed(self, url: str, sha256: str | None, verdict: str = "report") -> None:
        """Remember which body of ``url`` was parsed and stored (None: the last parse failed), and whether it
        was a report (then it is in the warehouse) or not a report (nothing to store)."""
        self._db.execute("UPDATE pages SET parsed_sha256 = ?, parsed_verdict = ? WHERE url = ?",
                         (sha256, verdict, url))
        self._db.commit()
