"""The one harvest pipeline: discover → fetch → parse → load, with one outcome and its reason for every URL.

The CLI (``nianbao harvest``) and the Prefect flow (flows/harvest.py) run the same four steps; they differ
only in who calls them: ``harvest_source`` loops over them here, the flow maps them over Prefect tasks.

    discover_step     read the portal's lists; every item met gets an outcome (a report page to fetch, or
                      not_a_report / failed / deferred with the reason)
    fetch_parse_step  fetch a batch of report pages (attachments too) into the raw archive, and parse what
                      the warehouse does not hold yet
    load_step         load the batch's parses as one atomic warehouse version; the load decides new /
                      revised / superseded / unchanged / duplicate per document; only then is a parse
                      recorded in the harvest state (a crash before it re-parses next run, never loses)
    record_step       write the run's per-URL outcomes (url_outcome), so analysts can ask what became of
                      any URL, and the counts in the summary, the ledger and the run artifact agree

Outcomes (warehouse.inputs.OUTCOMES): new, revised, unchanged, duplicate, superseded, not_a_report,
failed, deferred. A URL is ``unchanged`` only when its body was parsed before AND the warehouse holds it:
state never claims what the warehouse lacks (a deleted warehouse is rebuilt from the next run).

Why parsing sits between fetch and load, not in a later stage: the decision "is this new?" needs the fetch
(304, sha256) and the warehouse together, and bytes are in the raw archive before any parse is attempted,
so a parser bug never costs a download. One harvest per data folder runs at a time (common.locks).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from common.errors import FetchError, NianbaoError, NotAReport
from common.locks import harvest_lock
from extract.net.archive import RawArchive
from extract.net.discover import PortalConfig, ReportPage, discover
from extract.net.fetch import AllowedHosts, DeferredFetch, Fetcher, FetchResult
from extract.net.memory import ArchiveMemory
from extract.net.recall import Recall, sweep_tonight
from extract.net.settings import FetchSettings, RecheckSettings
from extract.net.sources import Source
from extract.net.state import HarvestState, RememberedPage
from extract.titles import report_title_year
from warehouse.connect import loaded_sha256
from warehouse.inputs import OUTCOMES, ExpectedOrgan, LoadResult, UrlOutcome
from warehouse.loader import load_batch
from warehouse.settings import WAREHOUSE_FILE

if TYPE_CHECKING:
    from transform.pipeline import ParsedReport
    from transform.pool import ParsePool

# (stage, url, done, total): stage is "discover" while lists are read, then "report" per report handled.
Progress = Callable[[str, str, int, int | None], None]

BATCH_SIZE = 100  # report pages per fetch → parse → load step: bounds memory (~0.1 MB a parse) and the
#                   number of warehouse versions; a Prefect task run per batch costs ~4 ms, not per report
PARSED = "parsed"  # a document parsed and waiting for its load (never a final outcome)


@dataclass(slots=True)
class ReportOutcome:
    """What happened to one URL in this run, with its provenance."""

    status: str  # one of warehouse.inputs.OUTCOMES (PARSED until the load decides)
    url: str  # the page met: a list item's article (or the document itself)
    document_url: str  # what was parsed: the page itself, or its attachment
    source: str  # source registry name
    sample: bool  # generated sample data, never real numbers
    title: str | None = None
    organ: str | None = None
    year: int | None = None
    published: str | None = None  # the page's 发布时间, else the list's date
    final_url: str | None = None
    sha256: str | None = None
    fetched_at: str | None = None
    http_status: int | None = None  # 200 or 304
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    from_attachment: bool = False
    reason: str | None = None  # why: for everything but new / revised / unchanged
    parsed: ParsedReport | None = None  # between parse and load
    report_id: str | None = None  # the warehouse revision it became
    kind: str = "report"  # "report": a page presenting a report; "page": a list or article that is not one
    listed_title: str | None = None  # the list entry it was found under (remembered once loaded: issue 19)
    listed_date: str | None = None


@dataclass(slots=True)
class HarvestResult:
    source: str
    sample: bool
    base_url: str
    started_at: str
    finished_at: str = ""
    outcomes: list[ReportOutcome] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)  # by reason: fetch/304, fetch/retry/http503 …
    pages_seen: int = 0
    work_seconds: float = 0.0  # time spent inside this module's steps (orchestrators compare their wall time)
    loads: list[LoadResult] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (url, reason): pages read only in part

    @property
    def run_id(self) -> str:
        return f"{self.started_at}/{self.source}"

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def tally(self) -> dict[str, int]:
        """Outcome → number of URLs, every outcome listed (zeros included): the counts add up to ``met``."""
        counts = Counter(o.status for o in self.outcomes)
        return {s: counts.get(s, 0) for s in OUTCOMES}

    @property
    def met(self) -> int:
        return len(self.outcomes)

    @property
    def found(self) -> int:
        """Pages presenting a report (whatever became of them)."""
        return sum(1 for o in self.outcomes if o.kind == "report")

    @property
    def failures(self) -> list[tuple[str, str]]:
        """Every failed or deferred URL with its reason."""
        return [(o.url, o.reason or "?") for o in self.outcomes if o.status in ("failed", "deferred")]

    @property
    def skipped(self) -> list[tuple[str, str | None, str]]:
        """(url, title, reason) of everything met that is not a report or repeats another URL."""
        return [(o.url, o.title, o.reason or "") for o in self.outcomes
                if o.status in ("not_a_report", "duplicate")]


@dataclass(slots=True)
class SourceRun:
    """One source's part of the night: its harvest result or the reason it failed, and timings."""

    source: str
    result: HarvestResult | None = None
    error: str | None = None
    seconds: float = 0.0



