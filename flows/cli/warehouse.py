"""Warehouse commands: ``nianbao export`` and ``nianbao sql`` — thin wrappers over warehouse/."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from flows.cli import app


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command("export")
def export_cmd(
    county: str | None = typer.Option(None, "--county", help="County as configured, e.g. 锦屏县."),
    province: str | None = typer.Option(None, "--province", help="Every county of a province, e.g. 贵州省."),
    year: int | None = typer.Option(None, "--year", help="Only this report year."),
    out: Path | None = typer.Option(None, "--out",
                                    help="Folder to write (default data/exports/<county or province>)."),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write an .xlsx workbook, one sheet per view."),
) -> None:
    """Write one CSV per view (UTF-8 with BOM, Chinese headers), a data dictionary, a manifest and Parquet.

    Example: nianbao export --county 锦屏县 --year 2024 --xlsx   (or --province 贵州省)
    """
    from warehouse.export import export_county  # imported on use: keeps `nianbao --help` fast

    result = export_county(county, year=year, out_dir=out, xlsx=xlsx, province=province)
    for view, n in result.rows.items():
        typer.echo(f"{view}: {n} rows")
    typer.echo(f"wrote {len(result.files)} files to {result.out_dir}")


@app.command("sql")
def sql_cmd(
    query: str = typer.Argument(..., help="A SQL query, run on a read-only connection."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv or json."),
) -> None:
    """Run a query on the warehouse (read-only) and print the rows.

    Example: nianbao sql "SELECT organ, year, applications_received FROM v_disclosure_volume"
    """
    from warehouse.query import as_csv, as_json, display, run_query

    result = run_query(query)
    if fmt is OutputFormat.csv:
        typer.echo(as_csv(result), nl=False)
    elif fmt is OutputFormat.json:
        typer.echo(as_json(result))
    else:
        table = Table(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*[display(v) for v in row])
        Console(width=max(120, Console().width)).print(table)
        typer.echo(f"({len(result.rows)} rows)")
