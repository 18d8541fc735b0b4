"""Images → text lines and table tokens, by OCR (scans, table screenshots, image-only PDF pages).

rapidocr-onnxruntime 1.4.x: PaddleOCR's PP-OCRv4 detection and recognition models run on onnxruntime, and
the models ship inside the wheel, so nothing is downloaded at run time (tesseract would need a system
package and its Chinese data; easyocr and paddleocr download models). The models load once per process
(``engine()``): about a second, then every page reuses them — parsing workers keep theirs for their life.

A page is read in two parts:
- **Ruled tables**: ruling lines are found with morphology (OpenCV, which rapidocr brings), the cells are
  the white regions the lines enclose, and every cell is recognised on its own crop. Whole-page OCR drops
  a lone narrow ``1`` among zeros and reads ``0`` as ``o``; a cell crop does neither, and an empty cell is
  known to be empty (no ink) rather than merely not detected. Cells become ``Token``s in reading order,
  row by row as printed, with their origin row, so the label-driven placer reads them like an HTML table.
- **Screenshots without dark rules** (only when Otsu's image holds no ruled table): light-gray grids
  (Excel's #d4d4d4, CSS ``1px solid #ccc``) are found on a fainter threshold and read as ruled tables
  when whole (``_faint_tables``, ``_incomplete``); three-line tables, tables without rules and light
  grids that came through in pieces are read by column position (``_band_tables``): the columns are the
  header's bottom cells, each word of ink in a row is the cell of the column it sits in, recognised as a
  ruled cell is; a word across two columns or two words in one column leave those cells unread. A
  screenshot holding a whole light grid and a table in pieces reads each its own way. A table cut over
  two screenshots continues in the second without its header: it is read in the columns the first
  ended with when they line up (``Columns``, ``_lines_up``), else its cells are left unplaced.
- **Everything else** (title, prose, headings): text detection over what ink is left once the tables
  are painted out, recognition of each detected line, lines grouped by position. A table without rules
  whose header gives no columns is read this way, as text rows: whole-line OCR misses lone zeros and
  reads some as ``o``, so the placer takes such a row only when every cell came through, and names the
  others in ``problems`` (OCR'd rows never go to the run-on splitter, which would make blanks of them).

Speed (a page of table 三 took ~20 s, now ~3.5 s of CPU): the recogniser runs in small batches on one
thread, long lines are read in pieces, blank cells are known from their pixels and never recognised, and
the detector sees only the ink outside the ruled tables, never scaled up (bench/ocr_speed.py measures it).

Every token read by OCR carries the recogniser's confidence. A cell with ink whose text is not a clean
value, or whose confidence is under ``MIN_VALUE_CONF``, becomes an ``unread`` token: the placer leaves
that cell unplaced and names it in ``problems`` — it never guesses a digit. A number cell read unsurely
gets further looks before that (``read_page``): wider margins; the crop's contrast stretched and its
broken strokes closed (bilevel office scans, yellowed paper); glyph by glyph; cut to its glyphs when a
point was read at either end. A later look is taken only when it is surer and no two fairly sure looks
read different numbers (then the cell is unread).
"""

from __future__ import annotations

import io
import itertools
import math
import os
import re
import threading
from dataclasses import dataclass, field

import numpy as np

from common.errors import ParseError
from extract.readers.cellkind import cell_kind
from extract.readers.records import Token

MIN_VALUE_CONF = 0.80  # below this a number cell is reported unread: a wrong number is worse than a gap
MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is ~35 Mpx; larger is a decompression bomb, not a scan
MAX_FRAMES = 40  # pages of a multi-page TIFF read at most (a report is a few pages)
WORK_WIDTH = 1400  # pages are scaled to about 170 dpi (A4 width): enough for 10.5 pt digits, fast to detect
REC_HEIGHT = 48  # the PP-OCR recogniser's input height
# Recogniser batches stay small: on this CPU a batch's cost per pixel column is flat up to ~8 crops and
# ~800 columns, then rises (64 crops × 96 px cost 0.65 ms a column against 0.38 ms for 8; caches). A page
# read with batches of 64 crops / 6000 columns took 38 s under load, with these limits 17 s.
BATCH_CROPS = 8
BATCH_COLS = 800
# Long text lines are cut at blank columns into pieces of about this width (at REC_HEIGHT): the PP-OCRv4
# recogniser mixes the whole line globally (SVTR), so its cost grows faster than the width — one crop of
# 2400 columns took 1.15 s, 320 columns 0.08 s.
CHUNK_COLS = 400
_CJK = re.compile(r"[\u4e00-\u9fff]")

_lock = threading.Lock()
_engine = None


def engine():
    """The OCR models, loaded once per process (the first call takes about a second)."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                from rapidocr_onnxruntime import RapidOCR

                # One onnxruntime thread per engine by default. Measured on this 2-core machine shared with
                # other work (load 5–6): the same recogniser calls took 7.5 s on one thread, 13.8 s on two
                # (their spin-waiting threads fight every other process for the cores), and parsing
                # workers each hold an engine, so N workers on N cores is the sensible use of the machine.
                # NIANBAO_OCR_THREADS=2 gives one process both cores on a quiet machine.
                threads = int(os.environ.get("NIANBAO_OCR_THREADS", "1") or 1)
                _engine = RapidOCR(print_verbose=False, use_cls=False, intra_op_num_threads=threads,
                                   inter_op_num_threads=1)
                # rapidocr scales the detector's input UP until its shorter side is 736 px ("min"): a
                # strip of text 150 px high became 736 × 3,400. "max" only scales down pages over
                # 960–2,000 px; ours arrive at half the work width (~700 px), text lines 12+ px high.
                _engine.text_det.limit_type = "max"
    return _engine


@dataclass(slots=True)
class OcrCell:
    """One ruled cell: its box on the page, its grid origin and spans, and what was read in it."""

    x: int
    y: int
    w: int
    h: int
    row: int = 0
    col: int = 0
    rs: int = 1
    cs: int = 1
    text: str = ""
    conf: float | None = None  # None for an empty cell (no ink)
    lines: list[np.ndarray] = field(default_factory=list)


@dataclass(slots=True)
class OcrPage:
    """What OCR read on one page, in reading order: text lines and ruled tables (rows of cells)."""

    # (top y, a text line or a table's rows of cells, the line's confidence or None for a table)
    blocks: list[tuple[int, str | list[list[OcrCell]], float | None]] = field(default_factory=list)
    # The columns of a table read by column position that ends the page (nothing under it): the next
    # image may continue it without a header.
    columns: Columns | None = None


# ---- images ------------------------------------------------------------------------------------------

def decode_image(data: bytes, source: str) -> list[np.ndarray]:
    """Pages of an image file (every frame of a multi-page TIFF), grayscale or RGB. Pillow reads PNG, JPEG,
    GIF, BMP, TIFF and WebP alike; its decompression-bomb guard is set to ``MAX_PIXELS``."""
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        if img.width * img.height > MAX_PIXELS:  # checked before decoding (Pillow only warns up to 2×)
            raise ParseError(source, f"image of {img.width}×{img.height} pixels is over the {MAX_PIXELS} pixel "
                                     "limit: a decompression bomb, not a scan")
        pages = []
        for i, frame in enumerate(ImageSequence.Iterator(img)):
            if i >= MAX_FRAMES:
                break
            pages.append(np.asarray(_flatten(frame)))
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ParseError(source, f"not a readable image ({type(exc).__name__}: {str(exc)[:80]})") from None
    return pages


def _flatten(frame):
    """A frame as RGB or grayscale, transparency laid on white paper. A screenshot saved with a
    transparent background (black ink whose alpha is its darkness; a palette PNG or GIF with a
    transparent index) keeps arbitrary colour under alpha 0 — mostly black: dropping the alpha, as a
    plain ``convert`` does, turned such a table into a black page with no ink to read."""
    from PIL import Image

    if frame.mode == "P" and "transparency" in frame.info or frame.mode in ("PA", "LA", "RGBA", "La", "RGBa"):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    # Colour kept for ``_gray`` (a red seal is told from print by its colour); others as grayscale.
    colour = frame.mode in ("RGB", "P", "CMYK", "YCbCr", "LAB", "HSV")
    return frame.convert("RGB" if colour else "L")


def _gray(page: np.ndarray) -> np.ndarray:
    """A page as grayscale for OCR (grayscale pages pass unchanged).

    Red ink becomes paper: an official seal (公章) stamped over the signature or over a table's figures
    is red, and its plain luminance (~80) is as dark as print — its ring became ruling lines and broke
    the table's grid, its characters joined the digits. Pixels where red clearly dominates, and a
    two-pixel fringe round them (JPEG keeps colour at half resolution, so a red stroke's edges come out
    gray), become paper unless their red channel is as dark as print: print under the seal stays, as a
    stamp multiplies into the paper (black under red is black in every channel; thin rules under it are
    ~20-50 in red, the seal's strokes and fringes ~100-255). Luminance alone cannot tell them apart (a
    pale stamp and a thin rule are both ~120). Other colours (tinted header cells, yellowed paper) keep
    their luminance. The cost: a red-printed heading (红头) goes too; the placer needs none.
    """
    import cv2

    if page.ndim == 2:
        return page
    rgb = np.ascontiguousarray(page[..., :3])
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    red = (rgb[..., 0].astype(np.int16) - np.maximum(rgb[..., 1], rgb[..., 2]) > RED_MARGIN).astype(np.uint8)
    if not red.any():
        return gray
    near = cv2.dilate(red, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))) > 0
    gray[near & (rgb[..., 0] > PRINT_UNDER_SEAL)] = 255
    return gray


RED_MARGIN = 40  # red over green and blue: a seal's ink is ~180 over, its pale rim ~60, gray print ~0,
# yellowed paper ~20
PRINT_UNDER_SEAL = 90  # red channel: print and rules under a stamp are ~20-50 in it, the stamp ~100-255


MAX_SKEW = 5.0  # degrees: a feeder turns a page by up to ~3°, a phone photo more (not read here)


def _coarse_skew(gray: np.ndarray) -> float:
    """The page's skew in degrees (within ±MAX_SKEW, to 0.2°), from its ink's row profile: turned back by
    the right angle, text lines and rules fall into few rows and the profile is sharpest (Postl's
    projection method). Needed beyond ~1°: ``_skew``'s rule finder needs a rule to stay within one pixel
    row for 1/30 of the page, which a 2.5° turn breaks — no rules were found, and no table read. Works on
    a third-size page without its margins (a scanner lid's dark border is not part of the page)."""
    import cv2

    h, w = gray.shape
    small = cv2.resize(gray, (max(w // 3, 1), max(h // 3, 1)), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    ink = _ink(small)[sh // 20:sh - sh // 20, sw // 20:sw - sw // 20]
    if np.count_nonzero(ink) < 0.002 * ink.size:
        return 0.0
    ih, iw = ink.shape

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((iw / 2, ih / 2), angle, 1.0)
        profile = cv2.warpAffine(ink, m, (iw, ih), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    angles = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.2)
    return float(max(angles, key=sharpness))


def _turn(gray: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def _normalise(gray: np.ndarray) -> np.ndarray:
    """Grayscale (``_gray``), scaled to WORK_WIDTH (small screenshots up, large scans down: a 300 dpi page
    is read at ~170 dpi, where detection and recognition cost a third), and straightened."""
    import cv2

    gray = _gray(gray)
    h, w = gray.shape
    # Screenshots at screen resolution are scaled up: a minus sign at 96–130 dpi is a 4×2 px smudge.
    scale = WORK_WIDTH / w if (w > WORK_WIDTH * 1.15 or w < WORK_WIDTH * 0.85) else 1.0
    if scale < 1:
        gray = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    elif scale > 1:
        scale = min(scale, 2.0)
        gray = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_CUBIC)
    # A slight skew is measured on the rules directly (to ~0.05°); a larger one is first found roughly
    # from the row profile, then refined on the rules of the page turned back by it, and the page is
    # turned once by the sum (each cubic turn blurs a little).
    coarse = _coarse_skew(gray)
    angle = _skew(gray) if abs(coarse) < 0.7 else coarse + _skew(_turn(gray, coarse))
    return _turn(gray, angle) if abs(angle) > 0.05 else gray


def _ink(gray: np.ndarray) -> np.ndarray:
    import cv2

    _t, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def _skew(gray: np.ndarray) -> float:
    """The page's skew in degrees, from its long horizontal rules (0 when it has none: text-only pages
    are read by the detector, which follows slanted lines). A straight line is fitted through each
    rule's pixels (a Hough transform at 0.1° steps took seconds a page)."""
    import cv2

    binary = _ink(gray)
    w = gray.shape[1]
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 30, 1)))
    n, labels, stats, _c = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    angles = []
    for i in range(1, n):
        x, y, bw, bh, _area = stats[i]
        if bw < w // 4 or bh > bw // 20:
            continue
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        angles.append(math.degrees(math.atan(slope)))
    angles = [a for a in angles if abs(a) < 3]
    return float(np.median(angles)) if angles else 0.0


# ---- ruled tables ------------------------------------------------------------------------------------

def _rules(binary: np.ndarray) -> np.ndarray:
    """Mask of the ruling lines: long horizontal runs, and vertical runs taller than half a table row."""
    import cv2

    h, w = binary.shape
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 25, 30), 1)))
    rows = np.flatnonzero(horiz.sum(axis=1) > 255 * w // 8)
    gaps = np.diff(rows)
    gaps = gaps[gaps > 8]
    # A digit's stroke is about half a row high: vertical rules are found with a kernel taller than that.
    row_h = int(np.percentile(gaps, 10)) if len(gaps) else 40
    tall = max(int(row_h * 0.75), 15)
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, tall)))
    rules = cv2.bitwise_or(horiz, vert)
    return cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))


