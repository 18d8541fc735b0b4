"""What a person sees when something is wrong (issue 14): one line naming the file, URL or option, exit 2,
nothing written where it should not be. The commands run as child processes, started together (each costs a
Python start-up), and none of them reaches a network host: the base URL is a closed port on 127.0.0.1."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reliability_fixtures import start_nianbao
from warehouse_fixtures import make_report

from warehouse.errors import ExportError
from warehouse.export import export_county
from warehouse.loader import load_batch

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, and nothing is sent


def _finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, list[str], str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, err.strip().splitlines(), out


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("wh")
    load_batch([make_report("锦屏县大同乡人民政府", 2024, {"T3/1/total": 4.0})], db_path=data / "warehouse.duckdb")
    return data


def test_cli_errors_are_one_line_and_exit_2(tmp_path: Path, warehouse: Path) -> None:
    damaged = tmp_path / "damaged"
    (damaged / "state").mkdir(parents=True)
    (damaged / "state" / "harvest.sqlite").write_bytes(b"this is not SQLite" * 500)
    outside = tmp_path / "x"
    procs = {
        "state": start_nianbao("harvest", "--source", "sample", "--base-url", CLOSED, data=damaged),
        "port": start_nianbao("portal", "serve", "--port", "99999", data=tmp_path / "p"),
        "source": start_nianbao("run", "--source", "nosuch", data=tmp_path / "r"),
        "traversal": start_nianbao("export", "--county", "../../x", data=warehouse),
        "county": start_nianbao("export", "--county", "别的县", data=warehouse),
    }
    done = {name: _finish(proc) for name, proc in procs.items()}
    for name, (code, lines, _) in done.items():
        assert code == 2 and len(lines) == 1 and lines[0].startswith("Error: "), (name, code, lines)
    state_line = done["state"][1][0]
    assert str(damaged / "state" / "harvest.sqlite") in state_line and "move it aside and re-run" in state_line
    assert done["port"][1] == ["Error: --port 99999: a TCP port is 0-65535 (0: any free port)"]
    assert done["source"][1][0].startswith("Error: unknown source(s): nosuch (known: ")
    assert "--county '../../x': not a county name" in done["traversal"][1][0]
    assert done["county"][1] == ["Error: --county 别的县: no report of this county in the warehouse "
                                 "(counties: 锦屏县)"]
    assert not outside.exists() and not (warehouse / "exports").exists()
    assert not (tmp_path / "r" / "harvest.lock").exists()  # refused before the flow (and its lock) started


def test_export_of_a_year_not_in_the_warehouse_writes_nothing(warehouse: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^--county 锦屏县 --year 2019: no report of that year in the "
                                          r"warehouse \(years: 2024\)$"):
        export_county("锦屏县", year=2019, out_dir=tmp_path / "out", db_path=warehouse / "warehouse.duckdb")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["..", "../x", "a/b", "a\\b", ".hidden", "锦屏\n县", "x\x00y"])
def test_export_refuses_a_county_name_that_is_not_a_plain_name(name: str, warehouse: Path) -> None:
    with pytest.raises(ExportError, match="not a county name"):
        export_county(name, db_path=warehouse / "warehouse.duckdb")
