"""``make demo``: the whole pipeline on this machine, with nothing from the internet.

Serves the offline sample province (data/sample_portal: three county sites) on fixed ports of 127.0.0.1
(8765, 8766, 8767 by default, so that the warehouse's 原文 links stay valid while ``nianbao portal serve``
runs), runs the nightly harvest flow against every sample source (Prefect starts its ephemeral server),
loads the warehouse, writes each county's oversight exports and HTML report, and prints the 锦屏县
township comparison for the latest year. Every number it shows is generated sample data (示例数据), and
says so. Output goes to the data folder (common.paths.data_dir); the closing lines fit 100 columns.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from common.paths import IN_CHECKOUT, shown
from sampleportal.counties import COUNTIES
from sampleportal.server import DEFAULT_PORT, serve_province
from warehouse.query import run_query
from warehouse.report_charts import short_name
from warehouse.sqlfiles import sql

COUNTY = "锦屏县"
WIDTH = 100  # the closing lines fit a 100-column terminal
TOWNSHIP_COLUMNS = (  # query column → Chinese header
    ("organ", "乡镇"),
    ("applications_received", "收到申请"),
    ("rank_in_county", "县内排名"),
    ("share_of_county", "占全县"),
    ("change_from_prev_year", "较上年"),
    ("proactive_total", "主动公开"),
    ("proactive_rank_in_county", "主动公开排名"),
)


def run_demo(port: int = DEFAULT_PORT, console: Console | None = None) -> None:
    console = console or Console(width=WIDTH)
    t0 = time.perf_counter()
    from flows.harvest import run_nightly
    from flows.summary import print_summary

    with serve_province(port) as servers:
        for county in COUNTIES:
            console.print(f"[bold]1/4[/] sample county {county.name} (示例数据) served at "
                          f"{servers[county.source].base_url}", highlight=False)
        console.print("[bold]2/4[/] nightly harvest flow (Prefect) → warehouse …")
        night = run_nightly(list(servers), {source: server.base_url for source, server in servers.items()})
    print_summary(night.runs, night.load, console)
    console.print("[bold]3/4[/] oversight exports and reports, per county …")
    from warehouse.export import export_county
    from warehouse.report import write_report

    exported = [export_county(county.name) for county in COUNTIES]
    report_paths = [write_report(county.name) for county in COUNTIES]
    console.print("[bold]4/4[/] township comparison, latest year")
    result = run_query(sql("queries/township_compare_latest"), {"county": COUNTY})  # type: ignore[arg-type]
    console.print(township_table(result.columns, result.rows, COUNTY))
    db = Path(night.load.db_path) if night.load else None
    console.print(f"warehouse: {shown(db) if db else '?'}", highlight=False)
    console.print(f"exports:   {_folder(e.out_dir for e in exported)}", highlight=False)
    console.print(f"reports:   {_folder(report_paths)}", highlight=False)
    console.print(f"try:       {try_line()}", soft_wrap=True, highlight=False)
    console.print(f"demo finished in {time.perf_counter() - t0:.0f} s")
    console.print(f"原文 links point at the sample portal; keep it up with: {_cli()} portal serve --port "
                  f"{port or DEFAULT_PORT}", soft_wrap=True, highlight=False)


def _cli() -> str:
    return ".venv/bin/nianbao" if IN_CHECKOUT else "nianbao"


def try_line() -> str:
    """A query to try next, short enough for one 100-column line after ``try:``."""
    return f'{_cli()} sql "SELECT year, organ, applications_received FROM v_township_compare"'


def _folder(paths) -> str:
    """The folder the files were written to, once (``data/reports/`` rather than three long paths)."""
    parents = sorted({shown(Path(p).parent) for p in paths})
    return ", ".join(f"{p}/" for p in parents)


def township_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], county: str) -> Table:
    """One line per township: short name (钟灵乡), Chinese headers, whole numbers; the year and the sample
    mark in the title, where they are said once instead of on every line."""
    at = {name: i for i, name in enumerate(columns)}
    years = sorted({row[at["year"]] for row in rows})
    sample = any(row[at["sample"]] for row in rows) if "sample" in at else False
    title = f"{county} 乡镇比较 {'/'.join(map(str, years))} 年" + (" · 示例数据 sample data" if sample else "")
    table = Table(title=title, title_justify="left", box=None, pad_edge=False, padding=(0, 1))
    for name, header in TOWNSHIP_COLUMNS:
        table.add_column(header, no_wrap=True, justify="left" if name == "organ" else "right")
    for row in rows:
        table.add_row(*(_cell(name, row[at[name]], county) for name, _ in TOWNSHIP_COLUMNS))
    return table


def _cell(name: str, value: Any, county: str) -> str:
    if value is None:
        return "—"
    if name == "organ":
        return short_name(str(value), county)
    if name == "share_of_county":
        return f"{float(value) * 100:.1f}%"
    if name == "change_from_prev_year":
        return f"{int(round(value)):+d}"
    return str(int(round(value)))
