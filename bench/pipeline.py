"""Pipeline benchmark: cold harvest + load, a warm night, and 1% of reports changed in place.

The portal is served by the sample portal's own server (real HTTP on 127.0.0.1, robots Crawl-delay off,
no faults) in this process; every harvest phase runs in a fresh child process so that its peak RSS is its
own (the server keeps served files in memory and would otherwise be counted). Requests are counted from
the server's log, not from the client. Politeness delays are off: FetchSettings(delay 0, 8 in flight).

Nights are dated (``now``), because since issue 19 the date decides what a warm night asks again: cold on a
Monday, warm on the Tuesday (an ordinary night: lists and what did not arrive), then 1% of the reports are
changed in place (list entries untouched) and two nights follow: the Wednesday, which by design does not
see them (the trade-off, README "Harvest"), and the Sunday sweep, which must re-parse exactly those.

The child runs the same library call the Prefect flow's tasks are made of (``flows.pipeline.harvest_source``)
without Prefect; Prefect's own overhead is measured separately (``phase prefect``) on the 1k portal: the
flow's wall time against the same steps called directly, both cold, with the source's own politeness,
after Prefect's API is up.

A phase that crashes, or ends without the work it must do (a cold night that did not parse every report),
is kept as a failed phase with a one-line reason; the runner reports it in RESULTS.md and exits non-zero.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
CHANGED_SHARE = 0.01
PREFECT_REPEATS = 3
_CST = ZoneInfo("Asia/Shanghai")
# Every generated report is older than 30 days by then, so none is "young" (asked every night).
NIGHTS = {"cold": datetime(2026, 6, 1, 2, 0, tzinfo=_CST),  # Monday
          "warm": datetime(2026, 6, 2, 2, 0, tzinfo=_CST),  # Tuesday: an ordinary night
          "changed_quiet": datetime(2026, 6, 3, 2, 0, tzinfo=_CST),  # Wednesday: in-place changes not asked
          "changed": datetime(2026, 6, 7, 2, 0, tzinfo=_CST)}  # Sunday: the weekly sweep catches them
PHASES = tuple(NIGHTS)


@dataclass(slots=True)
class Phase:
    """One harvest + load, as measured inside the child and at the server."""

    name: str
    wall_s: float = 0.0  # harvest + load, excluding interpreter start
    harvest_s: float = 0.0  # discover + fetch + parse
    parse_s: float = 0.0
    load_s: float = 0.0
    parsed: int = 0  # reports whose bytes went through parse_document
    found: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    facts_loaded: int = 0
    peak_rss_mb: float = 0.0
    requests: int = 0  # answered by the server during this phase
    http: dict[str, int] = field(default_factory=dict)
    # phase "prefect" only: medians over the repeats of the flow call and of the same steps called directly
    prefect_wall_s: float = 0.0
    direct_wall_s: float = 0.0
    prefect_walls: list[float] = field(default_factory=list)
    direct_walls: list[float] = field(default_factory=list)
    error: str = ""  # one line: why this phase failed ("" = it ran and did its work)


@dataclass(slots=True)
class Scale:
    reports: int
    generate_s: float
    phases: dict[str, Phase] = field(default_factory=dict)
    changed: int = 0  # reports touched before the "changed" phases
    error: str = ""  # the scale could not run at all (portal not built or not served)


# ---- child: one phase --------------------------------------------------------------------------------

def _child(phase: str, base_url: str, data: Path) -> Phase:
    from bench.bigportal import SOURCE
    from extract.net.settings import FetchSettings
    from extract.net.sources import get_source
    from flows import pipeline as harvest_mod

    out = Phase(phase)
    # Since the parse pool (transform/pool.py) the harvest parses each batch's new bodies in worker
    # processes through flows.pipeline._parse_all: the bodies it is handed are the re-parses, and its wall
    # time is the parse time of the batch on every core (instrumentation only: the real function runs).
    real_parse_all = harvest_mod._parse_all

    def timed_parse_all(todo, *args, **kwargs):
        t = time.perf_counter()
        try:
            return real_parse_all(todo, *args, **kwargs)
        finally:
            out.parse_s += time.perf_counter() - t
            out.parsed += len(todo)

    harvest_mod._parse_all = timed_parse_all
    t0 = time.perf_counter()
    result = harvest_mod.harvest_source(get_source(SOURCE), data, base_url_override=base_url,
                                        settings=FetchSettings(concurrency_per_host=8, delay_s=0.0),
                                        now=NIGHTS[phase])
    out.wall_s = time.perf_counter() - t0
    _fill(out, result)
    return out


def _fill(out: Phase, result) -> None:
    out.load_s = sum(ld.seconds for ld in result.loads)
    out.harvest_s = out.wall_s - out.load_s
    out.found = result.found
    out.statuses = dict(Counter(o.status for o in result.outcomes))
    out.facts_loaded = sum(ld.facts for ld in result.loads)
    out.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_prefect(base_url: str, data: Path, repeats: int) -> Phase:
    """The flow against the same steps called directly (flows.pipeline.harvest_source), alternating, cold."""
    from prefect import flow

    from bench.bigportal import SOURCE
    from extract.net.sources import get_source
    from flows import pipeline as harvest_mod
    from flows.harvest import nightly_harvest

    @flow(name="warm-up")
    def warm_up() -> None:
        """Starts Prefect's ephemeral API once per process (~15 s), as a deployed server is already up."""

    warm_up()
    out = Phase("prefect")
    source = get_source(SOURCE)
    for k in range(repeats):
        direct_dir, flow_dir = data / f"direct_{k}", data / f"flow_{k}"
        for d in (direct_dir, flow_dir):
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
        t0 = time.perf_counter()  # the source's own politeness in both, as the flow uses it
        direct = harvest_mod.harvest_source(source, direct_dir, base_url_override=base_url)
        out.direct_walls.append(time.perf_counter() - t0)
        os.environ["NIANBAO_DATA"] = str(flow_dir)  # the flow's tasks find their data folder here
        t0 = time.perf_counter()
        report = nightly_harvest(sources=[SOURCE], base_urls={SOURCE: base_url})
        out.prefect_walls.append(time.perf_counter() - t0)
        run = report.runs[0]
        if run.error or run.result is None:
            raise RuntimeError(f"flow run {k}: {run.error or 'no result'}")
        if run.result.found != direct.found or len(run.result.loads) == 0:
            raise RuntimeError(f"flow run {k} found {run.result.found}, direct {direct.found}")
    out.prefect_wall_s = statistics.median(out.prefect_walls)
    out.direct_wall_s = statistics.median(out.direct_walls)
    out.wall_s = out.prefect_wall_s
    _fill(out, run.result)
    return out


