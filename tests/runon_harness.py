"""Run-together text built from reports whose every cell is known, and the parser's score on it.

Truth comes from two places: the hand-read expectation files of the real corpus, and the sample portal's
MANIFEST (generated reports of both forms, F2019 and F2021, some with blank cells or a broken balance).
Each report is re-typeset here, from its truth alone, the way copy tools flatten a table page: the
separators between a row's cells dropped (a blank cell leaves nothing), label glued to the first digit,
several rows to a line (so ``…310000031`` meets ``2.没有现成…``), or ``label||digits|`` when a tool kept
the bars of merged cells; a breadcrumb and a share bar before the title, ``行政法复议`` for 行政复议, stray
spaces in labels, full-width digits. The text is written by this module, not by the project's readers or
the sample portal's renderer, so neither can shape the input it is scored on.

Run ``python -m tests.runon_harness [N]`` for the figures per document type (N generated reports, all
by default); tests/test_runon_accuracy.py runs a fixed sample and asserts no wrong cell.

Real copies bend the text further. Each of these SHAPES is off by default (so the default figures stay
comparable from one change to the next) and, when asked for, drawn per page by the same rng:

- ``wrap``: every line but the title hard-wrapped at a fixed width of 30–40 characters, mid-label or
  mid-digits (``…申请数量6400204`` / ``70``);
- ``lines``: each row's label on one line and its digits on the next, blank lines between rows (some
  pages), numbering typed in ASCII ``(一)``/``1.`` or full width ``（一）``/``１．``;
- ``seps``: some rows keep their separators (spaces or tabs between cells, a blank cell leaving two),
  the others lost them, in the same table;
- ``t4``: table 四 as three lines of five digits, or its group words interleaved with their digits
  (``行政复议 00000 未经复议直接起诉 00000 复议后起诉 00000``);
- ``clauses``: section 一 states table 二's documents clause by clause (``本年制发行政规范性文件0件，废止0件，
  现行有效17件``).

``python -m tests.runon_harness N SEED --shapes wrap,lines`` (or ``--shapes all``, ``--each`` for one
line per shape).
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass

from extract.readers.reader import read_report
from tests.conftest import CORPUS, read_expected
from tests.variants import printed_facts
from transform.pipeline import parse_document

MANIFEST = CORPUS.parent / "sample_portal" / "MANIFEST.csv"
CORPUS_CASES = (("jinping-datongxiang-2024.txt", "jinping"), ("002_huaian-shi-2024.pdf", "huaian"),
                ("001_shanghai-bangongting-2019.html", "shanghai"))

T3_ROWS = {
    "F2019": [("1", "一、本年新收政府信息公开申请数量"), ("2", "二、上年结转政府信息公开申请数量"),
              (None, "三、本年度办理结果"), ("3.1", "（一）予以公开"),
              ("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), (None, "（三）不予公开"),
              ("3.3.1", "1.属于国家秘密"), ("3.3.2", "2.其他法律行政法规禁止公开"), ("3.3.3", "3.危及“三安全一稳定”"),
              ("3.3.4", "4.保护第三方合法权益"), ("3.3.5", "5.属于三类内部事务信息"), ("3.3.6", "6.属于四类过程性信息"),
              ("3.3.7", "7.属于行政执法案卷"), ("3.3.8", "8.属于行政查询事项"), (None, "（四）无法提供"),
              ("3.4.1", "1.本机关不掌握相关政府信息"), ("3.4.2", "2.没有现成信息需要另行制作"),
              ("3.4.3", "3.补正后申请内容仍不明确"), (None, "（五）不予处理"), ("3.5.1", "1.信访举报投诉类申请"),
              ("3.5.2", "2.重复申请"), ("3.5.3", "3.要求提供公开出版物"), ("3.5.4", "4.无正当理由大量反复申请"),
              ("3.5.5", "5.要求行政机关确认或重新出具已获取信息"), ("3.6", "（六）其他处理"), ("3.7", "（七）总计"),
              ("4", "四、结转下年度继续办理")],
}
T3_ROWS["F2021"] = [r for r in T3_ROWS["F2019"] if r[0] != "3.6"]
_AT = T3_ROWS["F2021"].index(("3.7", "（七）总计"))
T3_ROWS["F2021"][_AT:_AT] = [
    (None, "（六）其他处理"), ("3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), ("3.6.3", "3.其他")]
T3_COLS = ("np", "lp_biz", "lp_research", "lp_welfare", "lp_legal", "lp_other", "total")
T3_HEAD = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织",
           "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T4_HEAD = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
           *(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
T4_COLS = tuple(f"{g}_{k}" for g in ("rv", "ld", "lr") for k in ("upheld", "corrected", "other", "pending", "total"))
T2 = {  # (caption, header words, [(row, label, cols)])
    "F2019": [("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
               [("T2_1/rules", "规章", ("new_made", "new_public", "total_public")),
                ("T2_1/norm_docs", "规范性文件", ("new_made", "new_public", "total_public"))]),
              ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
               [("T2_5/licensing", "行政许可", ("prev_items", "delta_items", "decisions")),
                ("T2_5/other_mgmt_svc", "其他对外管理服务事项", ("prev_items", "delta_items", "decisions"))]),
              ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
               [("T2_6/penalty", "行政处罚", ("prev_items", "delta_items", "decisions")),
                ("T2_6/coercion", "行政强制", ("prev_items", "delta_items", "decisions"))]),
              ("第二十条第（八）项", ("上一年项目数量", "本年增/减"),
               [("T2_8/admin_fees", "行政事业性收费", ("prev_items", "delta_items"))]),
              ("第二十条第（九）项", ("采购项目数量", "采购总金额"),
               [("T2_9/central_proc", "政府集中采购", ("proc_items", "proc_amount"))])],
    "F2021": [("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
               [("T2_1/rules", "规章", ("issued", "repealed", "in_force")),
                ("T2_1/norm_docs", "行政规范性文件", ("issued", "repealed", "in_force"))]),
              ("第二十条第（五）项", ("本年处理决定数量",), [("T2_5/licensing", "行政许可", ("decisions",))]),
              ("第二十条第（六）项", ("本年处理决定数量",), [("T2_6/penalty", "行政处罚", ("decisions",)),
                                                     ("T2_6/coercion", "行政强制", ("decisions",))]),
              ("第二十条第（八）项", ("本年收费金额（单位：万元）",),
               [("T2_8/admin_fees", "行政事业性收费", ("fee_amount",))])],
}
CRUMBS = ("首页 > 政务公开 > 政府信息公开年报", "当前位置：首页 > 信息公开 > 法定主动公开内容 > 政府信息公开年报",
          "您当前的位置：首页>政府信息公开>年度报告")
SHARE = ("分享到：微信 微博 QQ空间 【打印】【关闭】", "【字体：大 中 小】 打印本页 关闭窗口", "来源：本站 浏览次数： 分享：")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(slots=True)
class Case:
    name: str
    kind: str  # how the figures are grouped: corpus:NAME, F2019, F2021, F2021+blank_cells, …
    fmt: str
    organ: str
    year: int
    truth: dict[str, float | None]
    intro: str = ""  # section 一's prose, where a report may state its documents (规章N件)


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


SHAPES = ("wrap", "lines", "seps", "t4", "clauses")
_ASCII_NUMBERING = str.maketrans("（）．", "().")
_WIDE_NUMBERING = str.maketrans("().0123456789", "（）．０１２３４５６７８９")
_NUMBERING = re.compile(r"^(?:[(（][一二三四五六七八九十][)）]|\d{1,2}[.．]|[一二三四]、)")


def _numbering(label: str, style: str) -> str:
    """The label with its numbering typed in ASCII ((一), 1.) or full width (（一）, １．)."""
    m = _NUMBERING.match(label)
    if not m or style == "asis":
        return label
    table = _ASCII_NUMBERING if style == "ascii" else _WIDE_NUMBERING
    return m.group().translate(table) + label[m.end():]


def _wrap(lines: list[str], width: int, keep: int) -> list[str]:
    """Lines hard-wrapped at ``width`` characters, as a copy into a fixed-width box does; ``keep`` (the
    title) is left whole."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if k == keep or len(line) <= width:
            out.append(line)
        else:
            out.extend(line[i:i + width] for i in range(0, len(line), width))
    return out


