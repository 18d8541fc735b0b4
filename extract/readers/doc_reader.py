"""Legacy Word 97 ``.doc`` and WPS ``.wps`` (the same OLE container) → text and table tokens.

No well-kept pure-Python reader exists on PyPI (the candidates wrap the antiword binary, which loses
Chinese text); olefile (BSD, maintained) opens the compound file, and the little of [MS-DOC] needed for
text is read here:

- the FIB at the start of the ``WordDocument`` stream names the table stream (``0Table``/``1Table``) and
  where the CLX (piece table) and the paragraph-property index (PlcBtePapx) sit in it;
- the piece table maps character positions to bytes: each piece is either 8-bit (cp1252, "compressed")
  or UTF-16LE — Chinese text is always UTF-16;
- inside tables every cell ends with ``\\x07`` and every row ends with one more ``\\x07`` paragraph, the
  "table terminating paragraph" (TTP). An empty cell also gives two ``\\x07`` in a row, so the TTP is read
  from the paragraph properties (sprmPFTtp) rather than guessed; when those cannot be read a doubled
  ``\\x07`` ends the row, which is right unless a row ends in an empty cell;
- the character properties (PlcBteChpx → CHPX FKPs, and a piece's own Prm, where Word's fast save records
  formatting) say which text is not shown: a run deleted with track changes on (sprmCFRMarkDel) and hidden
  text (sprmCFVanish). Both are dropped, or a figure corrected from 35 to 36 would read 3536; inserted runs
  (sprmCFRMarkIns) are shown text and kept. A table row whose row-end mark is deleted or hidden is dropped
  whole (Word's final view removes it); a cell mark alone never is, so cells never shift;
- only the main story (the first ``ccpText`` characters) is read: headers, footers, footnotes, comments and
  text boxes are stories after it, and their digits never reach the body's tables. A field keeps its shown
  result (``=SUM(LEFT)`` → the number printed), never its code;
- fast-saved files (FIB fComplex: edits appended to the stream, the old text left in place) are read through
  the piece table like any other. Word 6/95 files share the magic number but not the FIB: refused by nFib.

Bounded like the other readers: the stream sizes olefile reports are checked, the text read is capped at
``MAX_CHARS`` and the cells at ``extract.readers.reader.MAX_CELLS``.
"""

from __future__ import annotations

import bisect
import io
import struct
from collections.abc import Iterator

from common.errors import NotAReport, ParseError
from extract.readers.cellkind import cell_kind, squash
from extract.readers.records import Token

MAX_CHARS = 2_000_000  # a report is ~20k characters; more is not a report and would cost memory
MAX_STREAM = 64 * 1024 * 1024
MAX_PIECES = 100_000
_CELL = "\x07"
# Characters Word puts in the text stream that are not text: field marks, object anchors, hyphens.
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
_STRUCTURE = frozenset((_CELL, _FIELD_BEGIN, _FIELD_SEP, _FIELD_END))  # never dropped with hidden text
_DROP = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x08\x1f"), None) | {0x1E: "-", 0x0B: "\n", 0x0C: "\n",
                                                                      0xA0: " "}
_SPRM_IN_TABLE = 0x2416  # sprmPFInTable: the paragraph sits in a table cell
_SPRM_ITAP = 0x6649  # sprmPItap: table depth (Word 2000+ writes it beside sprmPFInTable)
_SPRM_TTP = 0x2417  # sprmPFTtp: this paragraph ends a table row
_SPRM_INNER_TTP = 0x244C  # sprmPFInnerTTP: ends a row of a nested table
_SPRM_TDEF_TABLE = 0xD608
_SPRM_HUGE_PAPX = 0x6646  # the paragraph's properties are too big for the FKP: they sit in the Data stream
_SPRM_DEL, _SPRM_VANISH = 0x0800, 0x083C  # sprmCFRMarkDel (a tracked deletion), sprmCFVanish (hidden text)
# A piece's Prm0 names one sprm by a 7-bit index ([MS-DOC] 2.2.5.2): the four we read.
_PRM0 = {0x18: _SPRM_IN_TABLE, 0x19: _SPRM_TTP, 0x41: _SPRM_DEL, 0x5C: _SPRM_VANISH}
_NFIB_WORD97 = 0xC0  # Word 6/95 (nFib 101..105) share the magic number; their FIB and text are laid out otherwise


