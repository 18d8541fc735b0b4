"""``nianbao portal serve|generate``: run or rebuild the offline sample portal (sampleportal)."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.options import source_option


def serve_cmd(
    port: int = typer.Option(8765, "--port", metavar="PORT", help="First county's port on 127.0.0.1; the others follow (+1, +2). "
                                                  "0 = any free ports."),
    faults: str = typer.Option("", "--faults", metavar="SPEC", help='Fault spec, e.g. "5xx=0.3,429=0.1,reset=0.05,slow=0.05:2,seed=7".'),
    root: Path = typer.Option(None, "--root", metavar="DIR", help="Portal folder (default: data/sample_portal)."),
    source: list[str] = source_option("Serve only this sample county, by its source name (e.g. sample); "
                                      "repeat for several (default: all)."),
    log: Path = typer.Option(None, "--log", metavar="FILE", help="Also append every request as a JSON line to this file."),
    crawl_delay: float = typer.Option(0.05, "--crawl-delay", metavar="SECONDS", help="Crawl-delay announced in robots.txt."),
) -> None:
    """Serve the sample province (every county on its own port) in the foreground until Ctrl-C.

    Keep it running after `nianbao demo` and the warehouse's 原文 links open.

    Example: nianbao portal serve --port 8765 --faults "5xx=0.2,429=0.1,seed=7"
    """
    from sampleportal.counties import COUNTIES
    from sampleportal.server import PortalServer, county_root

    unknown = [s for s in source or () if s not in {c.source for c in COUNTIES}]
    if unknown:
        from common.errors import NianbaoError

        raise NianbaoError(f"--source {', '.join(unknown)}: no such sample county (known: "
                           f"{', '.join(c.source for c in COUNTIES)})")
    chosen = [c for c in COUNTIES if not source or c.source in source]
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


def generate_cmd(out: Path = typer.Option(None, "--out", metavar="DIR", help="Target folder (default: data/sample_portal).")) -> None:
    """Rewrite the sample portal from its seeded generator (deterministic).

    Example: nianbao portal generate --out /tmp/portal
    """
    from sampleportal.generate import DEFAULT_OUT, report_count, write_site

    province = write_site(out or DEFAULT_OUT)
    typer.echo(f"wrote {report_count(province)} reports in {len(province.hosts)} counties to {out or DEFAULT_OUT}")