def _clauses(fmt: str, truth: dict[str, float | None], rng: random.Random) -> str:
    """Section 一 stating table 二's documents clause by clause, one kind carried over the clauses."""
    if fmt == "F2021":
        words = (("issued", "本年制发"), ("repealed", "废止"), ("in_force", "现行有效"))
        kinds = (("norm_docs", "行政规范性文件"), ("rules", "规章"))
    else:
        words = (("new_made", "本年制作"), ("new_public", "主动公开"))
        kinds = (("norm_docs", "规范性文件"), ("rules", "规章"))
    row, kind = kinds[0] if rng.random() < 0.7 else kinds[1]
    figures = [(verb, truth.get(f"T2_1/{row}/{col}")) for col, verb in words]
    parts = [f"{verb}{kind if k == 0 else ''}{_fmt(v)}件" for k, (verb, v) in enumerate(figures) if v is not None]
    if not parts or figures[0][1] is None:
        return ""
    return "，".join(parts) + "。"


def render(case: Case, rng: random.Random, shapes: frozenset[str] = frozenset()) -> str:
    """The report as a page whose statistics tables lost their cell separators (and, where asked, bent
    further in the SHAPES of real copies)."""
    pipes = rng.random() < 0.2  # "label||digits|": the bars of merged cells kept, the cells' own lost
    per_line = rng.choice((1, 2, 3, 4))
    wide = rng.random() < 0.15
    spaces = rng.random() < 0.3
    t = case.truth
    # the shapes draw from the rng only when asked for, so that the default pages are the same as before
    width = rng.randint(30, 40) if "wrap" in shapes else 0
    own_lines = "lines" in shapes and rng.random() < 0.6
    blank_between = own_lines and rng.random() < 0.5
    numbering = rng.choice(("asis", "ascii", "wide")) if "lines" in shapes else "asis"
    sep = rng.choice((" ", "\t", "  ")) if "seps" in shapes else ""
    t4_shape = rng.choice(("one", "three", "words")) if "t4" in shapes else "one"
    if own_lines or sep:
        pipes = False
    stated = _clauses(case.fmt, t, rng) if "clauses" in shapes and rng.random() < 0.7 else ""

    def digits(cells: list[str]) -> str:
        if sep and rng.random() < 0.5:  # this row kept its separators; a blank cell leaves two
            s = sep.join(_fmt(t.get(c)) for c in cells)
            s = " " + s if sep == " " else sep + s
        else:
            s = "".join(_fmt(t.get(c)) for c in cells)
        return s.translate(_FULLWIDTH) if wide else s

    def label(text: str) -> str:
        text = _numbering(text, numbering)
        if spaces and len(text) > 4 and rng.random() < 0.25:
            k = rng.randrange(2, len(text) - 1)
            text = text[:k] + " " + text[k:]
        return text

    def rows(items: list[tuple[str, str]]) -> list[str]:
        if pipes:  # a group label's merged cell leaves "||"; a row's own cells ran into one
            return [f"{lab}||" if not d else f"{label(lab)}|{d}|" for lab, d in items]
        if own_lines:  # the label on one line, its digits on the next
            out = []
            for lab, d in items:
                out.extend([label(lab), d.strip()] if d else [label(lab)])
                if blank_between:
                    out.append("")
            return out
        out, line = [], ""
        for k, (lab, d) in enumerate(items):
            line += label(lab) + (" " if spaces and d and rng.random() < 0.2 else "") + d
            if (k + 1) % per_line == 0:
                out.append(line)
                line = ""
        return [*out, line] if line else out

    out = [rng.choice(CRUMBS), rng.choice(SHARE), f"{case.organ}{case.year}年政府信息公开工作年度报告",
           "一、总体情况", case.intro or "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。", *([stated] if stated else []),
           "二、主动公开政府信息情况"]
    for caption, head, t2rows in T2[case.fmt]:
        out.append(caption + ("" if rng.random() < 0.5 else "信息内容" + "".join(head)))
        if not out[-1].endswith(head[-1]):
            out.append("信息内容" + "".join(head))
        out.extend(rows([(lab, digits([f"{r}/{c}" for c in cols])) for r, lab, cols in t2rows]))
    out.append("三、收到和处理政府信息公开申请情况")
    out.append("".join(T3_HEAD))
    out.extend(rows([(lab, digits([f"T3/{r}/{c}" for c in T3_COLS]) if r else "")
                     for r, lab in T3_ROWS[case.fmt]]))
    out.append("四、政府信息公开" + ("行政法复议" if rng.random() < 0.5 else "行政复议") + "、行政诉讼情况")
    groups = [digits([f"T4/cases/{c}" for c in T4_COLS[k:k + 5]]) for k in (0, 5, 10)]
    if t4_shape == "words":  # the group words interleaved with their digits
        out.append("结果维持结果纠正其他结果尚未审结总计")
        out.append(" ".join(f"{w} {g.strip()}" for w, g in zip(("行政复议", "未经复议直接起诉", "复议后起诉"), groups,
                                                             strict=True)))
    else:
        out.append("".join(T4_HEAD))
        if t4_shape == "three":  # one line per group
            out.extend(g.strip() for g in groups)
        else:
            out.append(digits([f"T4/cases/{c}" for c in T4_COLS]) + ("|" if pipes else ""))
    out += ["五、存在的主要问题及改进情况", "工作力量不足。", "六、其他需要报告的事项", "无。"]
    if width:
        out = _wrap(out, width, keep=2)
    return "\n".join(out) + "\n"


