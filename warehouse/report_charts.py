"""Static inline SVG charts for the oversight report, written in Python — no chart library, no JavaScript.

Why hand-written SVG: the page must open offline and make no network request, print crisply on A4 and keep
its Chinese labels as real text (searchable, and checkable in the DOM by the test). JS libraries (ECharts,
Chart.js, Vega) would have to be inlined (hundreds of kB) and draw on canvas or at run time; pygal embeds
a CDN script for tooltips by default; matplotlib needs a CJK font at build time and turns text into paths.
Three chart kinds are needed, each a few dozen lines of rectangles and lines, so SVG is written directly.
Tooltips are SVG <title> elements (English glosses live there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from warehouse.report_data import OrganTrend

FONT = "font-family=\"'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif\""


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


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" aria-label="{escape(label)}" {FONT} font-size="12">' + "".join(body) + "</svg>")


def short_name(organ: str, county: str) -> str:
    """三江镇 for 锦屏县三江镇人民政府: charts have no room for the full name (it stays in the tooltip)."""
    name = organ.removeprefix(county)
    for suffix in ("人民政府办公室", "人民政府"):
        name = name.removesuffix(suffix)
    return name or organ


def stacked_bars(rows: Sequence[tuple[str, str, Sequence[float | None], float | None]],
                 segments: Sequence[Segment], label: str, total_name: str) -> str:
    """Horizontal stacked bars: one row per (short label, full label, segment values, printed total).

    The printed total is written at the end of the bar; a row with no values is drawn as "未发布".
    """
    left, right, row_h, top = 96, 70, 22, 34
    width = 760
    plot = width - left - right
    biggest = max([sum(v or 0 for v in vals) for _, _, vals, _ in rows] + [t or 0 for *_, t in rows] + [1])
    height = top + row_h * len(rows) + 10
    body = []
    x = left
    for seg in segments:  # legend
        body.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{seg.color}"/>'
                    f'<text x="{x + 16}" y="16"><title>{escape(seg.gloss)}</title>{escape(seg.name)}</text>')
        x += 16 + 13 * len(seg.name) + 14
    for i, (short, full, vals, total) in enumerate(rows):
        y = top + i * row_h
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end"><title>{escape(full)}</title>'
                    f'{escape(short)}</text>')
        if all(v is None for v in vals) and total is None:
            body.append(f'<text x="{left + 4}" y="{y + 14}" fill="#b3261e">未发布 (no report)</text>')
            continue
        x = float(left)
        for seg, v in zip(segments, vals, strict=True):
            if not v:
                continue
            w = plot * v / biggest
            body.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" fill="{seg.color}">'
                        f'<title>{escape(full)} · {escape(seg.name)} ({escape(seg.gloss)}): {_num(v)}</title>'
                        f'</rect>')
            x += w
        body.append(f'<text x="{x + 4:.1f}" y="{y + 14}" class="bar-total">{escape(total_name)} {_num(total)}'
                    f'</text>')
    return _svg(width, height, body, label)


def grouped_bars(rows: Sequence[tuple[str, str, Sequence[float | None]]], segments: Sequence[Segment],
                 label: str) -> str:
    """Horizontal grouped bars: for each row one thin bar per segment, each with its value."""
    left, right, bar_h, top = 96, 60, 7, 34
    width = 760
    plot = width - left - right
    group_h = bar_h * len(segments) + 8
    biggest = max([v or 0 for _, _, vals in rows for v in vals] + [1])
    height = top + group_h * len(rows) + 6
    body = []
    x = left
    for seg in segments:
        body.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{seg.color}"/>'
                    f'<text x="{x + 16}" y="16"><title>{escape(seg.gloss)}</title>{escape(seg.name)}</text>')
        x += 16 + 13 * len(seg.name) + 14
    for i, (short, full, vals) in enumerate(rows):
        y0 = top + i * group_h
        body.append(f'<text x="{left - 6}" y="{y0 + group_h / 2 + 3:.1f}" text-anchor="end"><title>'
                    f'{escape(full)}</title>{escape(short)}</text>')
        if all(v is None for v in vals):
            body.append(f'<text x="{left + 4}" y="{y0 + group_h / 2 + 3:.1f}" fill="#b3261e">未发布 (no report)'
                        f'</text>')
            continue
        for j, (seg, v) in enumerate(zip(segments, vals, strict=True)):
            y = y0 + j * bar_h
            w = plot * (v or 0) / biggest
            body.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 1}" fill="{seg.color}">'
                        f'<title>{escape(full)} · {escape(seg.name)}: {_num(v)}</title></rect>'
                        f'<text x="{left + w + 3:.1f}" y="{y + bar_h - 1}" font-size="8">{_num(v)}</text>')
    return _svg(width, height, body, label)


SERIES_COLORS = ("#1f5fa8", "#c9711a", "#2e7d32")


def trend_chart(trend: OrganTrend, years: Sequence[int], title: str) -> str:
    """Small multiple for one organ: one line per series on its own scale, the format break marked.

    A segment is solid where v_trend says the two years compare, dashed where they only approximately do,
    and left out where they do not (the 2019→2021 column change): the eye must not read a jump there.
    """
    width, height, left, right, top, bottom = 250, 128, 8, 8, 20, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(len(years) - 1, 1)

    def xpos(year: int) -> float:
        return left + plot_w * (year - years[0]) / span

    body = [f'<text x="{left}" y="13" font-size="12" font-weight="bold"><title>{escape(trend.organ)}</title>'
            f'{escape(title)}</text>']
    for y in years:
        body.append(f'<text x="{xpos(y):.1f}" y="{height - 22}" font-size="8" text-anchor="middle">{y}</text>')
    for y in trend.format_breaks:
        bx = (xpos(y) + xpos(y - 1)) / 2
        body.append(f'<line x1="{bx:.1f}" y1="{top - 4}" x2="{bx:.1f}" y2="{top + plot_h}" stroke="#b3261e" '
                    f'stroke-dasharray="2 2"><title>表格式变更 (form changed: {y - 1}→{y}); '
                    f'部分栏目不可比 columns not comparable</title></line>'
                    f'<text x="{bx + 2:.1f}" y="{top + 4}" font-size="8" fill="#b3261e">格式变更</text>')
    for k, (name, points) in enumerate(trend.series.items()):
        color = SERIES_COLORS[k % len(SERIES_COLORS)]
        vals = [p.value for p in points if p.value is not None]
        hi = max(vals + [1.0])

        def ypos(v: float, hi: float = hi) -> float:
            return top + plot_h - plot_h * v / hi

        for a, b in zip(points, points[1:], strict=False):
            if a.value is None or b.value is None or b.year != a.year + 1:
                continue
            if b.comparability not in ("comparable", "approx"):
                continue
            dash = ' stroke-dasharray="4 3"' if b.comparability == "approx" else ""
            body.append(f'<line x1="{xpos(a.year):.1f}" y1="{ypos(a.value):.1f}" x2="{xpos(b.year):.1f}" '
                        f'y2="{ypos(b.value):.1f}" stroke="{color}" stroke-width="1.6"{dash}/>')
        for p in points:
            if p.value is None:
                continue
            body.append(f'<circle cx="{xpos(p.year):.1f}" cy="{ypos(p.value):.1f}" r="2.2" fill="{color}">'
                        f'<title>{escape(name)} {p.year}: {_num(p.value)} ({p.format}; {p.comparability})'
                        f'</title></circle>')
        last = points[-1] if points else None
        legend = f"{name} {_num(last.value) if last else '—'}"
        body.append(f'<text x="{left + (k % 2) * 120}" y="{height - 10 + (k // 2) * 9}" font-size="8" '
                    f'fill="{color}">■ {escape(legend)}</text>')
    return _svg(width, height + 6, body, f"{trend.organ} {title}")