def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def prepare(source: Source, base_url_override: str | None = None,
            settings: FetchSettings | None = None) -> tuple[Source, FetchSettings]:
    """The source on its actual base URL, and its politeness settings."""
    if base_url_override:
        source = source.with_base_url(base_url_override)
    if settings is None:
        settings = FetchSettings(concurrency_per_host=source.per_host_concurrency, delay_s=source.delay_seconds)
    return source, settings


@contextlib.asynccontextmanager
async def _session(source: Source, data_dir: Path, settings: FetchSettings):
    """The state store and a polite fetcher for one source; the base URL's own host:port is always
    allowed (bare hosts in the registry allow default ports)."""
    allowed = AllowedHosts([*source.allowed_hosts, urlsplit(source.base_url).netloc])
    with HarvestState(data_dir) as state:
        async with Fetcher(allowed, settings, ArchiveMemory(state, RawArchive(data_dir))) as fetcher:
            yield state, fetcher


class RunPool:
    """One parse pool for a whole run, shared by its batches (and by the flow's batch tasks, in threads).

    Why: a ParsePool per batch paid its workers' start (about 1–3.5 s on the loaded machine) ten times on a
    1k night, and once on a warm night that re-parses one document. This one starts its workers the first
    time a batch has something to parse, so a night with nothing to parse starts none, and keeps them for
    the later batches. Batches of parallel sources take turns on it (a lock): the pool already uses every
    core, so a second pool would only take turns on the same cores, with twice the memory.
    """

    def __init__(self) -> None:
        self._pool: ParsePool | None = None
        self._lock = threading.Lock()
        self.started = 0  # ParsePools started in this run (1 on a night that parsed, 0 on one that did not)

    def __enter__(self) -> RunPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(self, items: Iterable[tuple]) -> Iterable[tuple]:
        """``ParsePool.map(items)``, under the lock; the results are collected before the lock is let go."""
        from transform.pool import ParsePool

        with self._lock:
            if self._pool is None:
                self._pool = ParsePool()
                self.started += 1
            try:
                return list(self._pool.map(items))
            except BaseException:  # a pool left mid-map may still hold answers: never hand it to a later batch
                self._close()
                raise

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


@contextlib.contextmanager
def writer_turn(data_dir: Path):
    """Wait for this data folder's warehouse writer turn (sources harvested in parallel each load batches).

    The warehouse's own load lock refuses a second writer at once, rightly for two separate commands; within
    one harvest the batches of parallel sources must instead queue. flock on a file of the data folder
    queues threads (each opens its own descriptor) and processes (Dask workers) alike, and the kernel drops
    it if the holder dies.
    """
    path = Path(data_dir) / "load-turn.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# ---- step 1: discover ------------------------------------------------------------------------------------

