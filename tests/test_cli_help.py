"""Every command's help, checked the way a person reads it (issue 18): each option described, flags shown
as flags, no Python type names, an example, ``-h`` and ``--version``; one option style across commands."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from flows.cli import COMMANDS, PORTAL_COMMANDS, app, version

RUNNER = CliRunner()
ROOT = typer.main.get_command(app)
PATHS = [[name] for name in COMMANDS] + [["portal", name] for name in PORTAL_COMMANDS]
# what typer prints in place of a metavar: <bool>, <int range>, <list[str]>, {paths}...
TYPE_LEAKS = re.compile(r"<(?:bool|str|int|float|path|Path|file|uuid|datetime|\w+ range|list\[[^>]*\])>"
                        r"|\{[a-z_]+\}|list\[\w+\]")


def command(path: list[str]):
    cmd = ROOT
    for part in path:
        cmd = cmd.commands[part]  # type: ignore[attr-defined]
    return cmd


def help_text(args: list[str]) -> str:
    result = RUNNER.invoke(app, args, prog_name="nianbao", terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_registered_and_listed():
    listed = help_text(["--help"])
    for name in [*COMMANDS, "portal"]:
        assert re.search(rf"^\s+{name}\s", listed, re.M), f"{name} missing from nianbao --help"
    assert set(ROOT.commands) == {*COMMANDS, "portal"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_help_describes_every_option_with_an_example_and_no_python_types(path):
    text = help_text([*path, "-h"])
    assert text == help_text([*path, "--help"])
    assert f"Usage: nianbao {' '.join(path)}" in text
    assert re.search(rf"^\s+Example: nianbao {path[-1] if path[0] != 'portal' else 'portal ' + path[-1]}\b",
                     text, re.M) or re.search(r"^\s+Example: .*nianbao ", text, re.M), text
    leaks = TYPE_LEAKS.findall(text)
    assert not leaks, f"nianbao {' '.join(path)} --help shows {leaks}"
    for param in command(path).params:
        if param.param_type_name == "argument":
            assert param.metavar and param.metavar.isupper() or param.metavar.endswith("...")
            continue
        assert (param.help or "").strip(), f"{param.opts} of nianbao {' '.join(path)} has no description"
        long = next(o for o in param.opts if o.startswith("--"))
        options = text.split("\nOptions:\n")[1].splitlines()
        line = next(ln for ln in options if re.match(rf"\s+(-\w, )?{long}\b", ln))
        if param.is_flag:  # a flag is a bare flag: its description follows it, not a value placeholder
            assert re.search(rf"{long}\s{{2,}}\S", line), line
        else:
            assert param.metavar and param.metavar.isupper(), (param.opts, param.metavar)
            assert f"{long} {param.metavar}" in line, line


def test_shared_options_are_spelled_the_same_everywhere():
    seen: dict[str, tuple] = {}
    for path in PATHS:
        for param in command(path).params:
            name = next((o for o in param.opts if o.startswith("--")), None)
            if name not in ("--year", "--limit", "--county", "--province") and not (
                    name == "--source" and param.multiple):
                continue
            shape = (tuple(sorted(param.opts)), param.metavar, param.multiple)
            assert seen.setdefault(name, shape) == shape, f"{name} of nianbao {' '.join(path)}: {shape}"
    # --source picks sources, repeatable, wherever sources are harvested
    for name in ("harvest", "run", "serve"):
        source = next(p for p in command([name]).params if "--source" in p.opts)
        assert source.multiple and "-s" in source.opts, name
    assert {"--year", "--limit", "--county", "--province", "--source"} <= set(seen)


def test_version_and_short_help():
    result = RUNNER.invoke(app, ["--version"], prog_name="nianbao")
    assert result.exit_code == 0 and result.output.strip() == f"nianbao {version()}"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", version())
    assert "Commands:" in help_text(["-h"])
