"""Generated table values for the sample portal: every printed cell, consistent with the form's identities.

The generator is the *truth* for tests: MANIFEST.csv stores these values, and a harvest + parse of the
served portal must give them back. Values obey FORMAT_SPEC §2.1 (R3.BAL, R3.SUM7, R3.ROW, R4.SUM) by
construction — applications are drawn per applicant column and distributed over outcome rows, totals are
sums — and the cross-year rules of §2.2 (X.CARRY, X.INFORCE, X.ITEMS19) by carrying state from one year
to the next. Deliberate defects are applied afterwards, by name, so each is one visible change.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from functools import cache

from common.paths import CELLS_CSV

C3 = ("np", "lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other")  # without total
T4_GROUPS = ("rv", "ld", "lr")
T4_PARTS = ("upheld", "corrected", "other", "pending")

Value = int | float | None


@dataclass(frozen=True, slots=True)
class CellSpec:
    """One printed cell of a format, from data/spec/canonical_cells.csv."""

    table: str
    table_label: str
    row: str
    row_label: str
    col: str
    col_label: str
    cell: str
    unit: str


@cache
def printed_cells(fmt: str) -> tuple[CellSpec, ...]:
    """The cells the official form prints for ``fmt`` (F2019 / F2021), in the file's order."""
    with CELLS_CSV.open(encoding="utf-8") as fh:
        return tuple(
            # The spec annotates some labels ("（六）其他处理 [2019: printed row; …]"); the form prints none of that.
            CellSpec(r["table"], r["table_label"], r["row"], r["row_label"].split(" [")[0], r["col"], r["col_label"],
                     r["cell"], r["unit"])
            for r in csv.DictReader(fh) if r["format"] == fmt and r["printed"] == "1"
        )


def t3_leaves(fmt: str) -> list[str]:
    """T3 outcome rows that hold numbers (no group labels), in printed order, without 3.7."""
    other = ["3.6"] if fmt == "F2019" else ["3.6.1", "3.6.2", "3.6.3"]
    return (["3.1", "3.2"] + [f"3.3.{i}" for i in range(1, 9)] + [f"3.4.{i}" for i in range(1, 4)]
            + [f"3.5.{i}" for i in range(1, 6)] + other)


_LEAF_WEIGHT = {"3.1": 8.0, "3.2": 2.0, "3.4.1": 3.0, "3.4.2": 0.8, "3.4.3": 0.4, "3.5.1": 0.6, "3.5.2": 0.4,
                "3.6": 0.5, "3.6.1": 0.4, "3.6.2": 0.1, "3.6.3": 0.3}


@dataclass(slots=True)
class OrganState:
    """What carries from one year's report to the next for the same organ (for the cross-year rules)."""

    carried: dict[str, int] = field(default_factory=lambda: dict.fromkeys(C3, 0))
    norm_in_force: int | None = None
    prev_items: dict[str, int] = field(default_factory=dict)
    total_public: int | None = None
    # The next year's report must close the books: nothing carried forward and no 规范性文件 in force
    # (the real 大同乡 2024 report that follows prints 结转 0 and a blank 现行有效件数).
    settle: bool = False

    def break_carry(self, column: str = "np", amount: int = 1) -> None:
        """Injected X.CARRY error: this year's 上年结转 differs from last year's 结转下年度继续办理."""
        self.carried[column] += amount

    def break_in_force(self, amount: int = 3) -> None:
        """Injected X.INFORCE error: an unexplained jump in 现行有效件数 (the next year follows from it)."""
        self.norm_in_force = (self.norm_in_force or 0) + amount


@dataclass(frozen=True, slots=True)
class Scale:
    """Rough sizes per organ level; county figures are larger than a township's."""

    apps: dict[str, tuple[int, ...]]
    licensing: tuple[int, int]
    penalty: tuple[int, int]
    norm_docs: tuple[int, int]
    litigation: tuple[int, ...]


