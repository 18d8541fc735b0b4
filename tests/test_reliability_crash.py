"""``nianbao harvest`` SIGKILLed at random points, 20 times over one data folder: nothing lost, nothing torn.

Each run harvests one year of the served sample portal and loads the warehouse. A seeded random point is
chosen in a phase — discovery (list pages), fetch (report pages), parse (the report loop) or load (the
warehouse lock is held) — watched from the server's request log and /proc/locks, and the child is killed
there with SIGKILL. The phase really hit is recorded at the instant of the kill. A first run, and one
after the tenth kill, complete, so that most kills find a published warehouse to protect (and the load
kills a published one plus a half-built next version). Between runs three reports
are re-published (a correction), so every run has new bytes to fetch, parse and load while the other
sixteen take the incremental path (304, already parsed). After every kill the warehouse, the raw archive
and the state store are audited; after the last, one uninterrupted run must leave exactly the MANIFEST's
reports, each with its newest bytes and every printed cell.
"""

from __future__ import annotations

import hashlib
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from portal_fixtures import PORTAL, reports
from reliability_fixtures import (
    audit_archive,
    audit_state,
    audit_warehouse,
    holds_flock,
    run_nianbao,
    start_nianbao,
    write_figures,
)

from sampleportal.server import serve_portal

pytestmark = pytest.mark.slow  # 20 harvests killed at random points: `make test-fast` skips it

YEAR = 2024
KILLS = 20
PHASES = ("discovery", "fetch", "parse", "load")
SEED = 7_2024


def year_reports() -> list[dict]:
    return [r for r in reports(PORTAL) if int(r["year"]) == YEAR and "superseded" not in r["defects"]]


def corrected_pages(rows: list[dict]) -> list[str]:
    """Three HTML reports re-published in every round (a correction appended), the rest never change."""
    return sorted(r["url_path"] for r in rows if r["delivery"] == "html" and not r["defects"])[:3]


def observed_phase(pid: int, data: Path, log: list[dict], pages: set[str]) -> str:
    """Where the child is at this instant, from what it left on the server and the lock it holds."""
    if holds_flock(pid, data / "warehouse.lock"):
        return "load"
    asked = {e["path"] for e in log}
    if pages <= asked:
        return "parse"  # every report page fetched: the report loop (attachments, parsing) runs
    if asked & pages:
        return "fetch"
    return "discovery" if log else "startup"


def kill_at_random_point(proc, server, data: Path, target: str, rng: random.Random,
                         pages: set[str]) -> tuple[str, bool] | None:
    """SIGKILL ``proc`` at a seeded random point of ``target``; (phase hit, .next present) or None if done."""
    k_lists, k_pages = rng.randint(2, 45), rng.randint(1, len(pages) - 1)
    extra = rng.uniform(0.0, 0.05 if target == "parse" else 0.25)  # the report loop of 3 changed reports is short
    armed_at: float | None = None
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if armed_at is None:
            log = server.log
            asked = [e for e in log if e["path"] in pages]
            if (target == "discovery" and len(log) - len(asked) >= k_lists
                    or target == "fetch" and len(asked) >= k_pages
                    or target == "parse" and {e["path"] for e in asked} >= pages
                    or target == "load" and holds_flock(proc.pid, data / "warehouse.lock")):
                armed_at = time.monotonic()
        if armed_at is not None and time.monotonic() - armed_at >= (0 if target in ("discovery", "fetch")
                                                                    else extra):
            phase = observed_phase(proc.pid, data, server.log, pages)
            half_built = phase == "load" and (data / "warehouse.duckdb.next").exists()
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            if proc.returncode == -signal.SIGKILL:
                return phase, half_built
            return None  # it finished in the instant between
        time.sleep(0.002)
    proc.wait(30)
    return None


