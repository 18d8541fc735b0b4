"""Raster deliveries of a report: scanned pages (扫描件) and table screenshots, drawn with Pillow.

Townships publish scans of the signed report and pages whose tables are screenshots (issue 15). These
images must look like theirs to test the OCR reader honestly: ruled tables, a CJK font, 120–200 dpi,
grayscale, a slight skew and JPEG artefacts. Pillow draws them (already installed as pdfplumber's
dependency); the font is a system CJK font. Neither is needed at test time: the generator keeps the
committed images while their source is unchanged (sampleportal/derived.py), because a font or Pillow
version on another machine would draw different pixels.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from common.errors import NianbaoError
from sampleportal.tables import Table, grid_positions

DPI = 150
PAGE_PX = (1240, 1754)  # A4 at 150 dpi
MARGIN = 110
FONT_CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                   "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                   "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


class RasterError(NianbaoError):
    """Raised when a raster delivery must be redrawn but Pillow or a CJK font is missing."""


def _font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found and Path(found).is_file():
        return found
    raise RasterError("no CJK font found to draw the sample portal's scans (install fonts-wqy-zenhei)")


def _fonts(sizes: tuple[int, ...]):
    try:
        from PIL import ImageFont
    except ImportError:
        raise RasterError("Pillow is needed to redraw the sample portal's scans (pip install pillow)") from None
    path = _font_path()
    return {size: ImageFont.truetype(path, size) for size in sizes}


def _wrap(text: str, width_px: int, size: int) -> list[str]:
    per_line = max(1, width_px // size)
    return [text[i:i + per_line] for i in range(0, len(text), per_line)] or [""]


def _col_widths(table: Table, total: int) -> list[int]:
    placed = grid_positions(table)
    n_cols = max(col + cell.cs for row in placed for _, col, cell in row)
    value_cols = {col for row in placed for _, col, cell in row if cell.value}
    label_cols = [c for c in range(n_cols) if c not in value_cols]
    if not value_cols:
        return [total // n_cols] * n_cols
    # Label columns share 45 % of the width (tables 三 and 二), table 四 has no label column.
    label_share = int(total * (0.45 if n_cols <= 10 else 0.0)) if label_cols else 0
    widths = []
    for c in range(n_cols):
        if c in value_cols:
            widths.append((total - label_share) // len(value_cols))
        else:
            widths.append(label_share // len(label_cols))
    return widths


def _layout(table: Table, x0: int, width: int, row_h: int, size: int) -> tuple[list, list[int], list[int]]:
    """(placed cells, column x edges, row heights): a header row whose labels wrap gets taller."""
    placed = grid_positions(table)
    widths = _col_widths(table, width)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    heights = [row_h] * len(table)
    for r, row in enumerate(placed):
        for _, c, cell in row:
            if cell.rs == 1 and not cell.value:
                lines = sum(len(_wrap(part, xs[c + cell.cs] - xs[c] - 8, size)) for part in cell.text.split("\n"))
                heights[r] = max(heights[r], lines * (size + 4) + 8)
    return placed, xs, heights


def _breaks(placed: list, heights: list[int], first: int, page: int) -> list[tuple[int, int]]:
    """Row ranges to draw, one a page: ``first`` px are left on the current page, ``page`` px on a fresh
    one. A table is cut only between rows that no rowspan crosses (a word processor keeps a merged cell
    whole); an empty first range means the table starts on a fresh page."""
    n = len(heights)
    reach, blocks, start = 0, [], 0
    for r, row in enumerate(placed):  # uncuttable blocks of rows
        reach = max([reach, r + 1] + [r + cell.rs for _, _c, cell in row])
        if reach == r + 1:
            blocks.append((start, r + 1))
            start = r + 1
    if start < n:
        blocks.append((start, n))
    # A block taller than a page (table 三's vertical 三、本年度办理结果 spans 20 rows) is cut between any
    # rows, as Word does: the merged cell goes on across the page break as an empty continuation.
    blocks = [piece for a, b in blocks
              for piece in ([(r, r + 1) for r in range(a, b)] if sum(heights[a:b]) > page else [(a, b)])]
    ranges, start, used, limit = [], 0, 0, first
    for a, b in blocks:
        h = sum(heights[a:b])
        if used + h > limit and used:
            ranges.append((start, a))
            start, used, limit = a, 0, page
        elif used + h > limit and not ranges and limit < page:
            ranges.append((0, 0))
            limit = page
        used += h
    ranges.append((start, n))
    return ranges


def _draw_table(draw, fonts, table: Table, x0: int, y0: int, width: int, row_h: int, size: int,
                rows: tuple[int, int] | None = None) -> int:
    """Draw a ruled grid (or its rows ``rows``) at (x0, y0); return the y below it."""
    placed, xs, heights = _layout(table, x0, width, row_h, size)
    r0, r1 = rows or (0, len(table))
    ys = [y0]
    for h in heights[r0:r1]:
        ys.append(ys[-1] + h)
    font = fonts[size]
    for r, row in enumerate(placed):
        for _, c, cell in row:
            if r >= r1 or r + cell.rs <= r0:
                continue
            end = min(r + cell.rs, r1)
            left, right, top, bottom = xs[c], xs[min(c + cell.cs, len(xs) - 1)], ys[max(r, r0) - r0], ys[end - r0]
            draw.rectangle([left, top, right, bottom], outline=0, width=2)
            if r < r0:
                continue  # the continuation of a cell merged across the page break: its text was drawn above
            lines = [piece for part in cell.text.split("\n") for piece in _wrap(part, right - left - 8, size)]
            block = len(lines) * (size + 4)
            y = top + (bottom - top - block) // 2
            for line in lines:
                text_w = draw.textlength(line, font=font)
                draw.text((left + (right - left - text_w) / 2, y), line, fill=0, font=font)
                y += size + 4
    return ys[-1]


def _finish(image, skew_deg: float, quality: int) -> tuple[bytes, int, int]:
    """Skew, soften and compress like a flatbed scan; returns (JPEG bytes, width, height)."""
    from PIL import Image, ImageFilter

    image = image.rotate(skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, dpi=(DPI, DPI), optimize=True)
    return buffer.getvalue(), image.width, image.height


def table_image(table: Table, *, skew_deg: float = 0.4, quality: int = 60) -> tuple[bytes, int, int]:
    """One table as a screenshot-like grayscale JPEG (a page whose tables are images)."""
    from PIL import Image, ImageDraw

    fonts = _fonts((20,))
    width = 1100
    height = 60 + sum(60 for _ in table) + 40 * len(table)  # generous, cropped below
    image = Image.new("L", (width + 40, height), 255)
    draw = ImageDraw.Draw(image)
    bottom = _draw_table(draw, fonts, table, 20, 20, width, 36, 20)
    return _finish(image.crop((0, 0, width + 40, bottom + 20)), skew_deg, quality)


def scanned_pages(title: str, blocks: list[tuple[str, object]], *, skew_deg: float = 0.7,
                  quality: int = 55) -> list[tuple[bytes, int, int]]:
    """A report as A4 page images: ``blocks`` are ("title"|"heading"|"para", text) or ("table", Table)."""
    from PIL import Image, ImageDraw

    fonts = _fonts((22, 26, 34))
    width = PAGE_PX[0] - 2 * MARGIN
    pages: list = []
    image = draw = None
    y = 0

    def new_page():
        nonlocal image, draw, y
        image = Image.new("L", PAGE_PX, 255)
        draw = ImageDraw.Draw(image)
        pages.append(image)
        y = MARGIN

    new_page()
    for kind, content in [("title", title), *blocks]:
        if kind == "table":
            # Measured, not estimated: table 三's wrapped labels ran past the page bottom and under the
            # page number (29 cells lost to the reader). Long tables continue on the next page.
            placed, _xs, heights = _layout(content, MARGIN, width, 34, 22)  # type: ignore[arg-type]
            bottom = PAGE_PX[1] - MARGIN - 40  # the page number sits below
            for i, part in enumerate(_breaks(placed, heights, bottom - y, bottom - MARGIN)):
                if i:
                    new_page()
                if part[0] < part[1]:
                    y = _draw_table(draw, fonts, content, MARGIN, y, width, 34, 22, part) + 20  # type: ignore[arg-type]
            continue
        size = {"title": 34, "heading": 26, "para": 26}[kind]
        text = str(content)
        lines = _wrap(("　　" if kind == "para" else "") + text, width, size)
        for line in lines:
            if y + size + 14 > PAGE_PX[1] - MARGIN:
                new_page()
            x = MARGIN + (width - draw.textlength(line, font=fonts[size])) / 2 if kind == "title" else MARGIN
            draw.text((x, y), line, fill=0, font=fonts[size])
            y += size + 14
        y += 8
    out = []
    for number, page in enumerate(pages, start=1):
        ImageDraw.Draw(page).text((PAGE_PX[0] / 2 - 20, PAGE_PX[1] - 70), f"- {number} -", fill=0, font=fonts[22])
        out.append(_finish(page, skew_deg if number % 2 else -skew_deg * 0.6, quality))
    return out