def discover_step(source: Source, data_dir: Path, year: int | None = None, limit: int | None = None,
                  settings: FetchSettings | None = None, progress: Progress | None = None,
                  recheck: RecheckSettings | None = None,
                  now: datetime | None = None) -> tuple[HarvestResult, list[ReportPage]]:
    """Read the portal's lists. Returns the run's record so far and the report pages to fetch, one per
    document (pages presenting the same file are one report: the others are ``duplicate``). Report pages
    not asked tonight (``recheck``: unchanged list entry, loaded, old, not the sweep) are ``unchanged``
    already; ``now`` (default: the clock) decides their age and whether tonight is the sweep."""
    source, settings = prepare(source, None, settings)
    t0 = time.perf_counter()
    result, pages = asyncio.run(_discover(source, Path(data_dir), year, limit, settings, progress,
                                          recheck or RecheckSettings(), now))
    result.work_seconds += time.perf_counter() - t0
    return result, pages


async def _discover(source: Source, data_dir: Path, year: int | None, limit: int | None,
                    settings: FetchSettings, progress: Progress | None, recheck: RecheckSettings,
                    now: datetime | None) -> tuple[HarvestResult, list[ReportPage]]:
    result = HarvestResult(source.name, source.sample, source.base_url, _now())
    portal = PortalConfig(tuple(source.entry_urls()), source.channel_link_texts, source.expected_organs)
    seen = 0

    def on_page(kind: str, url: str) -> None:
        nonlocal seen
        seen += 1
        if progress:
            progress("discover", url, seen, None)

    async with _session(source, data_dir, settings) as (state, fetcher):
        recall = _recall(source, data_dir, state, recheck, now)
        found = await discover(portal, fetcher, year=year, limit=limit, on_page=on_page, recall=recall)
        result.pages_seen = found.pages_seen
        result.warnings += [(w.url, w.reason) for w in found.warnings]  # e.g. a list page over its link cap
        for s in found.skipped:
            result.outcomes.append(ReportOutcome("not_a_report", s.url, s.url, source.name, source.sample,
                                                 title=s.title, reason=s.reason, kind="page"))
        deferred = {url for url, _ in fetcher.deferred}  # given up for tonight by policy (DeferredFetch)
        for f in found.failures:
            names_report = report_title_year(f.title) is not None
            result.outcomes.append(ReportOutcome(
                "deferred" if f.url in deferred else "failed", f.url, f.url, source.name, source.sample,
                title=f.title, year=report_title_year(f.title), reason=f.reason,
                kind="report" if names_report else "page"))
        pages: list[ReportPage] = []
        first: dict[str, ReportPage] = {}
        for page in found.reports:
            if page.document_url in first:
                result.outcomes.append(ReportOutcome(
                    "duplicate", page.page_url, page.document_url, source.name, source.sample, title=page.title,
                    organ=page.organ, year=page.year, reason=f"same document as {first[page.document_url].page_url}"))
                continue
            first[page.document_url] = page
            if page.remembered_sha256:
                result.outcomes.append(_recalled_outcome(page, source))
            else:
                pages.append(page)
        met = {o.url for o in result.outcomes} | {p.page_url for p in pages}
        for url, reason in fetcher.refused:  # lists and links refused by policy (off-host, robots …)
            if url not in met:
                result.outcomes.append(ReportOutcome("failed", url, url, source.name, source.sample,
                                                     reason=reason, kind="page"))
                met.add(url)
        # a page that failed or is no longer a report tonight is asked again next night, whatever its list says
        state.forget([o.url for o in result.outcomes if o.status in ("failed", "not_a_report")])
        result.counters = dict(Counter(fetcher.counters))
        if recall is not None:
            result.counters["recall/not-asked"] = recall.recalled
    return result, pages


def _recall(source: Source, data_dir: Path, state: HarvestState, recheck: RecheckSettings,
            now: datetime | None) -> Recall | None:
    """Tonight's stand-in for unchanged report pages, or None on the weekly full sweep (everything asked)."""
    if sweep_tonight(recheck, now):
        return None
    return Recall(state, loaded_sha256(source.name, data_dir / WAREHOUSE_FILE), recheck, now)


def _recalled_outcome(page: ReportPage, source: Source) -> ReportOutcome:
    """A report page not asked tonight: unchanged, described from the state (no request, so no HTTP status)."""
    return ReportOutcome("unchanged", page.page_url, page.document_url, source.name, source.sample,
                         title=page.title, organ=page.organ, year=page.year, published=page.published,
                         sha256=page.remembered_sha256, from_attachment=page.from_attachment,
                         listed_title=page.listed_title, listed_date=page.listed_date)


# ---- step 2: fetch and parse -------------------------------------------------------------------------------

