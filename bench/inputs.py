"""The reports the parse benchmark reads, each with the truth its cells are scored against.

Real corpus reports are scored against their hand-read expectation files; generated variants are the
sample portal's reports built with other seeds (same page shapes, different numbers and defects), scored
against the generator's MANIFEST truth. Built in memory: nothing is written.
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


def _generated(seeds: int, deliveries: tuple[str, ...], content_type: str) -> list[Case]:
    cases = []
    for k in range(seeds):
        site = build_site(SEED + k)
        for row in site.manifest:
            if row.delivery in deliveries and row.truth:
                path = row.url_path + ("index.html" if row.url_path.endswith("/") else "")
                truth = {c: (None if v is None else float(v)) for c, v in row.truth.items()}
                cases.append(Case(f"seed{k}:{path}", site.files[path], content_type, truth, "generated"))
    return cases


def html_cases(seeds: int = 3) -> list[Case]:
    """The Shanghai 2019 page plus ~124 generated report pages per seed."""
    return [_corpus_case("001_shanghai-bangongting-2019.html", "text/html"),
            *_generated(seeds, ("html", "inline_channel"), "text/html")]


def pdf_cases(seeds: int = 3) -> list[Case]:
    """The Huaian 2024 PDF plus the generated PDF deliveries (2 per seed)."""
    return [_corpus_case("002_huaian-shi-2024.pdf", "application/pdf"),
            *_generated(seeds, ("pdf",), "application/pdf")]