def _tables(binary: np.ndarray) -> tuple[list[list[OcrCell]], np.ndarray]:
    """Ruled tables of a page as lists of cells (boxes with grid positions), and the rules' mask."""
    import cv2

    rules = _rules(binary)
    h, w = binary.shape
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(rules, connectivity=8)
    tables: list[list[OcrCell]] = []
    for i in range(1, n):
        x, y, bw, bh, _area = stats[i]
        if bw < w * 0.25 or bh < 30:
            continue  # an underline or a stray stroke, not a table frame
        frame = rules[y:y + bh, x:x + bw]
        m, lab, st, _c2 = cv2.connectedComponentsWithStats(cv2.bitwise_not(frame), connectivity=4)
        cells = []
        for j in range(1, m):
            cx, cy, cw, ch, _a = st[j]
            if cx == 0 or cy == 0 or cx + cw >= bw or cy + ch >= bh:
                continue  # the outside of the frame
            if cw < 10 or ch < 10:
                continue
            cells.append(OcrCell(x + cx, y + cy, int(cw), int(ch)))
        if len(cells) >= 4:
            _grid(cells)
            tables.append(cells)
    tables.sort(key=lambda cells: min(c.y for c in cells))
    return tables, rules


def _bands(edges: list[int], tol: int = 6) -> list[int]:
    out: list[int] = []
    for e in sorted(edges):
        if not out or e - out[-1] > tol:
            out.append(e)
    return out


def _index(bands: list[int], v: int, tol: int = 6) -> int:
    for i, b in enumerate(bands):
        if abs(v - b) <= tol:
            return i
    return min(range(len(bands)), key=lambda i: abs(bands[i] - v))


def _grid(cells: list[OcrCell]) -> None:
    """Row/column origin and spans of each cell from the cell edges (the printed grid lines)."""
    tops = _bands([c.y for c in cells])
    lefts = _bands([c.x for c in cells])
    for c in cells:
        c.row, c.col = _index(tops, c.y), _index(lefts, c.x)
        c.rs = max(1, sum(1 for t in tops if c.y - 6 <= t < c.y + c.h - 6))
        c.cs = max(1, sum(1 for left in lefts if c.x - 6 <= left < c.x + c.w - 6))
    cells.sort(key=lambda c: (c.row, c.x))