def fetch_parse_step(source: Source, pages: list[ReportPage], data_dir: Path,
                     settings: FetchSettings | None = None, progress: Progress | None = None,
                     done_before: int = 0, total: int | None = None,
                     pool: RunPool | None = None) -> tuple[list[ReportOutcome], dict[str, int]]:
    """Fetch (attachments), archive and parse one batch of report pages. Nothing is recorded as parsed here:
    ``load_step`` does that once the batch is in the warehouse. Returns the outcomes and fetch counters.
    ``pool``: the run's parse pool (without one, a pool is started for this batch alone)."""
    source, settings = prepare(source, None, settings)
    outcomes, counters, to_parse = asyncio.run(_fetch(source, pages, Path(data_dir), settings, progress,
                                                      done_before, total))
    _parse_all(to_parse, pool)
    return outcomes, counters


async def _fetch(source: Source, pages: list[ReportPage], data_dir: Path, settings: FetchSettings,
                 progress: Progress | None, done_before: int, total: int | None) -> tuple[
        list[ReportOutcome], dict[str, int], list[tuple[ReportOutcome, FetchResult, dict[str, bytes] | None]]]:
    in_warehouse = loaded_sha256(source.name, data_dir / WAREHOUSE_FILE)
    outcomes: list[ReportOutcome] = []
    to_parse: list[tuple[ReportOutcome, FetchResult, dict[str, bytes] | None]] = []
    async with _session(source, data_dir, settings) as (state, fetcher):
        for i, page in enumerate(pages):
            outcome, doc = await _fetch_one(page, source, fetcher)
            if doc is not None:
                known = state.get(page.document_url)
                if known and known.parsed_sha256 == doc.sha256 and (
                        doc.sha256 in in_warehouse or known.parsed_verdict == "not_a_report"):
                    outcome.status = "unchanged" if known.parsed_verdict != "not_a_report" else "not_a_report"
                    outcome.reason = None if outcome.status == "unchanged" else "not a report (unchanged page)"
                else:
                    to_parse.append((outcome, doc, await _table_images(doc, fetcher, outcome)))
            outcomes.append(outcome)
            if progress:
                progress("report", page.page_url, done_before + i + 1, total)
        counters = dict(Counter(fetcher.counters))
    return outcomes, counters, to_parse


def _parse_all(todo: list[tuple[ReportOutcome, FetchResult, dict[str, bytes] | None]],
               pool: RunPool | None = None) -> None:
    """Parse the batch's new bodies in worker processes (transform.pool): each under a deadline and a memory
    cap, so one hostile document fails alone with its reason and the night goes on (issue 14), on every
    core. Bodies are read back from the raw archive only when a worker has room. ``pool``: the run's (see
    RunPool); without one, a pool for this batch alone."""
    if not todo:
        return
    import multiprocessing

    if multiprocessing.current_process().daemon:
        # A Dask worker (--runner dask) is a daemonic process and may not start children: parse here, one
        # document after another; the worker process is then the unit a stuck parse can take down.
        for outcome, doc, images in todo:
            _parse_here(outcome, doc, images)
        return
    from transform.pool import ParseFailure, ParsePool

    items = ((i, doc.read_body, outcome.document_url, doc.content_type, {"images": images} if images else {})
             for i, (outcome, doc, images) in enumerate(todo))
    if pool is None:
        with ParsePool() as own:
            results = list(own.map(items))
    else:
        results = pool.parse(items)
    for i, result in results:
        outcome = todo[i][0]
        if isinstance(result, ParseFailure):
            outcome.status = "not_a_report" if result.kind == "not_a_report" else "failed"
            outcome.reason = result.reason if result.kind == "not_a_report" else f"parse: {result.reason}"
        else:
            _accept(outcome, result)


async def _fetch_one(page: ReportPage, source: Source,
                     fetcher: Fetcher) -> tuple[ReportOutcome, FetchResult | None]:
    outcome = ReportOutcome("failed", page.page_url, page.document_url, source.name, source.sample,
                            title=page.title, organ=page.organ, year=page.year,
                            published=page.published or page.listed_date, from_attachment=page.from_attachment,
                            listed_title=page.listed_title, listed_date=page.listed_date)
    doc = page.page
    assert doc is not None, page.page_url  # recalled pages never reach the fetch step
    if page.document_url != page.page_url:
        try:
            doc = await fetcher.get(page.document_url)
        except FetchError as exc:
            outcome.status = "deferred" if isinstance(exc, DeferredFetch) else "failed"
            outcome.reason = f"attachment {page.document_url}: {exc.reason}"
            return outcome, None
    outcome.final_url, outcome.sha256, outcome.fetched_at = doc.final_url, doc.sha256, doc.fetched_at
    outcome.http_status, outcome.content_type = doc.status, doc.content_type
    outcome.etag, outcome.last_modified = doc.headers.get("etag"), doc.headers.get("last-modified")
    return outcome, doc


