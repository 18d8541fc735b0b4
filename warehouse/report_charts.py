"""Static inline SVG charts for the oversight report, written in Python — no chart library, no JavaScript.

Why hand-written SVG: the page must open offline and make no network request, print crisply on A4 and keep
its Chinese labels as real text (searchable, and checkable in the DOM by the test). JS libraries (ECharts,
Chart.js, Vega) would have to be inlined (hundreds of kB) and draw on canvas or at run time; pygal embeds
a CDN script for tooltips by default; matplotlib needs a CJK font at build time and turns text into paths.
Three chart kinds are needed, each a few dozen lines of rectangles and lines, so SVG is written directly.
Tooltips are SVG <title> elements (English glosses live there).

Sizes (issue 18): every chart scales with its box (viewBox, width 100%), so a unit of the viewBox is drawn
at (box width / viewBox width) px. The viewBoxes are as narrow as a phone's column (WIDTH) and the page lays
charts out in columns at least that wide (``.charts``, ``.trends`` in the template), so the scale stays near
1 from 390 px to A4 and the text, TEXT units high, stays at or above 12 px wherever it is read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from warehouse.report_data import OrganTrend

FONT = "font-family=\"'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif\""
WIDTH = 340  # viewBox width of every chart: a 390 px phone's column less the page margins, rounded down
TEXT = 13  # text height in viewBox units: ≥ 12 px while a chart is drawn at ≥ 0.93 of WIDTH
CJK_W = TEXT  # width of one Chinese character (square glyphs)
DIGIT_W = 0.6 * TEXT  # width of a digit or a Latin letter, generously
MISSING = "#b3261e"
HALO = 'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'  # legible over lines


@dataclass(frozen=True)
class Segment:
    """One part of a bar: its Chinese name, English gloss and colour."""

    name: str
    gloss: str
    color: str


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _text_width(text: str) -> float:
    return sum(DIGIT_W if ord(ch) < 0x2E80 else CJK_W for ch in text)


def _svg(width: int, height: float, body: list[str], label: str, kind: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" viewBox="0 0 {width} {height:.0f}" '
            f'width="100%" role="img" aria-label="{escape(label)}" {FONT} font-size="{TEXT}">'
            + "".join(body) + "</svg>")


def short_name(organ: str, county: str) -> str:
    """三江镇 for 锦屏县三江镇人民政府: charts have no room for the full name (it stays in the tooltip)."""
    name = organ.removeprefix(county)
    for suffix in ("人民政府办公室", "人民政府"):
        name = name.removesuffix(suffix)
    return name or organ


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at or above ``value``: a y-axis top a reader can take in at a glance."""
    if value <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(value))
    return next(m * step for m in (1, 2, 5, 10) if m * step >= value * (1 - 1e-9))


