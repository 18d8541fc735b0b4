"""A wheel built from the repository, installed into a fresh venv, runs ``nianbao demo`` outside any
checkout and writes the warehouse, the exports and the report into ``./data`` of where it runs (issue 17).

Slow (a build, a venv with the locked dependencies, a whole demo): ``make wheel-demo`` runs it alone,
``make test`` with the rest, ``make test-fast`` skips it. The locked dependencies come from uv's cache when
it has them (the project's own .venv was installed from the same lock).
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from common.paths import REPO

pytestmark = pytest.mark.slow


def uv() -> str:
    found = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(found).exists():
        pytest.skip("uv is not installed (make setup installs it)")
    return found


def run(cmd: list[str], timeout: float, **kw) -> subprocess.CompletedProcess:
    """Run in its own process group, so that a timeout also ends what it started (Prefect's API server)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kw)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"{' '.join(cmd)} did not finish in {timeout} s\n{out[-2000:]}\n{err[-2000:]}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # anything the command left running
    done = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    assert done.returncode == 0, f"{' '.join(cmd)}\n{out[-3000:]}\n{err[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([uv(), "build", "-q", "--wheel", "--out-dir", str(out), str(REPO)], timeout=600)
    (built,) = out.glob("nianbao-*.whl")
    return built


def test_the_wheel_carries_every_package_and_resource(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {str(p.parent.relative_to(REPO)) for p in REPO.glob("**/__init__.py")
                if p.parts[len(REPO.parts)] not in ("tests", "bench", ".venv")}
    assert {f"{p}/__init__.py" for p in packages} <= names
    resources = ["sql/views/v_report_current.sql", "sql/migrations/001_core.sql", "data/spec/canonical_cells.csv",
                 "data/sources.toml", "data/sample_portal/MANIFEST.csv", "data/corpus/jinping-datongxiang-2024.txt"]
    assert {f"common/resources/{r}" for r in resources} <= names
    assert "warehouse/templates/report.html.j2" in names
    assert not [n for n in names if n.endswith((".duckdb", ".pyc", ".lock"))]


@pytest.mark.timeout(2400)  # a venv, the locked dependencies and a whole demo on a shared 2-core machine
def test_demo_runs_from_the_installed_wheel_outside_the_checkout(wheel: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    run([uv(), "venv", "-q", "--python", sys.executable, str(venv)], timeout=300)
    python = str(venv / "bin" / "python")
    run([uv(), "pip", "install", "-q", "--python", python, "-r", str(REPO / "requirements.lock")], timeout=900)
    run([uv(), "pip", "install", "-q", "--python", python, "--no-deps", str(wheel)], timeout=300)
    where = tmp_path / "elsewhere"
    where.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NIANBAO_DATA", "NIANBAO_CORPUS")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), COLUMNS="100")
    done = run([str(venv / "bin" / "nianbao"), "demo", "--port", "0"], cwd=where, env=env, timeout=1800)
    data = where / "data"
    assert (data / "warehouse.duckdb").is_file(), done.stdout
    assert (data / "reports" / "锦屏县-2025.html").is_file()
    assert (data / "exports" / "锦屏县" / "manifest.csv").is_file()
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as conn:
        loaded = set(conn.execute("SELECT DISTINCT source_name, year FROM v_report_current WHERE sample").fetchall())
    with (REPO / "data" / "sample_portal" / "MANIFEST.csv").open(encoding="utf-8") as fh:
        expected = {(r["source"], int(r["year"])) for r in csv.DictReader(fh) if r["current"] == "1"}
    # every county site the wheel carries was served and harvested, every year of it loaded (whether each
    # single report arrives is the pipeline's business: tests/test_harvest_truth.py)
    assert loaded == expected
    assert "Traceback" not in done.stdout + done.stderr and "ERROR" not in done.stdout + done.stderr
    assert not (REPO / "common" / "resources").exists()  # the build left the checkout as it was
