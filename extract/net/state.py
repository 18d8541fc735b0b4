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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from common.errors import NianbaoError

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
);
-- URLs given up for one run because the server asked for a long pause (Retry-After beyond the cap);
-- the next run asks again, and a successful fetch removes the row.
CREATE TABLE IF NOT EXISTS deferred (
    url TEXT PRIMARY KEY,
    reason TEXT,
    retry_after_s REAL,
    deferred_at TEXT
);
-- Report pages loaded into the warehouse, with the list entry they were found under and what the pipeline
-- needs to describe them without asking (extract.net.recall): one row per article page, rewritten after
-- each successful load of it, removed when the page fails or is no longer a report.
CREATE TABLE IF NOT EXISTS remembered (
    page_url TEXT PRIMARY KEY,
    listed_title TEXT,
    listed_date TEXT,
    document_url TEXT NOT NULL,
    title TEXT,
    organ TEXT,
    year INTEGER,
    published TEXT,
    from_attachment INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    recorded_at TEXT
);
"""


class StateError(NianbaoError):
    """Raised by extract.net.state when the state file cannot be read or written (damaged, disk full)."""


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


@dataclass(slots=True)
class RememberedPage:
    """A report page as last loaded, and its list entry; ``current`` says whether the document's last fetched
    body is the one parsed and kept as a report (else the row describes an older body and is not used)."""

    page_url: str
    listed_title: str | None
    listed_date: str | None
    document_url: str
    title: str | None
    organ: str | None
    year: int | None
    published: str | None
    from_attachment: bool
    sha256: str
    current: bool = False


class HarvestState:
    """The store under ``{data_dir}/state/harvest.sqlite``."""

    def __init__(self, data_dir: Path):
        folder = Path(data_dir) / "state"
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "harvest.sqlite"
        self._db = sqlite3.connect(self.path)
        try:
            with self._guard():
                # WAL with synchronous=NORMAL: a commit appends to the log without an fsync (a rollback-journal
                # commit cost ~18 ms of fsyncs on the loaded machine, once per fetch: ~1.8 s of a 100-page warm
                # night). A killed process loses nothing (the log is in the page cache); a power cut may lose
                # the last commits, never order: the state then lags the warehouse (written and fsynced before
                # record_parsed) and the next night asks and parses again, it never claims what is not there.
                # The log is checkpointed back every 32 pages and cut to 128 KB, so it never holds much of the
                # disk: a nearly full disk still fails at the warehouse copy, with that reason, not here.
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute("PRAGMA wal_autocheckpoint=32")
                self._db.execute("PRAGMA journal_size_limit=131072")
                self._db.executescript(_SCHEMA)
                columns = {row[1] for row in self._db.execute("PRAGMA table_info(pages)")}
                if "parsed_verdict" not in columns:  # a state file written before the verdict was kept
                    self._db.execute("ALTER TABLE pages ADD COLUMN parsed_verdict TEXT")
                self._db.commit()
        except StateError:
            self._db.close()
            raise

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """sqlite3 errors as one line that says what to do (a traceback helps no one at 2 a.m.)."""
        try:
            yield
        except sqlite3.Error as exc:
            text = str(exc)
            if "full" in text:
                advice = "free space and re-run (pages fetched so far are in the raw archive)"
            elif "malformed" in text or "not a database" in text or not isinstance(exc, sqlite3.OperationalError):
                advice = ("it is damaged: move it aside and re-run (every page is fetched again; bodies "
                          "already in the raw archive are kept)")
            else:
                advice = "check the file and its folder, then re-run"
            raise StateError(f"{self.path}: harvest state unusable ({text}); {advice}") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HarvestState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> PageState | None:
        with self._guard():
            row = self._db.execute(
                "SELECT url, final_url, etag, last_modified, content_type, sha256, status, fetched_at, "
                "parsed_sha256, parsed_verdict FROM pages WHERE url = ?", (url,)).fetchone()
        return PageState(*row) if row else None

    def record_fetch(self, page: PageState) -> None:
        """Store validators and body hash of a 200 (or refresh fetched_at/status after a 304)."""
        with self._guard():
            self._record_fetch(page)

    def _record_fetch(self, page: PageState) -> None:
        self._db.execute("DELETE FROM deferred WHERE url = ?", (page.url,))
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
        with self._guard():
            self._db.execute("UPDATE pages SET parsed_sha256 = ?, parsed_verdict = ? WHERE url = ?",
                             (sha256, verdict, url))
            self._db.commit()

    def record_deferred(self, url: str, reason: str, retry_after_s: float | None) -> None:
        """Remember that ``url`` was left for the next run, and why."""
        with self._guard():
            self._db.execute(
                "INSERT INTO deferred (url, reason, retry_after_s, deferred_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET reason = excluded.reason, retry_after_s = excluded.retry_after_s,"
                " deferred_at = excluded.deferred_at",
                (url, reason, retry_after_s, datetime.now(UTC).isoformat(timespec="seconds")))
            self._db.commit()

    def deferred(self) -> list[tuple[str, str]]:
        """(url, reason) of every URL waiting for the next run."""
        with self._guard():
            return self._db.execute("SELECT url, reason FROM deferred ORDER BY url").fetchall()

    def remember(self, pages: list[RememberedPage]) -> None:
        """Store (replace) the rows of report pages whose load succeeded."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._guard():
            self._db.executemany(
                "INSERT OR REPLACE INTO remembered (page_url, listed_title, listed_date, document_url, title, organ,"
                " year, published, from_attachment, sha256, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(p.page_url, p.listed_title, p.listed_date, p.document_url, p.title, p.organ, p.year, p.published,
                  int(p.from_attachment), p.sha256, now) for p in pages])
            self._db.commit()

    def forget(self, page_urls: list[str]) -> None:
        """Drop the rows of pages that failed or are no longer reports: they are asked again next night."""
        with self._guard():
            self._db.executemany("DELETE FROM remembered WHERE page_url = ?", [(u,) for u in page_urls])
            self._db.commit()

    def remembered(self) -> dict[str, RememberedPage]:
        """page URL → its remembered row, read in one query (a warm night looks up every list entry)."""
        with self._guard():
            rows = self._db.execute(
                "SELECT r.page_url, r.listed_title, r.listed_date, r.document_url, r.title, r.organ, r.year,"
                " r.published, r.from_attachment, r.sha256,"
                " coalesce(p.sha256 = r.sha256 AND p.parsed_sha256 = r.sha256 AND p.parsed_verdict = 'report',"
                " 0) FROM remembered r LEFT JOIN pages p ON p.url = r.document_url").fetchall()
        return {row[0]: RememberedPage(*row[:8], bool(row[8]), row[9], bool(row[10])) for row in rows}
