"""The nightly harvest as Prefect 3 flows: wiring only — every step calls a library function.

    nightly_harvest(sources)             one flow run per night
      └─ discover_task × source          read each portal's 年报 lists (sources run in parallel)
      └─ fetch_parse_task × batch        fetch + archive + parse BATCH_SIZE report pages; the batches of one
                                         host run one after another (the per-host limit), hosts in parallel
      └─ load_task × batch               an atomic warehouse load of each batch's new or changed reports,
                                         as soon as it is parsed (memory stays bounded; work is kept)
      └─ run report artifacts            markdown summary + table of outcomes, check failures, timings

Work is batched, not one task per report: a Prefect task run costs ~4 ms of orchestration, more than
parsing a report, so mapping over thousands of reports would spend the night on bookkeeping. Retries on
whole-task failures are declared here; HTTP retries stay inside the client (extract/fetch.py). A source
that fails (portal down, bad config) is reported and the others still load: the night fails only when the
load fails.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from common.locks import harvest_lock
from common.paths import data_dir
from extract.net.discover import ReportPage
from extract.net.sources import Source, load_sources
from flows.convert import expected_organs, outcome_input
from flows.pipeline import (
    HarvestResult,
    discover_reports,
    fetch_reports,
    mark_delivered,
    merge_results,
    prepare,
)
from warehouse.inputs import LoadResult
from warehouse.loader import load_batch


@dataclass
class SourceRun:
    """One source's part of the night: its harvest result or the reason it failed, and timings."""

    source: str
    result: HarvestResult | None = None
    error: str | None = None
    seconds: float = 0.0