class _Doc:
    def __init__(self, data: bytes, source: str):
        import olefile

        self.source = source
        try:
            ole = olefile.OleFileIO(io.BytesIO(data))
        except Exception as exc:  # olefile raises OSError and its own errors for damaged containers
            raise ParseError(source, f"not a readable OLE document ({type(exc).__name__})") from None
        with ole:
            if not ole.exists("WordDocument"):
                raise NotAReport(source, "OLE file without a WordDocument stream (.xls/.ppt?): not a report "
                                         "document")
            self.word = self._stream(ole, "WordDocument")
            if len(self.word) < 0x200 or struct.unpack_from("<H", self.word, 0)[0] != 0xA5EC:
                raise ParseError(source, "WordDocument stream without a Word 97 FIB: unsupported Word version")
            n_fib = struct.unpack_from("<H", self.word, 2)[0]
            if n_fib < _NFIB_WORD97:
                raise ParseError(source, f"Word 6/95 .doc (nFib {n_fib}): unsupported, only Word 97 and later")
            flags = struct.unpack_from("<H", self.word, 0x0A)[0]
            self.fast_saved = bool(flags & 0x0004)  # fComplex: read through the piece table like any other
            if flags & 0x0100:
                raise NotAReport(source, "password-protected .doc: cannot be read")
            table_name = "1Table" if flags & 0x0200 else "0Table"
            if not ole.exists(table_name):
                raise ParseError(source, f"no {table_name} stream: damaged .doc")
            self.table = self._stream(ole, table_name)
            # big paragraph properties (a table row's definition) sit in the Data stream (sprmPHugePapx)
            self.data = self._stream(ole, "Data") if ole.exists("Data") else b""
        self._read_fib()

    def _stream(self, ole, name: str) -> bytes:
        size = ole.get_size(name)
        if size > MAX_STREAM:
            raise ParseError(self.source, f"{name} stream of {size} bytes (limit {MAX_STREAM}): refused")
        return ole.openstream(name).read()

    def _read_fib(self) -> None:
        w = self.word
        try:
            csw = struct.unpack_from("<H", w, 32)[0]
            lw_at = 34 + 2 * csw
            cslw = struct.unpack_from("<H", w, lw_at)[0]
            self.ccp_text = struct.unpack_from("<i", w, lw_at + 2 + 3 * 4)[0]  # fibRgLw.ccpText
            fc_at = lw_at + 2 + 4 * cslw
            n_fclcb = struct.unpack_from("<H", w, fc_at)[0]
            pairs = fc_at + 2

            def fclcb(index: int) -> tuple[int, int]:
                if index >= n_fclcb:
                    return 0, 0
                return struct.unpack_from("<II", w, pairs + 8 * index)

            self.clx = fclcb(33)  # fcClx / lcbClx
            self.bte_papx = fclcb(13)  # fcPlcfBtePapx / lcbPlcfBtePapx
            self.bte_chpx = fclcb(12)  # fcPlcfBteChpx / lcbPlcfBteChpx
        except struct.error:
            raise ParseError(self.source, "truncated FIB: damaged .doc") from None

    def pieces(self) -> list[tuple[int, int, int, bool, int, int]]:
        """(cp_start, cp_end, byte offset in WordDocument, compressed, hidden, table flags) for every piece.

        ``hidden`` and the table flags come from the piece's own Prm: Word's fast save records formatting
        applied since the last full save there, not in the FKPs."""
        fc, lcb = self.clx
        clx = self.table[fc:fc + lcb]
        i = 0
        grpprls: list[bytes] = []
        while i < len(clx) and clx[i] == 0x01:  # Prc: the grpprls that pieces' Prm1 point to
            (cb,) = struct.unpack_from("<h", clx, i + 1)
            grpprls.append(clx[i + 3:i + 3 + max(cb, 0)])
            i += 3 + max(cb, 0)
        if i + 5 > len(clx) or clx[i] != 0x02:
            raise ParseError(self.source, "no piece table in the document: damaged .doc")
        (lcb_plc,) = struct.unpack_from("<I", clx, i + 1)
        plc = clx[i + 5:i + 5 + lcb_plc]
        n = (len(plc) - 4) // 12
        if n <= 0 or n > MAX_PIECES:
            raise ParseError(self.source, f"piece table with {n} pieces: damaged .doc")
        cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
        out = []
        for k in range(n):
            fc_raw, prm = struct.unpack_from("<IH", plc, 4 * (n + 1) + 8 * k + 2)
            compressed = bool(fc_raw & 0x40000000)
            offset = fc_raw & 0x3FFFFFFF
            hidden = table = 0
            if prm & 1:  # Prm1: a grpprl of the Prc
                if prm >> 1 < len(grpprls):
                    grpprl = grpprls[prm >> 1]
                    hidden, table = _grpprl_hidden(grpprl), _grpprl_flags(grpprl, None)
            elif prm:  # Prm0: one sprm by index, one byte of operand
                sprm, val = _PRM0.get((prm >> 1) & 0x7F), prm >> 8
                if sprm in (_SPRM_DEL, _SPRM_VANISH):
                    hidden = int(val in (1, 0x81))
                elif sprm is not None and val == 1:
                    table = _IN_TABLE if sprm == _SPRM_IN_TABLE else _ROW_END
            out.append((cps[k], cps[k + 1], offset // 2 if compressed else offset, compressed, hidden, table))
        return out

    def hidden_runs(self) -> list[tuple[int, int]]:
        """Byte ranges [fc0, fc1) of WordDocument whose characters are deleted (track changes) or hidden,
        sorted; empty when none are. Character properties that cannot be read refuse the file: without
        them deleted figures cannot be told from shown ones."""
        fc, lcb = self.bte_chpx
        plc = self.table[fc:fc + lcb] if lcb else b""
        n = (len(plc) - 4) // 8
        runs: list[tuple[int, int]] = []
        if n <= 0:
            return runs
        damaged = ParseError(self.source, "unreadable character properties (CHPX): damaged .doc")
        if n > len(self.word) // 512 + 1:  # more FKP pages than the stream holds: a loop, not a document
            raise damaged
        try:
            for fc0, fc1, page, b_off in self._fkp_runs(plc, 1):  # ChpxFkp: one byte per run
                if b_off and _grpprl_hidden(page[b_off + 1:b_off + 1 + page[b_off]]):
                    runs.append((fc0, fc1))
        except (struct.error, IndexError):
            raise damaged from None
        return sorted(runs)

    def _fkp_runs(self, plc: bytes, entry: int) -> Iterator[tuple[int, int, bytes, int]]:
        """(fc0, fc1, page, offset) of every run of the FKP pages a PlcBte names: the run's properties sit
        at ``offset`` in its 512-byte ``page`` (0: none). ``entry`` is the bytes a run has after the FCs
        (1 in a CHPX FKP, 13 in a PAPX FKP's BX). A page past the stream's end raises IndexError, a
        damaged one struct.error or IndexError."""
        n = (len(plc) - 4) // 8
        for pn in struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)):
            at = (pn & 0x3FFFFF) * 512
            page = self.word[at:at + 512]
            if len(page) < 512:
                raise IndexError(at)
            crun = page[511]
            fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for r in range(crun):
                yield fcs[r], fcs[r + 1], page, page[4 * (crun + 1) + entry * r] * 2  # a word offset

    def text(self) -> tuple[str, list[int], set[int], list[tuple[int, int, int]] | None]:
        """The main document's shown text; per character, its byte offset in WordDocument (for PAPX); the
        positions of cell marks that are deleted or hidden; and (start, end, table flags) of pieces whose Prm
        sets table flags, None when none do."""
        limit = min(self.ccp_text if self.ccp_text > 0 else MAX_CHARS, MAX_CHARS)
        hidden = self.hidden_runs()
        starts = [r[0] for r in hidden]
        parts: list[str] = []
        offsets: list[int] = []
        dropped_marks: set[int] = set()
        piece_flags: list[tuple[int, int, int]] = []
        length = 0
        for cp0, cp1, at, compressed, piece_hidden, table in self.pieces():
            if cp0 >= limit:
                break
            count = min(cp1, limit) - cp0
            if count <= 0:
                continue
            width = 1 if compressed else 2
            raw = self.word[at:at + count * width]
            chunk = raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace")
            fcs = list(range(at, at + len(chunk) * width, width))
            end = at + len(chunk) * width
            # the hidden ranges within this piece, as character indexes of the chunk
            cut = [(0, len(chunk))] if piece_hidden else []
            k = max(bisect.bisect_right(starts, at) - 1, 0)
            while k < len(hidden) and hidden[k][0] < end:
                fc0, fc1 = hidden[k]
                if fc1 > at:
                    cut.append(((max(fc0, at) - at) // width, (min(fc1, end) - at + width - 1) // width))
                k += 1
            if cut:
                chunk, fcs = _drop(chunk, fcs, cut, length, dropped_marks)
            if table:
                piece_flags.append((length, length + len(chunk), table))
            parts.append(chunk)
            offsets.extend(fcs)
            length += len(chunk)
        return "".join(parts), offsets, dropped_marks, piece_flags or None

    def paragraph_runs(self) -> list[tuple[int, int, int]] | None:
        """Byte ranges [fc0, fc1) of WordDocument with their table flags (``_IN_TABLE``, ``_ROW_END``),
        sorted; None when the paragraph properties cannot be read."""
        fc, lcb = self.bte_papx
        if not lcb:
            return None
        plc = self.table[fc:fc + lcb]
        n = (len(plc) - 4) // 8
        if n <= 0:
            return None
        try:
            return sorted((fc0, fc1, _papx_flags(page, b_off, self.data) if b_off else 0)
                          for fc0, fc1, page, b_off in self._fkp_runs(plc, 13))
        except (struct.error, IndexError):
            return None


# Paragraph flags: in a table, ends a row; from bit _COVERED on, one bit per cell of the row that a merge
# covers (its text is the merged cell's, printed once at its origin, like python-docx and HTML spans).
_IN_TABLE, _ROW_END, _COVERED = 1, 2, 8


def _papx_flags(page: bytes, at: int, data: bytes) -> int:
    """Table flags of the PapxInFkp at ``at``: sprmPFInTable / sprmPFTtp (and their nested-table forms)."""
    cb = page[at]
    if cb == 0:
        size, start = 2 * page[at + 1], at + 2
    else:
        size, start = 2 * cb - 1, at + 1
    return _grpprl_flags(page[start + 2:start + size], data)  # skip the style index


def _grpprl_flags(grpprl: bytes, data: bytes | None) -> int:
    flags = 0
    i = 0
    while i + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, i)
        i += 2
        if i < len(grpprl) and grpprl[i] == 1:
            if sprm in (_SPRM_IN_TABLE, _SPRM_ITAP):
                flags |= _IN_TABLE
            elif sprm in (_SPRM_TTP, _SPRM_INNER_TTP):
                flags |= _ROW_END
        if sprm == _SPRM_HUGE_PAPX and data and i + 4 <= len(grpprl):
            (off,) = struct.unpack_from("<I", grpprl, i)
            if off + 2 <= len(data):
                (cb,) = struct.unpack_from("<H", data, off)
                flags |= _grpprl_flags(data[off + 2:off + 2 + cb], None)  # never nested twice
        if sprm == _SPRM_TDEF_TABLE and i + 2 <= len(grpprl):
            (cb,) = struct.unpack_from("<H", grpprl, i)
            flags |= _covered_cells(grpprl[i + 2:i + 1 + cb])
        i += _operand_size(sprm, grpprl, i)
    return flags


def _grpprl_hidden(grpprl: bytes) -> bool:
    """True when a character grpprl marks its text deleted (sprmCFRMarkDel) or hidden (sprmCFVanish); the
    last of each wins, as Word applies them in order."""
    if b"\x00\x08" not in grpprl and b"\x3c\x08" not in grpprl:
        return False  # the common case, found in C: neither sprm's bytes occur
    deleted = vanish = False
    i = 0
    while i + 2 < len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, i)
        val = grpprl[i + 2]
        if sprm == _SPRM_DEL:
            deleted = val == 1
        elif sprm == _SPRM_VANISH:
            vanish = val in (1, 0x81)  # ToggleOperand: 0x81 = the opposite of the style, which is shown
        i += 2 + _operand_size(sprm, grpprl, i + 2)
    return deleted or vanish


