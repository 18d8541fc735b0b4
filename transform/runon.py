"""Rows whose cell digits run together (``一、本年新收政府信息公开申请数量640020470``): split them with the
form's own arithmetic, and only where the split is the one solution.

A page copied through a tool that drops cell separators keeps each row's digits in order but loses where
one cell ends: ``640020470`` is 64|0|0|2|0|4|70. A cell printed empty leaves nothing, so a part may also
be empty (a blank cell). Every way to cut the digits into the row's cells is a candidate (a number never
starts with 0 unless it is 0); the identities of the form (FORMAT_SPEC §2.1) then remove candidates:

- in the row: 总计 = 自然人 + the five legal-person columns (and 小计 = the five, where printed); each of
  table 四's three groups: 总计 = 维持 + 纠正 + 其他 + 尚未审结;
- down table 三, column by column: 一 + 二 = (七) + 四 (R3.BAL) and (七) = the sum of the result rows
  (R3.SUM7), with the rows placed normally and the rows already split.

A row is placed only when exactly one candidate is left, and never when an identity that can be evaluated
with it fails. Everything else stays unplaced and is named in ``problems``. No search library is used:
the candidates of a row are enumerated directly (a row has at most a few thousand), which is simpler than
handing a dozen small linear constraints to a solver.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from transform import canon

MAX_DIGITS = 40  # a row of table 三 prints at most ~30 digits; longer runs are not one row
MAX_CANDIDATES = 5000  # more cuts than this and the row is ambiguous whatever the identities say
MAX_COMBINATIONS = 20_000  # joint filtering over several undecided rows of one identity
MAX_STATES = 200_000  # partial-sum vectors kept by the joint search over all of table 三's open rows
SPLIT = "split_by_arithmetic"

Cut = tuple[str, ...]  # the parts of a run, "" for a cell printed empty


@dataclass(slots=True)
class RunRow:
    """One row whose value cells came as one run of digits."""

    table: str
    row: str  # "3.1", "cases" (the 15 cells of table 四), "rv" (one group of table 四), "rules" …
    cols: tuple[str, ...]
    digits: str
    label: str
    candidates: list[Cut] = field(default_factory=list)

    def __post_init__(self) -> None:
        # full-width digits (０６４…) as ASCII: the no-leading-zero rule and the sums must read them
        self.digits = unicodedata.normalize("NFKC", self.digits)

    @property
    def where(self) -> str:
        return f"{self.table}/{self.row} ({self.label[:24]})"


def _ok(part: str) -> bool:
    return part == "" or part == "0" or part[0] != "0"


def _cuts(s: str, n: int, limit: int) -> list[Cut]:
    """Every way to cut ``s`` into n parts (empty parts allowed, no leading zeros)."""
    out: list[Cut] = []

    def walk(at: int, k: int, acc: list[str]) -> None:
        if len(out) > limit:
            return
        if k == 1:
            part = s[at:]
            if _ok(part):
                out.append((*acc, part))
            return
        for end in range(at, len(s) + 1):
            part = s[at:end]
            if not _ok(part):
                if part.startswith("0"):
                    break  # "0…" longer than one digit is never a number
                continue
            acc.append(part)
            walk(end, k - 1, acc)
            acc.pop()

    walk(0, n, [])
    return out


def _num(part: str) -> int:
    return int(part) if part else 0


def _group_cuts(s: str, size: int, limit: int) -> list[tuple[Cut, int]]:
    """Cuts of a prefix of ``s`` into ``size`` parts whose last is the sum of the others: (parts, length)."""
    out: list[tuple[Cut, int]] = []

    def walk(at: int, k: int, acc: list[str]) -> None:
        if len(out) > limit:
            return
        if k == 0:
            total = sum(map(_num, acc))
            # the total is fixed by the other parts; it may be printed empty only when they all are
            for tail in ((str(total),) if any(acc) else ("0", "")):
                if s.startswith(tail, at):
                    out.append(((*acc, tail), at + len(tail)))
            return
        for end in range(at, len(s) + 1):
            part = s[at:end]
            if not _ok(part):
                if part.startswith("0"):
                    break
                continue
            acc.append(part)
            walk(end, k - 1, acc)
            acc.pop()

    walk(0, size - 1, [])
    return out


def candidates(run: RunRow) -> list[Cut]:
    """The cuts of a run that satisfy the identities inside its own row."""
    s, cols = run.digits, run.cols
    if len(s) > MAX_DIGITS:
        return []
    if run.table == "T3" and cols == canon.T3_COLS:
        return [c for c, used in _group_cuts(s, 7, MAX_CANDIDATES) if used == len(s)]
    if run.table == "T3" and cols == canon.T3_COLS_WITH_SUB:
        out = []
        for np_len in range(0, len(s) + 1):
            np_part = s[:np_len]
            if not _ok(np_part):
                continue
            for lp, used in _group_cuts(s[np_len:], 6, MAX_CANDIDATES):
                rest = s[np_len + used:]
                if rest and rest == str(_num(np_part) + _num(lp[-1])):
                    out.append((np_part, *lp, rest))
        return out
    if run.table == "T4":
        groups = len(cols) // 5
        out = []

        def chain(at: int, acc: list[str], left: int) -> None:
            if left == 0:
                if at == len(s):
                    out.append(tuple(acc))
                return
            for parts, used in _group_cuts(s[at:], 5, MAX_CANDIDATES):
                chain(at + used, acc + list(parts), left - 1)

        chain(0, [], groups)
        return out
    return _cuts(s, len(cols), MAX_CANDIDATES)


# Section 一/二 prose that states table 二's documents: "本年制发行政规范性文件2件", "主动公开规章13件，行政规范性
# 文件60件", "本年制发行政规范性文件0件，废止0件，现行有效17件". The verb says which column the figure is.
# transform.statements reads prose figures too, but only what an organ disclosed (主动公开…, in sections 一 and
# 六); the verbs of table 二's columns (制发, 废止, 现行有效, 制作) are read here alone.
_VERBS = {
    "F2021": (("issued", re.compile(r"制发|印发|出台|制定")), ("repealed", re.compile(r"废止")),
              ("in_force", re.compile(r"现行有效"))),
    "F2019": (("new_made", re.compile(r"制作|制发|印发|制定")), ("new_public", re.compile(r"(?<!对外)公开(?!总)")),
              ("total_public", re.compile(r"对外公开总|公开总数"))),
}
_DOC_FIGURE = re.compile(r"(?<!部门)(?P<what>行政规范性文件|规范性文件|规章)(?:共|计|共计)?(?P<n>\d+)件")
_DOC_KIND = re.compile(r"行政规范性文件|规范性文件|规章")
_OTHERS_DOCS = re.compile(r"部门(?:行政)?规范性文件|部门规章")  # a department's documents, not the organ's
_CLAUSE_FIGURE = re.compile(r"(?:共|计|共计)?(?P<n>\d+)件")


def _row_of(kind: str) -> str:
    return "rules" if kind == "规章" else "norm_docs"


def _clause_figures(sentence: str, verbs) -> list[tuple[str, int]]:
    """(cell, figure) of a sentence stating one kind of document clause by clause ("本年制发行政规范性文件0件，
    废止0件，现行有效17件"): each clause names one column's verb and one figure, the kind named once and
    carried. Only where that is unambiguous: the sentence names one kind and no department's documents,
    and a clause with two verbs or two figures says nothing."""
    kinds = {_row_of(m.group()) for m in _DOC_KIND.finditer(sentence)}
    if len(kinds) != 1 or _OTHERS_DOCS.search(sentence):
        return []
    row = kinds.pop()
    out = []
    for clause in re.split(r"[，,、]", sentence):
        cols = [col for col, verb in verbs if verb.search(clause)]
        figures = _CLAUSE_FIGURE.findall(clause)
        if len(cols) == 1 and len(figures) == 1:
            out.append((f"T2_1/{row}/{cols[0]}", int(figures[0])))
    return out


def stated_documents(text: str, fmt: str) -> dict[str, int]:
    """Cells of table 二（一） that the prose states (cell code → number); a cell stated two ways is dropped."""
    out: dict[str, int] = {}
    clash: set[str] = set()
    verbs = _VERBS.get(fmt, ())
    for sentence in re.split(r"[。；;\n]", unicodedata.normalize("NFKC", text)):
        if "第二十条" in sentence:  # the table itself, run together
            continue
        cols = [col for col, verb in verbs if verb.search(sentence)]
        if len(cols) == 1:  # one verb for the sentence: every kind's figure in it is that column's
            found = [(f"T2_1/{_row_of(m['what'])}/{cols[0]}", int(m["n"])) for m in _DOC_FIGURE.finditer(sentence)]
        elif cols:  # verbs of several columns: clause by clause, or nothing
            found = _clause_figures(sentence, verbs)
        else:
            found = []
        for cell, n in found:
            if out.setdefault(cell, n) != n:
                clash.add(cell)
    return {c: v for c, v in out.items() if c not in clash}


def _t3_identities(fmt: str) -> list[tuple[str, list[str], list[str]]]:
    leaves = ["3.1", "3.2", *[f"3.3.{i}" for i in range(1, 9)], "3.4.1", "3.4.2", "3.4.3",
              *[f"3.5.{i}" for i in range(1, 6)], *(["3.6"] if fmt == "F2019" else ["3.6.1", "3.6.2", "3.6.3"])]
    return [("R3.BAL", ["1", "2"], ["3.7", "4"]), ("R3.SUM7", ["3.7"], leaves)]


def _use_statements(run: RunRow, stated: dict[str, int]) -> None:
    """Table 二（一）'s rows have no identity; a figure the document states for one of their cells settles the
    split, but only when it leaves exactly one cut. Otherwise the cuts stay as they were (and unplaced)."""
    if run.table != "T2_1" or len(run.candidates) < 2:
        return
    said = [(k, str(stated[f"T2_1/{run.row}/{c}"])) for k, c in enumerate(run.cols) if f"T2_1/{run.row}/{c}" in stated]
    if not said:
        return
    left = [c for c in run.candidates if all(c[k] == v for k, v in said)]
    if len(left) == 1:
        run.candidates = left


def _joint(t3: dict[str, RunRow], identities: list[tuple[str, list[str], list[str]]],
           known, width: int) -> None:
    """Keep only the cuts that take part in some assignment of ALL open rows satisfying every usable identity
    at once (R3.BAL and R3.SUM7, column by column).

    One identity at a time (the loop in ``solve``) misses what only two together decide: a row of 总计 that
    R3.BAL leaves open and R3.SUM7 settles through the result rows. Here each row's cut is a vector of its
    signed contributions to every identity's columns; a forward pass collects the partial sums reachable
    after each row and a backward pass the partial sums from which the target (minus the settled rows) is
    still reachable. A cut survives when some reachable sum plus the cut can still reach the target. The
    sets are bounded (``MAX_STATES``): past that the rows are left to the one-identity filter.
    """
    usable = []
    for rule in identities:
        rows = rule[1] + rule[2]
        if all((r in t3 and t3[r].candidates) or (r not in t3 and known(r) is not None) for r in rows):
            usable.append(rule)
    if not usable:
        return
    rows = sorted({r for _rule, lhs, rhs in usable for r in lhs + rhs})
    open_rows = [r for r in rows if r in t3 and len(t3[r].candidates) > 1]
    if not open_rows:
        return

    def contribution(row: str, vals: list[float]) -> tuple[float, ...]:
        out: list[float] = []
        for _rule, lhs, rhs in usable:
            sign = 1 if row in lhs else -1 if row in rhs else 0
            out.extend(sign * v for v in vals)
        return tuple(out)

    dim = width * len(usable)
    target = [0.0] * dim
    for r in rows:
        if r not in open_rows:
            for k, v in enumerate(contribution(r, known(r))):
                target[k] -= v
    vecs = [[contribution(r, [_num(p) for p in c]) for c in t3[r].candidates] for r in open_rows]
    add = lambda a, b: tuple(x + y for x, y in zip(a, b, strict=True))  # noqa: E731
    sub = lambda a, b: tuple(x - y for x, y in zip(a, b, strict=True))  # noqa: E731
    back: list[set[tuple[float, ...]]] = [set() for _ in open_rows] + [{tuple(target)}]
    for i in range(len(open_rows) - 1, -1, -1):
        back[i] = {sub(t, v) for t in back[i + 1] for v in vecs[i]}
        if len(back[i]) > MAX_STATES:
            return
    front: set[tuple[float, ...]] = {tuple([0.0] * dim)} & back[0]
    keep: list[list[Cut]] = []
    for i, r in enumerate(open_rows):
        kept = [c for c, v in zip(t3[r].candidates, vecs[i], strict=True)
                if any(add(s, v) in back[i + 1] for s in front)]
        keep.append(kept)
        front = {add(s, v) for s in front for v in vecs[i]} & back[i + 1]
        if len(front) > MAX_STATES:
            return
    for r, kept in zip(open_rows, keep, strict=True):
        t3[r].candidates = kept


def solve(runs: list[RunRow], placed: dict[str, str], empty_rows: set[str], fmt: str,
          t3_cols: tuple[str, ...], stated: dict[str, int] | None = None) -> tuple[dict[str, str], list[str]]:
    """Cells (code → raw) of the runs that split one way only, and a problem line for every other run.

    ``placed`` holds the cells placed normally. ``empty_rows`` (table 三 rows whose label was printed with
    no value) are deliberately not read as zeros: on a flattened page their digits may sit elsewhere.
    """
    from extract.readers.cellkind import parse_value

    for run in runs:
        run.candidates = candidates(run)
        _use_statements(run, stated or {})
    t3 = {r.row: r for r in runs if r.table == "T3"}

    def known(row: str) -> list[float] | None:
        """The row's values (blank = 0) when they are settled, else None."""
        if row in t3:
            cands = t3[row].candidates
            return [_num(p) for p in cands[0]] if len(cands) == 1 else None
        cells = [placed.get(f"T3/{row}/{c}") for c in t3_cols]
        if all(c is not None for c in cells):
            return [parse_value(c)[0] or 0.0 for c in cells]
        return None  # empty_rows are not zeros: their digits may have run into a neighbour's label

    identities = _t3_identities(fmt) if t3 else []
    _joint(t3, identities, known, len(t3_cols))
    changed = True
    while changed:  # joint filtering: keep the cuts that appear in some combination satisfying an identity
        changed = False
        for _rule, lhs, rhs in identities:
            rows = lhs + rhs
            open_rows = [r for r in rows if r in t3 and len(t3[r].candidates) > 1]
            fixed = {r: known(r) for r in rows if r not in open_rows}
            if not open_rows or any(v is None for v in fixed.values()):
                continue
            space = 1
            for r in open_rows:
                space *= len(t3[r].candidates)
            if space > MAX_COMBINATIONS:
                continue
            keep: dict[str, set[Cut]] = {r: set() for r in open_rows}
            for combo in itertools.product(*(t3[r].candidates for r in open_rows)):
                vals = dict(fixed)
                vals.update({r: [_num(p) for p in c] for r, c in zip(open_rows, combo, strict=True)})
                if all(abs(sum(vals[r][k] for r in lhs) - sum(vals[r][k] for r in rhs)) < 1e-6
                       for k in range(len(t3_cols))):
                    for r, c in zip(open_rows, combo, strict=True):
                        keep[r].add(c)
            for r in open_rows:
                new = [c for c in t3[r].candidates if c in keep[r]]
                if len(new) < len(t3[r].candidates):
                    t3[r].candidates = new
                    changed = True

    rejected: dict[str, str] = {}
    for rule, lhs, rhs in identities:  # a split row is never kept against an identity that fails
        rows = lhs + rhs
        vals = {r: known(r) for r in rows}
        if any(v is None for v in vals.values()):
            continue
        for k in range(len(t3_cols)):
            if abs(sum(vals[r][k] for r in lhs) - sum(vals[r][k] for r in rhs)) >= 1e-6:
                for r in rows:
                    if r in t3:
                        rejected.setdefault(r, f"{rule} fails on {t3_cols[k]} with it")
                break

    cells: dict[str, str] = {}
    problems: list[str] = []
    for run in runs:
        n = len(run.candidates)
        if run.table == "T3" and run.row in rejected:
            problems.append(f"{run.where}: digits {run.digits} run together; the only split left "
                            f"breaks the form ({rejected[run.row]}); not placed")
        elif n == 1:
            for col, part in zip(run.cols, run.candidates[0], strict=True):
                cells[f"{run.table}/{run.row if run.table != 'T4' else 'cases'}/{col}"] = part
        elif n == 0:
            problems.append(f"{run.where}: digits {run.digits} run together and no split into "
                            f"{len(run.cols)} cells satisfies the form's sums; not placed")
        else:  # several splits: a cell on which they all agree is still read one way only
            first = run.candidates[0]
            agreed = [k for k in range(len(run.cols)) if all(c[k] == first[k] for c in run.candidates)]
            for k in agreed:
                cells[f"{run.table}/{run.row if run.table != 'T4' else 'cases'}/{run.cols[k]}"] = first[k]
            shown = " or ".join("|".join(p or "∅" for p in c) for c in run.candidates[:2])
            left = [run.cols[k] for k in range(len(run.cols)) if k not in agreed]
            problems.append(f"{run.where}: digits {run.digits} run together and split {n} ways "
                            f"(e.g. {shown}); not placed: {', '.join(left)}")
    return cells, problems
