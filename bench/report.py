"""One table of figures next to their targets, printed with rich and written to bench/RESULTS.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.load_rate import LoadBench
from bench.parse_speed import ParseBench
from bench.pipeline import Scale

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


@dataclass(slots=True)
class Row:
    area: str
    measure: str
    figure: str
    target: str = ""
    met: bool | None = None  # None: no target, a figure for context
    failed: bool = False  # the benchmark or phase behind this row crashed or did not do its work


@dataclass(slots=True)
class Results:
    machine: dict[str, str]
    parse: list[ParseBench] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    load: LoadBench | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # benchmarks that did not run: "what: one-line reason"

    def failed(self) -> list[str]:
        """Every failure, whole benchmarks and pipeline phases, as one line each."""
        out = list(self.failures)
        for s in self.scales:
            if s.error:
                out.append(f"pipeline {s.reports:,}: {s.error}")
            out += [f"pipeline {s.reports:,} {name}: {p.error}" for name, p in s.phases.items() if p.error]
        return out


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _parse_rows(b: ParseBench) -> list[Row]:
    o, base = b.ours, b.baseline
    equal_acc = o.accuracy["all"].share >= base.accuracy["all"].share
    rows = [
        Row(b.kind, f"nianbao reports/s ({b.reports} reports, median of {b.repeats})", f"{o.rate:,.1f}",
            "≥ 500/s" if b.kind == "HTML" else "", o.rate >= 500 if b.kind == "HTML" else None),
        Row(b.kind, f"{base.name} reports/s", f"{base.rate:,.1f}"),
        Row(b.kind, f"{b.floor.name} reports/s", f"{b.floor.rate:,.1f}"),
        Row(b.kind, "speed vs baseline, at equal or better accuracy", f"{b.vs_baseline:.1f}×",
            "≥ 5× and accuracy ≥ baseline", b.vs_baseline >= 5 and equal_acc),
        Row(b.kind, "time vs floor (1× = as fast as the bare parse)", f"{b.vs_floor:.1f}×",
            "≤ 4×" if b.kind == "HTML" else "", b.vs_floor <= 4 if b.kind == "HTML" else None),
    ]
    for origin in ("corpus", "generated"):
        rows.append(Row(b.kind, f"cell accuracy, {origin} (nianbao / baseline)",
                        f"{_pct(o.accuracy[origin].share)} / {_pct(base.accuracy[origin].share)}"
                        f"  of {o.accuracy[origin].cells:,} cells", "", None))
    return rows


PHASE_LABELS = {"cold": "cold (Mon)", "warm": "warm (Tue, ordinary night)",
                "changed_quiet": "1% changed in place, Wed (ordinary night)", "changed": "1% changed, Sun sweep"}
WARM_TARGET_S, WARM_TARGET_AT = 30.0, 10_000  # the target: a warm 10k night in at most 30 s


def _failed(area: str, measure: str, error: str) -> Row:
    return Row(area, measure, f"FAILED: {error}", "runs", False, failed=True)


def _phase_rows(s: Scale) -> list[Row]:
    area = f"pipeline {s.reports:,}"
    if s.error:
        return [_failed(area, "portal", s.error)]
    rows = []
    for name, label in PHASE_LABELS.items():
        p = s.phases.get(name)
        if p is None:
            continue
        if p.error:
            rows.append(_failed(area, label, p.error))
            continue
        rows.append(Row(area, f"{label}: wall / parse / load s; requests; re-parsed; RSS",
                        f"{p.wall_s:.1f} / {p.parse_s:.1f} / {p.load_s:.1f}; {p.requests:,}; {p.parsed:,}; "
                        f"{p.peak_rss_mb:,.0f} MB"))
    return rows


def _ok(s: Scale, *names: str) -> bool:
    return not s.error and all(n in s.phases and not s.phases[n].error for n in names)


def _pipeline_rows(scales: list[Scale]) -> list[Row]:
    rows: list[Row] = [row for s in scales for row in _phase_rows(s)]
    measured = [s for s in scales if not s.error]
    if len(measured) >= 2 and _ok(measured[0], "cold") and _ok(measured[-1], "cold"):
        small, big = measured[0], measured[-1]
        size = big.reports / small.reports
        ratio = big.phases["cold"].wall_s / small.phases["cold"].wall_s
        rows.append(Row("pipeline", f"cold {big.reports:,} / cold {small.reports:,} wall", f"{ratio:.1f}×",
                        f"≤ {1.1 * size:.1f}× (11× for 10×, scaled)", ratio <= 1.1 * size))
    if measured:
        big = measured[-1]
        scaled = "" if big.reports == WARM_TARGET_AT else f" (30 s at 10k, scaled to {big.reports:,})"
        limit = WARM_TARGET_S * big.reports / WARM_TARGET_AT
        if _ok(big, "warm"):
            warm = big.phases["warm"]
            rows.append(Row("pipeline", f"warm {big.reports:,}: wall, re-parsed", f"{warm.wall_s:.1f} s, {warm.parsed}",
                            f"≤ {limit:.1f} s{scaled} and 0 re-parsed", warm.wall_s <= limit and warm.parsed == 0))
        if _ok(big, "changed_quiet", "changed"):
            quiet, ch = big.phases["changed_quiet"], big.phases["changed"]
            rows.append(Row("pipeline", f"1% changed in place at {big.reports:,}: re-parsed on the next ordinary "
                            "night / on the sweep / touched", f"{quiet.parsed} / {ch.parsed} / {big.changed}",
                            "sweep = touched", ch.parsed == big.changed))
        runs = [p for k, p in big.phases.items() if k != "prefect" and not p.error]
        if runs:
            rss = max(p.peak_rss_mb for p in runs)
            rows.append(Row("pipeline", f"peak RSS at {big.reports:,}", f"{rss:,.0f} MB",
                            "≤ 1,024 MB (at 10k)", rss <= 1024))
    for s in scales:
        p = s.phases.get("prefect")
        if p is None:
            continue
        measure = f"Prefect flow on {s.reports:,} vs the same steps called directly (overhead)"
        if p.error:
            rows.append(_failed("pipeline", measure, p.error))
            continue
        over = (p.prefect_wall_s - p.direct_wall_s) / p.direct_wall_s if p.direct_wall_s else float("inf")
        rows.append(Row("pipeline", measure + f", medians of {len(p.prefect_walls)}",
                        f"{p.prefect_wall_s:.1f} s vs {p.direct_wall_s:.1f} s = {over:+.0%}",
                        "overhead ≤ 20%", over <= 0.20))
    return rows


def rows_of(r: Results) -> list[Row]:
    rows = [row for b in r.parse for row in _parse_rows(b)] + _pipeline_rows(r.scales)
    if r.load:
        rows += [Row("load", f"facts/s from Arrow ({r.load.facts:,} facts)", f"{r.load.arrow_rate:,.0f}",
                     "≥ 1,000,000", r.load.arrow_rate >= 1_000_000),
                 Row("load", f"facts/s executemany baseline ({r.load.baseline_rows:,})", f"{r.load.rows_rate:,.0f}"),
                 Row("load", "Arrow vs executemany", f"{r.load.arrow_rate / r.load.rows_rate:,.0f}×")]
    return rows


def _mark(row: Row) -> str:
    if row.failed:
        return "FAILED"
    return "" if row.met is None else ("met" if row.met else "NOT met")


def print_table(r: Results, console: Console | None = None) -> None:
    table = Table(title=f"nianbao benchmarks — {r.machine['date']}, {r.machine['cpus']} CPUs {r.machine['cpu']}")
    for col in ("area", "measure", "figure", "target", "result"):
        table.add_column(col)
    for row in rows_of(r):
        style = None if row.met is None else ("green" if row.met else "red")
        table.add_row(row.area, row.measure, row.figure, row.target, _mark(row), style=style)
    (console or Console(width=170)).print(table)


def write_markdown(r: Results, path: Path = RESULTS) -> None:
    m = r.machine
    lines = ["# Benchmark results", "",
             f"Written by `make bench` (`python -m bench`) on {m['date']}, in {r.seconds / 60:.1f} min.", "",
             f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']} RAM, {m['os']}, Python {m['python']}.", "",
             "| area | measure | figure | target | result |", "|---|---|---|---|---|"]
    for row in rows_of(r):
        lines.append(f"| {row.area} | {row.measure} | {row.figure} | {row.target} | {_mark(row)} |")
    failed = r.failed()
    if failed:
        lines += ["", "## FAILED", "", "These benchmarks or phases did not run to the end; their figures are missing "
                  "above and `make bench` exited non-zero:", ""] + [f"- {f}" for f in failed]
    lines += ["", "## Notes", ""] + [f"- {n}" for n in r.notes]
    from bench.cli_parse import kept_section

    kept = kept_section(path)  # bench/cli_parse.py's own section survives a full rewrite
    path.write_text("\n".join(lines) + "\n" + ("\n" + kept if kept else ""), encoding="utf-8")
