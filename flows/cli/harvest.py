"""``nianbao harvest --source NAME``: discover → fetch → parse one portal, with a progress bar and a summary.

Reports are loaded into the warehouse batch by batch (flows.pipeline: the same steps the nightly flow runs), each carrying the source name and the ``sample`` mark so generated numbers can never pass for real
ones.
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
from extract.net.sources import get_source
from flows.cli import app
from flows.cli.interrupt import stop_on_interrupt
from flows.pipeline import SourceRun, harvest_source
from flows.summary import add_loads, print_summary


@app.command("harvest")
def harvest_cmd(
    source: str = typer.Option(..., "--source", help="Source name in data/sources.toml (e.g. jinping, sample)."),
    year: int | None = typer.Option(None, "--year", help="Only reports for this report year."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Stop after this many reports."),
    base_url: str | None = typer.Option(None, "--base-url",
                                        help="Harvest this URL instead of the source's (a served sample portal)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list skipped pages with their reasons."),
    full_sweep: bool = typer.Option(False, "--full-sweep", help="Ask every article page again tonight (conditionally), as the weekly sweep does: after a parser fix, or when a portal corrected reports in place."),
) -> None:
    """Find every 年报 on a portal, fetch it politely (conditionally on re-runs), parse it, and summarize.

    Exit 0 when the run completed, even if some reports failed (each is listed with its reason);
    exit 1 when nothing at all could be found and something failed (the portal is down or refuses us).

    Example: nianbao harvest --source sample --base-url http://127.0.0.1:8765 --year 2024
    """
    src = get_source(source)
    console = Console(stderr=True)
    data = data_dir()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        discover_task = bar.add_task("discovering", total=None)
        report_task = None

        def on_progress(stage: str, url: str, done: int, total: int | None) -> None:
            nonlocal report_task
            if stage == "discover":
                bar.update(discover_task, completed=done, description=f"discovering · {url[-60:]}")
            else:
                if report_task is None:
                    bar.update(discover_task, visible=False)
                    report_task = bar.add_task("reports", total=total)
                bar.update(report_task, completed=done, description=f"reports · {url[-60:]}")

        started = time.perf_counter()
        with stop_on_interrupt():
            result = harvest_source(src, data, base_url_override=base_url, year=year, limit=limit,
                                    progress=on_progress, recheck=RecheckSettings(full_sweep=full_sweep))
    run = SourceRun(src.name, result, seconds=time.perf_counter() - started)
    print_summary([run], add_loads(result.loads), Console(), verbose=verbose)
    if result.found == 0 and result.failures:
        raise typer.Exit(1)
