"""`nianbao sql` cannot write, escape or reconfigure (issue 14): every attack fails with one line, and the
warehouse and the files beside it keep their bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from reliability_fixtures import run_nianbao
from warehouse_fixtures import make_report

from extract.net.state import HarvestState, PageState
from warehouse.errors import QueryError
from warehouse.loader import load_batch
from warehouse.query import run_queries, run_query


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A data folder as a harvest leaves it: a published warehouse and a harvest state beside it."""
    folder = tmp_path_factory.mktemp("locked")
    load_batch([make_report("锦屏县大同乡人民政府", 2024, {"T3/1/total": 4.0})], db_path=folder / "warehouse.duckdb")
    with HarvestState(folder) as state:
        state.record_fetch(PageState("http://x.test/a.html", sha256="ab" * 32, status=200))
    (folder / "warehouse.lock").unlink(missing_ok=True)
    return folder


@pytest.fixture()
def data(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "data")
    return tmp_path / "data"


def _bytes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _attacks(data: Path) -> dict[str, str]:
    db, state = data / "warehouse.duckdb", data / "state" / "harvest.sqlite"
    return {
        "attach another file read-write": f"ATTACH '{data / 'm.duckdb'}' AS m (READ_WRITE)",
        "re-attach the warehouse read-write and delete": (
            f"ATTACH '{data / 'm.duckdb'}' AS m (READ_WRITE); USE m; DETACH warehouse; "
            f"ATTACH '{db}' AS w2 (READ_WRITE); DELETE FROM w2.report"),
        "attach the warehouse a second time": f"ATTACH '{db}' AS w2 (READ_WRITE)",
        "delete in place": "DELETE FROM report",
        "copy over the harvest state": f"COPY (SELECT 1) TO '{state}'",
        "export the database": f"EXPORT DATABASE '{data / 'dump'}'",
        "read a system file": "SELECT * FROM read_csv('/etc/passwd')",
        "read a file as text": "SELECT * FROM read_text('/etc/passwd')",
        "list files": "SELECT * FROM glob('/etc/*')",
        "install an extension": "INSTALL httpfs",
        "load an extension": "LOAD httpfs",
        "set external access back on": "SET enable_external_access = true",
        "reset external access": "RESET enable_external_access",
        "unlock the configuration": "SET lock_configuration = false",
        "reset the lock": "RESET lock_configuration",
        "turn autoinstall on": "SET autoinstall_known_extensions = true",
        "turn autoload on": "SET autoload_known_extensions = true",
    }


ATTACK_NAMES = list(_attacks(Path("/x")))


@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_each_attack_fails_with_one_line_and_changes_no_file(data: Path, name: str) -> None:
    before = _bytes(data)
    with pytest.raises(QueryError) as err:
        run_queries(_attacks(data)[name], db_path=data / "warehouse.duckdb")
    assert "\n" not in str(err.value)
    assert _bytes(data) == before
    assert not (data / "m.duckdb").exists() and not (data / "dump").exists()


def test_the_report_is_still_readable_after_the_attacks(data: Path) -> None:
    for text in _attacks(data).values():
        with pytest.raises(QueryError):
            run_queries(text, db_path=data / "warehouse.duckdb")
    assert run_query("SELECT count(*) FROM report", db_path=data / "warehouse.duckdb").rows == [(1,)]


def test_several_statements_each_return_their_rows(data: Path) -> None:
    results = run_queries("SELECT 1 AS a; SELECT 'x;y' AS b, 2 AS c", db_path=data / "warehouse.duckdb")
    assert [(r.columns, r.rows) for r in results] == [(["a"], [(1,)]), (["b", "c"], [("x;y", 2)])]


def test_a_failing_second_statement_is_named(data: Path) -> None:
    with pytest.raises(QueryError, match=r"statement 2 of 2: .*read_csv|statement 2 of 2: .*Permission"):
        run_queries("SELECT 1; SELECT * FROM read_csv('/etc/passwd')", db_path=data / "warehouse.duckdb")


def test_cli_refuses_the_reattach_attack_in_one_line_and_exit_2(data: Path) -> None:
    before = _bytes(data)
    done = run_nianbao("sql", _attacks(data)["re-attach the warehouse read-write and delete"], data=data,
                       timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: query failed: statement 1 of 5: "), done.stderr
    assert _bytes(data) == before


def test_cli_prints_every_statements_result(data: Path) -> None:
    done = run_nianbao("sql", "SELECT 1 AS a; SELECT 2 AS b", "--format", "json", data=data, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[{"a": 1}], [{"b": 2}]]


def test_cli_names_a_damaged_warehouse_and_says_what_to_do(data: Path) -> None:
    (data / "warehouse.duckdb").write_bytes(b"not a database at all" * 1000)
    done = run_nianbao("sql", "SELECT 1", data=data, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(data / "warehouse.duckdb") in lines[0] and "move it" in lines[0] and "re-run" in lines[0]
