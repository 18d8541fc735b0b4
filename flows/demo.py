"""``make demo``: the whole pipeline on this machine, with nothing from the internet.

Serves the offline sample portal (data/sample_portal) on 127.0.0.1, runs the nightly harvest flow
against it (Prefect starts its ephemeral server), loads the warehouse, writes the oversight exports and
the HTML report, and prints the 锦屏县 township comparison for the latest year. Every number it shows is
generated sample data (示例数据), and says so.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from common.paths import REPO
from sampleportal.server import serve_portal
from warehouse.query import run_query
from warehouse.sqlfiles import sql

COUNTY = "锦屏县"


def run_demo(port: int = 0, console: Console | None = None) -> None:
    console = console or Console(width=max(Console().width, 120))
    t0 = time.perf_counter()
    from flows.harvest import run_nightly
    from flows.summary import print_summary

    with serve_portal(port=port) as portal:
        console.print(f"[bold]1/4[/] sample portal (示例数据) served at {portal.base_url}")
        console.print("[bold]2/4[/] nightly harvest flow (Prefect) → warehouse …")
        night = run_nightly(["sample"], {"sample": portal.base_url})
    print_summary(night.runs, night.load, console)
    console.print("[bold]3/4[/] oversight exports …")
    from warehouse.export import export_county

    exported = export_county(COUNTY)
    report_path = _report(console)
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
    console.print(f"exports:   {_rel(exported.out_dir)}")
    console.print(f"report:    {_rel(report_path)}")
    console.print('try:       .venv/bin/nianbao sql "SELECT organ, year, applications_received FROM '
                  'v_disclosure_volume ORDER BY year DESC, applications_received DESC LIMIT 10"')
    console.print(f"demo finished in {time.perf_counter() - t0:.0f} s")


def _report(console: Console) -> Path:
    from warehouse.report import write_report

    console.print("oversight report (HTML) …")
    return write_report(COUNTY)


def _rel(path: Path | None) -> str:
    if path is None:
        return "?"
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)
