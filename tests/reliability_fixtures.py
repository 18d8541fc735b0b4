"""Shared pieces of the reliability tests: run ``nianbao`` as a child process, see what phase it is in, and
audit a data folder after the child was killed.

The audits read the files the way an analyst or the next run would (DuckDB read-only, sqlite3, the raw
archive's own naming rule) and return a list of problems, so a failing test names every broken invariant
at once instead of the first.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "tests" / "_output"  # git-ignored; the README's reliability figures are read from here


def nianbao_argv(*args: str) -> list[str]:
    return [sys.executable, "-c", "from flows.cli import main; main()", *args]


def child_env(data: Path) -> dict[str, str]:
    return {**os.environ, "NIANBAO_DATA": str(data), "COLUMNS": "200"}


def start_nianbao(*args: str, data: Path) -> subprocess.Popen:
    return subprocess.Popen(nianbao_argv(*args), cwd=ROOT, env=child_env(data), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def run_nianbao(*args: str, data: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(nianbao_argv(*args), cwd=ROOT, env=child_env(data), capture_output=True, text=True,
                          timeout=timeout)


def holds_flock(pid: int, path: Path) -> bool:
    """Whether process ``pid`` holds an flock on ``path`` right now, read from /proc/locks.

    Why /proc/locks and not a probing ``flock`` of our own: a probe would itself take the lock for an
    instant, and the child could then fail with "another load is running" because of the test.
    """
    try:
        inode = os.stat(path).st_ino
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if "->" in parts or len(parts) < 6 or parts[1] != "FLOCK":
            continue
        if parts[4] == str(pid) and parts[5].rsplit(":", 1)[-1] == str(inode):
            return True
    return False


def write_figures(name: str, figures: dict) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    return path


# ---- audits ------------------------------------------------------------------------------------------------

def audit_archive(data: Path) -> tuple[list[str], dict[str, int]]:
    """Every body's sha256 equals its name; every sidecar is JSON naming that body; (problems, counts)."""
    problems: list[str] = []
    root = data / "raw" / "sha256"
    counts = {"bodies": 0, "sidecars": 0, "temp_files": 0, "bodies_without_sidecar": 0}
    if not root.exists():
        return problems, counts
    for path in sorted(root.rglob("*")):
        if path.is_dir():
            if path.parent != root or len(path.name) != 2:
                problems.append(f"{path}: unexpected folder in the archive")
            continue
        if path.name.startswith(".tmp-"):
            counts["temp_files"] += 1  # a write cut short: never read, never under a valid name
            continue
        if path.suffix == ".bin":
            counts["bodies"] += 1
            if hashlib.sha256(path.read_bytes()).hexdigest() != path.stem:
                problems.append(f"{path}: body does not hash to its name")
            if not path.with_suffix(".json").exists():
                counts["bodies_without_sidecar"] += 1
        elif path.suffix == ".json":
            counts["sidecars"] += 1
            try:
                meta = json.loads(path.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: sidecar is not valid JSON ({exc})")
                continue
            if meta.get("sha256") != path.stem or not meta.get("fetches"):
                problems.append(f"{path}: sidecar does not describe its body")
            if not path.with_suffix(".bin").exists():
                problems.append(f"{path}: sidecar without its body")
        else:
            problems.append(f"{path}: unexpected file in the archive")
    return problems, counts


def audit_state(data: Path) -> tuple[list[str], int]:
    """The state store opens, passes SQLite's integrity check, and names only bodies the archive holds."""
    path = data / "state" / "harvest.sqlite"
    if not path.exists():
        return [], 0
    problems: list[str] = []
    db = sqlite3.connect(path)
    try:
        (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            problems.append(f"{path}: integrity check says {verdict}")
        rows = db.execute("SELECT url, sha256 FROM pages WHERE sha256 IS NOT NULL").fetchall()
    finally:
        db.close()
    archive = data / "raw" / "sha256"
    for url, sha in rows:
        body = archive / sha[:2] / f"{sha}.bin"
        if not body.exists() or not body.with_suffix(".json").exists():
            problems.append(f"{path}: {url} refers to body {sha[:12]}… that the archive does not hold whole")
    return problems, len(rows)


def audit_warehouse(db_path: Path, truth_cells: dict[str, int]) -> tuple[list[str], dict[str, int]]:
    """Every report's cells complete, one current report per organ × year × source, a truthful ledger.

    ``truth_cells`` maps a report's page URL to the number of cells the MANIFEST says it prints.
    """
    if not db_path.exists():
        return [], {"reports": 0, "loads": 0}
    problems: list[str] = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        def rows(query: str) -> list[tuple]:
            return con.execute(query).fetchall()

        for report_id, fact_count, found in rows(
                "SELECT r.report_id, r.fact_count, count(f.cell) FROM report r "
                "LEFT JOIN fct_report_cell f USING (report_id) GROUP BY ALL HAVING r.fact_count <> count(f.cell)"):
            problems.append(f"report {report_id}: {found} cells stored, {fact_count} announced")
        for url, printed in rows("SELECT r.url, count(f.cell) FILTER (WHERE NOT f.is_derived) FROM report r "
                                 "LEFT JOIN fct_report_cell f USING (report_id) WHERE r.is_current GROUP BY ALL"):
            if url not in truth_cells:
                problems.append(f"current report {url}: not a report of the MANIFEST")
            elif printed != truth_cells[url]:
                problems.append(f"current report {url}: {printed} printed cells, the MANIFEST says "
                                f"{truth_cells[url]}")
        for key in rows("SELECT organ_id, year, source_name, count(*) FROM report WHERE is_current "
                        "GROUP BY ALL HAVING count(*) > 1"):
            problems.append(f"{key[3]} current reports for organ × year × source {key[:3]}")
        for key in rows("SELECT report_id, cell FROM fct_report_cell GROUP BY ALL HAVING count(*) > 1 LIMIT 5"):
            problems.append(f"cell {key[1]} stored twice for {key[0]}")
        (ledger,) = rows(
            "SELECT count(*), coalesce(sum(reports_new + reports_revised), 0), coalesce(sum(reports_revised), 0), "
            "coalesce(sum(facts_written), 0), coalesce(sum(checks_written), 0), "
            "coalesce(sum(statements_written), 0) FROM load_ledger")
        (tables,) = rows(
            "SELECT (SELECT count(*) FROM report), (SELECT count(*) FROM report WHERE superseded_by_load IS NOT NULL),"
            " (SELECT count(*) FROM fct_report_cell), (SELECT count(*) FROM check_result),"
            " (SELECT count(*) FROM fct_report_statement)")
        names = ("reports", "revisions", "facts", "checks", "statements")
        for name, said, held in zip(names, ledger[1:], tables, strict=True):
            if said != held:
                problems.append(f"load_ledger says {said} {name} were written, the tables hold {held}")
        for (load_id,) in rows("SELECT DISTINCT load_id FROM report WHERE load_id NOT IN "
                               "(SELECT load_id FROM load_ledger)"):
            problems.append(f"reports of load {load_id}, which the ledger does not record")
        (current,) = rows("SELECT count(*) FROM report WHERE is_current")
    return problems, {"reports": tables[0], "current": current[0], "loads": ledger[0]}