def audit(data: Path, truth_cells: dict[str, int]) -> tuple[list[str], dict]:
    problems, stored = audit_warehouse(data / "warehouse.duckdb", truth_cells)
    archive_problems, archive = audit_archive(data)
    state_problems, state_rows = audit_state(data)
    return problems + archive_problems + state_problems, {**stored, **archive, "state_rows": state_rows}


def test_twenty_harvests_killed_at_random_points_lose_nothing_and_the_next_run_completes(tmp_path):
    rng = random.Random(SEED)
    data = tmp_path / "data"
    rows = year_reports()
    corrected = corrected_pages(rows)
    served: dict[str, bytes] = {r["url_path"]: (PORTAL / r["url_path"].lstrip("/")).read_bytes() for r in rows}
    kills: list[dict] = []
    completed_before_kill = 0
    published_at_kill = 0
    with serve_portal(PORTAL, port=0, crawl_delay=0.01) as server:
        base = server.base_url
        truth_cells = {base + r["page_path"]: len(r["truth"]) for r in rows}
        pages = {r["page_path"] for r in rows}
        attempt, midway_done = 0, False
        while len(kills) < KILLS and attempt < KILLS + 12:
            complete = attempt == 0 or (len(kills) == KILLS // 2 and not midway_done)
            midway_done = midway_done or (complete and attempt > 0)
            target = "complete" if complete else PHASES[len(kills) % len(PHASES)]
            if attempt:
                for path in corrected:  # a correction re-published: new bytes for the next run
                    served[path] = served[path] + f"\n<!-- sample correction {attempt} -->\n".encode()
                    server.touch(path, served[path])
            attempt += 1
            server.wait_idle()
            server.clear_log()
            # --full-sweep: every page is asked each run (corrections are made in place here, which a warm
            # night would otherwise leave for the weekly sweep: extract/net/recall.py)
            proc = start_nianbao("harvest", "--source", "sample", "--base-url", base, "--year", str(YEAR),
                                 "--full-sweep",
                                 data=data)
            published = (data / "warehouse.duckdb").exists()
            hit = None if target == "complete" else kill_at_random_point(proc, server, data, target, rng, pages)
            if target == "complete":
                proc.wait(60)
            if hit is None:
                completed_before_kill += target != "complete"
                assert proc.returncode == 0, proc.stderr.read()
            problems, counts = audit(data, truth_cells)
            assert not problems, f"after kill {len(kills) + 1} (aimed at {target}): " + "; ".join(problems)
            if hit is not None:
                published_at_kill += published
                kills.append({"aimed_at": target, "phase": hit[0], "half_built_next": hit[1], **counts})

        server.wait_idle()
        server.clear_log()
        final = run_nianbao("harvest", "--source", "sample", "--base-url", base, "--year", str(YEAR),
                            "--full-sweep", data=data)
        assert final.returncode == 0, final.stderr
        problems, counts = audit(data, truth_cells)
        assert not problems, "; ".join(problems)

    import duckdb

    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        current = dict(con.execute("SELECT url, sha256 FROM report WHERE is_current").fetchall())
    # exactly the MANIFEST's reports, each as last published (corrections included): nothing lost
    assert set(current) == set(truth_cells)
    newest = {base + r["page_path"]: hashlib.sha256(served[r["url_path"]]).hexdigest() for r in rows}
    assert current == newest
    phases = Counter(k["phase"] for k in kills)
    assert len(kills) == KILLS and set(phases) >= set(PHASES), phases  # every phase was really hit
    write_figures("reliability_crash", {
        "kills": len(kills), "phases_hit": dict(phases), "completed_before_kill": completed_before_kill,
        "killed_with_half_built_next_version": sum(k["half_built_next"] for k in kills),
        "archive_temp_files_left": counts["temp_files"], "kills_with_a_published_warehouse": published_at_kill, "reports_current": counts["current"],
        "report_revisions": counts["reports"], "loads": counts["loads"], "runs": attempt + 1, "seed": SEED,
        "kill_log": kills})
