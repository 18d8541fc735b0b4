"""The nightly harvest as Prefect 3 flows: wiring only — every step calls a library function.

    nightly_harvest(sources)             one flow run per night
      └─ discover_task × source          read each portal's 年报 lists (sources run in parallel)
      └─ batch_task × batch              fetch + archive + parse + load BATCH_SIZE report pages
                                         (flows.pipeline.batch_step); the batches of one host run one after
                                         another (the per-host limit), hosts in parallel, their loads one at
                                         a time (flows.pipeline.writer_turn)
      └─ record_task × source            the source's per-URL outcomes (url_outcome)
      └─ run report artifacts            markdown summary + table of outcomes, written once at the end

Work is batched, not one task per report: a Prefect task run costs milliseconds of orchestration, more than
parsing a report. Fetch, parse and load are one task, not three: Prefect walks every argument a task is
handed (to find futures in it), and a batch of parsed reports handed to a load task cost ~0.2 s a report
to walk, more than the parse itself; now parses never leave the task that made them, and the page lists
handed to tasks are wrapped where Prefect does not look (``Opaque``: nothing in them to resolve). One parse pool serves the whole night
(flows.pipeline.RunPool), started by the first batch that has something to parse. Results are not
persisted (nothing re-reads them). Retries on whole-task failures are declared here; HTTP retries stay
inside the client (extract/fetch.py). A source that fails (portal down, bad config) is reported and the
others still load: the night fails only when a load fails.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from common.locks import harvest_lock
from common.paths import data_dir
from extract.net.discover import ReportPage
from extract.net.settings import RecheckSettings
from extract.net.sources import Source, load_sources
from flows.convert import expected_organs
from flows.pipeline import (
    BATCH_SIZE,
    HarvestResult,
    ReportOutcome,
    RunPool,
    SourceRun,
    batch_step,
    discover_step,
    merge_batch,
    prepare,
    record_step,
)
from flows.summary import add_loads, run_table, summary_markdown
from warehouse.inputs import LoadResult


class NightReport:
    """The night's runs, loads and timings: what the flow returns.

    A plain class, not a dataclass, on purpose: Prefect walks a flow's return value looking for futures, into
    lists, dicts and dataclasses, and a 1k night's outcomes cost ~0.4 s to walk (4 s at 10k). It holds no
    future, so it is handed back as it is.
    """

    __slots__ = ("runs", "loads", "seconds")

    def __init__(self, runs: list[SourceRun] | None = None, loads: list[LoadResult] | None = None,
                 seconds: dict[str, float] | None = None):
        self.runs: list[SourceRun] = runs if runs is not None else []
        self.loads: list[LoadResult] = loads if loads is not None else []
        self.seconds: dict[str, float] = seconds if seconds is not None else {}

    @property
    def load(self) -> LoadResult | None:
        """The night's loads added up (the last load's id and warehouse path)."""
        return add_loads(self.loads)

    def count(self, status: str) -> int:
        return sum(r.result.count(status) for r in self.runs if r.result)  # type: ignore[arg-type]


@task(name="discover", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE, persist_result=False,
      task_run_name="discover-{source.name}")
def discover_task(source: Source, year: int | None = None, limit: int | None = None,
                  full_sweep: bool = False) -> tuple[HarvestResult, list[ReportPage]]:
    """Read one portal's lists: the report pages to fetch, and an outcome for everything else met."""
    return discover_step(source, data_dir(), year=year, limit=limit, recheck=RecheckSettings(full_sweep=full_sweep))


# The night's parse pool, for the batch tasks that run in this process's threads (Prefect's default task
# runner). A task on a Dask worker runs in another process and finds None: it parses there (flows.pipeline).
# Read and set only through the two functions below: the Dask runner pickles a task's and the flow's
# function by value, with the globals they name, and a pool (locks, pipes) cannot be pickled.
_night_pool: RunPool | None = None


def _current_pool() -> RunPool | None:
    return _night_pool


@contextlib.contextmanager
def _pool_for_night() -> Iterator[RunPool]:
    global _night_pool
    with RunPool() as pool:
        _night_pool = pool
        try:
            yield pool
        finally:
            _night_pool = None


