"""`nianbao parse` as a user runs it: the installed command in a subprocess, its exit code, what it prints.

Exit 0 when every path gave a report (failed checks included); 2 with one ``Error: path: reason`` line per
path that is not a report or cannot be read — never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import variants as v
from tests.test_parse_hostile import _zip_declaring_huge_member

NIANBAO = Path(sys.executable).parent / "nianbao"
FACT_KEYS = {"cell", "value", "status", "raw", "unit"}
CHECK_KEYS = {"rule", "scope", "status", "expected", "found"}


@dataclass(frozen=True, slots=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def _start(*args: str | Path) -> subprocess.Popen:
    if not NIANBAO.exists():
        pytest.fail(f"{NIANBAO} is missing: run `make setup`")
    return subprocess.Popen([str(NIANBAO), "parse", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two good reports, one of them in a sub-folder."""
    root = tmp_path_factory.mktemp("reports")
    shutil.copy(v.CORPUS / v.SHANGHAI, root / "shanghai.html")
    (root / "2024").mkdir()
    shutil.copy(v.CORPUS / v.SEED, root / "2024" / "jinping.txt")
    return root


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> list[Path]:
    """Paths that are not reports, plus one that does not exist."""
    root = tmp_path_factory.mktemp("bad")
    files = {"empty.html": b"", "garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 50,
             "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "bomb.docx": _zip_declaring_huge_member()}
    for name, data in files.items():
        (root / name).write_bytes(data)
    return [*(root / name for name in files), root / "missing.html"]


@pytest.fixture(scope="module")
def runs(folder, bad) -> dict[str, Run]:
    """Every command line of this module, started at once: each start of the CLI costs seconds of imports."""
    commands = {
        "json": (v.CORPUS / v.SHANGHAI, "--format", "json"),
        "jsonl_folder": (folder, "--format", "jsonl"),
        "csv": (v.CORPUS / v.SEED, "--format", "csv"),
        "table": (v.CORPUS / v.SHANGHAI,),
        "bad": (*bad, "--format", "jsonl"),
        "good_and_bad": (folder, bad[0], "--format", "jsonl"),
    }
    procs = {key: _start(*args) for key, args in commands.items()}
    out = {}
    for key, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        out[key] = Run(proc.returncode, stdout, stderr)
    return out


def test_json_prints_one_object_with_the_documented_keys(runs):
    run = runs["json"]
    assert run.returncode == 0, run.stderr
    obj = json.loads(run.stdout)
    assert {"path", "organ", "year", "format", "published", "facts", "checks", "problems"} <= set(obj)
    assert (obj["organ"], obj["year"], obj["format"], obj["published"]) == ("上海市人民政府办公厅", 2019, "F2019",
                                                                            "2020-01-31")
    assert all(FACT_KEYS <= set(f) for f in obj["facts"]) and all(CHECK_KEYS <= set(c) for c in obj["checks"])
    amount = next(f for f in obj["facts"] if f["cell"] == "T2_9/central_proc/proc_amount")
    assert (amount["value"], amount["status"], amount["raw"], amount["unit"]) == (251000, "num", "251000元", "元")
    assert isinstance(obj["problems"], list)


def test_jsonl_of_a_folder_prints_one_line_per_report_found_in_it(runs):
    run = runs["jsonl_folder"]
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert sorted(json.loads(ln)["organ"] for ln in lines) == ["上海市人民政府办公厅", "锦屏县大同乡人民政府"]


def test_csv_prints_a_header_then_one_row_per_fact(runs):
    run = runs["csv"]
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert {"cell", "value", "status", "raw", "unit"} <= set(rows[0])
    cells = {r[rows[0].index("cell")] for r in rows[1:]}
    _, expected = v.expected(v.SEED)
    assert set(expected) <= cells


def test_table_output_shows_the_organ_and_the_check_results(runs):
    run = runs["table"]
    assert run.returncode == 0, run.stderr
    assert "上海市人民政府办公厅" in run.stdout and "F2019" in run.stdout
    assert "R3.ROW" in run.stdout and "not_evaluable" in run.stdout  # 总计 printed blank on result rows
    assert "rule instance(s) pass" in run.stdout


def test_bad_paths_exit_2_with_one_error_line_each_and_no_traceback(runs, bad):
    run = runs["bad"]
    assert run.returncode == 2
    assert "Traceback" not in run.stderr + run.stdout
    errors = run.stderr.strip().splitlines()
    assert len(errors) == len(bad)
    for path, line in zip(bad, errors, strict=True):
        assert line.startswith(f"Error: {path}: ") and len(line) > len(f"Error: {path}: ") + 5, line
    assert run.stdout == ""


def test_good_and_bad_paths_together_print_the_good_reports_and_exit_2(runs, bad):
    run = runs["good_and_bad"]
    assert run.returncode == 2
    assert len(run.stdout.splitlines()) == 2
    assert run.stderr.strip().splitlines() == [f"Error: {bad[0]}: empty file"]

