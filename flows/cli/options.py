"""The options every command spells the same way, and the help layout they are shown in.

One place for ``--source`` (repeatable), ``--year``, ``--limit``, ``--county``, ``--province``: a command
that takes one of them takes it from here, so its name, short form, metavar and wording cannot drift.
Every option has a metavar in capitals (``NAME``, ``YEAR``), so help never shows a Python type.
"""

from __future__ import annotations

import inspect
from typing import Any

import typer
from typer.core import TyperCommand

from extract.net.sources import Source, SourceConfigError, load_sources


def source_option(help: str = "Source name from data/sources.toml; repeat for several (default: all).") -> list[str]:
    return typer.Option(None, "--source", "-s", metavar="NAME", help=help)


def year_option(help: str = "Only reports for this report year.") -> int | None:
    return typer.Option(None, "--year", metavar="YEAR", min=2008, max=2100, help=help)


def limit_option(help: str = "Stop after this many reports.") -> int | None:
    return typer.Option(None, "--limit", metavar="N", min=1, help=help)


def county_option(help: str = "Only sources of this county, e.g. 锦屏县.", required: bool = False) -> str | None:
    return typer.Option(... if required else None, "--county", metavar="COUNTY", help=help)


def province_option(help: str = "Only sources of this province, e.g. 贵州省.") -> str | None:
    return typer.Option(None, "--province", metavar="PROVINCE", help=help)


def choose_sources(names: list[str] | None, county: str | None = None, province: str | None = None) -> list[Source]:
    """The configured sources named (all when none is), narrowed to a county and province; an unknown
    name or an empty choice is a one-line error."""
    sources = load_sources()
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names or () if n not in by_name]
    if unknown:
        raise SourceConfigError(f"unknown source(s): {', '.join(unknown)} (known: {', '.join(by_name)})")
    chosen = [by_name[n] for n in dict.fromkeys(names)] if names else sources
    chosen = [s for s in chosen if (county is None or s.county == county)
              and (province is None or s.province == province)]
    if not chosen:
        raise SourceConfigError(f"no configured source matches --county {county or '*'} "
                                f"--province {province or '*'}")
    return chosen


class Command(TyperCommand):
    """Help as plain text, arguments named in capitals (``PATH...``) rather than typer's ``{paths}...`` and
    ``<list[Path]>``; options keep typer's rendering, which shows a flag as a bare flag. An ``Example:``
    paragraph is printed as written (click's ``\\b`` marker), so a command line is never re-wrapped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.help:
            paragraphs = inspect.cleandoc(self.help).split("\n\n")
            self.help = "\n\n".join("\b\n" + p if p.startswith("Example") else p for p in paragraphs)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                args.append((param.metavar or (param.name or "").upper(), getattr(param, "help", "") or ""))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    opts.append(record)
        if args:
            with formatter.section("Arguments"):
                formatter.write_dl(args)
        if opts:
            with formatter.section("Options"):
                formatter.write_dl(opts)
