"""``nianbao harvest [--source NAME]...``: discover → fetch → parse portals, with a progress bar and a summary.

Reports are loaded into the warehouse batch by batch (flows.pipeline: the same steps the nightly flow runs),
each carrying the source name and the ``sample`` mark so generated numbers can never pass for real ones.
"""

from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from common.paths import data_dir
from extract.net.settings import RecheckSettings
from extract.net.sources import Source
from flows.cli.interrupt import stop_on_interrupt
from flows.cli.options import (
    choose_sources,
    county_option,
    limit_option,
    province_option,
    source_option,
    year_option,
)
from flows.pipeline import HarvestResult, SourceRun, harvest_source
from flows.summary import add_loads, print_summary


def harvest_cmd(
    source: list[str] = source_option(),
    county: str | None = county_option(),
    province: str | None = province_option(),
    year: int | None = year_option(),
    limit: int | None = limit_option("Stop after this many reports per source."),
    base_url: str | None = typer.Option(None, "--base-url", metavar="URL",
                                        help="Harvest this URL instead of the source's (with exactly one --source)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list skipped pages with their reasons."),
    full_sweep: bool = typer.Option(False, "--full-sweep",
                                    help="Ask every article page again tonight (conditionally), as the weekly sweep "
                                         "does: after a parser fix, or when a portal corrected reports in place."),
) -> None:
    """Find every 年报 on the chosen portals, fetch politely (conditionally on re-runs), parse, load, summarize.

    Exit 0 when the run completed, even if some reports failed (each is listed with its reason);
    exit 1 when a source found nothing at all and something failed (the portal is down or refuses us).

    Example: nianbao harvest --source sample --base-url http://127.0.0.1:8765 --year 2024
    """
    if base_url and len(source or ()) != 1:
        raise typer.BadParameter("--base-url needs exactly one --source", param_hint="--base-url")
    runs = []
    for src in choose_sources(source, county, province):
        started = time.perf_counter()
        result = _harvest_one(src, base_url, year, limit, full_sweep)
        runs.append(SourceRun(src.name, result, seconds=time.perf_counter() - started))
    print_summary(runs, add_loads([ld for run in runs for ld in run.result.loads]), Console(), verbose=verbose)
    if any(run.result.found == 0 and run.result.failures for run in runs):
        raise typer.Exit(1)


def _harvest_one(src: Source, base_url: str | None, year: int | None, limit: int | None,
                 full_sweep: bool) -> HarvestResult:
    """One source, with a progress bar on stderr."""
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        discover_task = bar.add_task(f"{src.name} · discovering", total=None)
        report_task = None

        def on_progress(stage: str, url: str, done: int, total: int | None) -> None:
            nonlocal report_task
            if stage == "discover":
                bar.update(discover_task, completed=done, description=f"{src.name} · discovering · {url[-50:]}")
            else:
                if report_task is None:
                    bar.update(discover_task, visible=False)
                    report_task = bar.add_task(f"{src.name} · reports", total=total)
                bar.update(report_task, completed=done, description=f"{src.name} · reports · {url[-50:]}")

        with stop_on_interrupt():
            return harvest_source(src, data_dir(), base_url_override=base_url, year=year, limit=limit,
                                  progress=on_progress, recheck=RecheckSettings(full_sweep=full_sweep))
