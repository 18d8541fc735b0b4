"""The run summary, said once: the counts per source (they add up to every URL met), every failure with its
reason, and what the loads wrote — rendered for the terminal (CLI harvest, run, demo) and as markdown and a
table for the Prefect run artifacts. Issue 17 found it rendered three ways; this is the one home.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.console import Console

from flows.pipeline import HarvestResult
from warehouse.inputs import OUTCOMES, LoadResult

# Column headers, short enough that the table fits 100 columns.
HEADERS = {"new": "new", "revised": "revised", "unchanged": "unchanged", "duplicate": "dup",
           "superseded": "superseded", "not_a_report": "not report", "failed": "failed", "deferred": "deferred"}


class Run(Protocol):
    source: str
    result: HarvestResult | None
    error: str | None
    seconds: float


def add_loads(loads: Sequence[LoadResult]) -> LoadResult | None:
    """A run's loads added up (the last load's id and path)."""
    if not loads:
        return None
    last = loads[-1]
    return LoadResult(load_id=last.load_id, db_path=last.db_path, new=sum(x.new for x in loads),
                      revised=sum(x.revised for x in loads), unchanged=sum(x.unchanged for x in loads),
                      failed=sum(x.failed for x in loads), facts=sum(x.facts for x in loads),
                      checks=sum(x.checks for x in loads), statements=sum(x.statements for x in loads),
                      errors=[e for x in loads for e in x.errors], seconds=sum(x.seconds for x in loads),
                      superseded=sum(x.superseded for x in loads), duplicate=sum(x.duplicate for x in loads))


def count_rows(runs: Sequence[Run]) -> list[list[str]]:
    """One row per source: name, URLs met, then one count per outcome (adding up to met), seconds."""
    rows = []
    for run in runs:
        if run.result is None:
            rows.append([run.source, "–", *["–"] * len(OUTCOMES), f"{run.seconds:.1f}"])
            continue
        tally = run.result.tally()
        rows.append([run.source, str(run.result.met), *[str(tally[s]) for s in OUTCOMES], f"{run.seconds:.1f}"])
    return rows


def failures(runs: Sequence[Run]) -> list[tuple[str, str, str]]:
    """(source, url, reason) of every failed or deferred URL, and of every source that failed as a whole."""
    out = []
    for run in runs:
        if run.result is None:
            out.append((run.source, "(whole source)", run.error or "?"))
        else:
            out += [(run.source, url, reason) for url, reason in run.result.failures]
    return out


WORDS = {"new": "new", "revised": "revised", "unchanged": "unchanged", "duplicate": "duplicate",
         "superseded": "kept as history", "not_a_report": "not a report", "failed": "failed",
         "deferred": "deferred"}


def count_line(run: Run) -> str:
    """``jinping: 209 URLs = 127 new + 1 kept as history + 79 not a report + 2 failed (88 s)``: the parts
    always add up to the URLs met (zeros are left out)."""
    if run.result is None:
        return f"{run.source}: source failed: {run.error or '?'}"
    tally = run.result.tally()
    parts = " + ".join(f"{n} {WORDS[s]}" for s, n in tally.items() if n) or "nothing"
    return f"{run.source}: {run.result.met} URLs = {parts} ({run.seconds:.0f} s)"


def print_summary(runs: Sequence[Run], load: LoadResult | None, console: Console, verbose: bool = False) -> None:
    for run in runs:
        console.print(count_line(run), highlight=False, soft_wrap=True)
    for run in runs:
        if run.result is not None and run.result.sample:
            console.print(f"  {run.source}: sample data (示例数据) · {run.result.base_url} · "
                          f"{run.result.pages_seen} list pages read", highlight=False, soft_wrap=True)
    fails = failures(runs)
    for source, url, reason in fails[:50]:
        console.print(f"  [red]failed[/] {source} {url}: {reason}", highlight=False, soft_wrap=True)
    if len(fails) > 50:
        console.print(f"  … and {len(fails) - 50} more (the url_outcome table lists every URL)")
    for run in runs:
        for url, reason in (run.result.warnings if run.result is not None else []):
            console.print(f"  [yellow]warning[/] {run.source} {url}: {reason}", highlight=False, soft_wrap=True)
    for run in runs:
        if run.result is None:
            continue
        skipped = run.result.skipped
        if verbose:
            for url, title, reason in skipped:
                console.print(f"  skipped {url} ({title or '-'}): {reason}", highlight=False)
        elif skipped:
            console.print(f"  {run.source}: {len(skipped)} pages are not reports or repeat another URL "
                          "(--verbose, or the url_outcome table, lists each with its reason)", highlight=False,
                          soft_wrap=True)
        retries = {k.removeprefix("fetch/retry/"): v for k, v in run.result.counters.items()
                   if k.startswith("fetch/retry/")}
        if retries:
            console.print(f"  {run.source}: {sum(retries.values())} retries: "
                          + ", ".join(f"{k}×{v}" for k, v in retries.items()), highlight=False)
    if load:
        console.print(f"  warehouse: {load.new} new, {load.revised} revised, {load.superseded} kept as history, "
                      f"{load.unchanged} unchanged, {load.failed} refused; {load.facts} facts → {load.db_path}",
                      highlight=False, soft_wrap=True)
        for err in load.errors[:10]:
            console.print(f"  [yellow]refused:[/] {err}", highlight=False)


def summary_markdown(runs: Sequence[Run], load: LoadResult | None, seconds: dict[str, float]) -> str:
    md = ["# nianbao nightly harvest", "",
          "| source | met | " + " | ".join(HEADERS[s] for s in OUTCOMES) + " | seconds |",
          "|---|" + "---|" * (len(OUTCOMES) + 2)]
    md += ["| " + " | ".join(row) + " |" for row in count_rows(runs)]
    if load:
        md += ["", f"Warehouse load {load.load_id}: {load.new} new, {load.revised} revised, {load.superseded} "
                   f"kept as history, {load.unchanged} unchanged, {load.failed} refused; {load.facts} facts "
                   f"in {load.seconds:.2f} s → `{load.db_path}`"]
    md += ["", "Timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())]
    fails = failures(runs)
    if fails:
        md += ["", "## Failed or deferred", "", "| source | url | reason |", "|---|---|---|",
               *[f"| {s} | {u} | {r} |" for s, u, r in fails[:200]]]
    return "\n".join(md)


def run_table(runs: Sequence[Run]) -> list[dict]:
    """Every URL of the night with its outcome and reason (the Prefect table artifact)."""
    rows = []
    for run in runs:
        if run.result is None:
            rows.append({"source": run.source, "status": "source failed", "organ": "", "year": "", "url": "",
                         "reason": run.error or ""})
            continue
        for o in run.result.outcomes:
            rows.append({"source": run.source, "status": o.status, "organ": o.organ or "", "year": o.year or "",
                         "url": o.url, "reason": o.reason or ""})
    return rows
