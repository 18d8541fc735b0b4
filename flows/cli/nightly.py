"""``nianbao run`` (one harvest now, as a Prefect flow run), ``nianbao serve`` (the nightly schedule) and
``nianbao demo`` (the whole pipeline against the offline sample portal)."""

from __future__ import annotations

import typer

from flows.cli.options import (
    choose_sources,
    county_option,
    limit_option,
    province_option,
    source_option,
    year_option,
)


def run_cmd(
    source: list[str] = source_option(),
    county: str | None = county_option(),
    province: str | None = province_option(),
    year: int | None = year_option(),
    limit: int | None = limit_option("Stop after this many reports per source."),
    base_url: str = typer.Option(None, "--base-url", metavar="URL",
                                 help="Harvest this URL instead of the source's (with exactly one --source)."),
    runner: str = typer.Option(None, "--runner", metavar="RUNNER",
                               help="Run tasks on Dask: 'dask' (a LocalCluster) or 'dask=tcp://HOST:PORT'."),
    full_sweep: bool = typer.Option(False, "--full-sweep",
                                    help="Ask every article page again tonight (conditionally), as the weekly sweep "
                                         "does: after a parser fix, or when a portal corrected reports in place."),
) -> None:
    """Run the nightly harvest flow once now: harvest, load the warehouse, publish the run report.

    Example: nianbao run --source sample --base-url http://127.0.0.1:8765
    """
    from rich.console import Console

    from flows.cli.interrupt import stop_on_interrupt
    from flows.harvest import run_nightly
    from flows.summary import print_summary

    if base_url and len(source or ()) != 1:
        raise typer.BadParameter("--base-url needs exactly one --source", param_hint="--base-url")
    names = [s.name for s in choose_sources(source, county, province)]
    base_urls = {names[0]: base_url} if base_url else None
    with stop_on_interrupt():
        night = run_nightly(names, base_urls, runner=runner, year=year, limit=limit, full_sweep=full_sweep)
    print_summary(night.runs, night.load, Console())


def serve_cmd(
    source: list[str] = source_option(),
    county: str | None = county_option(),
    province: str | None = province_option(),
) -> None:
    """Serve the nightly deployment (cron 0 2 * * *, Asia/Shanghai) against the configured Prefect server.

    Example: PREFECT_API_URL=http://127.0.0.1:4200/api nianbao serve --source jinping
    """
    from flows.schedule import serve_nightly

    chosen = choose_sources(source, county, province)
    serve_nightly([s.name for s in chosen] if (source or county or province) else None)


def demo_cmd(port: int = typer.Option(8765, "--port", metavar="PORT",
                                      help="First county's port on 127.0.0.1; the others follow (+1, +2). "
                                           "0: any free ports.")) -> None:
    """Serve the sample province on 127.0.0.1, harvest every county, load the warehouse, export, compare.

    Writes into NIANBAO_DATA (default: data/ of the checkout, or ./data when installed).

    Example: nianbao demo --port 9765
    """
    from flows.cli.interrupt import stop_on_interrupt
    from flows.demo import run_demo

    with stop_on_interrupt():
        run_demo(port)
