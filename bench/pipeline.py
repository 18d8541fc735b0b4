"""Pipeline benchmark: cold harvest + load, warm re-run, and a re-run after 1% of reports changed.

The portal is served by the sample portal's own server (real HTTP on 127.0.0.1, robots Crawl-delay off,
no faults) in this process; every harvest phase runs in a fresh child process so that its peak RSS is its
own (the server keeps served files in memory and would otherwise be counted). Requests are counted from
the server's log, not from the client. Politeness delays are off: FetchSettings(delay 0, 8 in flight).

The child runs the same library calls the Prefect flow's tasks make (harvest_source → outcome_input →
load_batch) without Prefect; Prefect's own overhead is measured separately (``phase prefect``) by running
``flows.harvest.nightly_harvest`` on the 1k portal and subtracting the time spent inside its tasks.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHANGED_SHARE = 0.01


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
    prefect_wall_s: float = 0.0  # phase "prefect" only: the flow call, start to end
    prefect_work_s: float = 0.0  # … of which inside the harvest and load functions


@dataclass(slots=True)
class Scale:
    reports: int
    generate_s: float
    phases: dict[str, Phase] = field(default_factory=dict)
    changed: int = 0  # reports touched before the "changed" phase


# ---- child: one phase --------------------------------------------------------------------------------

def _child(phase: str, base_url: str, data: Path) -> Phase:
    import transform.pipeline as parse_mod
    from extract.net.settings import FetchSettings
    from extract.net.sources import get_source
    from flows import pipeline as harvest_mod

    out = Phase(phase)
    real_parse = parse_mod.parse_document

    def timed_parse(body, name, content_type=None, **kw):  # instrumentation only: the real parser runs
        t = time.perf_counter()
        try:
            return real_parse(body, name, content_type, **kw)
        finally:
            out.parse_s += time.perf_counter() - t
            out.parsed += 1

    parse_mod.parse_document = timed_parse
    source = get_source("sample")
    t0 = time.perf_counter()
    result = harvest_mod.harvest_source(source, data, base_url_override=base_url,
                                        settings=FetchSettings(concurrency_per_host=8, delay_s=0.0))
    loads = result.loads
    out.load_s = sum(ld.seconds for ld in loads)
    t2 = time.perf_counter()
    out.wall_s = t2 - t0
    out.harvest_s = out.wall_s - out.load_s
    out.found = result.found
    out.statuses = dict(Counter(o.status for o in result.outcomes))
    out.facts_loaded = sum(ld.facts for ld in loads)
    out.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _child_prefect(base_url: str, data: Path) -> Phase:
    from prefect import flow

    from flows.harvest import nightly_harvest

    @flow(name="warm-up")
    def warm_up() -> None:
        """Starts Prefect's ephemeral API once per process (~15 s), as a deployed server is already up."""

    warm_up()
    out = Phase("prefect")
    t0 = time.perf_counter()
    report = nightly_harvest(sources=["sample"], base_urls={"sample": base_url})
    out.prefect_wall_s = time.perf_counter() - t0
    run = report.runs[0]
    out.harvest_s = run.result.work_seconds if run.result else 0.0  # inside discover/fetch/parse
    out.load_s = report.load.seconds if report.load else 0.0
    out.prefect_work_s = out.harvest_s + out.load_s
    out.found = run.result.found if run.result else 0
    out.statuses = dict(Counter(o.status for o in run.result.outcomes)) if run.result else {}
    out.facts_loaded = report.load.facts if report.load else 0
    out.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ---- parent: serve, run phases, count requests ---------------------------------------------------------

def _run_child(phase: str, base_url: str, data: Path, work: Path) -> Phase:
    env = dict(os.environ, PYTHONPATH=str(REPO), NIANBAO_DATA=str(data),
               PREFECT_HOME=str(work / "prefect_home"), PREFECT_LOGGING_LEVEL="WARNING")
    proc = subprocess.run([sys.executable, "-m", "bench.pipeline", "--phase", phase, "--base-url", base_url,
                           "--data", str(data)], cwd=REPO, env=env, capture_output=True, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"bench phase {phase} at {base_url}: exit {proc.returncode}: {tail[0]}")
    return Phase(**json.loads(lines[-1]))


def _count_requests(server, phase: Phase) -> None:
    server.wait_idle(timeout=10)
    log = server.log
    phase.requests = len(log)
    phase.http = dict(Counter(str(e.get("status")) for e in log))
    server.clear_log()


def _touch_share(server, root: Path, share: float) -> int:
    """Change the bytes of every 1/share-th HTML report (a revision note appended): they must be re-parsed."""
    with (root / "MANIFEST.csv").open(encoding="utf-8") as fh:
        paths = [r["url_path"] for r in csv.DictReader(fh) if r["delivery"] == "html"]
    step = max(1, round(1 / share))
    chosen = paths[::step]
    for path in chosen:
        body = (root / path.lstrip("/")).read_bytes()
        server.touch(path, body.replace(b"</body>", b"<p>\xe6\x9b\xb4\xe6\x96\xb0\xe8\xaf\xb4\xe6\x98\x8e</p></body>"))
    return len(chosen)


def run_scale(n_reports: int, work: Path, prefect: bool = False) -> Scale:
    from bench.bigportal import scaled_portal
    from sampleportal import server as portal_server

    # The sample server writes headers and body in two small sends; with Nagle's algorithm on, each
    # keep-alive response then waits for the client's delayed ACK (~40 ms on Linux), so the bench would
    # measure that stall (1k cold: 92 s, 45 ms per request) instead of nianbao. Real portals (nginx, IIS)
    # set TCP_NODELAY; StreamRequestHandler's documented switch does the same here.
    portal_server._Handler.disable_nagle_algorithm = True
    serve_portal = portal_server.serve_portal
    root, generate_s = scaled_portal(n_reports, work)
    scale = Scale(n_reports, generate_s)
    data = work / f"run_{n_reports}"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    with serve_portal(root, crawl_delay=0) as server:
        for name in ("cold", "warm", "changed"):
            if name == "changed":
                scale.changed = _touch_share(server, root, CHANGED_SHARE)
            phase = _run_child(name, server.base_url, data, work)
            _count_requests(server, phase)
            scale.phases[name] = phase
        if prefect:
            flow_data = work / f"prefect_{n_reports}"
            shutil.rmtree(flow_data, ignore_errors=True)
            flow_data.mkdir(parents=True)
            phase = _run_child("prefect", server.base_url, flow_data, work)
            _count_requests(server, phase)
            scale.phases["prefect"] = phase
    return scale


def main() -> None:
    parser = argparse.ArgumentParser(description="One pipeline phase (child) or one scale (parent).")
    parser.add_argument("--phase", choices=["cold", "warm", "changed", "prefect"])
    parser.add_argument("--base-url")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--prefect", action="store_true")
    args = parser.parse_args()
    if args.phase:
        phase = _child_prefect(args.base_url, args.data) if args.phase == "prefect" else \
            _child(args.phase, args.base_url, args.data)
        print(json.dumps(asdict(phase), ensure_ascii=False))
        return
    scale = run_scale(args.reports, REPO / "bench" / "_work", prefect=args.prefect)
    print(json.dumps(asdict(scale), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
