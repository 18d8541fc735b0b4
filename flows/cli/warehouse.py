"""Warehouse commands: ``nianbao export`` and ``nianbao sql`` — thin wrappers over warehouse/."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from flows.cli.options import county_option, province_option, year_option


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def export_cmd(
    county: str | None = county_option("County as loaded, e.g. 锦屏县."),
    province: str | None = province_option("Every county of a province, e.g. 贵州省."),
    year: int | None = year_option(),
    out: Path | None = typer.Option(None, "--out", metavar="DIR",
                                    help="Folder to write (default data/exports/<county or province>)."),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write an .xlsx workbook, one sheet per view."),
) -> None:
    """Write one CSV per view (UTF-8 with BOM, Chinese headers), a data dictionary, a manifest and Parquet.

    With --province: every county of the province, one folder each.

    Example: nianbao export --county 锦屏县 --year 2024 --xlsx
    """
    from warehouse.export import export_county  # imported on use: keeps `nianbao --help` fast

    result = export_county(county, year=year, out_dir=out, xlsx=xlsx, province=province)
    for view, n in result.rows.items():
        typer.echo(f"{view}: {n} rows")
    typer.echo(f"wrote {len(result.files)} files to {result.out_dir}")


def sql_cmd(
    query: str = typer.Argument(..., metavar="QUERY", help="SQL to run; several statements separated by ';' each print."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", metavar="FORMAT",
                                     help="table, csv or json."),
) -> None:
    """Query the warehouse: read only, and nothing but the warehouse.

    Reads the published tables and views. Cannot change them, cannot read or write any other file
    (ATTACH, COPY, read_csv, EXPORT are refused), cannot install or load extensions, cannot SET those
    options back. For files, open the warehouse with the DuckDB CLI: duckdb -readonly data/warehouse.duckdb

    Example: nianbao sql "SELECT organ, year, applications_received FROM v_disclosure_volume"
    """
    from warehouse.query import as_csv, as_json, display, run_queries

    results = run_queries(query)
    several = len(results) > 1
    if fmt is OutputFormat.json and several:
        typer.echo("[" + ",\n".join(as_json(r) for r in results) + "]")
        return
    for n, result in enumerate(results, 1):
        if fmt is OutputFormat.csv:
            typer.echo(("\n" if n > 1 else "") + as_csv(result), nl=False)
        elif fmt is OutputFormat.json:
            typer.echo(as_json(result))
        else:
            title = f"{n}/{len(results)}: {result.statement}" if several else None
            table = Table(*result.columns, show_lines=False, title=title, title_justify="left")
            for row in result.rows:
                table.add_row(*[display(v) for v in row])
            Console(width=max(120, Console().width)).print(table)
            typer.echo(f"({len(result.rows)} rows)")