def _operand_size(sprm: int, grpprl: bytes, at: int) -> int:
    """The bytes of a sprm's operand at ``at``: fixed by the sprm's spra, else a size byte first —
    sprmTDefTable's size is two bytes (and counts itself + 1)."""
    spra = sprm >> 13
    if spra in (0, 1):
        return 1
    if spra in (2, 4, 5):
        return 2
    if spra == 3:
        return 4
    if spra == 7:
        return 3
    if sprm == _SPRM_TDEF_TABLE and at + 2 <= len(grpprl):
        return 2 + struct.unpack_from("<H", grpprl, at)[0] - 1
    return 1 + (grpprl[at] if at < len(grpprl) else 0)


def _drop(chunk: str, fcs: list[int], cut: list[tuple[int, int]], base: int,
          dropped_marks: set[int]) -> tuple[str, list[int]]:
    """``chunk`` without its characters in ``cut``, except the marks that hold the table and field
    structure: a cell mark is kept (its position, counted from ``base``, goes to ``dropped_marks``) and
    field marks are kept for ``_strip_fields`` to pair."""
    text: list[str] = []
    kept: list[int] = []
    at = 0
    for c0, c1 in sorted(cut):
        c0, c1 = max(c0, at), min(c1, len(chunk))
        if c0 >= c1:
            continue
        text.append(chunk[at:c0])  # shown: copied as slices, so a long piece costs little
        kept.extend(fcs[at:c0])
        length = base + sum(map(len, text))
        for j in range(c0, c1):  # not shown: only the structure marks stay
            if chunk[j] in _STRUCTURE:
                if chunk[j] == _CELL:
                    dropped_marks.add(length)
                text.append(chunk[j])
                kept.append(fcs[j])
                length += 1
        at = c1
    text.append(chunk[at:])
    kept.extend(fcs[at:])
    return "".join(text), kept


