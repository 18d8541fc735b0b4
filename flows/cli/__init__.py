"""The ``nianbao`` command: a thin layer over library functions (sqlite-utils style).

Each command parses its arguments and calls one library function. Errors from nianbao
(``common.errors.NianbaoError``) print as one line ``Error: …`` with a non-zero exit; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import sys

import typer

from common.errors import NianbaoError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="nianbao — harvest 政府信息公开工作年度报告 into a DuckDB warehouse.")

STATE = {"debug": False}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors.")):
    STATE["debug"] = debug


def _register() -> None:
    # Each command family lives in its own module and registers itself on `app`.
    from flows.cli import harvest, nightly, parse, portal, report, warehouse  # noqa: F401


def main() -> None:
    _register()
    try:
        app()
    except NianbaoError as exc:
        if STATE["debug"]:
            raise
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        sys.exit(130)