async def _table_images(doc: FetchResult, fetcher: Fetcher, outcome: ReportOutcome) -> dict[str, bytes] | None:
    """The images of a report page whose statistics tables are screenshots (issue 15), fetched as part of the
    document under the same host rules and size caps; None for every other document. An image that cannot
    be fetched is left out (the parse then names the table it could not read) and its reason kept."""
    if "html" not in (doc.content_type or "").lower():
        return None
    from extract.readers.images import table_image_urls

    urls = table_image_urls(doc.read_body(), doc.final_url or outcome.document_url)
    images: dict[str, bytes] = {}
    for url in urls:
        try:
            images[url] = (await fetcher.get(url)).read_body()
        except FetchError as exc:
            outcome.reason = f"table image {url}: {exc.reason}"
    return images or None


def _parse_here(outcome: ReportOutcome, doc: FetchResult, images: dict[str, bytes] | None) -> None:
    """Parse one document in this process (where no worker process may be started)."""
    from transform.pipeline import parse_document

    try:
        parsed = parse_document(doc.read_body(), outcome.document_url, doc.content_type, images=images).slim()
    except NotAReport as exc:
        outcome.status, outcome.reason = "not_a_report", exc.reason
        return
    except NianbaoError as exc:
        outcome.status, outcome.reason = "failed", f"parse: {exc}"
        return
    except Exception as exc:  # a parser bug on one report must not stop the others; it is reported
        outcome.status, outcome.reason = "failed", f"parse crashed: {type(exc).__name__}: {exc}"
        return
    _accept(outcome, parsed)


def _accept(outcome: ReportOutcome, parsed: ParsedReport) -> None:
    """A parse becomes PARSED (to be loaded) unless it holds nothing of a report's substance."""
    if parsed.status == "not_a_report":  # a title and nothing else (a maintenance page)
        outcome.status = "not_a_report"
        outcome.reason = parsed.status_reason or "no statistics tables and no report prose"
        return
    outcome.status, outcome.parsed = PARSED, parsed


# ---- step 3: load ------------------------------------------------------------------------------------------

def load_step(source: Source, outcomes: list[ReportOutcome], data_dir: Path,
              expected: Iterable[ExpectedOrgan] = ()) -> LoadResult | None:
    """Load the batch's parses as one atomic warehouse version; then record them in the harvest state.

    The load's verdict per document becomes its outcome (new / revised / superseded / unchanged /
    duplicate; rejected → failed with the loader's reason). Returns None when there was nothing to load.
    """
    from flows.convert import outcome_input

    todo = [o for o in outcomes if o.status == PARSED and o.parsed is not None]
    if todo:
        inputs = [outcome_input(o, source) for o in todo]
        with writer_turn(data_dir):
            result = load_batch(inputs, list(expected), db_path=Path(data_dir) / WAREHOUSE_FILE)
        errors = {e.split(": ", 1)[0]: e.split(": ", 1)[-1] for e in result.errors}
        for o, (action, report_id) in zip(todo, result.actions, strict=True):
            o.report_id = report_id
            if action == "rejected":
                o.status, o.reason = "failed", f"load refused: {errors.get(o.url, '?')}"
            else:
                o.status = action
                if action == "superseded":
                    o.reason = "a newer publication of the same report is current (kept as history)"
                elif action == "duplicate":
                    o.reason = "the same document as another URL of this batch"
    else:
        result = None
    with HarvestState(Path(data_dir)) as state:
        for o in outcomes:
            if o.sha256 and o.status in ("new", "revised", "superseded", "unchanged", "duplicate"):
                if o.parsed is not None or o.status != "unchanged":
                    state.record_parsed(o.document_url, o.sha256, "report")
            elif o.sha256 and o.status == "not_a_report" and o.http_status is not None:
                state.record_parsed(o.document_url, o.sha256, "not_a_report")
        _remember(state, outcomes)
    for o in outcomes:
        o.parsed = None  # loaded: the counts and reasons stay, the facts are in the warehouse
    return result


