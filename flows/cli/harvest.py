"""``nianbao harvest --source NAME``: discover → fetch → parse one portal, with a progress bar and a summary.

New and changed reports are loaded into the warehouse (an atomic load every 200 parsed reports, the same
call the nightly flow makes), each carrying the source name and the ``sample`` mark so generated numbers can never pass for real
ones.
"""

from __future__ import annotations

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
from rich.table import Table

from extract.net.sources import get_source
from flows.cli import app
from flows.convert import expected_organs, outcome_input
from flows.pipeline import HarvestResult, harvest_source
from warehouse.loader import load_batch
from warehouse.settings import data_dir


def print_summary(result: HarvestResult, console: Console) -> None:
    mark = " [bold yellow](sample data)[/]" if result.sample else ""
    console.print(f"[bold]{result.source}[/]{mark} · {result.base_url} · {result.pages_seen} list pages read")
    table = Table(show_header=True, box=None)
    for col in ("found", "new", "changed", "unchanged", "failed"):
        table.add_column(col, justify="right")
    failures = result.failures
    table.add_row(str(result.found), str(result.count("new")), str(result.count("changed")),
                  str(result.count("unchanged")), f"[red]{len(failures)}[/]" if failures else "0")
    console.print(table)
    for url, reason in failures:
        console.print(f"  [red]failed[/] {url}: {reason}", highlight=False)
    if result.skipped:
        console.print(f"  skipped {len(result.skipped)} pages that are not reports "
                      "(--verbose lists each with its reason)", highlight=False)
    retries = sum(v for k, v in result.counters.items() if k.startswith("fetch/retry/"))
    if retries:
        console.print(f"  {retries} retries: " + ", ".join(f"{k.removeprefix('fetch/retry/')}×{v}" for k, v in
                                                          result.counters.items() if k.startswith("fetch/retry/")))


@app.command("harvest")
def harvest_cmd(
    source: str = typer.Option(..., "--source", help="Source name in data/sources.toml (e.g. jinping, sample)."),
    year: int | None = typer.Option(None, "--year", help="Only reports for this report year."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Stop after this many reports."),
    base_url: str | None = typer.Option(None, "--base-url",
                                        help="Harvest this URL instead of the source's (a served sample portal)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list skipped pages with their reasons."),
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

        loads = []

        def load_warehouse(harvested: HarvestResult) -> None:  # in the harvest lock; parses are done after it
            loads.append(load_batch([i for i in (outcome_input(o, src) for o in harvested.outcomes)
                                     if i is not None], expected_organs(src)))

        result = harvest_source(src, data, base_url_override=base_url, year=year, limit=limit,
                                progress=on_progress, deliver=load_warehouse)
    out = Console()
    print_summary(result, out)
    if verbose:
        for url, title, reason in result.skipped:
            out.print(f"  skipped {url} ({title or '-'}): {reason}", highlight=False)
    for ld in loads:  # one load per chunk of parsed reports (flows.pipeline.DELIVER_EVERY)
        out.print(f"  warehouse load {ld.load_id}: {ld.new} new, {ld.revised} revised, {ld.unchanged} unchanged, "
                  f"{ld.facts} facts → {ld.db_path}", highlight=False)
    if not loads:
        out.print("  warehouse: nothing new to load", highlight=False)
    if result.found == 0 and result.failures:
        raise typer.Exit(1)
