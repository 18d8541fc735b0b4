"""``nianbao report``: the oversight report of one county as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli import app
from warehouse.report import write_report


@app.command("report")
def report_cmd(
    county: str = typer.Option(..., "--county", help="County as loaded, e.g. 锦屏县."),
    year: int | None = typer.Option(None, "--year", help="Report year (default: the county's latest)."),
    out: Path | None = typer.Option(None, "--out", help="HTML file to write (default data/reports/<county>-<year>.html)."),
) -> None:
    """Write the oversight report (headline figures, township charts, coverage, failed checks) as HTML.

    Example: nianbao report --county 锦屏县 --year 2024 --out 锦屏县-2024.html
    """
    path = write_report(county, year=year, out=out)
    typer.echo(str(path))