SCALES = {
    "township": Scale({"np": (0, 0, 0, 1, 1, 2, 3), "lp_biz": (0, 0, 0, 0, 1)}, (3, 60), (0, 6), (0, 2), (0,)),
    "department": Scale({"np": (0, 1, 2, 3, 5, 8), "lp_biz": (0, 0, 1, 2), "lp_legal": (0, 0, 1),
                         "lp_other": (0, 0, 1)}, (10, 400), (0, 60), (0, 3), (0, 0, 0, 1)),
    "county_gov": Scale({"np": (4, 9, 15, 22, 31), "lp_biz": (0, 1, 2, 4), "lp_research": (0, 0, 1),
                         "lp_welfare": (0, 0, 1), "lp_legal": (0, 1, 2), "lp_other": (0, 1, 2)},
                        (0, 40), (0, 3), (2, 9), (0, 1, 1, 2, 3)),
}


@dataclass(slots=True)
class TableValues:
    """Truth (cell → number, or None for a cell printed blank) plus the printed text where it differs."""

    fmt: str
    truth: dict[str, Value]
    raw: dict[str, str] = field(default_factory=dict)

    def printed(self, cell: str) -> str:
        if cell in self.raw:
            return self.raw[cell]
        value = self.truth.get(cell)
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.2f}".rstrip("0").rstrip(".")
        return str(value)


def _t3(rng: random.Random, fmt: str, scale: Scale, state: OrganState, forced_new: int | None) -> dict[str, int]:
    values: dict[str, int] = {}
    leaves = t3_leaves(fmt)
    weights = [_LEAF_WEIGHT.get(leaf, 0.15) for leaf in leaves]
    new = {c: rng.choice(scale.apps.get(c, (0,))) for c in C3}
    if forced_new is not None:  # a defect needs applications to exist
        new["np"] = max(new["np"], forced_new)
    for c in C3:
        received, carried = new[c], state.carried[c]
        forward = rng.choice((0, 0, 0, 1)) if received + carried > 1 and not state.settle else 0
        handled = received + carried - forward
        counts = dict.fromkeys(leaves, 0)
        for leaf in rng.choices(leaves, weights=weights, k=handled):
            counts[leaf] += 1
        values[f"T3/1/{c}"], values[f"T3/2/{c}"], values[f"T3/4/{c}"] = received, carried, forward
        for leaf, n in counts.items():
            values[f"T3/{leaf}/{c}"] = n
        values[f"T3/3.7/{c}"] = handled
        state.carried[c] = forward
    for row in ["1", "2", *leaves, "3.7", "4"]:
        values[f"T3/{row}/total"] = sum(values[f"T3/{row}/{c}"] for c in C3)
    return values


def _t4(rng: random.Random, scale: Scale) -> dict[str, int]:
    values = {}
    for group in T4_GROUPS:
        total = rng.choice(scale.litigation) if group != "lr" else rng.choice((0,) * 5 + (1,))
        parts = dict.fromkeys(T4_PARTS, 0)
        for part in rng.choices(T4_PARTS, weights=(5, 1, 1, 2), k=total):
            parts[part] += 1
        for part, n in parts.items():
            values[f"T4/cases/{group}_{part}"] = n
        values[f"T4/cases/{group}_total"] = total
    return values


def _t2_2021(rng: random.Random, level: str, scale: Scale, state: OrganState, dept_fee: bool) -> dict[str, Value]:
    if state.norm_in_force is None:
        state.norm_in_force = rng.randint(*scale.norm_docs) * 4
    issued = rng.randint(*scale.norm_docs)
    repealed = min(rng.choice((0, 0, 1)), state.norm_in_force)
    if state.settle:  # a clean-up of the 规范性文件库: everything in force is repealed
        issued, repealed = 0, state.norm_in_force
    state.norm_in_force += issued - repealed
    fee: Value = round(rng.uniform(0.5, 60.0), 2) if dept_fee else 0
    return {
        "T2_1/rules/issued": 0, "T2_1/rules/repealed": 0, "T2_1/rules/in_force": 0,
        "T2_1/norm_docs/issued": issued, "T2_1/norm_docs/repealed": repealed,
        "T2_1/norm_docs/in_force": state.norm_in_force,
        "T2_5/licensing/decisions": rng.randint(*scale.licensing),
        "T2_6/penalty/decisions": rng.randint(*scale.penalty),
        "T2_6/coercion/decisions": rng.choice((0, 0, 0, 1, 2)) if level != "county_gov" else 0,
        "T2_8/admin_fees/fee_amount": fee,
    }


