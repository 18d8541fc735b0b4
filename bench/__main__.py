"""``make bench`` → ``python -m bench``: parse, pipeline and load benchmarks, one table, bench/RESULTS.md.

``--quick`` runs the parse benchmark on a reduced set only (< 60 s) and writes nothing.
The pipeline's big portal is 10,000 reports unless the 1,000-report run predicts that 10k would not fit
the 15-minute budget on this machine; it is then scaled down and the table and notes say so.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.machine import describe
from bench.pipeline import PREFECT_REPEATS
from bench.report import Results, print_table, write_markdown

T = TypeVar("T")

WORK = Path(__file__).resolve().parent / "_work"
SAVED = WORK / "results.pickle"  # the last full run's figures, for --render-only (git-ignored, like _work/)
BUDGET_S = 15 * 60
SMALL = 1_000
BIG = (10_000, 5_000, 3_000, 2_000)


def _pick_big(elapsed: float, small_phase_s: float, small: int) -> int:
    """The largest portal whose predicted pipeline time (linear, +15%) still fits the budget."""
    left = BUDGET_S - elapsed - 60  # a minute kept for the load benchmark and the report
    for size in BIG:
        if small_phase_s * size / small * 1.15 <= left:
            return size
    return 0


def _attempt(results: Results, what: str, fn: Callable[[], T]) -> T | None:
    """Run one benchmark; a crash becomes one line in RESULTS.md ("## FAILED") instead of ending the run."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001  # any crash is reported, and makes `make bench` exit 1
        line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        results.failures.append(f"{what}: {type(exc).__name__}: {line[:300]}")
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description="nianbao benchmarks (issues 6 and 19).")
    parser.add_argument("--quick", action="store_true", help="parse benchmark only, reduced inputs, < 60 s")
    parser.add_argument("--big", type=int, default=None,
                        help="force the big portal's size; 0 = the 1k portal only (default: what the budget allows)")
    parser.add_argument("--no-prefect", action="store_true", help="skip the Prefect overhead run")
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR benchmark (bench/ocr_speed.py)")
    parser.add_argument("--render-only", action="store_true",
                        help="rewrite RESULTS.md from the last full run's figures (bench/_work/results.pickle)")
    parser.add_argument("--prefect-repeats", type=int, default=PREFECT_REPEATS,
                        help="flow / direct pairs for the Prefect overhead (median)")
    args = parser.parse_args()
    if args.render_only:  # the notes are edited after a run; the figures stay those the run measured
        results, big, *forced = pickle.loads(SAVED.read_bytes())
        _finish(results, big, forced[0] if forced else True)
        return
    t0 = time.perf_counter()
    from bench.parse_speed import parse_benchmarks

    results = Results(machine=describe())
    results.parse = _attempt(results, "parse benchmark", lambda: parse_benchmarks(quick=args.quick)) or []
    if args.quick:
        print_table(results)
        _exit(results)
        return
    from bench.load_rate import load_benchmark
    from bench.pipeline import run_scale

    small = run_scale(SMALL, WORK, prefect=not args.no_prefect, repeats=args.prefect_repeats)
    results.scales.append(small)
    small_s = sum(p.wall_s for k, p in small.phases.items() if k != "prefect") + 3 * len(small.phases)
    big = args.big if args.big is not None else _pick_big(time.perf_counter() - t0, small_s, small.reports)
    if big and not small.error:
        results.scales.append(run_scale(big, WORK))
    results.load = _attempt(results, "load benchmark", load_benchmark)
    if not args.no_ocr:  # its own section of RESULTS.md (bench/ocr_speed.py), kept by write_markdown below
        from bench.ocr_speed import ocr_benchmark, section, write_section

        _attempt(results, "OCR benchmark", lambda: write_section(section(ocr_benchmark())))
    results.seconds = time.perf_counter() - t0
    SAVED.write_bytes(pickle.dumps((results, big, args.big is not None)))
    _finish(results, big, args.big is not None)


def _finish(results: Results, big: int, forced: bool) -> None:
    results.notes = _notes(results, big, forced)
    print_table(results)
    write_markdown(results)
    print(f"wrote {Path(__file__).resolve().parent / 'RESULTS.md'} ({results.seconds / 60:.1f} min)")
    _exit(results)


def _exit(results: Results) -> None:
    """Exit 1 when anything failed, so that `make bench` cannot pass with a crashed phase."""
    failed = results.failed()
    for line in failed:
        print(f"bench FAILED: {line}", file=sys.stderr)
    if failed:
        sys.exit(1)


