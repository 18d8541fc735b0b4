"""OCR benchmark (issue 15): seconds per scanned page, a 5-page scan end to end, cell accuracy against truth.

    python -m bench.ocr_speed [--repeats 3] [--write]

Inputs, all offline and with truth written by the generator (never by the parser):
- the OCR test fixtures (tests/fixtures/ocr/): a 3-page scan, a page whose tables are screenshots, a PDF of
  text pages around a scanned page, and table screenshots without ruling lines;
- the sample portal's scanned report (data/sample_portal, MANIFEST delivery ``scan``, 4 pages), when built.

Speed: every page of the scans is OCR'd ``repeats`` times (``extract.readers.ocr.read_page``; the models are
loaded once, before timing, as a parsing worker does) and the median per page is kept; the "5-page scan" is
``parse_document`` on the fixture's 3 pages followed by the portal scan's first 2 (one PDF), median of the
repeats. Wall and CPU seconds are both given: on the shared 2-core machine the wall time moves with the other
work (load average in the section), the CPU time of the one OCR thread much less.

``--write`` puts the figures in bench/RESULTS.md, in a section of their own that ``make bench`` keeps.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ocr"
PORTAL = ROOT / "data" / "sample_portal"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MARK = "<!-- written by bench/ocr_speed.py; make bench keeps this section -->"
TARGET_5_PAGES_S = 15.0  # issue 15: a 5-page scanned report in at most 15 s on this 2-core machine
# Measured on 2026-12-01 with the same input and the same machine (tell the next reader why a miss happens):
WHY_NOT_MET = ("Why over: at load ~1 the 5-page scan took 14.4–14.8 s wall (15.2–15.6 s CPU), and the code of "
               "393cc4f (before the extra looks at unsure cells of real office scans) 13.6–13.9 s; the looks cost "
               "~6%, and a loaded machine the rest. cProfile: onnxruntime's recogniser is 88% of the time. "
               "NIANBAO_OCR_THREADS=2 does not help beside other work (25 s: its threads spin). Next step: an "
               "int8-quantised recogniser.")


@dataclass(slots=True)
class Accuracy:
    name: str
    cells: int
    right: int
    wrong: int  # placed with another value, or placed where nothing is printed
    unplaced: int  # left out
    unnamed: int  # left out and named nowhere in problems (neither the cell nor its row): must be 0
    seconds: float


@dataclass(slots=True)
class OcrBench:
    pages: int = 0
    page_wall_s: float = 0.0  # median over pages of the median of repeats
    page_cpu_s: float = 0.0
    scan5_wall_s: float = 0.0
    scan5_cpu_s: float = 0.0
    repeats: int = 0
    load: str = ""
    accuracy: list[Accuracy] = field(default_factory=list)


def _fixture_truth(name: str) -> dict[str, str]:
    return _truth_file(FIXTURES / f"{name}.expected.csv")


def _truth_file(path: Path) -> dict[str, str]:
    rows = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split(",", 1) for line in rows if not line.startswith(("#", "cell,")))


def _portal_scan() -> tuple[Path, dict[str, str]] | None:
    manifest = PORTAL / "MANIFEST.csv"
    if not manifest.exists():
        return None
    for row in csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8"))):
        if row["delivery"] == "scan" and row["current"] == "1":
            files = list(PORTAL.glob(f"*{row['url_path']}"))
            if files:
                truth = {c: "" if v is None else str(v) for c, v in json.loads(row["truth"]).items()}
                return files[0], truth
    return None


def _number(v: float | None) -> str:
    """A value as the truth files write it: 3985758 (not 3.98576e+06), 96171.6, '' for a blank."""
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(v)


def _score(name: str, report, truth: dict[str, str], seconds: float, numeric: bool = False) -> Accuracy:
    got = {f["cell"]: f for f in report.facts.iter_rows(named=True) if not f["is_derived"]}
    right = wrong = 0
    for cell, want in truth.items():
        if cell not in got:
            continue
        f = got[cell]
        value = _number(f["value"]) if numeric else (f["raw"] or "")
        right += value == want
        wrong += value != want
    wrong += sum(1 for c in got if c not in truth)
    missing = [c for c in truth if c not in got]

    def named(cell: str) -> bool:
        row = cell.rsplit("/", 1)[0]
        return any(p.startswith((f"{cell}:", f"{row} (", f"not found: {row} (")) for p in report.problems)

    return Accuracy(name, len(truth), right, wrong, len(missing), sum(1 for c in missing if not named(c)), seconds)


def _accuracy(portal: tuple[Path, dict[str, str]] | None) -> list[Accuracy]:
    from transform.pipeline import parse_document

    out = []
    for name, path in (("3-page scan (fixture)", "scan-county-2023.pdf"),
                       ("text pages + a scanned page (fixture)", "mixed-county-2023.pdf")):
        data = (FIXTURES / path).read_bytes()
        t = time.perf_counter()
        report = parse_document(data, path)
        out.append(_score(name, report, _fixture_truth(path.removesuffix(".pdf")), time.perf_counter() - t))
    for name, folder in (("table screenshots, ruled (fixture)", "image-page"),
                         ("table screenshots, unruled (fixture)", "unruled-page")):
        d = FIXTURES / folder
        images = {f"file://{d / n}": (d / n).read_bytes() for n in ("t2.jpg", "t3.jpg", "t4.jpg")}
        t = time.perf_counter()
        report = parse_document((d / "report.html").read_bytes(), str(d / "report.html"), images=images)
        out.append(_score(name, report, _fixture_truth(folder), time.perf_counter() - t))
    # Real reports made into scans and screenshots (tests/fixtures/ocr/make_real.py), scored against the
    # corpus's hand-read cells: the layouts we did not draw ourselves.
    corpus = ROOT / "data" / "corpus" / "expected"
    real_pdf = FIXTURES / "real-huaian-2024.pdf"
    if real_pdf.exists():
        t = time.perf_counter()
        report = parse_document(real_pdf.read_bytes(), real_pdf.name)
        out.append(_score("real 淮安市 2024, scanned at 150 dpi (corpus truth)", report,
                          _truth_file(corpus / "002_huaian-shi-2024.expected.csv"), time.perf_counter() - t,
                          numeric=True))
    real_page = FIXTURES / "real-shanghai-2019"
    if real_page.exists():
        images = {f"file://{p}": p.read_bytes() for p in sorted(real_page.glob("*.jpg"))}
        t = time.perf_counter()
        report = parse_document((real_page / "report.html").read_bytes(), str(real_page / "report.html"), images=images)
        out.append(_score("real 上海 2019, tables as screenshots (corpus truth)", report,
                          _truth_file(corpus / "001_shanghai-bangongting-2019.expected.csv"), time.perf_counter() - t,
                          numeric=True))  # 采购总金额 is printed "251000元": the value is compared
    # Real scans as office scanners leave them (tests/fixtures/ocr/make_scanreal.py) and real tables as
    # screenshots without black rules (make_shots.py): every fixture of those kinds that is committed.
    truth = {"huaian": corpus / "002_huaian-shi-2024.expected.csv",
             "shanghai": corpus / "001_shanghai-bangongting-2019.expected.csv"}
    for variant, why in (("feeder", "300 dpi bilevel, 1.5–3° a page"), ("seal", "150 dpi colour, red seal")):
        scan = FIXTURES / f"real-huaian-2024-{variant}.pdf"
        if scan.exists():
            t = time.perf_counter()
            report = parse_document(scan.read_bytes(), scan.name)
            out.append(_score(f"real 淮安市 2024 scan: {why} (corpus truth)", report, _truth_file(truth["huaian"]),
                              time.perf_counter() - t, numeric=True))
    for folder in sorted(FIXTURES.glob("shots-*-*-*")):  # shots-CITY-YEAR-STYLE (shots-cuts/ is test_parse_ocr_cuts')
        _shots, city, year, style = folder.name.split("-", 3)
        if city not in truth or not (folder / "report.html").exists():
            continue
        images = {f"file://{p}": p.read_bytes() for p in sorted(folder.glob("*.jpg"))}
        t = time.perf_counter()
        report = parse_document((folder / "report.html").read_bytes(), str(folder / "report.html"), images=images)
        out.append(_score(f"real {city} {year} screenshots, {style} rules (corpus truth)", report,
                          _truth_file(truth[city]), time.perf_counter() - t, numeric=True))
    if portal is not None:
        t = time.perf_counter()
        report = parse_document(portal[0].read_bytes(), portal[0].name)
        out.append(_score("sample portal scan (MANIFEST truth)", report, portal[1],
                          time.perf_counter() - t, numeric=True))
    return out


def _five_pages(portal: tuple[Path, dict[str, str]] | None) -> bytes:
    """The fixture's 3 scanned pages, then the portal scan's first 2 (or the fixture's first 2 again)."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument((FIXTURES / "scan-county-2023.pdf").read_bytes()))
    second = pdfium.PdfDocument(portal[0].read_bytes() if portal else (FIXTURES / "scan-county-2023.pdf").read_bytes())
    out.import_pages(second, pages=[0, 1])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def ocr_benchmark(repeats: int = 3) -> OcrBench:
    from extract.readers import ocr
    from extract.readers.pdf_text import page_images
    from transform.pipeline import parse_document

    ocr.engine()  # loaded once, as a parsing worker does: not in the figures
    portal = _portal_scan()
    five = _five_pages(portal)
    pages = page_images(five, "5-page scan")
    walls, cpus = [], []
    for page in pages:
        w, c = [], []
        for _ in range(repeats):
            t, p = time.perf_counter(), time.process_time()
            ocr.read_page(page)
            w.append(time.perf_counter() - t)
            c.append(time.process_time() - p)
        walls.append(statistics.median(w))
        cpus.append(statistics.median(c))
    w5, c5 = [], []
    for _ in range(repeats):
        t, p = time.perf_counter(), time.process_time()
        parse_document(five, "5-page-scan.pdf")
        w5.append(time.perf_counter() - t)
        c5.append(time.process_time() - p)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return OcrBench(len(pages), statistics.median(walls), statistics.median(cpus), statistics.median(w5),
                    statistics.median(c5), repeats, load, _accuracy(portal))


def section(b: OcrBench) -> str:
    threads = os.environ.get("NIANBAO_OCR_THREADS", "1")
    met = "met" if b.scan5_wall_s <= TARGET_5_PAGES_S else "NOT met"
    lines = [MARK, "", "## OCR (bench/ocr_speed.py)", "",
             f"Written {time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} CPUs, load average {b.load} (shared "
             f"machine: wall times move with the other work, CPU times much less); models loaded once before "
             f"timing; {threads} onnxruntime thread(s); medians of {b.repeats} runs.", "",
             "| measure | wall s | CPU s | target | result |", "|---|---|---|---|---|",
             f"| OCR per scanned page (median of {b.pages} pages) | {b.page_wall_s:.1f} | {b.page_cpu_s:.1f} | | |",
             f"| 5-page scanned report, parse_document end to end | {b.scan5_wall_s:.1f} | {b.scan5_cpu_s:.1f} "
             f"| ≤ {TARGET_5_PAGES_S:.0f} s | {met} |", "",
             "| input | truth cells | right | wrong | unplaced (of which named nowhere in problems) | parse s |",
             "|---|---|---|---|---|---|"]
    if met != "met":
        lines[-3:-3] = ["", WHY_NOT_MET]
    for a in b.accuracy:
        lines.append(f"| {a.name} | {a.cells} | {a.right} ({a.right / a.cells:.1%}) | {a.wrong} | {a.unplaced} "
                     f"({a.unnamed}) | {a.seconds:.1f} |")
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = RESULTS) -> None:
    """Replace this script's section of RESULTS.md (or add it at the end), keeping every other one."""
    from bench.cli_parse import replace_section

    replace_section(path, MARK, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="write the section into bench/RESULTS.md")
    args = parser.parse_args()
    text = section(ocr_benchmark(args.repeats))
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