def _t2_2019(rng: random.Random, level: str, scale: Scale, state: OrganState) -> dict[str, Value]:
    values: dict[str, Value] = {"T2_1/rules/new_made": 0, "T2_1/rules/new_public": 0, "T2_1/rules/total_public": 0}
    made = rng.randint(*scale.norm_docs)
    state.total_public = (state.total_public if state.total_public is not None else made * 3) + made
    values |= {"T2_1/norm_docs/new_made": made, "T2_1/norm_docs/new_public": made,
               "T2_1/norm_docs/total_public": state.total_public}
    for key, cell_prefix, decisions in (
        ("licensing", "T2_5/licensing", rng.randint(*scale.licensing)),
        ("other_mgmt_svc", "T2_5/other_mgmt_svc", rng.randint(0, 12)),
        ("penalty", "T2_6/penalty", rng.randint(*scale.penalty)),
        ("coercion", "T2_6/coercion", rng.choice((0, 0, 1))),
    ):
        prev = state.prev_items.get(key, rng.randint(2, 40))
        delta = rng.choice((0, 0, 0, 1, 2, -1))
        delta = max(delta, -prev)
        values |= {f"{cell_prefix}/prev_items": prev, f"{cell_prefix}/delta_items": delta,
                   f"{cell_prefix}/decisions": decisions}
        state.prev_items[key] = prev + delta
    fee_prev = state.prev_items.get("admin_fees", rng.randint(0, 4) if level != "township" else 0)
    fee_delta = 0 if fee_prev == 0 else rng.choice((0, 0, -1))
    state.prev_items["admin_fees"] = fee_prev + fee_delta
    values |= {"T2_8/admin_fees/prev_items": fee_prev, "T2_8/admin_fees/delta_items": fee_delta}
    procs = rng.choice((0, 0, 1, 2, 3))
    values |= {"T2_9/central_proc/proc_items": procs,
               "T2_9/central_proc/proc_amount": round(rng.uniform(5, 90), 1) if procs else 0}
    return values


def generate_values(rng: random.Random, fmt: str, level: str, state: OrganState, *, dept_fee: bool = False,
                    forced_new: int | None = None) -> TableValues:
    """One report's printed cells, drawn so that every within-report identity holds."""
    scale = SCALES[level]
    t2 = _t2_2019(rng, level, scale, state) if fmt == "F2019" else _t2_2021(rng, level, scale, state, dept_fee)
    truth: dict[str, Value] = {**t2, **_t3(rng, fmt, scale, state, forced_new), **_t4(rng, scale)}
    expected = {spec.cell for spec in printed_cells(fmt)}
    assert set(truth) == expected, sorted(set(truth) ^ expected)
    raw = {cell: (f"+{v}" if v > 0 else str(v)) for cell, v in truth.items()
           if cell.endswith("/delta_items") and isinstance(v, int)}
    ordered = {spec.cell: truth[spec.cell] for spec in printed_cells(fmt)}
    return TableValues(fmt=fmt, truth=ordered, raw=raw)


# --- deliberate defects: each changes the values in one visible way -------------------------------------

def apply_balance_error(values: TableValues, amount: int = 2, row: str = "2") -> None:
    """A row typed too high in 自然人 and 总计: R3.BAL fails on those columns, R3.ROW still holds.

    ``row`` "2" (上年结转) also breaks X.CARRY, so a current report uses "1" (本年新收): one defect, one rule.
    """
    for col in ("np", "total"):
        cell = f"T3/{row}/{col}"
        values.truth[cell] = int(values.truth[cell] or 0) + amount


def apply_fee_in_yuan(values: TableValues, yuan: int = 12000) -> None:
    """The 万元 fee cell printed as an amount in 元 ("12000元"), as real reports do (R2.FEEUNIT)."""
    values.truth["T2_8/admin_fees/fee_amount"] = yuan
    values.raw["T2_8/admin_fees/fee_amount"] = f"{yuan}元"


def apply_zero_as_blank(values: TableValues, cells: tuple[str, ...]) -> None:
    """Zero cells left empty (&nbsp;), like 大同乡 2024's 规章 row: truth None, never 0."""
    for cell in cells:
        if values.truth.get(cell) == 0:
            values.truth[cell] = None