class Opaque:
    """A task argument Prefect hands over without walking it (it walks lists, dicts and dataclasses looking
    for futures: ~0.4 ms an outcome). Prefect's own ``quote`` is a namedtuple, which arrives on a Dask worker
    as a bare tuple; a plain class pickles as itself."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


@task(name="harvest-batch", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE, persist_result=False,
      task_run_name="batch-{source.name}-{first}")
def batch_task(source: Source, pages: Opaque,
               first: int = 0) -> tuple[list[ReportOutcome], dict[str, int], LoadResult | None]:
    """Fetch, archive, parse and load one batch of report pages (``pages.value``, a list of ReportPage;
    ``first``: its position in the source's list); bodies the warehouse holds are not parsed, and the load
    decides each document's outcome."""
    return batch_step(source, pages.value, data_dir(), expected_organs(source), pool=_current_pool())


@task(name="record-outcomes", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE, persist_result=False,
      task_run_name="record-{source.name}")
def record_task(source: Source, result: Opaque) -> LoadResult:
    """Write the run's per-URL outcomes (url_outcome; ``result.value``: the HarvestResult) and the source's
    expected organs."""
    return record_step(result.value, data_dir(), expected_organs(source))


def pick_sources(names: list[str] | None) -> list[Source]:
    sources = load_sources()
    if not names:
        return sources
    by_name = {s.name: s for s in sources}
    missing = [n for n in names if n not in by_name]
    if missing:
        from extract.net.sources import SourceConfigError

        raise SourceConfigError(f"unknown source(s): {', '.join(missing)} (known: {', '.join(by_name)})")
    return [by_name[n] for n in names]


@flow(name="nightly-harvest", log_prints=True)
def nightly_harvest(sources: list[str] | None = None, base_urls: dict[str, str] | None = None,
                    year: int | None = None, limit: int | None = None, full_sweep: bool = False) -> NightReport:
    """Harvest the named sources (all by default), load the warehouse once, publish a run report.

    The data folder's harvest lock is held all night: a second harvest (flow or CLI) refuses at once.
    ``full_sweep`` asks every article page again tonight, whatever the day (extract.net.recall).
    """
    with harvest_lock(data_dir()), _pool_for_night():
        return _night(sources, base_urls, year, limit, full_sweep)


def _night(sources: list[str] | None, base_urls: dict[str, str] | None, year: int | None,
           limit: int | None, full_sweep: bool = False) -> NightReport:
    logger = get_run_logger()
    base_urls = base_urls or {}
    chosen = [prepare(s, base_urls.get(s.name))[0] for s in pick_sources(sources)]
    t0 = time.perf_counter()
    found = {s.name: discover_task.submit(s, year, limit, full_sweep) for s in chosen}
    chains: dict[str, tuple[HarvestResult, list]] = {}
    report = NightReport()
    for src in chosen:
        fut = found[src.name]
        fut.wait()
        if not fut.state.is_completed():
            reason = _one_line(fut.state)
            logger.warning("source %s failed: %s", src.name, reason)
            report.runs.append(SourceRun(src.name, error=reason))
            continue
        first, pages = fut.result()
        chain, prev = [], None
        for i in range(0, len(pages), BATCH_SIZE):  # one batch at a time per host: the politeness limit
            batch = pages[i:i + BATCH_SIZE]
            prev = batch_task.submit(src, Opaque(batch), i, wait_for=[prev] if prev else None)
            chain.append((prev, batch))
        chains[src.name] = (first, chain)
    for src in chosen:
        if src.name not in chains:
            continue
        result, chain = chains[src.name]
        errors = []
        for fut, batch in chain:
            fut.wait()
            if fut.state.is_completed():
                merge_batch(result, *fut.result())
            else:
                reason = _one_line(fut.state)
                errors.append(reason)
                result.outcomes += [ReportOutcome("failed", p.page_url, p.document_url, src.name, src.sample,
                                                  title=p.title, organ=p.organ, year=p.year,
                                                  reason=f"batch failed: {reason}") for p in batch]
        record_task(src, Opaque(result))
        result.finished_at = result.finished_at or time.strftime("%Y-%m-%dT%H:%M:%S")
        for err in errors:
            logger.warning("source %s: a batch failed: %s", src.name, err)
        report.runs.append(SourceRun(src.name, result, error="; ".join(errors) or None,
                                     seconds=time.perf_counter() - t0))
    report.loads = [ld for run in report.runs if run.result for ld in run.result.loads]
    report.seconds["load"] = sum(ld.seconds for ld in report.loads)  # inside the batch tasks, as they ran
    report.seconds["harvest"] = time.perf_counter() - t0 - report.seconds["load"]
    publish_artifacts(report)
    return report


def _one_line(state) -> str:
    try:
        state.result()
    except Exception as exc:  # the task's own exception, as one line for the run report
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return state.message or state.name


def publish_artifacts(report: NightReport) -> None:
    """The run summary (markdown) and every URL's outcome (a table): Prefect artifacts, seen in the UI."""
    create_markdown_artifact(summary_markdown(report.runs, report.load, report.seconds),
                             key="nightly-harvest-summary", description="nianbao run summary")
    rows = run_table(report.runs)
    if rows:
        create_table_artifact(rows, key="nightly-harvest-outcomes", description="every URL and its outcome")


def run_nightly(sources: list[str] | None = None, base_urls: dict[str, str] | None = None,
                runner: str | None = None, year: int | None = None, limit: int | None = None,
                full_sweep: bool = False) -> NightReport:
    """Run the flow, optionally on prefect-dask's DaskTaskRunner (``dask`` or ``dask=tcp://host:port``).

    Unknown source names are refused here, before Prefect starts (a flow run would print its traceback).
    """
    pick_sources(sources)
    fl = nightly_harvest
    if runner:
        fl = nightly_harvest.with_options(task_runner=dask_runner(runner))
    return fl(sources=sources, base_urls=base_urls, year=year, limit=limit, full_sweep=full_sweep)


def dask_runner(spec: str):
    """``dask`` → a LocalCluster of 2 workers; ``dask=ADDRESS`` → an existing cluster's scheduler."""
    from prefect_dask import DaskTaskRunner

    if spec == "dask":
        return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})
    if spec.startswith("dask="):
        return DaskTaskRunner(address=spec.split("=", 1)[1])
    from common.errors import NianbaoError

    raise NianbaoError(f"--runner {spec!r}: use 'dask' or 'dask=tcp://host:port'")