def _remember(state: HarvestState, outcomes: list[ReportOutcome]) -> None:
    """Remember report pages loaded tonight (asked and in the warehouse), so that a later night may leave
    them unasked (extract.net.recall); forget those that failed or are no longer reports."""
    state.remember([RememberedPage(o.url, o.listed_title, o.listed_date, o.document_url, o.title, o.organ, o.year,
                                   o.published, o.from_attachment, o.sha256)
                    for o in outcomes if o.sha256 and o.http_status is not None and o.kind == "report"
                    and o.status in ("new", "revised", "superseded", "unchanged")])
    state.forget([o.url for o in outcomes if o.status in ("failed", "not_a_report")])


# ---- steps 2 and 3 as one: a batch -------------------------------------------------------------------------

def batch_step(source: Source, pages: list[ReportPage], data_dir: Path, expected: Iterable[ExpectedOrgan] = (),
               settings: FetchSettings | None = None, progress: Progress | None = None, done_before: int = 0,
               total: int | None = None,
               pool: RunPool | None = None) -> tuple[list[ReportOutcome], dict[str, int], LoadResult | None]:
    """Fetch, parse and load one batch: its outcomes (parses let go once loaded), fetch counters and load.

    One call, so that the parses never leave the process that made them: the flow runs it as one task per
    batch, and Prefect walks every task argument and return value it is handed (about 0.1 ms a cell), which
    for a batch of parsed reports on their way to a load task cost more than parsing them.
    """
    outcomes, counters = fetch_parse_step(source, pages, data_dir, settings, progress, done_before, total, pool)
    return outcomes, counters, load_step(source, outcomes, data_dir, expected)


# ---- step 4: record ------------------------------------------------------------------------------------------

def record_step(result: HarvestResult, data_dir: Path, expected: Iterable[ExpectedOrgan] = ()) -> LoadResult:
    """Write the run's per-URL outcomes (and the source's expected organs) as one small warehouse load."""
    rows = [UrlOutcome(result.run_id, result.source, o.url, o.document_url, o.status, o.reason, o.organ, o.year,
                       o.sha256, o.report_id) for o in result.outcomes]
    with writer_turn(data_dir):
        ledger = load_batch([], list(expected), db_path=Path(data_dir) / WAREHOUSE_FILE, outcomes=rows)
    result.loads.append(ledger)
    return ledger


# ---- the whole run, for the CLI --------------------------------------------------------------------------------

def harvest_source(source: Source, data_dir: Path, base_url_override: str | None = None, year: int | None = None,
                   limit: int | None = None, progress: Progress | None = None,
                   settings: FetchSettings | None = None, batch_size: int = BATCH_SIZE,
                   recheck: RecheckSettings | None = None, now: datetime | None = None) -> HarvestResult:
    """Harvest one source into ``data_dir``: discover, then fetch → parse → load batch by batch, then record.

    Raises common.locks.HarvestRunning if another harvest holds ``data_dir``.
    """
    from flows.convert import expected_organs

    source, settings = prepare(source, base_url_override, settings)
    data_dir = Path(data_dir)
    expected = expected_organs(source)
    with harvest_lock(data_dir), RunPool() as pool:
        result, pages = discover_step(source, data_dir, year, limit, settings, progress, recheck, now)
        for start in range(0, len(pages), batch_size):
            t0 = time.perf_counter()
            batch = pages[start:start + batch_size]
            outcomes, counters, load = batch_step(source, batch, data_dir, expected, settings, progress, start,
                                                  len(pages), pool)
            for i in range(start, start + len(batch)):
                pages[i] = None  # type: ignore[call-overload]  # let each page's body go once handled
            merge_batch(result, outcomes, counters, load, time.perf_counter() - t0)
        record_step(result, data_dir, expected)
    result.finished_at = _now()
    return result


def merge_batch(result: HarvestResult, outcomes: list[ReportOutcome], counters: dict[str, int],
                load: LoadResult | None, seconds: float = 0.0) -> None:
    """Add one batch's outcomes, fetch counters and load to the run's record."""
    result.outcomes += outcomes
    result.counters = dict(sorted((Counter(result.counters) + Counter(counters)).items()))
    if load is not None:
        result.loads.append(load)
    result.work_seconds += seconds