@dataclass
class NightReport:
    runs: list[SourceRun] = field(default_factory=list)
    loads: list[LoadResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    check_failures: list[str] = field(default_factory=list)  # markdown rows for the run report

    @property
    def load(self) -> LoadResult | None:
        """The night's loads added up (the last load's id and warehouse path)."""
        if not self.loads:
            return None
        last = self.loads[-1]
        return LoadResult(load_id=last.load_id, db_path=last.db_path,
                          new=sum(x.new for x in self.loads), revised=sum(x.revised for x in self.loads),
                          unchanged=sum(x.unchanged for x in self.loads), failed=sum(x.failed for x in self.loads),
                          facts=sum(x.facts for x in self.loads), checks=sum(x.checks for x in self.loads),
                          statements=sum(x.statements for x in self.loads),
                          errors=[e for x in self.loads for e in x.errors],
                          seconds=sum(x.seconds for x in self.loads))

    def count(self, status: str) -> int:
        return sum(r.result.count(status) for r in self.runs if r.result)  # type: ignore[arg-type]


BATCH_SIZE = 100  # report pages per fetch task: ~0.5 s of work against ~4 ms of orchestration


@task(name="discover", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE,
      task_run_name="discover-{source.name}")
def discover_task(source: Source, year: int | None = None,
                  limit: int | None = None) -> tuple[HarvestResult, list[ReportPage]]:
    """Read one portal's lists: the report pages to fetch, and what was skipped with reasons."""
    return discover_reports(source, data_dir(), year=year, limit=limit)


@task(name="fetch-parse", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE,
      task_run_name="fetch-parse-{source.name}")
def fetch_parse_task(source: Source, pages: list[ReportPage]) -> HarvestResult:
    """Fetch, archive and parse one batch of report pages (parsing skipped for bytes already parsed)."""
    return fetch_reports(source, pages, data_dir())


@task(name="load-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load_task(runs: list[SourceRun], sources: dict[str, Source]) -> LoadResult:
    """Load the new or changed reports of these runs as one atomic warehouse version."""
    inputs, expected = [], []
    for run in runs:
        src = sources[run.source]
        expected += expected_organs(src)
        if run.result is None:
            continue
        for outcome in run.result.outcomes:
            item = outcome_input(outcome, src)
            if item is not None:
                inputs.append(item)
    return load_batch(inputs, expected)


def _pick(names: list[str] | None) -> list[Source]:
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
                    year: int | None = None, limit: int | None = None) -> NightReport:
    """Harvest the named sources (all by default), load the warehouse once, publish a run report.

    The data folder's harvest lock is held all night: a second harvest (flow or CLI) refuses at once.
    """
    with harvest_lock(data_dir()):
        return _night(sources, base_urls, year, limit)


def _night(sources: list[str] | None, base_urls: dict[str, str] | None, year: int | None,
           limit: int | None) -> NightReport:
    logger = get_run_logger()
    base_urls = base_urls or {}
    chosen = [prepare(s, base_urls.get(s.name))[0] for s in _pick(sources)]
    t0 = time.perf_counter()
    found = {s.name: discover_task.submit(s, year, limit) for s in chosen}
    batches: dict[str, tuple[HarvestResult, list]] = {}
    report = NightReport()
    for src in chosen:
        fut = found[src.name]
        fut.wait()
        if not fut.state.is_completed():
            reason = _one_line(fut.state)
            logger.error("source %s failed: %s", src.name, reason)
            report.runs.append(SourceRun(src.name, error=reason))
            continue
        first, pages = fut.result()
        chain, prev = [], None
        for i in range(0, len(pages), BATCH_SIZE):  # one batch at a time per host: the politeness limit
            prev = fetch_parse_task.submit(src, pages[i:i + BATCH_SIZE], wait_for=[prev] if prev else None)
            chain.append(prev)
        batches[src.name] = (first, chain)
    for src in chosen:
        if src.name not in batches:
            continue
        first, chain = batches[src.name]
        parts, errors = [], []
        for fut in chain:
            fut.wait()
            if fut.state.is_completed():
                parts.append(fut.result())
                _load_part(src, parts[-1], report)
            else:
                errors.append(_one_line(fut.state))
        result = merge_results(first, parts)
        for err in errors:
            logger.error("source %s: a fetch batch failed: %s", src.name, err)
        report.runs.append(SourceRun(src.name, result, error="; ".join(errors) or None,
                                     seconds=time.perf_counter() - t0))
    report.seconds["harvest"] = time.perf_counter() - t0 - report.seconds.get("load", 0.0)
    if not report.loads:  # nothing new: one load still records the night and the expected organs
        t1 = time.perf_counter()
        report.loads.append(load_task(report.runs, {s.name: s for s in chosen}))
        report.seconds["load"] = report.seconds.get("load", 0.0) + time.perf_counter() - t1
    publish_artifacts(report)
    return report


def _load_part(src: Source, part: HarvestResult, report: NightReport) -> None:
    """Load one fetched batch, then record its parses (only now may the next night skip them)."""
    report.check_failures += _check_failures(part)
    if not any(o.parsed is not None for o in part.outcomes):
        return
    t = time.perf_counter()
    report.loads.append(load_task([SourceRun(src.name, part)], {src.name: src}))
    mark_delivered(data_dir(), part.outcomes)
    for o in part.outcomes:
        o.parsed = None  # in the warehouse now; keeping it would grow the flow's memory with the portal
    report.seconds["load"] = report.seconds.get("load", 0.0) + time.perf_counter() - t


def _check_failures(part: HarvestResult) -> list[str]:
    rows = []
    for o in part.outcomes:
        if o.parsed is not None:
            for r in o.parsed.checks.filter(o.parsed.checks["status"] == "fail").iter_rows(named=True):
                rows.append(f"| {o.organ or '?'} | {o.year or '?'} | {r['rule']} | {r['scope']} | {r['detail']} |")
    return rows


def _one_line(state) -> str:
    try:
        state.result()
    except Exception as exc:  # the task's own exception, as one line for the run report
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return state.message or state.name


def publish_artifacts(report: NightReport) -> None:
    """Markdown summary + a table of every report's outcome (Prefect artifacts, visible in the UI)."""
    rows = []
    for run in report.runs:
        if run.error and run.result is not None:
            rows.append({"source": run.source, "status": "batch failed", "organ": "", "year": "", "url": "",
                         "reason": run.error})
        if run.result is None:
            rows.append({"source": run.source, "status": "source failed", "organ": "", "year": "",
                         "url": "", "reason": run.error or ""})
            continue
        for o in run.result.outcomes:
            rows.append({"source": run.source, "status": o.status, "organ": o.organ or "", "year": o.year or "",
                         "url": o.url, "reason": o.reason or ""})
        for f in run.result.page_failures:
            rows.append({"source": run.source, "status": "page failed", "organ": "", "year": "", "url": f.url,
                         "reason": f.reason})
    fails = report.check_failures
    load = report.load
    md = [
        "# nianbao nightly harvest",
        "",
        "| source | found | new | changed | unchanged | failed | seconds |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in report.runs:
        if run.result is None:
            md.append(f"| {run.source} | – | – | – | – | source failed: {run.error} | {run.seconds:.1f} |")
        else:
            r = run.result
            md.append(f"| {run.source} | {r.found} | {r.count('new')} | {r.count('changed')} | "
                      f"{r.count('unchanged')} | {r.count('failed') + len(r.page_failures)} | {run.seconds:.1f} |")
    if load:
        md += ["", f"Warehouse load {load.load_id}: {load.new} new, {load.revised} revised, {load.unchanged} "
                   f"unchanged, {load.failed} rejected; {load.facts} facts in {load.seconds:.2f} s → `{load.db_path}`"]
    md += ["", "Timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())]
    if fails:
        md += ["", "## Check failures (the form's arithmetic, FORMAT_SPEC §2)", "",
               "| organ | year | rule | scope | detail |", "|---|---|---|---|---|", *fails[:200]]
    create_markdown_artifact("\n".join(md), key="nightly-harvest-summary", description="nianbao run summary")
    if rows:
        create_table_artifact(rows, key="nightly-harvest-outcomes", description="every report and its outcome")


def run_nightly(sources: list[str] | None = None, base_urls: dict[str, str] | None = None,
                runner: str | None = None, year: int | None = None, limit: int | None = None) -> NightReport:
    """Run the flow, optionally on prefect-dask's DaskTaskRunner (``dask`` or ``dask=tcp://host:port``)."""
    fl = nightly_harvest
    if runner:
        fl = nightly_harvest.with_options(task_runner=dask_runner(runner))
    return fl(sources=sources, base_urls=base_urls, year=year, limit=limit)


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