def _covered_cells(tdef: bytes) -> int:
    """Bits (from _COVERED) of the cells a merge covers, read from sprmTDefTable's TC80 array:
    horzMerge 2/3 = merged into the cell on its left, vertMerge 1 = merged into the cell above."""
    if not tdef:
        return 0
    n = tdef[0]
    at = 1 + 2 * (n + 1)  # itcMac, then rgdxaCenter (n + 1 int16)
    bits = 0
    for k in range(n):
        if at + 20 * k + 2 > len(tdef):
            break  # TCs left out of the operand are default: not merged
        (tcgrf,) = struct.unpack_from("<H", tdef, at + 20 * k)
        if tcgrf & 3 in (2, 3) or (tcgrf >> 5) & 3 == 1:
            bits |= 1 << (_COVERED + k)
    return bits


def _strip_fields(text: str) -> str:
    """Keep a field's shown result, drop its code (``\\x13 PAGE \\x14 3 \\x15`` → ``3``)."""
    if _FIELD_BEGIN not in text:
        return text
    out, depth_code = [], []
    for ch in text:
        if ch == _FIELD_BEGIN:
            depth_code.append(True)
        elif ch == _FIELD_SEP and depth_code:
            depth_code[-1] = False
        elif ch == _FIELD_END and depth_code:
            depth_code.pop()
        elif not (depth_code and depth_code[-1]):
            out.append(ch)
    return "".join(out)