def _legend(segments: Sequence[Segment], per_row: int) -> tuple[list[str], float]:
    """Colour keys, ``per_row`` to a row; returns the elements and the height they take."""
    cell = WIDTH / per_row
    body = []
    for i, seg in enumerate(segments):
        x, y = (i % per_row) * cell, 4 + (i // per_row) * (TEXT + 6)
        body.append(f'<rect x="{x:.1f}" y="{y + 2}" width="11" height="11" fill="{seg.color}"/>'
                    f'<text x="{x + 15:.1f}" y="{y + TEXT - 1}"><title>{escape(seg.gloss)}</title>'
                    f'{escape(seg.name)}</text>')
    rows = math.ceil(len(segments) / per_row)
    return body, 4 + rows * (TEXT + 6) + 6


def _row_label(x: float, y: float, short: str, full: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end"><title>{escape(full)}</title>{escape(short)}</text>'


def stacked_bars(rows: Sequence[tuple[str, str, Sequence[float | None], float | None]],
                 segments: Sequence[Segment], label: str, total_name: str) -> str:
    """Horizontal stacked bars: one row per (short label, full label, segment values, printed total).

    The printed total is written at the end of the bar; a row with no values is drawn as "未发布".
    """
    left = 6 + max([_text_width(short) for short, *_ in rows] + [3 * CJK_W])
    biggest = max([sum(v or 0 for v in vals) for _, _, vals, _ in rows] + [t or 0 for *_, t in rows] + [1])
    right = 6 + _text_width(f"{total_name} {_num(biggest)}")
    plot = WIDTH - left - right
    row_h = TEXT + 9
    body, top = _legend(segments, 3)
    for i, (short, full, vals, total) in enumerate(rows):
        y = top + i * row_h
        base = y + TEXT
        body.append(_row_label(left - 6, base, short, full))
        if all(v is None for v in vals) and total is None:
            body.append(f'<text x="{left + 4:.1f}" y="{base}" fill="{MISSING}">未发布<title>no report</title></text>')
            continue
        x = left
        for seg, v in zip(segments, vals, strict=True):
            if not v:
                continue
            w = plot * v / biggest
            body.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{seg.color}">'
                        f'<title>{escape(full)} · {escape(seg.name)} ({escape(seg.gloss)}): {_num(v)}</title>'
                        f'</rect>')
            x += w
        body.append(f'<text x="{x + 4:.1f}" y="{base}" class="bar-total">{escape(total_name)} {_num(total)}'
                    f'</text>')
    return _svg(WIDTH, top + row_h * len(rows) + 4, body, label, "bars")


def panel_bars(rows: Sequence[tuple[str, str, Sequence[float | None]]], segments: Sequence[Segment],
               label: str) -> str:
    """Horizontal bars in one panel per segment, side by side, each row's value printed after its bar.

    Panels rather than bars grouped under each row: three thin bars per row need a label each, and at a
    phone's width the labels of a group would overlap. Each panel has its own scale (a licensing count in
    the hundreds would flatten a penalty count of 2); the printed values carry the comparison.
    """
    left = 6 + max([_text_width(short) for short, *_ in rows] + [3 * CJK_W])
    panel = (WIDTH - left) / len(segments)
    row_h = TEXT + 7
    top = TEXT + 10
    body = []
    biggest = []
    for k, seg in enumerate(segments):
        x0 = left + k * panel
        biggest.append(max([vals[k] or 0 for _, _, vals in rows] + [1]))
        body.append(f'<text x="{x0 + 4:.1f}" y="{TEXT}" fill="{seg.color}" font-weight="bold">'
                    f'<title>{escape(seg.gloss)}</title>{escape(seg.name)}</text>'
                    f'<line x1="{x0:.1f}" y1="{top - 4}" x2="{x0:.1f}" y2="{top + row_h * len(rows)}" '
                    f'stroke="#ccd" stroke-width="0.8"/>')
    for i, (short, full, vals) in enumerate(rows):
        y = top + i * row_h
        base = y + TEXT - 1
        body.append(_row_label(left - 6, base, short, full))
        if all(v is None for v in vals):
            body.append(f'<text x="{left + 4:.1f}" y="{base}" fill="{MISSING}">未发布<title>no report</title></text>')
            continue
        for k, (seg, v) in enumerate(zip(segments, vals, strict=True)):
            x0 = left + k * panel + 2
            text = _num(v)
            w = (panel - 8 - _text_width(text)) * (v or 0) / biggest[k]
            body.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" fill="{seg.color}">'
                        f'<title>{escape(full)} · {escape(seg.name)}: {text}</title></rect>'
                        f'<text x="{x0 + w + 3:.1f}" y="{base}">{text}</text>')
    return _svg(WIDTH, top + row_h * len(rows) + 4, body, label, "bars")


SERIES_COLORS = ("#1f5fa8", "#c9711a", "#2e7d32")