def _doc_statement(fmt: str, truth: dict[str, float | None], rng: random.Random) -> str:
    """A sentence of section 一 stating the documents, as many reports write it (Shanghai 2019: 主动公开规章13件，
    行政规范性文件60件), or plain prose."""
    if rng.random() < 0.5:
        return "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，及时公开政府信息。"
    col = "new_public" if fmt == "F2019" else "issued"
    rules, docs = truth.get(f"T2_1/rules/{col}"), truth.get(f"T2_1/norm_docs/{col}")
    verb = "主动公开" if fmt == "F2019" else "制发"
    parts = [f"规章{_fmt(rules)}件" if rules is not None else "", f"行政规范性文件{_fmt(docs)}件" if docs is not None else ""]
    return f"本年{verb}" + "，".join(p for p in parts if p) + "。" if any(parts) else ""


def corpus_cases() -> list[Case]:
    out = []
    for name, short in CORPUS_CASES:
        meta, truth = read_expected(CORPUS / "expected" / re.sub(r"\.\w+$", ".expected.csv", name))
        doc = read_report((CORPUS / name).read_bytes(), name)
        text = doc.text
        intro = text[text.find("一、"):text.find("二、主动")] if "二、主动" in text else ""
        out.append(Case(short, f"corpus:{short}", meta["format"], meta["organ"], int(meta["year"]), truth,
                        intro.replace("一、总体情况", "").strip()))
    return out


