"""One portal, one run: discover → fetch → parse, and an outcome for every report found.

Why parsing happens here and not in a later stage: the decision "is this new, changed or unchanged?"
needs the fetch (304, sha256) and the last successful parse together, and the parse result must be handed
to whatever loads it (the warehouse, or Parquet until it exists). Bytes are in the raw archive before any
parse is attempted, so a parser bug never costs a download.

The public function is synchronous (``asyncio.run`` inside) so that the CLI and Prefect tasks call it the
same way.

A body is remembered as parsed (so the next run skips it) only once its consumer has stored the parse:
``harvest_source(deliver=…)`` records it after ``deliver`` returns, the batched flow calls
``mark_delivered`` after its load. Recording it at parse time lost reports for good when the run died (or
the load failed) between parse and load: the next run saw "unchanged" and loaded nothing (found by
tests/test_reliability_crash.py). One harvest per data folder runs at a time (common.locks).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from common.errors import FetchError, NianbaoError
from common.locks import harvest_lock
from extract.net.archive import RawArchive
from extract.net.discover import Discovery, PortalConfig, ReportPage, discover, report_title_year
from extract.net.fetch import AllowedHosts, Fetcher, FetchResult
from extract.net.memory import ArchiveMemory
from extract.net.settings import FetchSettings
from extract.net.sources import Source
from extract.net.state import HarvestState

if TYPE_CHECKING:
    from transform.pipeline import ParsedReport

Status = Literal["new", "changed", "unchanged", "failed"]
# (stage, url, done, total): stage is "discover" while lists are read, then "report" per report handled.
Progress = Callable[[str, str, int, int | None], None]


@dataclass(slots=True)
class ReportOutcome:
    """What happened to one report in this run, with its provenance."""

    status: Status
    url: str  # the article (or channel) page that presents the report
    document_url: str  # what was parsed: the page itself, or its attachment
    source: str  # source registry name
    sample: bool  # generated sample data, never real numbers
    title: str | None = None
    organ: str | None = None
    year: int | None = None
    published: str | None = None  # the page's 发布时间
    final_url: str | None = None
    sha256: str | None = None
    fetched_at: str | None = None
    http_status: int | None = None  # 200 or 304
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    from_attachment: bool = False
    reason: str | None = None  # why it failed
    parsed: ParsedReport | None = None  # for new / changed


@dataclass(slots=True)
class PageFailure:
    url: str
    reason: str


@dataclass(slots=True)
class HarvestResult:
    source: str
    sample: bool
    base_url: str
    started_at: str
    finished_at: str = ""
    outcomes: list[ReportOutcome] = field(default_factory=list)
    skipped: list[tuple[str, str | None, str]] = field(default_factory=list)  # (url, title, reason)
    page_failures: list[PageFailure] = field(default_factory=list)  # lists that could not be read
    counters: dict[str, int] = field(default_factory=dict)  # by reason: fetch/304, fetch/retry/http503 …
    pages_seen: int = 0
    work_seconds: float = 0.0  # time spent inside this module's steps (orchestrators compare their wall time)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def found(self) -> int:
        return len(self.outcomes)

    @property
    def failures(self) -> list[tuple[str, str]]:
        """Every failure with its reason: reports that failed, then pages that could not be read."""
        return [(o.url, o.reason or "?") for o in self.outcomes if o.status == "failed"] + \
            [(f.url, f.reason) for f in self.page_failures]


def harvest_source(source: Source, data_dir: Path, base_url_override: str | None = None, year: int | None = None,
                   limit: int | None = None, progress: Progress | None = None,
                   settings: FetchSettings | None = None,
                   deliver: Callable[[HarvestResult], None] | None = None) -> HarvestResult:
    """Harvest one source into ``data_dir`` (raw archive + state) and return per-report outcomes.

    ``deliver`` (e.g. the warehouse load) runs while the harvest lock is still held; only when it returns
    are the new and changed bodies recorded as parsed. If it raises, nothing is recorded and the next run
    parses (and delivers) them again. Raises HarvestRunning if another harvest holds ``data_dir``.
    """
    source, settings = prepare(source, base_url_override, settings)
    with harvest_lock(Path(data_dir)):
        t0 = time.perf_counter()
        result = asyncio.run(_harvest(source, Path(data_dir), year, limit, progress, settings, deliver))
        result.work_seconds = time.perf_counter() - t0
    return result


DELIVER_EVERY = 200  # parsed reports handed on (loaded) together: bounds memory (~0.1 MB each) and loads


@contextlib.asynccontextmanager
async def _session(source: Source, data_dir: Path, settings: FetchSettings):
    """The state store and a polite fetcher for one source; the base URL's own host:port is always
    allowed (bare hosts in the registry allow default ports)."""
    allowed = AllowedHosts([*source.allowed_hosts, urlsplit(source.base_url).netloc])
    with HarvestState(data_dir) as state:
        async with Fetcher(allowed, settings, ArchiveMemory(state, RawArchive(data_dir))) as fetcher:
            yield state, fetcher


def _deliver(data_dir: Path, result: HarvestResult, chunk: list[ReportOutcome],
             deliver: Callable[[HarvestResult], None] | None) -> None:
    """Hand a chunk of outcomes on (the warehouse load), record its parses, then let the parses go."""
    if not chunk:
        return
    if deliver is not None:
        part = HarvestResult(result.source, result.sample, result.base_url, result.started_at, outcomes=chunk)
        deliver(part)
    mark_delivered(data_dir, chunk)
    for o in chunk:
        o.parsed = None  # loaded: the counts and reasons stay, the facts are in the warehouse


def mark_delivered(data_dir: Path, outcomes: list[ReportOutcome]) -> None:
    """Record the parsed bodies of new and changed outcomes, so that the next run skips them.

    Call it only once the parses are stored (loaded): a body recorded here is never parsed again.
    """
    done = [o for o in outcomes if o.status in ("new", "changed") and o.parsed is not None and o.sha256]
    if not done:
        return
    with HarvestState(Path(data_dir)) as state:
        for o in done:
            state.record_parsed(o.document_url, o.sha256)


async def _harvest(source: Source, data_dir: Path, year: int | None, limit: int | None,
                   progress: Progress | None, settings: FetchSettings,
                   deliver: Callable[[HarvestResult], None] | None = None) -> HarvestResult:
    result = HarvestResult(source.name, source.sample, source.base_url, _now())
    portal = PortalConfig(tuple(source.entry_urls()), source.channel_link_texts, source.expected_organs)
    seen = 0

    def on_page(kind: str, url: str) -> None:
        nonlocal seen
        seen += 1
        if progress:
            progress("discover", url, seen, None)

    async with _session(source, data_dir, settings) as (state, fetcher):
        found = await discover(portal, fetcher, year=year, limit=limit, on_page=on_page)
        _record_discovery(result, found, source)
        documents: dict[str, ReportOutcome] = {}
        pending: list[ReportOutcome] = []
        total = len(found.reports)
        for i in range(total):
            page, found.reports[i] = found.reports[i], None  # let each page's body go once handled
            if page.document_url in documents:  # two pages presenting one file: one report
                result.skipped.append((page.page_url, page.title,
                                       f"same document as {documents[page.document_url].url}"))
                continue
            outcome = await _fetch_and_parse(page, source, fetcher, state)
            documents[page.document_url] = outcome
            result.outcomes.append(outcome)
            if outcome.parsed is not None and deliver is not None:
                pending.append(outcome)
            if len(pending) >= DELIVER_EVERY:
                _deliver(data_dir, result, pending, deliver)
                pending = []
            if progress:
                progress("report", page.page_url, i + 1, total)
        _deliver(data_dir, result, pending, deliver)
        if deliver is None:  # the caller keeps every parse; recorded as before, once all are handled
            mark_delivered(data_dir, result.outcomes)
        result.outcomes += [o for o in _failed_articles(found, source)]
        result.counters = dict(sorted(Counter(fetcher.counters).items()))
        result.page_failures += [PageFailure(u, r) for u, r in fetcher.refused
                                 if u not in {f.url for f in result.page_failures}
                                 and u not in {o.url for o in result.outcomes}]
    result.finished_at = _now()
    return result


def _record_discovery(result: HarvestResult, found: Discovery, source: Source) -> None:
    result.pages_seen = found.pages_seen
    result.skipped += [(s.url, s.title, s.reason) for s in found.skipped]
    result.page_failures += [PageFailure(f.url, f.reason) for f in found.failures
                             if report_title_year(f.title) is None]


def _failed_articles(found: Discovery, source: Source) -> list[ReportOutcome]:
    """Article pages whose list title names a report but which could not be fetched: failed reports."""
    return [ReportOutcome("failed", f.url, f.url, source.name, source.sample, title=f.title,
                          year=report_title_year(f.title), reason=f.reason)
            for f in found.failures if report_title_year(f.title) is not None]


async def _fetch_and_parse(page: ReportPage, source: Source, fetcher: Fetcher,
                           state: HarvestState) -> ReportOutcome:
    outcome = ReportOutcome("failed", page.page_url, page.document_url, source.name, source.sample,
                            title=page.title, organ=page.organ, year=page.year, published=page.published,
                            from_attachment=page.from_attachment)
    doc: FetchResult = page.page
    if page.document_url != page.page_url:
        try:
            doc = await fetcher.get(page.document_url)
        except FetchError as exc:
            outcome.reason = f"attachment {page.document_url}: {exc.reason}"
            return outcome
    outcome.final_url, outcome.sha256, outcome.fetched_at = doc.final_url, doc.sha256, doc.fetched_at
    outcome.http_status, outcome.content_type = doc.status, doc.content_type
    outcome.etag, outcome.last_modified = doc.headers.get("etag"), doc.headers.get("last-modified")
    known = state.get(page.document_url)
    parsed_before = known.parsed_sha256 if known else None
    if parsed_before is not None and parsed_before == doc.sha256:
        outcome.status = "unchanged"
        return outcome
    try:
        parsed = _parse(doc.body, page.document_url, doc.content_type)
    except NianbaoError as exc:
        outcome.reason = f"parse: {exc}"
        return outcome
    except Exception as exc:  # a parser bug on one report must not stop the others; it is reported
        outcome.reason = f"parse crashed: {type(exc).__name__}: {exc}"
        return outcome
    outcome.status = "changed" if parsed_before else "new"  # recorded as parsed by mark_delivered
    outcome.parsed = parsed
    return outcome


def _parse(body: bytes, name: str, content_type: str | None) -> ParsedReport:
    # Imported here so that discovery and fetching work (and are testable) while the parser is rebuilt.
    from transform.pipeline import parse_document

    return parse_document(body, name, content_type).slim()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---- the same run in two steps, for orchestrators that map the fetch over batches (flows/harvest.py) ----


def prepare(source: Source, base_url_override: str | None = None,
            settings: FetchSettings | None = None) -> tuple[Source, FetchSettings]:
    """The source on its actual base URL, and its politeness settings."""
    if base_url_override:
        source = source.with_base_url(base_url_override)
    if settings is None:
        settings = FetchSettings(concurrency_per_host=source.per_host_concurrency, delay_s=source.delay_seconds)
    return source, settings


def discover_reports(source: Source, data_dir: Path, year: int | None = None, limit: int | None = None,
                     settings: FetchSettings | None = None) -> tuple[HarvestResult, list[ReportPage]]:
    """Step 1: read the portal's lists; return the run's record so far and the report pages to fetch.

    ``source`` must already be on its actual base URL (``prepare``). Pages presenting the same document are
    reduced to one here, so that batches of pages never fetch one file twice.
    """
    _, settings = prepare(source, None, settings)
    t0 = time.perf_counter()
    result, pages = asyncio.run(_discover_only(source, Path(data_dir), year, limit, settings))
    result.work_seconds = time.perf_counter() - t0
    return result, pages


async def _discover_only(source: Source, data_dir: Path, year: int | None, limit: int | None,
                         settings: FetchSettings) -> tuple[HarvestResult, list[ReportPage]]:
    result = HarvestResult(source.name, source.sample, source.base_url, _now())
    portal = PortalConfig(tuple(source.entry_urls()), source.channel_link_texts, source.expected_organs)
    pages: list[ReportPage] = []
    async with _session(source, data_dir, settings) as (state, fetcher):
        found = await discover(portal, fetcher, year=year, limit=limit)
        _record_discovery(result, found, source)
        first: dict[str, ReportPage] = {}
        for page in found.reports:
            if page.document_url in first:
                result.skipped.append((page.page_url, page.title,
                                       f"same document as {first[page.document_url].page_url}"))
                continue
            first[page.document_url] = page
            pages.append(page)
        result.outcomes += _failed_articles(found, source)
        result.counters = dict(Counter(fetcher.counters))
        result.page_failures += [PageFailure(u, r) for u, r in fetcher.refused
                                 if u not in {f.url for f in result.page_failures}]
    return result, pages


def fetch_reports(source: Source, pages: list[ReportPage], data_dir: Path,
                  settings: FetchSettings | None = None) -> HarvestResult:
    """Step 2: fetch (attachments), archive and parse one batch of report pages found by step 1.

    Nothing is recorded as parsed here: the caller calls ``mark_delivered`` once the batch is loaded.
    """
    _, settings = prepare(source, None, settings)
    t0 = time.perf_counter()
    result = asyncio.run(_fetch_only(source, pages, Path(data_dir), settings))
    result.work_seconds = time.perf_counter() - t0
    return result


async def _fetch_only(source: Source, pages: list[ReportPage], data_dir: Path,
                      settings: FetchSettings) -> HarvestResult:
    result = HarvestResult(source.name, source.sample, source.base_url, _now())
    async with _session(source, data_dir, settings) as (state, fetcher):
        for page in pages:
            result.outcomes.append(await _fetch_and_parse(page, source, fetcher, state))
        result.counters = dict(Counter(fetcher.counters))
        result.page_failures += [PageFailure(u, r) for u, r in fetcher.refused
                                 if u not in {o.url for o in result.outcomes}]
    result.finished_at = _now()
    return result


def merge_results(first: HarvestResult, parts: list[HarvestResult]) -> HarvestResult:
    """One run's record from its discovery step and its fetch batches."""
    counters: Counter = Counter(first.counters)
    for part in parts:
        first.work_seconds += part.work_seconds
        first.outcomes += part.outcomes
        first.page_failures += part.page_failures
        counters.update(part.counters)
    first.counters = dict(sorted(counters.items()))
    first.finished_at = _now()
    return first