def trend_chart(trend: OrganTrend, years: Sequence[int], title: str) -> str:
    """Small multiple for one organ: one strip per series, each on its own y-axis, the format break marked.

    One strip per series because each has its own scale (applications in single digits, licensing
    decisions in the hundreds): lines sharing one box would need three y-axes. Each strip's axis shows 0
    and a round top value. A segment is solid where v_trend says the two years compare, dashed where they
    only approximately do, and left out where they do not (the 2019→2021 column change): the eye must
    not read a jump there.
    """
    series = list(trend.series.items())
    axis_w = 6 + max([_text_width(_num(nice_ceiling(max([p.value for p in pts if p.value is not None] + [0]))))
                      for _, pts in series] + [DIGIT_W])
    left, right, strip_plot, strip_gap = axis_w + 4, 2 * DIGIT_W + 2, 38.0, TEXT + 12
    top = TEXT + 8
    plot_w = WIDTH - left - right
    span = max(len(years) - 1, 1)
    year_step = max(1, math.ceil((4 * DIGIT_W + 6) / (plot_w / span)))  # label every n-th year, no overlap

    def xpos(year: int) -> float:
        return left + plot_w * (year - years[0]) / span

    strip_h = strip_gap - 8 + strip_plot + 14
    bottom = top + strip_h * len(series) - 8
    body = [f'<text x="0" y="{TEXT}" font-weight="bold"><title>{escape(trend.organ)}</title>'
            f'{escape(title)}</text>']
    for y in trend.format_breaks:  # drawn first: the labels are written over it
        bx = (xpos(y) + xpos(y - 1)) / 2
        body.append(f'<line x1="{bx:.1f}" y1="{top}" x2="{bx:.1f}" y2="{bottom}" stroke="{MISSING}" '
                    f'stroke-dasharray="3 2" stroke-width="1.2"><title>表格式变更 (form changed: {y - 1}→{y}); '
                    f'部分栏目不可比 columns not comparable</title></line>')
    y0 = top
    for k, (name, points) in enumerate(series):
        color = SERIES_COLORS[k % len(SERIES_COLORS)]
        vals = [p.value for p in points if p.value is not None]
        hi = nice_ceiling(max(vals + [0]))
        last = points[-1] if points else None
        body.append(f'<text x="{left}" y="{y0 + TEXT - 2}" fill="{color}" {HALO}>{escape(name)} '
                    f'{_num(last.value) if last else "—"}</text>')
        plot_top = y0 + strip_gap - 8
        plot_bottom = plot_top + strip_plot

        def ypos(v: float, hi: float = hi, bottom: float = plot_bottom) -> float:
            return bottom - strip_plot * v / hi

        for tick in (0.0, hi):  # the y-axis: 0 and the round top, with light grid lines
            body.append(f'<line x1="{left}" y1="{ypos(tick):.1f}" x2="{WIDTH - right:.1f}" y2="{ypos(tick):.1f}" '
                        f'stroke="#dde" stroke-width="0.8"/>'
                        f'<text x="{left - 4}" y="{ypos(tick) + TEXT * 0.35:.1f}" text-anchor="end" '
                        f'class="y-tick" fill="#555">{_num(tick)}</text>')
        for a, b in zip(points, points[1:], strict=False):
            if a.value is None or b.value is None or b.year != a.year + 1:
                continue
            if b.comparability not in ("comparable", "approx"):
                continue
            dash = ' stroke-dasharray="4 3"' if b.comparability == "approx" else ""
            body.append(f'<line x1="{xpos(a.year):.1f}" y1="{ypos(a.value):.1f}" x2="{xpos(b.year):.1f}" '
                        f'y2="{ypos(b.value):.1f}" stroke="{color}" stroke-width="1.8"{dash}/>')
        for p in points:
            if p.value is None:
                continue
            body.append(f'<circle cx="{xpos(p.year):.1f}" cy="{ypos(p.value):.1f}" r="2.6" fill="{color}">'
                        f'<title>{escape(name)} {p.year}: {_num(p.value)} ({p.format}; {p.comparability})'
                        f'</title></circle>')
        if not vals:
            body.append(f'<text x="{left + 4}" y="{plot_bottom - 4}" fill="#555">无数据<title>no value</title></text>')
        y0 = plot_bottom + 14
    for i, y in enumerate(years):
        if (len(years) - 1 - i) % year_step == 0:  # counted from the report year, which is always labelled
            body.append(f'<text x="{xpos(y):.1f}" y="{y0 + 2}" text-anchor="middle" class="x-tick">{y}</text>')
    return _svg(WIDTH, y0 + 6, body, f"{trend.organ} {title}", "trend")