# ---- parent: serve, run phases, count requests ---------------------------------------------------------

def _run_child(phase: str, base_url: str, data: Path, work: Path, repeats: int = PREFECT_REPEATS) -> Phase:
    """One phase in a fresh interpreter; a crash comes back as a failed Phase with the child's last line."""
    env = dict(os.environ, PYTHONPATH=str(REPO), NIANBAO_DATA=str(data),
               PREFECT_HOME=str(work / "prefect_home"), PREFECT_LOGGING_LEVEL="WARNING",
               # the ephemeral API's default 20 s start-up wait times out on the loaded shared machine (first
               # run: "Timed out while attempting to connect"); the warm-up is not in the measured time
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")
    proc = subprocess.run([sys.executable, "-m", "bench.pipeline", "--phase", phase, "--base-url", base_url,
                           "--data", str(data), "--repeats", str(repeats)],
                          cwd=REPO, env=env, capture_output=True, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = [ln for ln in (proc.stderr or proc.stdout).strip().splitlines() if ln.strip()][-1:] or ["no output"]
        return Phase(phase, error=f"exit {proc.returncode}: {tail[0].strip()[:300]}")
    return Phase(**json.loads(lines[-1]))


def _count_requests(server, phase: Phase) -> None:
    server.wait_idle(timeout=10)
    log = server.log
    phase.requests = len(log)
    phase.http = dict(Counter(str(e.get("status")) for e in log))
    server.clear_log()


def _html_reports(root: Path) -> list[str]:
    with (root / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return [r["url_path"] for r in csv.DictReader(fh) if r["delivery"] == "html"]


def _touch_share(server, root: Path, share: float) -> int:
    """Change the bytes of every 1/share-th HTML report (a revision note appended): they must be re-parsed."""
    paths = _html_reports(root)
    step = max(1, round(1 / share))
    chosen = paths[::step]
    for path in chosen:
        body = (root / path.lstrip("/")).read_bytes()
        server.touch(path, body.replace(b"</body>", b"<p>\xe6\x9b\xb4\xe6\x96\xb0\xe8\xaf\xb4\xe6\x98\x8e</p></body>"))
    return len(chosen)


def _check(phase: Phase, reports: int) -> None:
    """A phase that ran but did not do its work is a failure, not a figure (the bench must not pass on it).

    Only the nights that must parse or find everything are checked here; how many reports a warm or
    changed night re-parses is a figure against its target, shown as met or NOT met.
    """
    if phase.error:
        return
    if phase.name == "cold" and (phase.parsed != reports or phase.facts_loaded == 0):
        phase.error = f"parsed {phase.parsed} of {reports} reports, loaded {phase.facts_loaded} facts"
    elif phase.name == "prefect" and phase.found < reports:
        phase.error = f"the flow found {phase.found} of {reports} reports"


def run_scale(n_reports: int, work: Path, prefect: bool = False, repeats: int = PREFECT_REPEATS) -> Scale:
    """Every phase of one portal size; failures are recorded in the phases, never raised."""
    from bench.bigportal import scaled_portal
    from sampleportal.server import serve_portal

    try:
        root, generate_s = scaled_portal(n_reports, work)
        reports = len(_html_reports(root))
    except Exception as exc:  # noqa: BLE001  # reported as the scale's failure in RESULTS.md
        return Scale(n_reports, 0.0, error=f"portal not built: {type(exc).__name__}: {str(exc)[:200]}")
    scale = Scale(n_reports, generate_s)
    data = work / f"run_{n_reports}"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    # TCP_NODELAY is the sample server's default now (its _Handler.disable_nagle_algorithm): without it each
    # keep-alive response waited ~40 ms for a delayed ACK and the bench measured that stall.
    with serve_portal(root, crawl_delay=0) as server:
        for name in PHASES:
            if name == "changed_quiet":
                scale.changed = _touch_share(server, root, CHANGED_SHARE)
            if any(p.error for p in scale.phases.values()):
                scale.phases[name] = Phase(name, error="not run: an earlier phase failed")
                continue
            phase = _run_child(name, server.base_url, data, work)
            _count_requests(server, phase)
            _check(phase, reports)
            scale.phases[name] = phase
        if prefect:
            flow_data = work / f"prefect_{n_reports}"
            shutil.rmtree(flow_data, ignore_errors=True)
            flow_data.mkdir(parents=True)
            phase = _run_child("prefect", server.base_url, flow_data, work, repeats)
            _count_requests(server, phase)
            _check(phase, reports)
            scale.phases["prefect"] = phase
    return scale


def main() -> None:
    parser = argparse.ArgumentParser(description="One pipeline phase (child) or one scale (parent).")
    parser.add_argument("--phase", choices=[*PHASES, "prefect"])
    parser.add_argument("--base-url")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--prefect", action="store_true")
    parser.add_argument("--repeats", type=int, default=PREFECT_REPEATS, help="flow/direct pairs (phase prefect)")
    args = parser.parse_args()
    if args.phase:
        phase = _child_prefect(args.base_url, args.data, args.repeats) if args.phase == "prefect" else \
            _child(args.phase, args.base_url, args.data)
        print(json.dumps(asdict(phase), ensure_ascii=False))
        return
    scale = run_scale(args.reports, REPO / "bench" / "_work", prefect=args.prefect, repeats=args.repeats)
    print(json.dumps(asdict(scale), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
