"""Rich rendering of a parsed report: the three tables laid out as the form prints them, and the checks."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from transform import canon
from transform.pipeline import ParsedReport
from transform.schemas import NUMERIC

_T3_LABELS = {rd.row: rd.keys[0] for rd in canon.T3_ROWS}
_STATUS_STYLE = {"pass": "green", "fail": "bold red", "pass_if_blank_zero": "yellow", "not_evaluable": "dim"}


def number(v: float) -> str:
    """3985758 not 3.98576e+06; 96171.6 stays 96171.6."""
    return str(int(v)) if v == int(v) else f"{v:.6f}".rstrip("0").rstrip(".")


def _fmt(fact: dict | None) -> str:
    if fact is None:
        return "·"
    if fact["status"] in NUMERIC:
        return number(fact["value"])
    return {"blank": "", "dash": fact["raw"] or "—"}.get(fact["status"], fact["raw"] or "")


def print_report(path: str, pr: ParsedReport, console: Console | None = None) -> None:
    console = console or Console()
    d = pr.doc
    console.rule(f"[bold]{d.organ or '?'} {d.year or '?'}[/] · {d.format} · {pr.status} · {path}")
    if pr.status != "ok":
        console.print(f"[yellow]status {pr.status}:[/] {pr.status_reason}")
    if d.published:
        console.print(f"发布时间 published: {d.published}")
    facts = {r["cell"]: r for r in pr.facts.iter_rows(named=True)}
    t2 = Table(title="二、主动公开政府信息情况", show_lines=False)
    for col in ("表 table", "行 row", "列 column", "值 value"):
        t2.add_column(col)
    for cell, f in facts.items():
        if cell.startswith("T2_"):
            t, r, c = cell.split("/")
            t2.add_row(t, r, c, _fmt(f))
    console.print(t2)
    t3 = Table(title="三、收到和处理政府信息公开申请情况")
    t3.add_column("row")
    cols = canon.T3_COLS_WITH_SUB if any(k.endswith("/lp_sum") for k in facts) else canon.T3_COLS
    for c in cols:
        t3.add_column(c, justify="right")
    rows = sorted({k.split("/")[1] for k in facts if k.startswith("T3/")},
                  key=lambda r: [int(x) for x in r.split(".")])
    for r in rows:
        derived = any(facts.get(f"T3/{r}/{c}", {}).get("is_derived") for c in cols)
        label = f"{r} {_T3_LABELS.get(r, '')[:14]}" + (" (derived)" if derived else "")
        t3.add_row(label, *[_fmt(facts.get(f"T3/{r}/{c}")) for c in cols])
    console.print(t3)
    t4 = Table(title="四、行政复议、行政诉讼")
    for c in canon.T4_COLS:
        t4.add_column(c.replace("_", " "), justify="right")
    if any(k.startswith("T4/") for k in facts):
        t4.add_row(*[_fmt(facts.get(f"T4/cases/{c}")) for c in canon.T4_COLS])
    console.print(t4)
    checks = Table(title="checks (FORMAT_SPEC §2)")
    for col in ("rule", "scope", "status", "detail"):
        checks.add_column(col)
    for r in pr.checks.iter_rows(named=True):
        if r["status"] == "pass":
            continue
        checks.add_row(r["rule"], r["scope"], f"[{_STATUS_STYLE[r['status']]}]{r['status']}[/]", r["detail"][:90])
    passed = pr.checks.filter(pr.checks["status"] == "pass").height
    console.print(checks)
    console.print(f"{passed} rule instance(s) pass; other outcomes listed above.")
    for p in pr.problems:
        console.print(f"[yellow]problem:[/] {p}")
