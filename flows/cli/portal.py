"""``nianbao portal serve|generate``: run or rebuild the offline sample portal (sampleportal)."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli import app

portal_app = typer.Typer(no_args_is_help=True, help="The offline sample portal (示例数据, sample data).")
app.add_typer(portal_app, name="portal")


@portal_app.command("serve")
def serve(
    port: int = typer.Option(8765, "--port", help="First county's port on 127.0.0.1; the others follow (+1, +2). "
                                                  "0 = any free ports."),
    faults: str = typer.Option("", "--faults", help='Fault spec, e.g. "5xx=0.3,429=0.1,reset=0.05,slow=0.05:2,seed=7".'),
    root: Path = typer.Option(None, "--root", help="Portal folder (default: data/sample_portal)."),
    county: str = typer.Option("", "--county", help="Serve only this source's county (e.g. sample); default: all."),
    log: Path = typer.Option(None, "--log", help="Also append every request as a JSON line to this file."),
    crawl_delay: float = typer.Option(0.05, "--crawl-delay", help="Crawl-delay announced in robots.txt."),
) -> None:
    """Serve the sample province (every county on its own port) in the foreground until Ctrl-C.

    Keep it running after `nianbao demo` and the warehouse's 原文 links open.
    Example: nianbao portal serve --port 8765 --faults "5xx=0.2,429=0.1,seed=7"
    """
    from sampleportal.counties import COUNTIES
    from sampleportal.server import PortalServer, county_root

    chosen = [c for c in COUNTIES if not county or c.source == county]
    if not chosen:
        from common.errors import NianbaoError

        raise NianbaoError(f"--county {county!r}: no such sample county (known: "
                           f"{', '.join(c.source for c in COUNTIES)})")
    servers = []
    try:
        for offset, c in enumerate(chosen):
            servers.append(PortalServer(county_root(c.source, root), port + offset if port else 0, faults or None,
                                        log_path=log, crawl_delay=crawl_delay).start())
            # one line per county; the first names the first county's address (scripts read it)
            typer.echo(f"sample portal (示例数据) {c.name} [{c.source}] at {servers[-1].base_url}/  — "
                       f"faults: {faults or 'none'}; Ctrl-C stops")
        import threading

        threading.Event().wait()
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        for server in servers:
            server.stop()


@portal_app.command("generate")
def generate(out: Path = typer.Option(None, "--out", help="Target folder (default: data/sample_portal).")) -> None:
    """Rewrite the sample portal from its seeded generator (deterministic).

    Example: nianbao portal generate --out /tmp/portal
    """
    from sampleportal.generate import DEFAULT_OUT, report_count, write_site

    province = write_site(out or DEFAULT_OUT)
    typer.echo(f"wrote {report_count(province)} reports in {len(province.hosts)} counties to {out or DEFAULT_OUT}")
