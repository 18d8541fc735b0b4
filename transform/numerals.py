"""Numbers as reports print them in prose: ``58``, ``3,119``, ``96171.6``, ``五十八``, ``两千``, ``1.2万``.

Chinese numerals are read with cn2an rather than by hand: it is a small, maintained library that gets the
positional forms right (``一百零五``, ``两千三百``, ``十``, ``〇``) which a hand-rolled digit table gets
wrong at the edges. Results are cached because reports repeat the same few numerals.
"""

from __future__ import annotations

from functools import lru_cache

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千"  # characters that may make up a Chinese numeral (万 handled apart)
MULTIPLIERS = {"万": 10_000.0, "亿": 100_000_000.0}


class NumeralError(ValueError):
    """Raised when a string that looked like a number cannot be read as one."""


@lru_cache(maxsize=1024)
def _chinese(text: str) -> float:
    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError) as exc:  # cn2an raises ValueError for malformed numerals
        raise NumeralError(f"not a Chinese numeral: {text!r}") from exc


def parse_number(text: str, multiplier: str | None = None) -> float:
    """Read ``text`` (ASCII digits with optional thousands commas and decimals, or a Chinese numeral).

    ``multiplier`` is a trailing 万/亿 printed after the number (``5.5万条``); 万 inside a Chinese numeral
    (``一万二千``) is part of the numeral itself.
    """
    if not text:
        raise NumeralError("empty number")
    if text[0].isdigit():
        try:
            value = float(text.replace(",", ""))
        except ValueError as exc:
            raise NumeralError(f"not a number: {text!r}") from exc
    else:
        value = _chinese(text)
    if multiplier:
        value *= MULTIPLIERS[multiplier]
    return value