def portal_cases(rng: random.Random) -> list[Case]:
    out = []
    with MANIFEST.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if not r["truth"] or r["current"] != "1":
                continue
            truth = json.loads(r["truth"])
            defects = {d for d in r["defects"].split(";") if d in ("blank_cells", "balance_error", "old_template")}
            kind = "+".join([r["format"], *sorted(defects)])
            out.append(Case(r["url_path"], kind, r["format"], r["organ"], int(r["year"]), truth,
                            _doc_statement(r["format"], truth, rng)))
    return out


@dataclass(slots=True)
class Score:
    right: int = 0
    wrong: int = 0
    unplaced: int = 0
    unnamed: int = 0  # unplaced and not named in problems
    invented: int = 0
    docs: int = 0

    def add(self, other: Score) -> None:
        for f in ("right", "wrong", "unplaced", "unnamed", "invented", "docs"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    @property
    def checks(self) -> int:
        return self.right + self.wrong + self.unplaced

    def line(self, kind: str) -> str:
        pct = 100 * self.right / self.checks if self.checks else 0.0
        return (f"{kind:<28} docs {self.docs:>4}  cells {self.checks:>6}  right {self.right:>6} ({pct:5.1f}%)  "
                f"wrong {self.wrong}  unplaced {self.unplaced}  unnamed {self.unnamed}  invented {self.invented}")


def score(case: Case, text: str) -> tuple[Score, list[str]]:
    """The parse of ``text`` cell by cell against the case's truth, and a line per wrong or invented cell."""
    pr = parse_document(text.encode("utf-8"), f"{case.name.strip('/').replace('/', '_')}.runon.txt")
    facts = printed_facts(pr)
    named = " ".join(pr.problems)
    s, bad = Score(docs=1), []
    for cell, value in case.truth.items():
        f = facts.get(cell)
        if f is None:
            s.unplaced += 1
            table, row, _col = cell.split("/")
            if f"{table}/{row}" not in named and not (table == "T4" and "T4" in named):
                s.unnamed += 1
                bad.append(f"{case.name}: {cell} unplaced and not named")
        elif (value is None and f["status"] == "blank") or (
                value is not None and f["value"] is not None and abs(f["value"] - value) < 1e-9):
            s.right += 1
        else:
            s.wrong += 1
            bad.append(f"{case.name}: {cell} = {f['raw']!r}, truth {value}")
    for cell in sorted(set(facts) - set(case.truth)):
        s.invented += 1
        bad.append(f"{case.name}: {cell} invented ({facts[cell]['raw']!r})")
    return s, bad


def measure(cases: list[Case], seed: int, shapes: frozenset[str] = frozenset()
            ) -> tuple[dict[str, Score], list[str]]:
    rng = random.Random(seed)
    by_kind: dict[str, Score] = {}
    bad: list[str] = []
    for case in cases:
        s, b = score(case, render(case, rng, shapes))
        by_kind.setdefault(case.kind, Score()).add(s)
        bad.extend(b)
    return by_kind, bad


def _total(by_kind: dict[str, Score]) -> Score:
    total = Score()
    for s in by_kind.values():
        total.add(s)
    return total


def main(argv: list[str]) -> None:
    argv = list(argv)
    shapes: frozenset[str] = frozenset()
    if "--shapes" in argv:
        at = argv.index("--shapes")
        asked = argv[at + 1]
        del argv[at:at + 2]
        shapes = frozenset(SHAPES) if asked == "all" else frozenset(asked.split(","))
        assert shapes <= set(SHAPES), f"shapes are {', '.join(SHAPES)}"
    flags = [a for a in argv if a.startswith("--")]
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args and args[0] != "all" else None
    seed = int(args[1]) if len(args) > 1 else 15
    rng = random.Random(seed)
    portal = portal_cases(rng)
    if n is not None:
        portal = rng.sample(portal, min(n, len(portal)))
    cases = corpus_cases() * 4 + portal  # each corpus report in four random shapes
    if "--each" in flags:  # one line per shape alone, then all of them together
        for shape in ("", *SHAPES, "all"):
            chosen = frozenset(SHAPES) if shape == "all" else frozenset({shape} - {""})
            print(_total(measure(cases, seed, chosen)[0]).line(shape or "default"), flush=True)
        return
    by_kind, bad = measure(cases, seed, shapes)
    total = Score()
    for kind in sorted(by_kind):
        print(by_kind[kind].line(kind))
        total.add(by_kind[kind])
    print(total.line("all"))
    for line in bad[:40]:
        print("  ", line)
    print(Counter(b.split(": ", 1)[1].split(" ", 2)[1] for b in bad) if bad else "no wrong, invented or unnamed cell")


if __name__ == "__main__":
    main(sys.argv[1:])
