"""``make bench`` → ``python -m bench``: parse, pipeline and load benchmarks, one table, bench/RESULTS.md.

``--quick`` runs the parse benchmark on a reduced set only (< 60 s) and writes nothing.
The pipeline's big portal is 10,000 reports unless the 1,000-report run predicts that 10k would not fit
the 15-minute budget on this machine; it is then scaled down and the table and notes say so.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.machine import describe
from bench.report import Results, print_table, write_markdown

WORK = Path(__file__).resolve().parent / "_work"
BUDGET_S = 15 * 60
BIG = (10_000, 5_000, 3_000, 2_000)


def _pick_big(elapsed: float, small_phase_s: float, small: int) -> int:
    """The largest portal whose predicted cold+warm+changed time (linear, +15%) still fits the budget."""
    left = BUDGET_S - elapsed - 60  # a minute kept for the load benchmark and the report
    for size in BIG:
        if small_phase_s * size / small * 1.15 <= left:
            return size
    return BIG[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description="nianbao benchmarks (issue 6).")
    parser.add_argument("--quick", action="store_true", help="parse benchmark only, reduced inputs, < 60 s")
    parser.add_argument("--big", type=int, default=None, help="force the big portal's size (default: auto)")
    parser.add_argument("--no-prefect", action="store_true", help="skip the Prefect overhead run")
    args = parser.parse_args()
    t0 = time.perf_counter()
    from bench.parse_speed import parse_benchmarks

    results = Results(machine=describe())
    results.parse = parse_benchmarks(quick=args.quick)
    if args.quick:
        print_table(results)
        return
    from bench.load_rate import load_benchmark
    from bench.pipeline import run_scale

    small = run_scale(1_000, WORK, prefect=not args.no_prefect)
    results.scales.append(small)
    small_s = sum(p.wall_s for k, p in small.phases.items() if k != "prefect") + 3 * 3  # + child start-up
    big = args.big or _pick_big(time.perf_counter() - t0, small_s, small.reports)
    results.scales.append(run_scale(big, WORK))
    results.load = load_benchmark()
    results.seconds = time.perf_counter() - t0
    results.notes = _notes(results, big)
    print_table(results)
    write_markdown(results)
    print(f"wrote {Path(__file__).resolve().parent / 'RESULTS.md'} ({results.seconds / 60:.1f} min)")


# Why targets were missed on the first full run (2026-11-26) and what would close them; read the table
# for whether they still are.
MISSED = [
    "Why missed — HTML ≥ 500/s, ≥ 5× pandas, ≤ 4× lexbor: nianbao spends ~7.7 ms per report, the lexbor parse "
    "~0.2 ms, so > 95% is in reading/placing/checking (many small Polars frames per report, statements, text "
    "checks). pandas.read_html is fast on these small pages. Closing it needs a profile of extract/reader.py "
    "+ transform/ and batching the per-report Polars work; accuracy is already ahead (corpus 100% vs 86%).",
    "Why missed — warm re-run ≤ 30 s: it re-requests every list and article page (conditional GET → 304) and "
    "fetches reports one at a time; ~7 ms per request. Skipping articles whose list entry and date are "
    "unchanged, and fetching articles concurrently, would close it.",
    "Why missed — peak RSS ≤ 1 GB: harvest_source keeps every ParsedReport until the single load at the end "
    "(~0.4 MB each). Loading in chunks of a few hundred outcomes would bound it.",
    "Why missed — Prefect overhead ≤ 20%: the figure includes starting Prefect's ephemeral API server and "
    "the run artifacts; a long-lived Prefect server (as deployed) removes most of it.",
]


def _notes(r: Results, big: int) -> list[str]:
    notes = [
        "Parse: one process, contenders interleaved in each of 5 timed passes over the same inputs; the figure "
        "is the median pass. Inputs: the real corpus report (Shanghai 2019 HTML, Huaian 2024 PDF, scored against "
        "its hand-read expectation file) plus the sample portal's reports generated with 3 seeds (scored against "
        "MANIFEST truth). Baselines: bench/baseline.py (pandas.read_html lxml / pdfplumber.extract_tables, then "
        "row-label lookup into data/spec/canonical_cells.csv, numbers by position).",
        "Pipeline: bench/pipeline.py. Portals built by bench/bigportal.py from the generator's own parts (1 county "
        "+ N townships × 2019–2025, HTML reports), served on 127.0.0.1 by extract.sampleportal.server with "
        "Crawl-delay off, fetched with FetchSettings(delay 0, 8 in flight). Each phase runs in a fresh child "
        "process (its peak RSS is ru_maxrss of that child; interpreter start-up is not in the wall time). "
        "Requests are counted in the server's log. 'changed' touches every 100th report (server.touch).",
        "The sample server runs with TCP_NODELAY in the bench (StreamRequestHandler.disable_nagle_algorithm): "
        "without it every keep-alive response waits ~40 ms for a delayed ACK (1k cold harvest 92 s instead of "
        "~25 s). Suggest the same one-line setting in extract/sampleportal/server.py.",
        "Orchestration overhead: the pipeline phases run without Prefect; Prefect's share is measured on the "
        "1k portal by running flows.harvest.nightly_harvest (ephemeral API, fresh PREFECT_HOME) and subtracting "
        "the seconds spent inside harvest_source and load_batch from the flow call's wall time. That flow uses "
        "the source's own politeness (2 in flight, 0.02 s), so its harvest is slower than the 'cold' phase.",
    ]
    notes += MISSED
    if big < 10_000:
        notes.append(f"SCALED DOWN: the big portal is {big:,} reports, not 10,000: the 1k run predicted that "
                     "10k cold + warm + changed would not fit the 15-minute budget on this machine. The "
                     "scaling target is applied proportionally (≤ 1.1 × the size ratio).")
    return notes


if __name__ == "__main__":
    main()
