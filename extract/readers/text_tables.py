"""Flattened tables in text → tokens: the shapes real pages and text layers take (FORMAT_SPEC §6).

- ``cell |`` lines with ``||`` runs from merged cells (the seed report, E1, E2) and markdown pipe tables:
  every ``|`` closes a cell, so empty cells are explicit.
- one cell per line between lines holding only ``|`` (E3): cells may span lines (``商业\\n企业``).
- PDF text and OCR lines: a label followed by numbers separated by spaces (E4, E5); empty cells are not
  printed at all, so a short row cannot be placed by position — the placer reports it instead.
"""

from __future__ import annotations

import re

from extract.readers.cellkind import cell_kind
from extract.readers.records import Token

_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPLIT_NUMBERING = re.compile(
    r"\s+(?=(?:[(（][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.．、][^\d]))")
_GLUED = re.compile(r"^(?P<label>.*[\u4e00-\u9fff）)])(?P<num>[+\-]?\d[\d,]*(?:\.\d+)?)$")
_HEADING_MD = re.compile(r"^\s*#{1,6}\s*")
# Digits glued between words: a table copied without its cell separators ("…申请数量640020470二、上年…").
# A run starts after a label word, at a line's start (a wrapped row) or after a space: on a page where some
# rows kept their separators ("…数量  0  1  0  0  0  0  1二、上年…") each spaced group is a cell of its own,
# and digits left inside a label token would be dropped silently (its row then read from what is left).
_RUN = re.compile(r"(?:(?<=[\u4e00-\u9fff）)”\"’」\s])|^)\d+(?:\.\d+)?")
_NUMBERING_AFTER = re.compile(r"[.．、](?=\D)")
# Stray spaces on a run-together line ("5.属于三类内部事务信息 00000006.属于四类过程性 信息0000000"): a space
# after a label word, before its digits or inside the label, is no cell separator there.
_STRAY_SPACE = re.compile(r"(?<=[\u4e00-\u9fff）)”\"’」])\s+(?=[\d\u4e00-\u9fff（(])")


def _pipe_cells(line: str, markdown: bool) -> list[str]:
    """Cells of one line. In ``cell |`` text every bar closes a cell (``||`` is an empty cell); in a
    markdown table the first bar only opens the row."""
    s = line.strip()
    if markdown and s.startswith("|"):
        s = s[1:]
    parts = s.split("|")
    if s.rstrip().endswith("|"):
        parts = parts[:-1]
    return [p.strip() for p in parts]


def _plain_line_tokens(line: str, row: int) -> list[Token]:
    """'一、本年新收… 3001 53 0 0 61 4 3119' → one label token (split at numbering) + value tokens."""
    words = line.split()
    k = len(words)
    while k > 0 and cell_kind(words[k - 1]) == "value":
        k -= 1
    # Numbers *before* the words: a PDF row whose label wraps, its numbers printed level with the label's
    # second line ("…只计这一情" / "447 7 0 0 0 0 454 形，不计其他情形）"). Two or more, so that a year
    # opening a sentence ("2024 年…") stays in its text.
    j = 0
    while j < k and cell_kind(words[j]) == "value":
        j += 1
    out: list[Token] = []
    if j >= 2:
        out.extend(Token(v, "value", row) for v in words[:j])
    else:
        j = 0
    label = " ".join(words[j:k])
    values = words[k:]
    if label and "。" not in label and _RUN.search(label[:-1]):  # runs inside the label: not prose (no 。)
        out.extend(_runon_tokens(_STRAY_SPACE.sub("", label), row))
        label = ""
    if label:
        m = _GLUED.match(label)  # "行政处罚3985758": a number glued to its label
        if m:
            label = m.group("label")
            values = [m.group("num"), *values]
        out.extend(_label_tokens(label, row))
    out.extend(Token(v, "value", row) for v in values)
    return out


def _label_tokens(label: str, row: int) -> list[Token]:
    return [Token(part.strip(), "label", row) for part in _SPLIT_NUMBERING.split(label) if part.strip()]


