"""Parse benchmark: nianbao vs the analyst's baseline vs the bare parse floor, same inputs, one process.

Each contender reads every case once for accuracy (which also warms caches), then the whole set is
timed ``repeats`` times, contenders interleaved within each repeat so that machine noise hits all of them
alike; the figure is the median pass. ``python -m bench.parse_speed`` (or ``python -m bench --quick``)
runs a reduced set in well under a minute.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.baseline import pandas_html, pdfplumber_tables
from bench.inputs import Case, html_cases, pdf_cases

Extractor = Callable[[Case], dict[str, float | None]]


def nianbao(case: Case) -> dict[str, float | None]:
    from transform.pipeline import parse_document

    pr = parse_document(case.data, case.name, case.content_type)
    facts = pr.facts.filter(~pr.facts["is_derived"])
    return dict(zip(facts["cell"].to_list(), facts["value"].to_list(), strict=True))


def html_floor(case: Case) -> None:
    """The least any HTML parser does: decode the bytes and build the DOM with lexbor."""
    from selectolax.lexbor import LexborHTMLParser

    LexborHTMLParser(case.data.decode("utf-8", errors="replace"))


def pdf_floor(case: Case) -> None:
    """The least any PDF reader does: open the file with pdfium and pull each page's text."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(case.data)
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


@dataclass(slots=True)
class Accuracy:
    correct: int = 0
    cells: int = 0

    @property
    def share(self) -> float:
        return self.correct / self.cells if self.cells else 0.0


def score(got: dict[str, float | None], truth: dict[str, float | None]) -> tuple[int, int]:
    """(cells right, cells in truth): a printed blank must come back blank, a number as that number."""
    right = 0
    for cell, want in truth.items():
        if cell not in got:
            continue
        have = got[cell]
        if (have is None and want is None) or (have is not None and want is not None and abs(have - want) < 1e-6):
            right += 1
    return right, len(truth)


@dataclass(slots=True)
class Contender:
    name: str
    rate: float = 0.0  # reports/s, median pass
    seconds: list[float] = field(default_factory=list)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)  # by origin: corpus | generated | all
    failures: int = 0


@dataclass(slots=True)
class ParseBench:
    kind: str  # HTML | PDF
    reports: int
    corpus: int
    repeats: int
    ours: Contender
    baseline: Contender
    floor: Contender

    @property
    def vs_baseline(self) -> float:
        return self.ours.rate / self.baseline.rate

    @property
    def vs_floor(self) -> float:
        """How many times longer nianbao takes than the floor (1.0 = as fast as the bare parse)."""
        return self.floor.rate / self.ours.rate


def _accuracy(extract: Extractor, cases: list[Case], who: Contender) -> None:
    for origin in ("corpus", "generated", "all"):
        who.accuracy[origin] = Accuracy()
    for case in cases:
        try:
            got = extract(case)
        except Exception:  # a baseline that crashes on a report scores zero on it, like a user would see
            who.failures += 1
            got = {}
        right, total = score(got, case.truth)
        for origin in (case.origin, "all"):
            who.accuracy[origin].correct += right
            who.accuracy[origin].cells += total


def _timed_pass(fn: Callable[[Case], object], cases: list[Case]) -> float:
    t0 = time.perf_counter()
    for case in cases:
        try:
            fn(case)
        except Exception:  # counted in accuracy; timing keeps going
            pass
    return time.perf_counter() - t0


def run(kind: str, cases: list[Case], baseline: Extractor, floor: Callable[[Case], None],
        repeats: int) -> ParseBench:
    ours, base, bare = Contender("nianbao"), Contender(baseline.__name__), Contender(floor.__name__)
    _accuracy(nianbao, cases, ours)
    _accuracy(baseline, cases, base)
    for _ in range(repeats):
        for who, fn in ((ours, nianbao), (base, baseline), (bare, floor)):
            who.seconds.append(_timed_pass(fn, cases))
    for who in (ours, base, bare):
        who.rate = len(cases) / statistics.median(who.seconds)
    return ParseBench(kind, len(cases), sum(c.origin == "corpus" for c in cases), repeats, ours, base, bare)


def _baseline_html(case: Case) -> dict[str, float | None]:
    return pandas_html(case.data)


def _baseline_pdf(case: Case) -> dict[str, float | None]:
    return pdfplumber_tables(case.data)


_baseline_html.__name__ = "pandas.read_html+lookup"
_baseline_pdf.__name__ = "pdfplumber+lookup"
html_floor.__name__ = "lexbor parse (floor)"
pdf_floor.__name__ = "pdfium text (floor)"


def parse_benchmarks(quick: bool = False) -> list[ParseBench]:
    # quick: the corpus page + 60 generated pages, 1 seed of PDFs; full: 3 seeds (~370 HTML, 7 PDF)
    html = html_cases(1)[:61] if quick else html_cases(3)
    return [run("HTML", html, _baseline_html, html_floor, 5),
            run("PDF", pdf_cases(1 if quick else 3), _baseline_pdf, pdf_floor, 5)]


def main() -> None:
    parser = argparse.ArgumentParser(description="Parse speed and accuracy: nianbao vs baselines.")
    parser.add_argument("--quick", action="store_true", help="one seed of generated reports (< 60 s)")
    args = parser.parse_args()
    for b in parse_benchmarks(args.quick):
        for who in (b.ours, b.baseline, b.floor):
            acc = f"{who.accuracy['all'].share:6.1%}" if who.accuracy else "     –"
            print(f"{b.kind:4} {who.name:26} {who.rate:9.1f} reports/s  accuracy {acc}")


if __name__ == "__main__":
    main()
