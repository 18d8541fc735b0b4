"""Parse bounds in one place, each with the reason it has this value (the fetcher's are in
extract/net/settings.py). ``nianbao parse``/``load`` and the harvest all build a ``ParseSettings``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

GB = 1024 ** 3
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _cores() -> int:
    # the cores this process may run on (a container or taskset can allow fewer than the machine has)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """How many documents are parsed at once, and how long and how much memory one may take."""

    # One worker process per core: parsing is pure CPU work, more workers only take turns.
    workers: int = field(default_factory=_cores)
    # A real report parses in well under a second (HTML ~6 ms, a 20-page text PDF ~1 s); 20 s means it is
    # hostile or has hit a parser bug, and the night must go on without it.
    deadline_s: float = 20.0
    # OCR reads a scanned page in a few seconds on this CPU (the OCR reader, extract/readers/ocr.py): a
    # scan gets this much more time per page, for at most ``ocr_pages`` pages.
    ocr_page_s: float = 10.0
    ocr_pages: int = 30
    # Resident memory of one worker. A report needs ~100 MB (an OCR'd scan ~450 MB with the models
    # loaded); over 1 GB it is a bomb, and two such workers must not push the machine into swap.
    memory_bytes: int = 1 * GB
    # Address-space ceiling set in each worker (RLIMIT_AS) as a backstop for growth faster than the
    # memory poll. It is far above ``memory_bytes`` because address space is not memory: polars and
    # onnxruntime reserve ~2 GB of it (measured: VmSize 2.1 GB at 435 MB resident once OCR has run),
    # so a 1 GB RLIMIT_AS would fail every OCR'd document. Resident memory is therefore polled instead.
    address_space_bytes: int = 8 * GB
    # How often the parent looks at the clocks and at each worker's resident memory.
    poll_s: float = 0.05

    def deadline_for(self, kind: str, pages: int | None = None) -> float:
        """Seconds allowed for one document of this kind (reader.sniff_kind) and page count."""
        return deadline_for(kind, pages, self)


def deadline_for(kind: str, pages: int | None = None, settings: ParseSettings | None = None) -> float:
    """The deadline for one document: the base for HTML, text and DOCX; PDFs and images may need OCR,
    so they get ``ocr_page_s`` more per page (capped at ``ocr_pages`` pages)."""
    s = settings or ParseSettings()
    if kind == "image":
        return s.deadline_s + s.ocr_page_s
    if kind == "pdf":
        return s.deadline_s + s.ocr_page_s * min(max(pages or 1, 1), s.ocr_pages)
    return s.deadline_s


def pdf_pages(data: bytes) -> int:
    """Page objects in a PDF, counted in its bytes (a bound for the deadline, not a reader: compressed
    object streams hide pages, which then get the one-page deadline and no more)."""
    return len(_PDF_PAGE.findall(data))
