"""The ``nianbao`` command: a thin layer over library functions (sqlite-utils style).

Each command parses its arguments and calls one library function. Commands are registered here, by
name, in the order ``nianbao --help`` lists them (not as a side effect of importing their modules).
Errors from nianbao (``common.errors.NianbaoError``) print as one line ``Error: …`` with exit 2; any other
error prints one line too, with exit 1; ``--debug`` shows the traceback (and Prefect's logs) instead.
"""

from __future__ import annotations

import os
import sys

import typer

import flows  # noqa: F401  (Prefect's defaults — telemetry off — are set before anything imports Prefect)
from common.errors import NianbaoError
from flows.cli import harvest, nightly, parse, portal, report, warehouse
from flows.cli.options import Command

HELP = "nianbao — harvest 政府信息公开工作年度报告 into a DuckDB warehouse.\n\nExample: nianbao demo"
CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None, context_settings=CONTEXT, help=HELP)
portal_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, context_settings=CONTEXT,
                         help="The offline sample portal (示例数据, sample data).\n\nExample: nianbao portal serve")

COMMANDS = {  # name → function, in the order of `nianbao --help`
    "demo": nightly.demo_cmd,
    "parse": parse.parse_cmd,
    "load": parse.load_cmd,
    "harvest": harvest.harvest_cmd,
    "run": nightly.run_cmd,
    "serve": nightly.serve_cmd,
    "export": warehouse.export_cmd,
    "sql": warehouse.sql_cmd,
    "report": report.report_cmd,
}
PORTAL_COMMANDS = {"serve": portal.serve_cmd, "generate": portal.generate_cmd}

for _name, _fn in COMMANDS.items():
    app.command(_name, cls=Command)(_fn)
for _name, _fn in PORTAL_COMMANDS.items():
    portal_app.command(_name, cls=Command)(_fn)
app.add_typer(portal_app, name="portal")

STATE = {"debug": False}


def version() -> str:
    """The installed distribution's version; in a bare checkout (no install), pyproject.toml's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("nianbao")
    except PackageNotFoundError:
        import tomllib

        from common.paths import RESOURCES

        return tomllib.loads((RESOURCES / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"nianbao {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and Prefect's logs instead of one-line errors."),
    _version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version,
                                  help="Print the version and exit."),
) -> None:
    STATE["debug"] = debug
    if not debug:
        # Prefect's own INFO lines (server start, task runs) are noise next to our summary; --debug keeps them.
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def main() -> None:
    try:
        app(prog_name="nianbao")
    except NianbaoError as exc:
        if STATE["debug"]:
            raise
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # not ours: still one line, the traceback only with --debug
        if STATE["debug"]:
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"Error: {type(exc).__name__}: {first} (run with --debug for the traceback)", file=sys.stderr)
        sys.exit(1)
