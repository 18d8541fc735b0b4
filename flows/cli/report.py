"""``nianbao report``: the oversight report of one county as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.options import county_option, province_option, year_option
from warehouse.report import write_report


def report_cmd(
    county: str | None = county_option("County as loaded, e.g. 锦屏县."),
    province: str | None = province_option("Rank the counties of a province instead, e.g. 贵州省."),
    year: int | None = year_option("Report year (default: the latest)."),
    out: Path | None = typer.Option(None, "--out", metavar="FILE",
                                    help="HTML file to write (default data/reports/<county or province>-<year>.html)."),
) -> None:
    """Write the oversight report (headline figures, township charts, coverage, failed checks) as HTML.

    With --province: the counties ranked by the mean quality of their reports, each linked to its section.

    Example: nianbao report --county 锦屏县 --year 2024 --out 锦屏县-2024.html
    """
    path = write_report(county, year=year, out=out, province=province)
    typer.echo(str(path))
