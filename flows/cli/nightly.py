"""``nianbao run`` (one harvest now, as a Prefect flow run), ``nianbao serve`` (the nightly schedule) and
``nianbao demo`` (the whole pipeline against the offline sample portal)."""

from __future__ import annotations

import typer

from flows.cli import app


@app.command("run")
def run_cmd(
    source: list[str] = typer.Option(None, "--source", "-s", help="Source name(s) from data/sources.toml; all by default."),
    base_url: str = typer.Option(None, "--base-url", help="Override the base URL (with one --source)."),
    runner: str = typer.Option(None, "--runner", help="dask (a LocalCluster) or dask=tcp://host:port"),
    year: int = typer.Option(None, "--year"),
    limit: int = typer.Option(None, "--limit"),
    full_sweep: bool = typer.Option(False, "--full-sweep", help="Ask every article page again tonight (conditionally), as the weekly sweep does: after a parser fix, or when a portal corrected reports in place."),
) -> None:
    """Run the nightly harvest flow once now: harvest, load the warehouse, publish the run report.

    Example: nianbao run --source sample --base-url http://127.0.0.1:8765
    """
    from rich.console import Console

    from flows.cli.interrupt import stop_on_interrupt
    from flows.harvest import run_nightly
    from flows.summary import print_summary

    base_urls = {source[0]: base_url} if base_url and source else None
    if base_url and (not source or len(source) != 1):
        raise typer.BadParameter("--base-url needs exactly one --source")
    with stop_on_interrupt():
        night = run_nightly(source or None, base_urls, runner=runner, year=year, limit=limit,
                            full_sweep=full_sweep)
    print_summary(night.runs, night.load, Console())


@app.command("serve")
def serve_cmd(source: list[str] = typer.Option(None, "--source", "-s")) -> None:
    """Serve the nightly deployment (cron 0 2 * * *, Asia/Shanghai) against the configured Prefect server.

    Example: prefect server start &  PREFECT_API_URL=http://127.0.0.1:4200/api nianbao serve
    """
    from flows.schedule import serve_nightly

    serve_nightly(source or None)


@app.command("demo")
def demo_cmd(port: int = typer.Option(8765, "--port", help="First county's port on 127.0.0.1; the others follow "
                                                     "(+1, +2). 0: any free ports.")) -> None:
    """Serve the sample province on 127.0.0.1, harvest every county, load the warehouse, export, compare.

    Example: nianbao demo --port 9765
    """
    from flows.cli.interrupt import stop_on_interrupt
    from flows.demo import run_demo

    with stop_on_interrupt():
        run_demo(port)
