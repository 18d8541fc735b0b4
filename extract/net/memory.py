"""What the fetcher remembers between runs: validators in the state store, bodies in the raw archive.

Kept apart from extract.net.fetch so that the network module does not know where things are stored, and
apart from extract.net.state so that the state store does not know about HTTP results.
"""

from __future__ import annotations

from extract.net.archive import ArchiveError, FetchRecord, RawArchive
from extract.net.fetch import FetchResult, Validators
from extract.net.state import HarvestState, PageState

# Response headers worth keeping beside an archived body (the rest is noise such as Date or Server).
_KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-length", "content-encoding",
                 "content-disposition")


class ArchiveMemory:
    """FetchMemory backed by HarvestState (validators, sha256) and RawArchive (bytes)."""

    def __init__(self, state: HarvestState, archive: RawArchive):
        self.state = state
        self.archive = archive

    def validators(self, url: str) -> Validators | None:
        page = self.state.get(url)
        if page is None or not (page.etag or page.last_modified) or not page.sha256:
            return None
        if not self.archive.has(page.sha256):
            return None  # a 304 would be useless without the bytes it refers to
        return Validators(page.etag, page.last_modified)

    def recall(self, url: str) -> tuple[bytes, str, dict[str, str], str | None] | None:
        page = self.state.get(url)
        if page is None or not page.sha256:
            return None
        try:
            body = self.archive.get(page.sha256)
        except ArchiveError:
            return None
        headers = {k: v for k, v in (("content-type", page.content_type), ("etag", page.etag),
                                     ("last-modified", page.last_modified)) if v}
        return body, page.sha256, headers, page.final_url

    def remember(self, result: FetchResult) -> None:
        kept = {k: v for k, v in result.headers.items() if k in _KEPT_HEADERS}
        result.sha256 = self.archive.put(result.body, FetchRecord(
            url=result.url, final_url=result.final_url, status=result.status, headers=kept,
            fetched_at=result.fetched_at))
        result.body_path = str(self.archive.path(result.sha256))
        previous = self.state.get(result.url)
        self.state.record_fetch(PageState(
            url=result.url, final_url=result.final_url, etag=result.headers.get("etag"),
            last_modified=result.headers.get("last-modified"), content_type=result.content_type,
            sha256=result.sha256, status=result.status, fetched_at=result.fetched_at,
            parsed_sha256=previous.parsed_sha256 if previous else None))

    def touched(self, result: FetchResult) -> None:
        if result.sha256:
            result.body_path = str(self.archive.path(result.sha256))
        page = self.state.get(result.url)
        if page is None:
            return
        page.status, page.fetched_at = 304, result.fetched_at
        # a 304 may carry refreshed validators (RFC 9110 §15.4.5)
        page.etag = result.headers.get("etag") or page.etag
        page.last_modified = result.headers.get("last-modified") or page.last_modified
        self.state.record_fetch(page)

    def deferred(self, url: str, reason: str, retry_after: float | None) -> None:
        self.state.record_deferred(url, reason, retry_after)
