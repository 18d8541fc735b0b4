"""``nianbao portal serve|generate``: run or rebuild the offline sample portal (sampleportal)."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli import app

portal_app = typer.Typer(no_args_is_help=True, help="The offline sample portal (示例数据, sample data).")
app.add_typer(portal_app, name="portal")


@portal_app.command("serve")
def serve(
    port: int = typer.Option(8765, "--port", help="Port on 127.0.0.1 (0 = any free port)."),
    faults: str = typer.Option("", "--faults", help='Fault spec, e.g. "5xx=0.3,429=0.1,reset=0.05,slow=0.05:2,seed=7".'),
    root: Path = typer.Option(None, "--root", help="Portal folder (default: data/sample_portal)."),
    log: Path = typer.Option(None, "--log", help="Also append every request as a JSON line to this file."),
    crawl_delay: float = typer.Option(0.05, "--crawl-delay", help="Crawl-delay announced in robots.txt."),
) -> None:
    """Serve the sample portal in the foreground until Ctrl-C.

    Example: nianbao portal serve --port 8765 --faults "5xx=0.2,429=0.1,seed=7"
    """
    from sampleportal.server import PortalServer

    server = PortalServer(root, port, faults or None, log_path=log, crawl_delay=crawl_delay)
    typer.echo(f"sample portal (示例数据) at {server.base_url}/  — faults: {faults or 'none'}; Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        server.stop()


@portal_app.command("generate")
def generate(out: Path = typer.Option(None, "--out", help="Target folder (default: data/sample_portal).")) -> None:
    """Rewrite the sample portal from its seeded generator (deterministic).

    Example: nianbao portal generate --out /tmp/portal
    """
    from sampleportal.generate import DEFAULT_OUT, write_site

    site = write_site(out or DEFAULT_OUT)
    reports = sum(1 for r in site.manifest if r.delivery not in ("missing", "dead_link"))
    typer.echo(f"wrote {len(site.files)} files, {reports} reports to {out or DEFAULT_OUT}")
