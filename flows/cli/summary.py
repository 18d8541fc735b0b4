"""The closing summary a person reads after a harvest: found / new / changed / unchanged / failed, each
failure with its reason, and what the load wrote."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from flows.harvest import NightReport


def print_night(report: NightReport, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="harvest")
    for col in ("source", "found", "new", "changed", "unchanged", "failed", "seconds"):
        table.add_column(col, justify="right" if col != "source" else "left")
    failures: list[tuple[str, str, str]] = []
    for run in report.runs:
        if run.result is None:
            table.add_row(run.source, "–", "–", "–", "–", "source failed", f"{run.seconds:.1f}")
            failures.append((run.source, "(whole source)", run.error or "?"))
            continue
        r = run.result
        table.add_row(run.source, str(r.found), str(r.count("new")), str(r.count("changed")),
                      str(r.count("unchanged")), str(len(r.failures)), f"{run.seconds:.1f}")
        failures += [(run.source, url, reason) for url, reason in r.failures]
    console.print(table)
    for source, url, reason in failures[:50]:
        console.print(f"[red]failed[/] {source} {url}: {reason}")
    if len(failures) > 50:
        console.print(f"… and {len(failures) - 50} more failures")
    if report.load:
        ld = report.load
        console.print(f"warehouse load {ld.load_id}: {ld.new} new, {ld.revised} revised, {ld.unchanged} unchanged, "
                      f"{ld.failed} rejected, {ld.facts} facts → {ld.db_path}")
        for err in ld.errors[:10]:
            console.print(f"[yellow]rejected:[/] {err}")
