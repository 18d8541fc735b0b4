"""The reports the parse benchmark reads, each with the truth its cells are scored against.

Real corpus reports are scored against their hand-read expectation files; generated reports are scored
against the generator's MANIFEST truth: the sample province as committed (seed SEED: three county sites,
every trap), then, per further seed, a bench county (bench/bigportal.py) of the same page shapes with other
numbers. Why not the whole province with another seed: its binaries made by outside tools (LibreOffice,
OCR scans) are rebuilt for a new seed (~1 min) and its run-on page's self-check rejects some seeds.
Built in memory: nothing is written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from common.paths import corpus_dir
from sampleportal.generate import SEED, build_site

CORPUS = corpus_dir()


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    data: bytes
    content_type: str
    truth: dict[str, float | None]  # canonical cell → value; None = printed blank
    origin: str  # corpus | generated


def _expected(path: Path) -> dict[str, float | None]:
    cells: dict[str, float | None] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if row and not row[0].startswith("#") and row[0] != "cell":
                cells[row[0]] = None if row[1] == "" else float(row[1])
    return cells


def _corpus_case(file: str, content_type: str) -> Case:
    stem = file.rsplit(".", 1)[0]
    return Case(file, (CORPUS / file).read_bytes(), content_type,
                _expected(CORPUS / "expected" / f"{stem}.expected.csv"), "corpus")


VARIANT_REPORTS = 80  # HTML reports per further seed (a bench county)


def _truth(row) -> dict[str, float | None]:
    return {c: (None if v is None else float(v)) for c, v in row.truth.items()}


def _generated(seeds: int, deliveries: tuple[str, ...], content_type: str) -> list[Case]:
    from bench.bigportal import build_scaled_site

    cases = []
    site = build_site(SEED)
    for row in site.manifest:
        if row.delivery in deliveries and row.truth:
            path = row.url_path + ("index.html" if row.url_path.endswith("/") else "")
            data = site.hosts[row.source].files[path]  # each county is its own site (sample province)
            cases.append(Case(f"{row.source}:{path}", data, content_type, _truth(row), "generated"))
    if "html" not in deliveries:
        return cases  # a bench county publishes HTML only
    for k in range(1, seeds):
        host, manifest = build_scaled_site(VARIANT_REPORTS, SEED + k)
        cases += [Case(f"seed{k}:{row.url_path}", host.files[row.url_path], content_type, _truth(row), "generated")
                  for row in manifest if row.delivery == "html" and row.truth]
    return cases


def html_cases(seeds: int = 3) -> list[Case]:
    """The Shanghai 2019 page, the province's ~210 HTML report pages, 80 more per further seed."""
    return [_corpus_case("001_shanghai-bangongting-2019.html", "text/html"),
            *_generated(seeds, ("html", "inline_channel"), "text/html")]


def pdf_cases(seeds: int = 3) -> list[Case]:
    """The Huaian 2024 PDF plus the province's generated PDF deliveries (2; other seeds add none)."""
    return [_corpus_case("002_huaian-shi-2024.pdf", "application/pdf"),
            *_generated(seeds, ("pdf",), "application/pdf")]