# Why the targets still missed are missed (updated by hand after the run of 2026-12-01); read the table for
# whether they still are.
MISSED = [
    "Code measured: main at c5f6a97 (one parse pool per run, one Prefect task per host batch, views kept when "
    "their SQL is unchanged); the 10k pipeline phases were run again at 3384ed7 after the first 10k cold "
    "night showed discovery stopping silently at 3,000 list pages (1,298 reports never found; now a setting, "
    "max_list_pages = 20,000, and a warning when reached) and merged into this table (--render-only).",
    "Peak RSS is the harvest process's own (ru_maxrss); the parse pool's worker processes are not in it.",
    "Machine load: for its first ~12 minutes this run shared the 2 cores with the test suite of a CI check "
    "(one core); the bare lexbor parse ran at 4,764 reports/s against 7,850/s on the quiet 2026-11-26. "
    "Compare ratios against the same-run baselines.",
    "Why missed — HTML ≥ 500/s, ≥ 5× pandas, ≤ 4× lexbor (one process): 116 reports/s, 2.1× pandas.read_html, "
    "41× the bare parse. A profile of the Shanghai page (CPU ms): lexbor 0.26, reading the tables 0.7–1.3, "
    "html_to_text 1.1, sections and metadata 0.6, statements 0.8, placing 0.4, checks 0.4, JSON 0.5. What is "
    "left is Python per cell spread over many functions; ≤ 4× the bare parse needs the reading and placing "
    "done in one compiled pass, not more trimming. On every core the CLI does meet the issue's own measure: "
    "`nianbao parse DIR --format jsonl` at 5.0× pandas with 2 workers and 6.3× with 4 (section below).",
    "1% changed in place: by design the next ordinary night re-parses none of them (list entries unchanged); "
    "the Sunday sweep asks every page conditionally and re-parses exactly the touched ones. The sweep night "
    "costs nearly a cold night's fetching.",
]


def _notes(r: Results, big: int, forced: bool) -> list[str]:
    notes = [
        "Parse: one process, contenders interleaved in each of 5 timed passes over the same inputs; the figure "
        "is the median pass. Inputs: the real corpus report (Shanghai 2019 HTML, Huaian 2024 PDF, scored against "
        "its hand-read expectation file) plus the sample portal's reports generated with 3 seeds (scored against "
        "MANIFEST truth). Baselines: bench/baseline.py (pandas.read_html lxml / pdfplumber.extract_tables, then "
        "row-label lookup into data/spec/canonical_cells.csv, numbers by position).",
        "Pipeline: bench/pipeline.py. Portals built by bench/bigportal.py from the sample province's own parts "
        "(one 剑河县-like county in the subsites layout: county government + 1 department + N generated 乡镇, "
        "2019–2025, HTML reports, 2 news items per township; the county's 2023 report has a correction), "
        "harvested as source sample-jianhe, served on 127.0.0.1 by sampleportal.server with Crawl-delay off, "
        "fetched with FetchSettings(delay 0, 8 in flight). Each phase runs in a fresh child process (its peak "
        "RSS is ru_maxrss of that child; interpreter start-up is not in the wall time); each is one run, not a "
        "median. Requests are counted in the server's log.",
        "Nights are dated (harvest_source(now=…)), since issue 19 makes the date decide what is asked again: "
        "cold on a Monday, warm the Tuesday (lists, plus what did not arrive: no article page under an unchanged "
        "list entry), then every 100th report is changed in place (server.touch; list entries untouched), the "
        "Wednesday (an ordinary night: by design it does not see them) and the Sunday sweep (asks every page "
        "conditionally: must re-parse exactly the changed ones).",
        "Orchestration overhead: flows.harvest.nightly_harvest on the 1k portal against the same steps called "
        "directly (flows.pipeline.harvest_source: discover, fetch-parse and load per batch, record), both cold "
        "into fresh data folders with the source's own politeness (2 in flight, 0.02 s), alternating, after "
        "Prefect's ephemeral API is up (a warm-up flow first, fresh PREFECT_HOME), as with a deployed server; "
        "overhead = flow wall / direct wall − 1, medians of the repeats.",
    ]
    notes += MISSED
    sizes = " and ".join(f"{sc.reports:,}" for sc in r.scales)
    if big < 10_000:
        notes.append(f"SCALED DOWN: pipeline portals of {sizes} reports, not 10,000. "
                     + ("The 1k run predicted that the 10k phases would not fit the 15-minute budget. "
                        if not forced else "Chosen by hand (--big): this 2-core machine is "
                        "shared by ~6 engineers today, so the 10k phases (~6 min of both cores) were not run. ")
                     + "Targets stated at 10k are applied proportionally: cold scaling ≤ 1.1 × the size ratio, "
                     "warm ≤ 30 s × size / 10k; peak RSS is shown at the largest size run, against the 10k limit.")
    return notes


if __name__ == "__main__":
    main()