def _runon_tokens(line: str, row: int) -> list[Token]:
    """Labels and digit runs of a line whose cells ran together. A run followed by ``2.`` / ``2、`` ends with
    the next label's numbering ("…3100000312.没有现成…": the final 2 numbers 没有现成…)."""
    out: list[Token] = []
    at = 0
    for m in _RUN.finditer(line):
        if m.start() < at:
            continue
        digits, end = m.group(), m.end()
        if "." not in digits and _NUMBERING_AFTER.match(line, end):
            digits, end = digits[:-1], end - 1
        out.extend(_label_tokens(line[at:m.start()], row))
        if digits:
            out.append(Token(digits, "value", row))
        at = end
    out.extend(_label_tokens(line[at:], row))
    return out


# A label's numbering cut from its label by a hard wrap: "…00000004." / "无正当理由…" or "…310000031" /
# ".没有现成…". The numbering's dot at a line end with words after the break, or the dot opening the next
# line before words (never a decimal: a digit would follow the dot): the digit before it numbers the label.
_NUMBER_AT_END = re.compile(r"(?P<n>\d[.．、]?)$")
_DOT_AT_START = re.compile(r"^[.．、](?=[^\d\s.．])")


def _rejoin_numbering(lines: list[str]) -> list[str]:
    """Lines with a label's numbering moved back onto the line of its label (see _NUMBER_AT_END). Lines
    keep their count and order, so a token's row is still its line."""
    out = list(lines)
    for k in range(len(out) - 1):
        line, nxt = out[k].rstrip(), out[k + 1].lstrip()
        m = _NUMBER_AT_END.search(line)
        if m is None or not nxt:
            continue
        dotted = m["n"][-1] in ".．、"
        # "…4." before words on the next line, or "…31" before a dot that opens it: the number is the label's
        cut = (not nxt[0].isdigit() and not nxt[0].isspace()) if dotted else _DOT_AT_START.match(nxt) is not None
        if cut:
            out[k], out[k + 1] = line[:m.start("n")], m["n"] + nxt
    return out


def text_tokens(text: str, wrapped: bool = False) -> tuple[list[Token], bool]:
    """Tokens of a text table region and whether empty cells are explicit in it. ``wrapped``: the text may
    have been hard-wrapped by a copy (run-together text, not a PDF's text layer), so a label's numbering
    cut from it is moved back first."""
    lines = [_HEADING_MD.sub("", ln) for ln in text.splitlines()]
    if wrapped:
        lines = _rejoin_numbering(lines)
    nonblank = [ln for ln in lines if ln.strip()]
    bar_lines = sum(1 for ln in nonblank if ln.strip() == "|")
    if nonblank and bar_lines >= 10 and bar_lines >= 0.25 * len(nonblank):
        return _one_cell_per_line(lines), True
    pipe_lines = sum(1 for ln in nonblank if "|" in ln)
    explicit = bool(nonblank) and pipe_lines >= 0.3 * len(nonblank)
    opened = sum(1 for ln in nonblank if ln.lstrip().startswith("|") and ln.strip().strip("|").strip())
    markdown = pipe_lines > 0 and opened >= 0.5 * pipe_lines
    tokens: list[Token] = []
    for row, line in enumerate(lines):
        if not line.strip() or _MD_RULE.match(line):
            continue
        if "|" in line:
            for cell in _pipe_cells(line, markdown):
                tokens.append(Token(cell, cell_kind(cell), row))
        else:
            tokens.extend(_plain_line_tokens(line, row))
    return tokens, explicit


def _one_cell_per_line(lines: list[str]) -> list[Token]:
    tokens: list[Token] = []
    buf: list[str] = []
    row = 0
    for line in lines:
        if line.strip() == "|":
            cell = "".join(s.strip() for s in buf)
            tokens.append(Token(cell, cell_kind(cell), row))
            row += 1
            buf = []
        elif line.strip():
            buf.append(line)
    if buf:
        cell = "".join(s.strip() for s in buf)
        tokens.append(Token(cell, cell_kind(cell), row))
    return tokens
