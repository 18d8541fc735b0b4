"""``make demo``: the whole pipeline on this machine, with nothing from the internet.

Serves the offline sample province (data/sample_portal: three county sites) on fixed ports of 127.0.0.1
(8765, 8766, 8767 by default, so that the warehouse's 原文 links stay valid while ``nianbao portal serve``
runs), runs the nightly harvest flow against every sample source (Prefect starts its ephemeral server),
loads the warehouse, writes each county's oversight exports and HTML report, and prints the 锦屏县
township comparison for the latest year. Every number it shows is generated sample data (示例数据), and
says so.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from common.paths import REPO
from sampleportal.counties import COUNTIES
from sampleportal.server import DEFAULT_PORT, serve_province
from warehouse.query import run_query
from warehouse.sqlfiles import sql

COUNTY = "锦屏县"


def run_demo(port: int = DEFAULT_PORT, console: Console | None = None) -> None:
    console = console or Console(width=max(Console().width, 120))
    t0 = time.perf_counter()
    from flows.harvest import run_nightly
    from flows.summary import print_summary

    with serve_province(port) as servers:
        for county in COUNTIES:
            console.print(f"[bold]1/4[/] sample county {county.name} (示例数据) served at {servers[county.source].base_url}")
        console.print("[bold]2/4[/] nightly harvest flow (Prefect) → warehouse …")
        night = run_nightly(list(servers), {source: server.base_url for source, server in servers.items()})
    print_summary(night.runs, night.load, console)
    console.print("[bold]3/4[/] oversight exports and reports, per county …")
    from warehouse.export import export_county

    exported = [export_county(county.name) for county in COUNTIES]
    report_paths = [_report(console, county.name) for county in COUNTIES]
    console.print("[bold]4/4[/] township comparison, latest year (示例数据 · sample data)")
    result = run_query(sql("queries/township_compare_latest"), {"county": COUNTY})  # type: ignore[arg-type]
    table = Table(title=f"{COUNTY} 乡镇依申请公开比较 (v_township_compare, sample data)")
    for col in result.columns:
        table.add_column(col, no_wrap=True, overflow="fold")
    for row in result.rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)
    db = Path(night.load.db_path) if night.load else None
    console.print(f"warehouse: {_rel(db)}")
    console.print(f"exports:   {', '.join(_rel(e.out_dir) for e in exported)}")
    console.print(f"reports:   {', '.join(_rel(p) for p in report_paths)}")
    console.print('try:       .venv/bin/nianbao sql "SELECT organ, year, applications_received FROM '
                  'v_disclosure_volume ORDER BY year DESC, applications_received DESC LIMIT 10"')
    console.print(f"demo finished in {time.perf_counter() - t0:.0f} s")
    ports = ", ".join(f"{c.name} :{port + i}" for i, c in enumerate(COUNTIES)) if port else "the ports above"
    console.print(f"原文 links point at the sample portal; keep it up with: .venv/bin/nianbao portal serve "
                  f"--port {port or DEFAULT_PORT}  ({ports})")


def _report(console: Console, county: str) -> Path:
    from warehouse.report import write_report

    console.print(f"oversight report (HTML) for {county} …")
    return write_report(county)


def _rel(path: Path | None) -> str:
    if path is None:
        return "?"
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)
