"""A parse's time budget, asked for from inside a reader: ``ask_for_time(seconds)``.

The parse pool (transform/pool.py) gives each document a deadline from what it can see in the bytes
(its kind, a PDF's page objects). A reader that learns more on the way — the OCR reader about to read 12
scanned pages — asks for the time that needs; the pool grants it up to its cap (ParseSettings:
``ocr_page_s`` × ``ocr_pages`` on top of the base deadline). Outside a pool worker this does nothing.
It lives in common/ because readers (extract/) may not import the pool (transform/).
"""

from __future__ import annotations

from collections.abc import Callable

_grant: Callable[[float], None] | None = None


def ask_for_time(seconds: float) -> None:
    """Ask for ``seconds`` more for the document being parsed (counted from now)."""
    if _grant is not None and seconds > 0:
        _grant(seconds)


def set_granter(grant: Callable[[float], None] | None) -> None:
    """Called by the pool worker at start (and by nobody else)."""
    global _grant
    _grant = grant