def read_doc(data: bytes, source: str, max_cells: int) -> tuple[str, list[Token], list[list[list[tuple[str, int, int]]]]]:
    """Text lines, table tokens and each table as rows of (text, 1, 1) — the shape ``read_docx`` returns."""
    doc = _Doc(data, source)
    try:
        text, offsets, dropped_marks, piece_flags = doc.text()
    except (struct.error, IndexError, ValueError):  # a piece table pointing outside its streams
        raise ParseError(source, "damaged piece table: not a readable .doc") from None
    runs = doc.paragraph_runs()
    starts = [r[0] for r in runs] if runs is not None else None

    def flags(i: int) -> int | None:
        """Table flags of the paragraph holding character i; None when unknown."""
        if starts is None:
            return None
        k = bisect.bisect_right(starts, offsets[i]) - 1
        f = runs[k][2] if k >= 0 and offsets[i] < runs[k][1] else 0
        if piece_flags:  # a fast-saved piece's own Prm adds to its paragraphs' properties
            j = bisect.bisect_right(piece_flags, (i, len(text) + 1, 0)) - 1
            if j >= 0 and i < piece_flags[j][1]:
                f |= piece_flags[j][2]
        return f

    lines: list[str] = []
    tokens: list[Token] = []
    grids: list[list[list[tuple[str, int, int]]]] = []
    grid: list[list[tuple[str, int, int]]] = []
    row: list[str] = []
    buf: list[str] = []
    cells = 0

    def clean(parts: list[str]) -> str:
        return _strip_fields("".join(parts)).translate(_DROP)

    for i, ch in enumerate(text):
        if ch == _CELL:
            f = flags(i)
            # the row-end mark: read from the paragraph properties, else a second \x07 right after a cell
            row_end = bool(f & _ROW_END) if f is not None else (not buf and i > 0 and text[i - 1] == _CELL)
            if row_end and not buf:
                if i in dropped_marks:  # the row was deleted with track changes on, or hidden: not shown
                    row = []
                    continue
                if f:
                    row = [c for k, c in enumerate(row) if not f >> (_COVERED + k) & 1]
                tokens.extend(Token(c, cell_kind(c), len(lines), len(grids)) for c in row)
                grid.append([(c, 1, 1) for c in row])
                lines.append(" | ".join(row) + " |")
                row = []
                continue
            row.append(squash(clean(buf)))
            buf = []
            cells += 1
            if cells > max_cells:
                raise NotAReport(source, f"more than {max_cells} table cells: more than any report prints")
            continue
        if ch == "\r":
            f = flags(i)
            if (f is not None and f & _IN_TABLE) or (f is None and row):
                buf.append(" ")  # a cell holding several paragraphs
                continue
            if grid:  # a paragraph outside the table closes it
                grids.append(grid)
                grid = []
            lines.extend(s.strip() for s in clean(buf).split("\n") if s.strip())
            buf = []
            continue
        buf.append(ch)
    if grid:
        grids.append(grid)
    lines.extend(s.strip() for s in clean(buf).split("\n") if s.strip())
    return "\n".join(lines), tokens, grids