def _cell_lines(gray: np.ndarray, binary: np.ndarray, cell: OcrCell) -> list[np.ndarray]:
    """The text lines inside a cell, as grayscale crops with a margin; [] when the cell holds no ink."""
    import cv2

    inset = 4
    x0, y0, x1, y1 = cell.x + inset, cell.y + inset, cell.x + cell.w - inset, cell.y + cell.h - inset
    if x1 <= x0 or y1 <= y0:
        return []
    ink = binary[y0:y1, x0:x1]
    n, _lab, st, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(ink.shape[0], dtype=bool)
    xs: list[tuple[int, int, int, int]] = []
    for j in range(1, n):
        cx, cy, cw, ch, area = st[j]
        if max(cw, ch) <= 3:
            continue  # dust. Kept: a "1" (a tall stroke) and a minus sign (a flat one of 4+ px: dropping it
            # would print -1 as 1); a "." sits between digits, inside the crop anyway
        if (cx == 0 or cx + cw >= ink.shape[1]) and cw <= 3 and ch > 0.8 * ink.shape[0]:
            continue  # the remains of a ruling line
        keep[cy:cy + ch] = True
        xs.append((cx, cy, cx + cw, cy + ch))
    if not xs:
        return []
    # Lines: runs of kept rows; components are assigned to the run holding their middle.
    runs = _join_fragments(_runs(keep), xs)
    crops = []
    for a, b in runs:
        members = [c for c in xs if a <= (c[1] + c[3]) // 2 < b]
        if not members:
            continue
        left, right = min(c[0] for c in members), max(c[2] for c in members)
        top, bottom = min(min(c[1] for c in members), a), max(max(c[3] for c in members), b)
        # Faint strokes under Otsu's threshold are outside the ink's box: the thin diagonal of a serif
        # "4" left of its stem (cropped at the stem, 447 was read 147 with full confidence). The crop
        # takes a quarter of the line's height more on each side, inside the cell — but only the faint
        # ink joined to the line's own glyphs: the rest of the margin is blanked, or a scan's specks
        # there were read as "." ("0." on every tenth cell of a speckled page).
        margin = max(2, (bottom - top) // 4)
        inner = (left - max(0, left - margin), right - max(0, left - margin))
        left, right = max(0, left - margin), min(ink.shape[1], right + margin)
        top, bottom = max(0, top - 1), min(ink.shape[0], bottom + 1)
        crop = _faint_margin(gray[y0 + top:y0 + bottom, x0 + left:x0 + right], ink[top:bottom, left:right], inner)
        crops.append(crop)
    return crops


def _join_fragments(runs: list[tuple[int, int]], boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """Runs of ink rows with a piece of a broken glyph joined back to the line it belongs to. A bilevel
    scan breaks thin strokes: the flag of a "1" came apart from its stem as a "line" of its own, 4 px high
    over 14, and the cell was read as numbers on two lines (unread). A run under half the tallest run's
    height, within a quarter of that height of a neighbour run, whose ink sits over or under that run's
    ink (columns overlap), is part of it; a label's second line is as tall as its first and stays apart."""
    if len(runs) < 2:
        return runs
    tall = max(b - a for a, b in runs)

    def cols(run: tuple[int, int]) -> list[tuple[int, int]]:
        return [(c[0], c[2]) for c in boxes if run[0] <= (c[1] + c[3]) // 2 < run[1]]

    out = list(runs)
    changed = True
    while changed and len(out) > 1:
        changed = False
        for i, run in enumerate(out):
            if run[1] - run[0] >= tall / 2:
                continue
            mine = cols(run)
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(out)
                    and min(abs(out[j][0] - run[1]), abs(run[0] - out[j][1])) <= max(3, tall // 3)
                    and any(min(x1, y1) > max(x0, y0) for x0, x1 in mine for y0, y1 in cols(out[j]))]
            if near:
                j = near[0]
                lo, hi = min(i, j), max(i, j)
                out[lo:hi + 1] = [(min(out[lo][0], out[hi][0]), max(out[lo][1], out[hi][1]))]
                changed = True
                break
    return out


def _faint_margin(crop: np.ndarray, ink: np.ndarray, inner: tuple[int, int]) -> np.ndarray:
    """A line crop whose side margins (outside columns ``inner``) keep only faint ink joined to the ink
    inside: inked at a looser threshold than Otsu's (as ``_glyphs``), in components within a pixel of
    the line's Otsu ink. Everything else there becomes paper (of the crop's own shade)."""
    import cv2

    if inner[0] <= 0 and inner[1] >= crop.shape[1]:
        return crop
    loose = _loose_ink(crop, 0.35)
    loose[:, inner[0]:inner[1]] |= (ink[:, inner[0]:inner[1]] > 0).astype(np.uint8)
    # Joined across a one-pixel break: a hairline rendered down from a bilevel scan is dotted.
    n, lab = cv2.connectedComponents(cv2.dilate(loose, np.ones((3, 3), np.uint8)), connectivity=8)
    core = np.unique(lab[:, inner[0]:inner[1]][ink[:, inner[0]:inner[1]] > 0])
    joined = np.isin(lab, core[core > 0]) & (loose > 0)
    side = np.ones(crop.shape, dtype=bool)
    side[:, inner[0]:inner[1]] = False
    blank = side & ~joined
    if not blank.any():
        return crop
    out = crop.copy()
    # The paper's own shade, not white: on yellowed paper (~205) a white margin is an edge the
    # recogniser reads into the digits (0s fell to 0.6 confidence, 192 → 159 cells right).
    out[blank] = np.uint8(np.median(crop[loose == 0])) if (loose == 0).any() else 255
    return out


def _pad(crop: np.ndarray, vertical: float, horizontal: float) -> np.ndarray:
    """A tight ink crop with white margins, as fractions of its height.

    The recogniser is sensitive to the margins around a lone glyph: with a tight 1/5-height margin it
    reads the clear "0"s that a loose crop returns as nothing. Cells it is unsure of get a second look
    with wider margins (``SECOND_LOOK``).
    """
    h = crop.shape[0]
    v, s = max(2, round(h * vertical)), max(2, round(h * horizontal))
    return np.pad(crop, ((v, v), (s, s)), constant_values=255)


FIRST_LOOK = (0.2, 0.2)
SECOND_LOOK = (0.35, 1.2)


def _loose_ink(crop: np.ndarray, share: float) -> np.ndarray:
    """A crop's ink (1) at a looser threshold than Otsu's: ``share`` of the way from it to white, so a
    stroke fainter than Otsu's threshold still counts (a blurred 0's top, a serif 4's diagonal)."""
    import cv2

    otsu, _b = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return (crop < otsu + (255 - otsu) * share).astype(np.uint8)


def _glyphs(crop: np.ndarray) -> list[tuple[int, int]]:
    """The x-extents of the separate glyphs of a line crop: ink components (dust dropped as in
    ``_cell_lines``) whose columns do not overlap. Blurred digits may touch and count as one, so this
    is a lower bound on the characters printed, never more: "11" is two glyphs, and a reading of "1"
    for it has dropped one (the recogniser merges a narrow pair into one stroke)."""
    import cv2

    # Inked a quarter of the way from Otsu's threshold to white: a blurred "0" whose faint top and bottom
    # fall under Otsu's threshold splits into two strokes ( and ); a looser threshold keeps it whole
    # (on the Huaian scan: 0 over-counts in 223 cells, against 3 at Otsu's threshold).
    n, _lab, st, _c = cv2.connectedComponentsWithStats(_loose_ink(crop, 0.25), connectivity=8)
    spans = sorted((int(x), int(x + w)) for x, _y, w, h, _a in st[1:n] if max(w, h) > 3)
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _stretch(crop: np.ndarray) -> np.ndarray:
    """A line crop's contrast stretched: its paper (the 75th percentile: a cell's line crop is mostly
    paper) to white, its darkest ink to black. Scans on yellowed or gray paper read a lone "7" as "n"
    and "11" as "I" on a paper of ~200 padded with white; stretched, 1.00 sure. Crops without real ink
    contrast pass unchanged (nothing to stretch but noise)."""
    paper, ink = float(np.percentile(crop, 75)), float(crop.min())
    if paper - ink < 40:
        return crop
    return np.clip((crop.astype(np.float32) - ink) * (255.0 / (paper - ink)), 0, 255).astype(np.uint8)


def _close_breaks(crop: np.ndarray) -> np.ndarray:
    """A line crop with one-pixel breaks in its strokes filled (a grayscale closing of the ink: the
    lightest pixel of each 2×2 is darkened to its neighbours'). A bilevel scan thresholded after sensor
    noise breaks thin strokes and leaves ragged edges; rendered down to the work width, the recogniser
    reads such "0"s as nothing. Gaps between digits (3 px and more) stay open."""
    import cv2

    return cv2.morphologyEx(crop, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def _glyph_spans(crop: np.ndarray) -> list[tuple[int, int]]:
    """``_glyphs`` of a crop, or of the crop with its broken strokes closed when that counts fewer: a
    bilevel scan broke a "4"'s faint diagonal off its stem, three glyphs for "34", and the sure reading
    "34" was taken for a dropped digit. The count stays a lower bound on the characters."""
    spans, joined = _glyphs(crop), _glyphs(_close_breaks(crop))
    return joined if len(joined) < len(spans) else spans


def _trim(crop: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """A line crop with the columns left of its first glyph and right of its last made paper (specks and
    faint marks there, smaller than a glyph, are gone; a decimal point sits between glyphs and stays)."""
    out = crop.copy()
    paper = np.uint8(np.median(crop))
    out[:, :spans[0][0]] = paper
    out[:, spans[-1][1]:] = paper
    return out


ZERO_CONF = 0.6  # a "0" read at least this surely is taken when its shape is a 0's (``_is_zero``)


def _is_zero(crop: np.ndarray) -> bool:
    """Whether a line crop holds one glyph shaped as a "0": a single ink component (broken strokes
    closed, contrast stretched) as tall as the line, taller than wide, with exactly one hole, and that
    hole tall (over 0.55 of the glyph's height) and centred. A 6 or a 9 has its hole in one half, an 8 two
    holes, a 1 or a 7 none."""
    import cv2

    ink = _loose_ink(_close_breaks(_stretch(crop)), 0.25)
    n, lab, st, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    big = [j for j in range(1, n) if max(st[j][2], st[j][3]) > 3]
    if len(big) != 1:
        return False
    x, y, w, h, _a = st[big[0]]
    if h < 0.6 * crop.shape[0] or not 1.1 <= h / max(w, 1) <= 2.8:
        return False
    glyph = (lab[y:y + h, x:x + w] == big[0]).astype(np.uint8)
    m, hl, hs, _hc = cv2.connectedComponentsWithStats(1 - glyph, connectivity=4)
    holes = [k for k in range(1, m) if hs[k][0] > 0 and hs[k][1] > 0 and hs[k][0] + hs[k][2] < w
             and hs[k][1] + hs[k][3] < h and hs[k][4] >= 3]
    if len(holes) != 1:
        return False
    hx, hy, hw, hh, _ha = hs[holes[0]]
    return hh >= 0.55 * h and abs(hy + hh / 2 - h / 2) <= 0.1 * h and abs(hx + hw / 2 - w / 2) <= 0.2 * w


def _per_glyph(crop: np.ndarray, spans: list[tuple[int, int]]) -> list[np.ndarray]:
    """A line crop cut between its glyphs, each piece padded as a lone glyph is at the first look."""
    cuts = [0] + [(b + a) // 2 for (_x, b), (a, _y) in zip(spans, spans[1:], strict=False)] + [crop.shape[1]]
    return [_pad(crop[:, x0:x1], *FIRST_LOOK) for x0, x1 in zip(cuts, cuts[1:], strict=False)]


# ---- recognition -------------------------------------------------------------------------------------

# Glyphs the recogniser confuses with digits. A crop known to hold no Chinese (a number cell) is decoded
# over these classes: the probabilities of 0, o, O, ○, 〇 … add up to the class "0". Without this, a lone
# "0" comes out as "o" or "○" at half confidence — the model reads shapes, not column types.
_DIGIT_CLASSES = {
    "0": "0０oO○〇。D", "1": "1１lIi|丨!！", "2": "2２Z", "3": "3３", "4": "4４", "5": "5５Ss", "6": "6６b",
    "7": "7７", "8": "8８B", "9": "9９gq", ".": ".,．，·", "-": "-—－–一", "+": "+＋十", "/": "/／",
}
_classes: tuple[np.ndarray, np.ndarray] | None = None  # character indices grouped by class, and group starts


def _class_map() -> tuple[np.ndarray, np.ndarray]:
    """The recogniser's character indices of each digit class, concatenated class by class, and where each
    class starts: a crop's class probabilities are then a gather and a ``reduceat`` over ~50 columns.
    (``np.add.at`` over all 6,625 characters took 4 ms a crop; a matrix product, 136 ms under load, as
    BLAS threads fought onnxruntime for the cores.)"""
    global _classes
    if _classes is None:
        chars = engine().text_rec.postprocess_op.character
        cols: list[int] = []
        starts: list[int] = []
        for name in _DIGIT_CLASSES:  # every class holds at least its digit, so no group is empty
            starts.append(len(cols))
            cols.extend(i for i, ch in enumerate(chars) if i > 0 and ch in _DIGIT_CLASSES[name])
        _classes = (np.array(cols, dtype=np.int64), np.array(starts, dtype=np.int64))
    return _classes


def _decode_number(pred: np.ndarray) -> tuple[str, float]:
    """CTC decoding of one crop over the digit classes (T × characters probabilities in)."""
    cols, starts = _class_map()
    names = ["", *_DIGIT_CLASSES]
    k = len(names)
    probs = np.empty((pred.shape[0], k + 1), dtype=np.float32)  # blank, the digit classes, everything else
    probs[:, 0] = pred[:, 0]
    probs[:, 1:k] = np.add.reduceat(pred[:, cols], starts, axis=1)
    probs[:, k] = np.clip(1.0 - probs[:, :k].sum(axis=1), 0.0, None)  # softmax rows sum to 1
    best = probs.argmax(axis=1)
    text, scores, prev = [], [], -1
    for t, c in enumerate(best):
        if 0 < c < k:
            # Which character, given that one is printed here: the class's share of the non-blank mass
            # (the blank's share only says where the character starts and ends).
            score = float(probs[t, c] / max(1e-6, 1.0 - probs[t, 0]))
            if c != prev:
                text.append(names[c])
                scores.append(score)
            else:  # a character spans several time steps: its confidence is its clearest one
                scores[-1] = max(scores[-1], score)
        prev = c
    return "".join(text), (float(np.mean(scores)) if scores else 0.0)


# Chinese characters the recogniser makes of digits in a number cell ("11" read as 口 on the Huaian scan):
# alone in a cell they are no label of the form, so the cell is read as a number, or left unread.
_LOOKALIKES = frozenset("口日目曰田山川门")


def _numberish(read: Read) -> bool:
    """Whether a one-line cell's reading is a number's (no Chinese, or a lone digit look-alike)."""
    return not _CJK.search(read.text) or read.text.strip() in _LOOKALIKES


def _sure(read: Read, glyphs: int) -> bool:
    return read.number_conf >= MIN_VALUE_CONF and len(read.number) >= glyphs


def _surer(new: Read, old: Read, glyphs: int) -> bool:
    """Whether a later look at a number cell beats the earlier one: a reading with as many characters
    as the cell has glyphs beats one short of them; otherwise the more confident one wins."""
    if not _numberish(new):
        return False
    full_new, full_old = len(new.number) >= glyphs, len(old.number) >= glyphs
    if full_new != full_old:
        return full_new
    return new.number_conf > old.number_conf


def _disagree(new: Read, old: Read, glyphs: int) -> bool:
    """Whether two fairly sure looks at a number cell read different full numbers. Then neither is taken:
    on the 淮安 scan a lone "1" read "1" at 0.87 and "-" at 0.88 with wider margins, and the surer-by-a-
    hair reading printed a dash for a 1."""
    return (_numberish(new) and _numberish(old) and new.number != old.number
            and min(len(new.number), len(old.number)) >= glyphs
            and min(new.number_conf, old.number_conf) >= DISAGREE_CONF)


DISAGREE_CONF = 0.5  # two readings this sure that differ: the cell is unread (named), not the likelier one


@dataclass(slots=True)
class Read:
    """What the recogniser made of one crop: free text, and the crop read as a number."""

    text: str
    conf: float
    number: str
    number_conf: float


def recognise(crops: list[np.ndarray]) -> list[Read]:
    """Text and confidence of each grayscale line crop, batched by width.

    rapidocr's own batching pads every crop to at least 320 px wide; a table's cells are mostly a digit
    or two, so batching them by their own width is several times faster with the same model and decoder.
    """
    import cv2

    if not crops:
        return []
    rec = engine().text_rec
    resized: list[np.ndarray] = []
    owner: list[int] = []  # the crop each piece comes from (a long line is read in pieces)
    for n, c in enumerate(crops):
        h, w = c.shape
        nw = max(REC_HEIGHT // 2, math.ceil(REC_HEIGHT * w / max(h, 1)))
        for piece in _pieces(cv2.resize(c, (min(nw, 2400), REC_HEIGHT), interpolation=cv2.INTER_CUBIC)):
            resized.append(piece)
            owner.append(n)
    order = sorted(range(len(resized)), key=lambda i: resized[i].shape[1])
    out: list[Read] = [Read("", 0.0, "", 0.0)] * len(resized)
    i = 0
    while i < len(order):
        # Crops sorted by width (little padding); a batch grows while it stays under the limits above.
        batch = [order[i]]
        i += 1
        while i < len(order) and len(batch) < BATCH_CROPS and (len(batch) + 1) * resized[order[i]].shape[1] <= BATCH_COLS:
            batch.append(order[i])
            i += 1
        wmax = max(resized[j].shape[1] for j in batch)
        arr = np.zeros((len(batch), 3, REC_HEIGHT, wmax), dtype=np.float32)
        for k, j in enumerate(batch):
            img = resized[j].astype(np.float32) / 127.5 - 1.0
            arr[k, :, :, :img.shape[1]] = img
        preds = rec.session(arr)[0]
        for k, (j, (text, score)) in enumerate(zip(batch, rec.postprocess_op(preds), strict=True)):
            steps = max(1, math.ceil(preds.shape[1] * resized[j].shape[1] / wmax))
            number, number_conf = _decode_number(preds[k, :steps]) if len(text) <= 16 else ("", 0.0)
            out[j] = Read(text, float(score), number, number_conf)
    if len(resized) == len(crops):
        return out
    joined: list[list[Read]] = [[] for _ in crops]
    for n, read in zip(owner, out, strict=True):
        joined[n].append(read)
    return [parts[0] if len(parts) == 1 else _join(parts) for parts in joined]


def _join(parts: list[Read]) -> Read:
    """One line's pieces as one reading: the texts in order, the confidence averaged over characters."""
    text = "".join(p.text for p in parts)
    weights = [max(1, len(p.text)) for p in parts]
    conf = sum(p.conf * w for p, w in zip(parts, weights, strict=True)) / sum(weights)
    return Read(text, conf, "", 0.0)  # a line this long is not a number cell


def _pieces(img: np.ndarray) -> list[np.ndarray]:
    """A recogniser-height line cut at blank columns into pieces of about CHUNK_COLS (one piece when it
    is short). Each cut is at the middle of the widest blank run near the target width — a gap between
    characters, wider than the gaps inside one; a line with no such gap stays whole."""
    w = img.shape[1]
    if w <= CHUNK_COLS * 3 // 2:
        return [img]
    blank = img.min(axis=0) > 160  # no ink anywhere in the column
    cuts = [0]
    while w - cuts[-1] > CHUNK_COLS * 3 // 2:
        lo, hi = cuts[-1] + CHUNK_COLS * 3 // 4, cuts[-1] + CHUNK_COLS * 5 // 4
        best, best_len, run = -1, 0, 0
        for x in range(lo, hi):
            run = run + 1 if blank[x] else 0
            if run > best_len:
                best, best_len = x - run // 2, run
        if best_len < 3:  # no gap between characters here: cutting could split a glyph
            break
        cuts.append(best)
    cuts.append(w)
    return [img[:, a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _text_lines(gray: np.ndarray) -> list[tuple[int, str, float]]:
    """Detected text lines outside the tables: (top y, text, confidence), in reading order."""
    import cv2

    # Detection runs at half size (text lines stay >12 px high, the detector's cost falls fourfold);
    # recognition reads the full-size crops.
    small = cv2.resize(gray, (gray.shape[1] // 2, gray.shape[0] // 2), interpolation=cv2.INTER_AREA)
    # Only the part of the page with ink left once the tables are painted out goes to the detector: a
    # table screenshot leaves nothing (its detection took 4 s of 5), a page ending in a table its top.
    ink = _ink(small) if small.min() < 128 else np.zeros_like(small)
    rows, cols = np.flatnonzero((ink > 0).sum(axis=1) >= 2), np.flatnonzero((ink > 0).sum(axis=0) >= 2)
    if len(rows) == 0 or len(cols) == 0 or rows[-1] - rows[0] < 6:
        return []  # blank (dust at most)
    top, bottom = max(int(rows[0]) - 16, 0), min(int(rows[-1]) + 17, small.shape[0])
    left, right = max(int(cols[0]) - 16, 0), min(int(cols[-1]) + 17, small.shape[1])
    boxes, _elapse = engine().text_det(cv2.cvtColor(small[top:bottom, left:right], cv2.COLOR_GRAY2BGR))
    if boxes is None or len(boxes) == 0:
        return []
    rects = []
    for b in boxes:
        xs, ys = (b[:, 0] + left) * 2, (b[:, 1] + top) * 2
        x0, x1, y0, y1 = int(xs.min()), int(math.ceil(xs.max())), int(ys.min()), int(math.ceil(ys.max()))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        rects.append((x0, y0, x1, y1))
    crops = [gray[max(y0, 0):y1, max(x0, 0):x1] for x0, y0, x1, y1 in rects]  # det boxes carry margins
    read = recognise(crops)
    items = sorted(((r, x.text, x.conf) for r, x in zip(rects, read, strict=True) if x.text.strip() and x.conf >= 0.5),
                   key=lambda it: (it[0][1] + it[0][3]) / 2)
    lines: list[list] = []
    for rect, text, score in items:
        mid, hgt = (rect[1] + rect[3]) / 2, rect[3] - rect[1]
        if lines and abs(lines[-1][0] - mid) < 0.5 * hgt:
            lines[-1][1].append((rect, text, score))
        else:
            lines.append([mid, [(rect, text, score)]])
    out = []
    for _mid, parts in lines:
        parts.sort(key=lambda p: p[0][0])
        text, prev = "", None
        for rect, t, _s in parts:
            gap = rect[0] - prev[2] if prev else 0
            text += (" " if prev and gap > 0.6 * (rect[3] - rect[1]) else "") + t
            prev = rect
        out.append((min(p[0][1] for p in parts), text, min(p[2] for p in parts)))
    return out


# ---- tables without (dark) rules: light-gray grids, three-line tables, no rules at all --------------

LONG_RULE = 100  # px at the work width (~170 dpi): longer than any character, shorter than a table's rules
FAINT_STEP = 12  # a light-gray rule (#ccc–#ddd, ~205–221; ~230 where scaling spreads it over two pixel rows) is darker than white paper by this at least


def _faint_tables(gray: np.ndarray) -> tuple[list[list[OcrCell]], np.ndarray | None]:
    """Ruled tables whose rules are light gray (Excel gridlines #d4d4d4, CSS ``1px solid #ccc``), and
    the rules' mask: Otsu's threshold, set between black type and white paper, drops such rules. They
    are found again on the pixels a little darker than the paper; the cells' text is still read from
    the Otsu image."""
    paper = float(np.percentile(gray[:: 4, :: 4], 75))
    if paper < 200:
        return [], None  # not a screenshot on white: a dark scan's gray is noise, not rules
    import cv2

    faint = ((gray < paper - FAINT_STEP) * 255).astype(np.uint8)
    # Shaded cells (zebra stripes #f2f2f2, a gray header row) are areas, not rules: only thin strokes
    # stay. Taken for rules, a stripe would be cut out of the ink with the digits printed on it.
    fills = cv2.morphologyEx(faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7)))
    if fills.any():
        faint = cv2.bitwise_and(faint, cv2.bitwise_not(cv2.dilate(fills, np.ones((3, 3), np.uint8))))
    return _tables(faint)


def _incomplete(gray: np.ndarray, binary: np.ndarray, tables: list[list[OcrCell]]) -> bool:
    """Whether a light-gray grid lost some of its rules (very light rules under JPEG, #e0e0e0 at
    quality 50, come through in pieces; such a grid would give a row another row's or column's cells):
    - a cell over several rows holding a line of text for each of them (rows' labels run together; a
      real rowspan cell — （三）不予公开 over eight rows, 结果 / 维持 over two — holds a line or two);
    - a line of text with a blank gap wider than its height (two columns' words in one cell: the
      characters of a label or the digits of a number sit closer);
    - an empty cell over several columns (two empty cells whose rule between them was lost);
    - three cells of one row each holding several lines (a rule lost across the whole table: every
      column's cell then holds two rows; a header row of wrapped words is read by column bands too)."""
    for cells in tables:
        wrapped: dict[int, int] = {}
        for c in cells:
            lines = _cell_lines(gray, binary, c)
            if c.rs >= 2 and len(lines) >= max(3, c.rs):
                return True
            if len(lines) >= 2:
                wrapped[c.row] = wrapped.get(c.row, 0) + 1
                if wrapped[c.row] >= 3:
                    return True
            if not lines and c.cs >= 2:
                return True
            for crop in lines:
                inked = [*(crop < 128).any(axis=0)]
                gaps = [b - a for a, b in _runs([not k for k in inked]) if a > 0 and b < len(inked)]
                if gaps and max(gaps) > crop.shape[0]:
                    return True
    return False


def _char_height(binary: np.ndarray) -> float | None:
    """The median height of the ink components taller than 5 px (a character's), None when none are."""
    import cv2

    n, _lab, stats, _c = cv2.connectedComponentsWithStats(binary, connectivity=8)
    heights = stats[1:n, 3][stats[1:n, 3] > 5]
    return float(np.median(heights)) if len(heights) else None


def _wide_gaps(line: np.ndarray, char: float) -> int:
    """How many blank gaps wider than two characters cut a line of ink (rows of a binary image holding
    ink): the gaps between a table's columns; prose has none."""
    cols = np.count_nonzero(line, axis=0) > 0
    inked = np.flatnonzero(cols)
    return sum(1 for g0, g1 in _runs(~cols[inked[0]:inked[-1] + 1]) if g1 - g0 > 2 * char)


def _columned(binary: np.ndarray) -> bool:
    """Whether a page's ink looks like a table: two text lines or more cut into three or more pieces by
    blank gaps wider than two characters (columns). Prose lines run on with narrow gaps, so a scanned
    text page skips the column-band reading (its detection and recognition are not repeated)."""

    char = _char_height(binary)
    if char is None:
        return False
    lines = 0
    for a, b in _runs(np.count_nonzero(binary, axis=1) > 0):
        if b - a < 4:
            continue
        if _wide_gaps(binary[a:b], char) >= 2:
            lines += 1
            if lines >= 2:
                return True
    return False


def _unruled(gray: np.ndarray, binary: np.ndarray, carry: Columns | None = None,
             used: list[Columns] | None = None) -> tuple[list[list[OcrCell]], np.ndarray]:
    """The tables of a page where Otsu's image shows no ruled table, and the ink to read them from:
    a light-gray grid when it is whole, else the tables read by column position (``_band_tables``)
    from the ink with the light rules taken out (the rules' pixels that do pass Otsu's threshold would
    join every row into one). Called only then, so black-ruled pages pay nothing for it."""
    import cv2

    faint, rules = _faint_tables(gray)
    whole = [t for t in faint if not _incomplete(gray, binary, [t])]
    if faint and len(whole) == len(faint):
        return faint, binary
    if not _columned(binary):
        return [], binary  # prose (a scanned text page): read as text lines, with no second detection
    if rules is not None:
        # Only long rules are taken out: a digit's stroke that passed for a short vertical rule must stay
        # (cut out, a "10" would read as "0"). A grid's rules join into large pieces; strokes do not.
        n, labels, stats, _c = cv2.connectedComponentsWithStats(rules, connectivity=8)
        long = np.flatnonzero(np.maximum(stats[:, 2], stats[:, 3]) >= LONG_RULE)
        long = long[long > 0]
        if len(long):
            binary = cv2.bitwise_and(binary, cv2.bitwise_not(np.isin(labels, long).astype(np.uint8) * 255))
    if not whole:
        return _banded(gray, binary, carry, used), binary
    # Some grids whole, others not (two tables in one screenshot, one with a lost rule): the whole ones
    # are read as grids, the rest of the page by column position with them painted out. Read together
    # by column position, table 二's columns and rows ran into table 三's (24 cells invented).
    gray_rest, binary_rest = gray.copy(), binary.copy()
    for cells in whole:
        x0, y0 = max(min(c.x for c in cells) - 6, 0), max(min(c.y for c in cells) - 6, 0)
        x1, y1 = max(c.x + c.w for c in cells) + 6, max(c.y + c.h for c in cells) + 6
        gray_rest[y0:y1, x0:x1] = 255
        binary_rest[y0:y1, x0:x1] = 0
    banded = _banded(gray_rest, binary_rest, None, used)
    return sorted(whole + banded, key=lambda cells: min(c.y for c in cells)), binary


def _banded(gray: np.ndarray, binary: np.ndarray, carry: Columns | None, used: list[Columns]
            ) -> list[list[OcrCell]]:
    """The tables read by column position, each part of the page between captions on its own
    (``_captions``): two three-line tables in one screenshot have their own label columns (table 二's
    end at a third of the width, table 三's past the middle); read as one, table 三's labels ran into
    table 二's columns and 18 cells were invented. Only the first part continues ``carry``."""
    tables: list[list[OcrCell]] = []
    bounds = [0, *[y for cut in _captions(gray, binary) for y in cut], gray.shape[0]]
    for n, (y0, y1) in enumerate(itertools.pairwise(bounds)):
        if n % 2 or y1 - y0 < 20:
            continue  # a caption (read as a text line), or a sliver
        for t in _band_tables(gray[y0:y1], binary[y0:y1], carry if n == 0 else None, used):
            cells = [c for row in t for c in row]
            for c in cells:
                c.y += y0
            tables.append(cells)
    return tables


def _captions(gray: np.ndarray, binary: np.ndarray) -> list[tuple[int, int]]:
    """Text between two tables of one screenshot, as (top, bottom) rows: the ink between two long
    horizontal rules (a three-line table's bottom rule and the next one's top rule) when it is lines of
    prose — none cut into columns by wide gaps — and no vertical rule crosses it (in a grid whose
    rules came through in pieces, a row holding one caption is between two rules too, but the column
    rules cross it). A table's own header and body have columns."""

    h, w = gray.shape
    dark = gray < 200
    rules = _runs(np.count_nonzero(dark, axis=1) > 0.5 * w)
    char = _char_height(binary)
    char = 20.0 if char is None else char
    cuts: list[tuple[int, int]] = []
    for (_a0, a1), (b0, _b1) in itertools.pairwise(rules):
        if b0 - a1 < 8 or dark[a1:b0].all(axis=0).any():
            continue
        lines = [(a, b) for a, b in _runs(np.count_nonzero(binary[a1:b0], axis=1) > 0) if b - a >= 4]
        if not lines:
            continue
        if all(_wide_gaps(binary[a1 + a:a1 + b], char) == 0 for a, b in lines):
            cuts.append((a1 + lines[0][0], a1 + lines[-1][1]))
    return cuts


@dataclass(slots=True)
class _Word:
    """A word the detector found (split at wide blank gaps), and what the recogniser read in it."""

    x0: int
    y0: int
    x1: int
    y1: int
    text: str
    conf: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


_CAPTION = re.compile(r"第[一二三四五六七八九十]+条")
_DIGITISH = re.compile(r"^[-+]?[0-9０-９][0-9０-９.,，．]*%?(万元|元)?$")


def _words(gray: np.ndarray, binary: np.ndarray) -> list[_Word]:
    """Detected text boxes, each cut at blank gaps wider than its ink height (a box the detector drew over
    two table cells, ``0    0``), recognised piece by piece."""
    import cv2

    small = cv2.resize(gray, (gray.shape[1] // 2, gray.shape[0] // 2), interpolation=cv2.INTER_AREA)
    boxes, _elapse = engine().text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    if boxes is None or len(boxes) == 0:
        return []
    pieces: list[tuple[int, int, int, int]] = []
    for b in boxes:
        x0, x1 = max(int(b[:, 0].min() * 2), 0), min(int(math.ceil(b[:, 0].max() * 2)), gray.shape[1])
        y0, y1 = max(int(b[:, 1].min() * 2), 0), min(int(math.ceil(b[:, 1].max() * 2)), gray.shape[0])
        ink = binary[y0:y1, x0:x1] > 0
        # Columns count as ink also where a thin stroke fell under Otsu's threshold (the 一 of 上一年,
        # 1 px at 96 dpi): a gap there would cut the word in two.
        rows, cols = np.flatnonzero(ink.any(axis=1)), ink.any(axis=0) | (gray[y0:y1, x0:x1] < 170).any(axis=0)
        if len(rows) == 0:
            continue
        top, bottom = y0 + int(rows[0]), y0 + int(rows[-1]) + 1
        gap = max(6, bottom - top)  # wider than the space between two characters of one word
        start, blank = None, 0
        for x, k in enumerate([*cols, False]):
            if k:
                if start is None:
                    start = x
                blank = 0
                end = x + 1
            elif start is not None:
                blank += 1
                if blank >= gap or x == len(cols):
                    pieces.append((x0 + start, top, x0 + end, bottom))
                    start, blank = None, 0
    crops = [_pad(gray[y0:y1, x0:x1], *FIRST_LOOK) for x0, y0, x1, y1 in pieces]
    # A reading with no character or digit ("!", "、") is a stray mark, not a word of the table.
    return [_Word(*p, r.text.strip(), r.conf) for p, r in zip(pieces, recognise(crops), strict=True)
            if _CJK.search(r.text) or any(ch.isalnum() for ch in r.text)]


def _leaves(header: list[_Word]) -> list[_Word]:
    """Header words with no header word under them: the bottom header cell of each printed column
    (自然人, 商业企业 … 总计, never 法人或其他组织 above them), left to right."""
    out = []
    for w in header:
        below = any(v is not w and v.yc > w.y1 and w.x0 <= v.xc <= w.x1 for v in header)
        if not below:
            out.append(w)
    return sorted(out, key=lambda w: w.x0)


def _merge_cells(words: list[_Word]) -> list[_Word]:
    """Lines of one cell joined (a label or header word wrapped over lines: 本年新 / 制作数量): the lower
    line starts within a fraction of a line under the upper one, and the narrower one sits inside the
    wider one's width. Rows of a table are further apart (the cells' padding)."""
    cells: list[_Word] = []
    for w in sorted(words, key=lambda w: (w.y0, w.x0)):
        for c in reversed(cells):
            h = min(c.y1 - c.y0, w.y1 - w.y0)
            narrow, wide = (w, c) if w.x1 - w.x0 <= c.x1 - c.x0 else (c, w)
            if 0 <= w.y0 - c.y1 < 0.45 * h and wide.x0 <= narrow.xc <= wide.x1:
                c.text += w.text
                c.conf = min(c.conf, w.conf)
                c.x0, c.x1, c.y1 = min(c.x0, w.x0), max(c.x1, w.x1), max(c.y1, w.y1)
                break
        else:
            cells.append(_Word(w.x0, w.y0, w.x1, w.y1, w.text, w.conf))
    return cells


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    out, start = [], None
    for i, k in enumerate([*mask, False]):
        if k and start is None:
            start = i
        elif not k and start is not None:
            out.append((start, i))
            start = None
    return out


@dataclass(slots=True)
class Columns:
    """The column layout a table read by column position ended with, carried to the next image: a
    table cut over two screenshots continues in the second without its header row."""

    width: int  # the image's own width (before scaling to the work width): the same means the same scale
    left: int  # the table's leftmost ink, at the work width
    label_right: float
    bands: list[tuple[float, float]]
    profile: np.ndarray | None = None  # share of body rows inked in each pixel column (``_profile``)


def _band_tables(gray: np.ndarray, binary: np.ndarray, carry: Columns | None = None,
                 used: list[Columns] | None = None) -> list[list[list[OcrCell]]]:
    """A table without rules read by column position: rows of cells, like a ruled table's.

    The columns are the header's bottom cells (``_leaves``); a header cell left of every number is a
    label column. Rows are the runs of ink right of the label columns; in each row, the ink is cut into
    words at wide gaps and each word belongs to the column it sits in, to be recognised as a ruled cell
    is (``_row_cells``). A new header under rows of numbers (section 二's 第二十条 items) starts new
    columns. Returns [] when no header with columns is found: the page is then read as text lines —
    unless ``carry`` (the previous image's columns) lines up with this image's rows of numbers
    (``_lines_up``): the second screenshot of a cut table is read in the first one's columns. The
    columns of the last block are appended to ``used``."""
    words = _words(gray, binary)
    digits = [w for w in words if _DIGITISH.match(w.text)]
    if not digits:
        return []
    texts = [w for w in words if not _DIGITISH.match(w.text)]
    first = min(d.y0 for d in digits)
    head0 = _leaves(_merge_cells([w for w in texts if w.y1 <= first]))
    left_of_numbers = min(d.x0 for d in digits)
    label_cols = [w for w in head0 if w.x1 < left_of_numbers]
    value_cols = [w for w in head0 if w.x1 >= left_of_numbers]
    if not value_cols:
        if carry is None or not _lines_up(gray, binary, carry):
            return []
        return _carried(binary, texts, carry, used)
    label_right = (max(w.x1 for w in label_cols) + value_cols[0].x0) / 2 if label_cols else 0.0
    if label_cols:  # past the longest row label too (（二）部分公开（区分处理的…） runs under the note)
        ends = [w.x1 for w in texts if w.x1 < left_of_numbers and w.y0 > first - 40]
        label_right = min(max([label_right, *[e + 3 for e in ends]]), left_of_numbers - 2)
    # Rows: runs of ink right of the label columns. A run whose words there hold no digit is a header.
    kinds: list[tuple[int, int, bool]] = []
    for a, b in _body_ink_rows(binary, label_right):
        inside = [w for w in words if a <= w.yc < b and w.xc > label_right]
        kinds.append((a, b, bool(inside) and not any(_DIGITISH.match(w.text) for w in inside)))
    blocks: list[list[tuple[int, int]]] = []  # data runs, one list per header above them
    for k, (a, b, is_header) in enumerate(kinds):
        if is_header:
            continue
        if not blocks or kinds[k - 1][2]:
            blocks.append([])
        blocks[-1].append((a, b))
    table_rows: list[list[OcrCell]] = []
    heads, prev_end = [], -1.0
    for runs in blocks:  # a block's header: the words between the rows of the block before and its own
        heads.append([w for w in texts if prev_end <= w.yc < runs[0][0]])
        prev_end = runs[-1][1]
    in_head = {id(w) for head in heads for w in head}
    for n, runs in enumerate(blocks):
        start = runs[0][0]
        end = blocks[n + 1][0][0] if n + 1 < len(blocks) else float(gray.shape[0])
        head = _merge_cells(heads[n])
        # A caption over the columns (第二十条第（五）项) has no header word under its centred text, yet
        # it is no column of its own.
        leaves = [w for w in _leaves(head) if not _CAPTION.search(w.text)]
        cols = [w for w in leaves if w.xc > label_right]
        leaf_ids = {id(w) for w in leaves}
        if head:  # non-leaf cells (captions, 法人或其他组织) first, then the columns left to right
            line = sorted(head, key=lambda c: (id(c) in leaf_ids, c.x0 if id(c) in leaf_ids else c.y0))
            table_rows.append([OcrCell(c.x0, c.y0, c.x1 - c.x0, c.y1 - c.y0, text=c.text, conf=c.conf)
                               for c in line])
        if not cols:
            continue
        bounds = [label_right] + [(p.x1 + q.x0) / 2 for p, q in itertools.pairwise(cols)] + [float(gray.shape[1])]
        bands = list(itertools.pairwise(bounds))
        if used is not None and n == len(blocks) - 1:
            used.append(Columns(0, _left(gray), label_right, bands, _profile(binary, runs, label_right)))
        labels = _merge_cells([w for w in texts if w.xc < label_right and start - 40 <= w.yc < end
                               and id(w) not in in_head])
        for cells in _body_rows(labels, runs, bool(label_cols)):
            anchor, run = cells
            mine = [OcrCell(c.x0, c.y0, c.x1 - c.x0, c.y1 - c.y0, text=c.text, conf=c.conf) for c in anchor]
            if run is None:  # a row label with no run of ink right of it: every cell printed blank,
                # unless there is ink beside the label after all (then it is unread, never blank)
                y0, y1 = min(c.y0 for c in anchor), max(c.y1 for c in anchor)
                inked = np.count_nonzero(binary[y0:y1, int(label_right):]) > 0
                table_rows.append(mine + [OcrCell(int(lo), 0, 0, 0, conf=0.0 if inked else None) for lo, _hi in bands])
            elif mine or not label_cols:
                table_rows.append(mine + _row_cells(binary, run[0], run[1], bands))
            # else: numbers whose row label was not read belong to no row (the placer names the gap)
    for r, row in enumerate(table_rows):
        for c, cell in enumerate(row):
            cell.row, cell.col = r, c
    return [table_rows] if table_rows else []


def _left(gray: np.ndarray) -> int:
    """The leftmost ink, rules included (a table's rules start at its left edge; its labels may not)."""
    cols = np.flatnonzero((gray < 200).any(axis=0))
    return int(cols[0]) if len(cols) else 0


def _body_ink_rows(binary: np.ndarray, label_right: float) -> list[tuple[int, int]]:
    """Runs of ink right of the label columns (a three-line table's rules, ink across it, are none)."""
    counts = np.count_nonzero(binary[:, int(label_right):], axis=1)
    ink_rows = (counts > 0) & (counts < 0.3 * (binary.shape[1] - int(label_right)))
    return [(a, b) for a, b in _runs(ink_rows) if b - a >= 4]


CARRY_SHIFT = 8  # px at the work width: two screenshots of one table cut at the same left edge
MAX_SHIFT = 30  # px: how far the column profiles are slid against each other (under half a column)


def _profile(binary: np.ndarray, runs: list[tuple[int, int]], label_right: float) -> np.ndarray:
    """The share of a table's body rows with ink in each pixel column right of its labels: the columns'
    places (centred, left- or right-aligned numbers alike), whatever numbers they hold."""
    out = np.zeros(binary.shape[1], dtype=np.float64)
    for a, b in runs:
        out += binary[a:b].any(axis=0)
    out[:int(label_right)] = 0
    return out / max(len(runs), 1)


def _shift(p: np.ndarray, q: np.ndarray) -> int:
    """How far ``q`` is slid against ``p`` (the best match of the two profiles within MAX_SHIFT)."""
    def score(s: int) -> float:
        return float(np.dot(p[max(0, s):len(p) + min(0, s)], q[max(0, -s):len(q) + min(0, -s)]))
    return max(range(-MAX_SHIFT, MAX_SHIFT + 1), key=lambda s: (score(s), -abs(s)))


def _lines_up(gray: np.ndarray, binary: np.ndarray, carry: Columns) -> bool:
    """Whether an image without a header continues the previous image's table in its columns: the same
    scale (``Columns.width``, checked by the caller) and left edge, every word of ink right of the
    labels inside one column, and a row with a word in every column (the same count of number columns:
    a table with more or fewer columns cannot fill them all). Otherwise its cells are left unplaced."""
    runs = _body_ink_rows(binary, carry.label_right)
    if carry.profile is not None and len(carry.profile) == binary.shape[1]:
        # The columns' places agree (a table without rules has no edge to compare: its leftmost ink is
        # a label, which may differ between the two pieces).
        if abs(_shift(carry.profile, _profile(binary, runs, carry.label_right))) > CARRY_SHIFT // 2:
            return False
    elif abs(_left(gray) - carry.left) > CARRY_SHIFT:
        return False
    full = False
    for a, b in runs:
        found = _spans(binary, a, b, int(carry.bands[0][0]))
        inside = [[i for i, (lo, hi) in enumerate(carry.bands) if x0 < hi and x1 > lo] for x0, x1 in found]
        if any(len(i) != 1 for i in inside):
            return False
        full = full or sorted(i[0] for i in inside) == list(range(len(carry.bands)))
    return full


def _carried(binary: np.ndarray, texts: list[_Word], carry: Columns, used: list[Columns] | None
             ) -> list[list[list[OcrCell]]]:
    """The rows of a table continued from the previous image, read in its columns (no header row)."""
    labels = _merge_cells([w for w in texts if w.xc < carry.label_right])
    table_rows: list[list[OcrCell]] = []
    for anchor, run in _body_rows(labels, _body_ink_rows(binary, carry.label_right), True):
        mine = [OcrCell(c.x0, c.y0, c.x1 - c.x0, c.y1 - c.y0, text=c.text, conf=c.conf) for c in anchor]
        if run is None:
            y0, y1 = min(c.y0 for c in anchor), max(c.y1 for c in anchor)
            inked = np.count_nonzero(binary[y0:y1, int(carry.label_right):]) > 0
            table_rows.append(mine + [OcrCell(int(lo), 0, 0, 0, conf=0.0 if inked else None) for lo, _hi in carry.bands])
        elif mine:
            table_rows.append(mine + _row_cells(binary, run[0], run[1], carry.bands))
    for r, row in enumerate(table_rows):
        for c, cell in enumerate(row):
            cell.row, cell.col = r, c
    if used is not None and table_rows:
        used.append(carry)
    return [table_rows] if table_rows else []


def _body_rows(labels: list[_Word], runs: list[tuple[int, int]], labelled: bool
               ) -> list[tuple[list[_Word], tuple[int, int] | None]]:
    """The rows of a table body, top to bottom: (its label cells left to right, its run of ink right of
    the labels or None). A row is a run of ink, or a label with no label right of it (the row's own
    label, not a group label beside several rows): an all-blank row has no ink but has its label.
    Group and vertical labels (（三）不予公开, 三、本年度办理结果) join the row nearest to them."""
    def rightmost(c: _Word) -> bool:
        h = c.y1 - c.y0
        return not any(o.x0 > c.x1 and abs(o.yc - c.yc) < 1.2 * max(h, o.y1 - o.y0) for o in labels)

    rows: list[tuple[float, list[_Word], tuple[int, int] | None]] = [((a + b) / 2, [], (a, b)) for a, b in runs]
    doubtful: set[int] = set()
    for c in labels:
        if not rightmost(c):
            continue
        hit = sorted((r for r in rows if r[2] is not None
                      and min(r[2][1], c.y1) - max(r[2][0], c.y0) >= min(r[2][1] - r[2][0], c.y1 - c.y0) / 3),
                     key=lambda r: abs(r[0] - c.yc))
        if len(hit) > 1 and abs(hit[1][0] - c.yc) - abs(hit[0][0] - c.yc) < 0.25 * (c.y1 - c.y0):
            rows.append((c.yc, [c], None))  # as near to two rows' numbers: its own row, its cells unread
            doubtful.add(id(c))
        elif hit:
            hit[0][1].append(c)
        else:
            rows.append((c.yc, [c], None))
    rows.sort(key=lambda r: r[0])
    for c in labels:
        if rightmost(c) or not rows:
            continue
        min(rows, key=lambda r: abs(r[0] - c.yc))[1].append(c)
    out: list[tuple[list[_Word], tuple[int, int] | None]] = []
    for _y, cells, run in rows:
        if not cells and labelled and not run:
            continue
        prev = out[-1][0] if out else []
        rest = run is None and len(cells) == 1 and id(cells[0]) not in doubtful
        if rest and prev and _continues(prev[-1], cells[0]):
            prev[-1].text += cells[0].text  # the rest of a wrapped row label, not a row of its own
            prev[-1].y1 = max(prev[-1].y1, cells[0].y1)
            continue
        out.append((sorted(cells, key=lambda c: c.x0), run))
    return out


_NUMBERED = re.compile(r"^\s*(?:[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．])")


def _continues(label: _Word, line: _Word) -> bool:
    """Whether a line with no ink beside it is the rest of the row label just above it: right under it
    (within a line's height), in the same column, and not numbered like a row of its own. Line spacing
    alone cannot tell (a wrapped line sits as far under its first line as the next row does)."""
    h = line.y1 - line.y0
    return (-h / 2 <= line.y0 - label.y1 < h and min(label.x1, line.x1) > max(label.x0, line.x0)
            and not _NUMBERED.match(line.text))


def _spans(binary: np.ndarray, a: int, b: int, x_lo: int) -> list[list[int]]:
    """The words of ink of rows a..b right of ``x_lo``: components joined across gaps narrower than
    about half the row's height, as [x0, x1]."""
    import cv2

    strip = binary[a:b, x_lo:]
    n, _lab, st, _c = cv2.connectedComponentsWithStats(strip, connectivity=8)
    spans = sorted((int(x) + x_lo, int(x + w) + x_lo) for x, _y, w, h, _a in st[1:n] if max(w, h) > 3)
    gap = max(6, (b - a) * 0.6)
    found: list[list[int]] = []
    for x0, x1 in spans:
        if found and x0 - found[-1][1] < gap:
            found[-1][1] = max(found[-1][1], x1)
        else:
            found.append([x0, x1])
    return found


def _row_cells(binary: np.ndarray, a: int, b: int, bands: list[tuple[float, float]]) -> list[OcrCell]:
    """One row's value cells: its ink right of the label columns cut into words at wide gaps, each word
    the cell of the band it sits in (unread when a word straddles two bands or a band holds two)."""
    found = _spans(binary, a, b, int(bands[0][0]))
    held: list[list[tuple[int, int]]] = [[] for _ in bands]
    doubt: set[int] = set()
    for x0, x1 in found:
        inside = [i for i, (lo, hi) in enumerate(bands) if x0 < hi and x1 > lo]
        if len(inside) != 1:
            doubt.update(inside)
            continue
        held[inside[0]].append((x0, x1))
    doubt.update(i for i, h in enumerate(held) if len(h) > 1)
    cells = []
    pad = 6
    for i, (lo, _hi) in enumerate(bands):
        if i in doubt or (not held[i] and doubt):  # unread (conf 0): the row's layout is in doubt
            cells.append(OcrCell(int(lo), a, 0, 0, text="", conf=0.0))
        elif not held[i]:
            cells.append(OcrCell(int(lo), a, 0, 0))  # no ink: printed blank
        else:
            x0, x1 = held[i][0]
            cells.append(OcrCell(x0 - pad, a - pad, x1 - x0 + 2 * pad, b - a + 2 * pad))  # read as a ruled cell
    return cells


def read_page(gray: np.ndarray, carry: Columns | None = None) -> OcrPage:
    """OCR one page (grayscale or RGB): its ruled tables cell by cell, its other text line by line.
    ``carry``: the columns the previous image's table ended with (``OcrPage.columns``)."""
    width = gray.shape[1]
    gray = _normalise(gray)
    binary = _ink(gray)
    tables, _rules_mask = _tables(binary)
    used: list[Columns] = []
    if not tables:  # rules too light for Otsu's threshold, or none at all (the header's columns then)
        tables, binary = _unruled(gray, binary, carry if carry is not None and carry.width == width else None,
                                  used)
    crops: list[np.ndarray] = []
    owners: list[OcrCell] = []
    rest = gray.copy()
    for cells in tables:
        for cell in cells:
            if cell.conf is not None:
                continue  # a label or an unread cell of a table read by column position (_band_tables)
            cell.lines = _cell_lines(gray, binary, cell)
            crops.extend(_pad(c, *FIRST_LOOK) for c in cell.lines)
            owners.extend([cell] * len(cell.lines))
        x0 = min(c.x for c in cells) - 6
        y0 = min(c.y for c in cells) - 6
        x1 = max(c.x + c.w for c in cells) + 6
        y1 = max(c.y + c.h for c in cells) + 6
        rest[max(y0, 0):y1, max(x0, 0):x1] = 255  # the detector must not read the tables a second time
    reads: dict[int, list[Read]] = {}
    for cell, read in zip(owners, recognise(crops), strict=True):
        reads.setdefault(id(cell), []).append(read)
    # A second look at number cells read unsurely, with other margins; the surer reading is kept.
    unsure = [c for cells in tables for c in cells if len(reads.get(id(c), ())) == 1
              and _numberish(reads[id(c)][0]) and reads[id(c)][0].number_conf < MIN_VALUE_CONF]
    glyphs = {id(c): _glyph_spans(c.lines[0]) for cells in tables for c in cells if len(reads.get(id(c), ()))
              == 1 and _numberish(reads[id(c)][0])}
    # ... and at number cells read with fewer characters than they have glyphs, however sure.
    seen = {id(c) for c in unsure}
    unsure += [c for cells in tables for c in cells if id(c) in glyphs and id(c) not in seen
               and len(reads[id(c)][0].number) < len(glyphs[id(c)])]
    doubted: set[int] = set()
    for cell, read in zip(unsure, recognise([_pad(c.lines[0], *SECOND_LOOK) for c in unsure]), strict=True):
        old = reads[id(cell)][0]
        if _disagree(read, old, len(glyphs[id(cell)])):
            reads[id(cell)] = [Read(old.text, old.conf, old.number, 0.0)]  # unread: neither look is sure
            doubted.add(id(cell))
        elif _surer(read, old, len(glyphs[id(cell)])):
            reads[id(cell)] = [read]
    # A look at cells still unsure with the crop's contrast stretched (paper white, ink black) and broken
    # strokes closed. Yellowed paper's cells (ink ~50, paper ~200 against the pad's white) and a bilevel
    # scan's ragged "0"s, clear to the eye, were read as nothing or as "n" at both margins (bilevel 300 dpi:
    # 13 of 200 cells unread, yellowed 200 dpi 13). Taken only when no earlier look read another full
    # number (``_disagree``).
    closed = [c for c in unsure if id(c) not in doubted and not _sure(reads[id(c)][0], len(glyphs[id(c)]))]
    for cell, read in zip(closed, recognise([_pad(_close_breaks(_stretch(c.lines[0])), *FIRST_LOOK)
                                             for c in closed]), strict=True):
        old = reads[id(cell)][0]
        if _disagree(read, old, len(glyphs[id(cell)])):
            reads[id(cell)] = [Read(old.text, old.conf, old.number, 0.0)]
            doubted.add(id(cell))
        elif _surer(read, old, len(glyphs[id(cell)])):
            reads[id(cell)] = [read]
    # A third look, glyph by glyph, at cells of several glyphs still unsure or short of characters: the
    # recogniser reads a lone "1" that it merged with its neighbour ("11" came out as "1" or as nothing).
    third = [c for c in unsure if len(glyphs[id(c)]) > 1 and not _sure(reads[id(c)][0], len(glyphs[id(c)]))]
    pieces = [_per_glyph(c.lines[0], glyphs[id(c)]) for c in third]
    flat = recognise([p for ps in pieces for p in ps])
    for cell, ps in zip(third, pieces, strict=True):
        got, flat = flat[:len(ps)], flat[len(ps):]
        if all(len(r.number) == 1 and _numberish(r) for r in got):
            read = Read("".join(r.number for r in got), min(r.conf for r in got), "".join(r.number for r in got),
                        min(r.number_conf for r in got))
            if _surer(read, reads[id(cell)][0], len(glyphs[id(cell)])):
                reads[id(cell)] = [read]
    # A last look at number cells read with a point at either end ("0." on a speckled scan: a speck two
    # pixels off the 0, joined to it by faint ink, was kept in the crop's margin). No number printed in a
    # cell starts or ends with a point, so the crop is read again cut to its glyphs; a clean number read
    # surely with as many characters as glyphs replaces it, else the cell stays unread.
    dotted = [c for cells in tables for c in cells if id(c) in glyphs and glyphs[id(c)] and id(c) not in doubted
              and reads[id(c)][0].number[:1] + reads[id(c)][0].number[-1:] != ""
              and "." in reads[id(c)][0].number[:1] + reads[id(c)][0].number[-1:]]
    for cell, read in zip(dotted, recognise([_pad(_trim(c.lines[0], glyphs[id(c)]), *FIRST_LOOK) for c in dotted]),
                          strict=True):
        if (_numberish(read) and read.number and "." not in read.number[:1] + read.number[-1:]
                and len(read.number) == len(glyphs[id(cell)]) and read.number_conf >= MIN_VALUE_CONF):
            reads[id(cell)] = [read]
    # A lone "0" the recogniser reads as 0 but not quite surely (0.6-0.8 on ragged bilevel scans and
    # yellowed paper) is taken when its shape says so too: one glyph, a single closed loop of digit
    # height round a tall hole in its middle (``_is_zero``; a 6 or 9 has its hole off centre, an 8 two).
    for cells in tables:
        for cell in cells:
            got = reads.get(id(cell))
            if (got and len(got) == 1 and id(cell) not in doubted and len(glyphs.get(id(cell), ())) == 1
                    and got[0].number == "0" and ZERO_CONF <= got[0].number_conf < MIN_VALUE_CONF
                    and _is_zero(cell.lines[0])):
                reads[id(cell)] = [Read(got[0].text, got[0].conf, "0", MIN_VALUE_CONF)]
    for cells in tables:
        for cell in cells:
            got = reads.get(id(cell))
            if not got:
                continue  # no ink: an empty cell (conf stays None)
            if len(got) == 1 and _numberish(got[0]):
                # No Chinese in a one-line cell: a number (or a dash), decoded over the digit classes.
                # Fewer characters than separate glyphs: a digit was dropped, whatever the confidence.
                short = len(got[0].number) < len(glyphs.get(id(cell), ()))
                cell.text, cell.conf = got[0].number, (0.0 if short else got[0].number_conf)
            else:
                cell.text = "".join(r.text.strip() for r in got)
                cell.conf = min(r.conf for r in got)
                if len(got) > 1 and not _CJK.search(cell.text):
                    cell.conf = 0.0  # numbers on several lines: a lost rule ran rows together, never one value
    page = OcrPage()
    for top, text, score in _text_lines(rest):
        page.blocks.append((top, text, score))
    for cells in tables:
        rows: dict[int, list[OcrCell]] = {}
        for c in cells:
            rows.setdefault(c.row, []).append(c)
        page.blocks.append((min(c.y for c in cells), [rows[r] for r in sorted(rows)], None))
    page.blocks.sort(key=lambda b: b[0])
    if used and page.blocks and not isinstance(page.blocks[-1][1], str):
        page.columns = Columns(width, used[-1].left, used[-1].label_right, used[-1].bands, used[-1].profile)
    return page


# ---- tokens ------------------------------------------------------------------------------------------

def cell_token(cell: OcrCell, row: int, table: int) -> Token:
    """A ruled cell as a token. Ink that does not read as a clean value (or reads below MIN_VALUE_CONF)
    is ``unread``: the placer reports that cell instead of placing a guess."""
    if cell.conf is None:
        return Token("", "blank", row, table)
    text = cell.text
    conf = round(cell.conf, 3)
    kind = cell_kind(text) if text else "unread"
    if not _CJK.search(text) and (kind != "value" or conf < MIN_VALUE_CONF):
        kind = "unread"  # "o", "l", "I0", or a digit read unsurely: ink in a number cell, not a number
    if kind == "value" and text.lstrip("-+").startswith("."):
        kind = "unread"  # ".5": a speck before a digit (no form prints a bare decimal point)
    return Token(text, kind, row, table, conf)


@dataclass(slots=True)
class OcrDocument:
    """A document read by OCR: its lines (tables as ``cell | cell |`` lines) and its table tokens."""

    lines: list[str]
    line_conf: list[float | None]  # confidence of each line (None for a table row's line)
    tokens: list[Token]
    tables: list[list[list[tuple[str, int, int]]]]
    ruled: bool  # at least one ruled table was found (else tokens is empty: read the lines as text)
    problems: list[str]


def read_pages(pages: list[np.ndarray], first_table: int = 0) -> OcrDocument:
    lines: list[str] = []
    line_conf: list[float | None] = []
    tokens: list[Token] = []
    grids: list[list[list[tuple[str, int, int]]]] = []
    row_no = 0
    table_no = first_table
    low = 0
    carry: Columns | None = None
    for gray in pages:
        page = read_page(gray, carry)
        carry = page.columns
        for _top, block, conf in page.blocks:
            if isinstance(block, str):
                lines.append(block)
                line_conf.append(round(conf, 3))
                low += conf < 0.8
                continue
            grid = []
            for row in block:
                lines.append(" | ".join(c.text for c in row) + " |")
                line_conf.append(None)
                for c in row:
                    tokens.append(cell_token(c, row_no, table_no))
                grid.append([(c.text, c.rs, c.cs) for c in row])
                row_no += 1
            grids.append(grid)
            table_no += 1
    problems = [f"OCR: {low} text line(s) read with confidence under 0.8"] if low else []
    return OcrDocument(lines, line_conf, tokens, grids, bool(grids), problems)
