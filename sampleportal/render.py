"""Render a report (tables + prose) as a TRS-style HTML body, a PDF attachment or a DOCX attachment.

HTML varies the way real county pages do (FORMAT_SPEC §1.7): one big section-二 grid or one table per
item, Word-pasted markup (``<o:p>``, nested ``<span>``, ``<p>`` in cells, ``<br>`` in labels), ``&nbsp;``
blank cells, half-width brackets. PDF uses the hand-written CJK writer (pdfwriter.py); DOCX uses
python-docx with real merged cells, re-zipped with fixed timestamps so the bytes are reproducible.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from dataclasses import dataclass

import docx
from docx.shared import Pt

from sampleportal.numbers import TableValues
from sampleportal.pdfwriter import PdfDocument
from sampleportal.prose import PROBLEMS_HEADING_VARIANT, SECTION_HEADINGS, Prose
from sampleportal.tables import (
    Table,
    grid_positions,
    section2_tables,
    section3_table,
    section4_table,
)

SAMPLE_MARK = "示例数据（sample data）"


@dataclass(frozen=True, slots=True)
class Style:
    """How one organ's web editor lays out its report."""

    split: bool = False  # one table per 第二十条 item instead of one grid
    word: bool = False  # pasted from Word: <o:p>, nested spans, <p> in cells, <br> in header labels
    halfwidth: bool = False  # (一) instead of （一）
    list_headings: bool = False  # intro lists the six parts (a Guizhou template habit)
    problems_variant: bool = False  # "五、政府信息公开工作存在的主要问题及改进情况"


@dataclass(frozen=True, slots=True)
class ReportContent:
    """Everything a renderer needs: title, values and prose."""

    title: str
    values: TableValues
    prose: Prose


def _heading(key: str, style: Style) -> str:
    if key == "五" and style.problems_variant:
        return PROBLEMS_HEADING_VARIANT
    return SECTION_HEADINGS[key]


def _tables(content: ReportContent, style: Style) -> dict[str, list[Table]]:
    v = content.values
    return {
        "二": section2_tables(v, split=style.split, broken=style.word),
        "三": [section3_table(v, broken=style.word)],
        "四": [section4_table(v, broken=style.word)],
    }


# --- HTML ----------------------------------------------------------------------------------------------

def _cell_html(text: str, word: bool) -> str:
    if not text:
        inner = "&nbsp;"
    else:
        inner = "<br>".join(html.escape(part) for part in text.split("\n"))
    if word:
        return (f'<p class=MsoNormal align=center><span lang=EN-US><span style="font-family:仿宋_GB2312">'
                f"{inner}</span></span><o:p></o:p></p>")
    return inner


def table_html(table: Table, word: bool) -> str:
    rows = []
    for row in table:
        cells = []
        for cell in row:
            attrs = (f' rowspan="{cell.rs}"' if cell.rs > 1 else "") + (f' colspan="{cell.cs}"' if cell.cs > 1 else "")
            if word:
                attrs += " valign=center"
            cells.append(f"<td{attrs}>{_cell_html(cell.text, word)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    opening = ('<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
               'style="border-collapse:collapse">' if word else '<table border="1" cellspacing="0" width="100%">')
    return opening + "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _para(text: str, word: bool, strong: bool = False) -> str:
    body = html.escape(text)
    if strong:
        body = f"<strong>{body}</strong>"
    if word:
        return (f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">'
                f"{body}</span><span lang=\"EN-US\"><o:p></o:p></span></p>")
    return f'<p style="text-indent:2em">{body}</p>'


def _halfwidth(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def report_body_html(content: ReportContent, style: Style) -> str:
    """The report as it sits inside div.TRS_Editor: intro, six headed sections, the three tables."""
    out = [_para(content.prose.intro, style.word)]
    tables = _tables(content, style)
    for key in ("一", "二", "三", "四", "五", "六"):
        out.append(_para(_heading(key, style), style.word, strong=True))
        out.extend(_para(p, style.word) for p in content.prose.sections[key])
        for table in tables.get(key, []):
            out.append(table_html(table, style.word))
    body = "\n".join(out)
    return _halfwidth(body) if style.halfwidth else body


# --- PDF -----------------------------------------------------------------------------------------------

def _pdf_table(pdf: PdfDocument, table: Table) -> None:
    n_values = max(sum(1 for c in row if c.value) for row in table)
    x0, step = (300.0, 36.0) if n_values == 7 else (40.0, 34.0) if n_values == 15 else (300.0, 80.0)
    width = max(int((x0 - 48) / 8), 10) if n_values != 15 else 64
    for row in table:
        label = " ".join(c.text.replace("\n", "") for c in row if not c.value and c.text)
        values = [c.text for c in row if c.value]
        if n_values == 15 and not values:  # header rows of 四: spread the labels over the value columns
            pdf.add_line([(40.0, label)], size=8, leading=12)
            continue
        pieces = [label[i:i + width] for i in range(0, len(label), width)] or [""]
        for piece in pieces[:-1]:
            pdf.add_line([(40.0, piece)], size=8, leading=12)
        cells = [(40.0, pieces[-1])] if pieces[-1] else []
        cells += [(x0 + i * step, v) for i, v in enumerate(values) if v]
        pdf.add_line(cells, size=8, leading=12)


def report_pdf(content: ReportContent, style: Style) -> bytes:
    """A text PDF as county offices export from WPS: title, prose lines, tables as label + numbers."""
    pdf = PdfDocument()
    pdf.add_line([(60.0, content.title)], size=13, leading=22)
    pdf.add_line([(60.0, SAMPLE_MARK + "：本文件为离线示例门户生成，数字不是真实数据")], size=9)
    pdf.add_paragraph(content.prose.intro)
    tables = _tables(content, style)
    for key in ("一", "二", "三", "四", "五", "六"):
        pdf.add_line([(60.0, _heading(key, style))], size=11, leading=18)
        for para in content.prose.sections[key]:
            pdf.add_paragraph(para)
        for table in tables.get(key, []):
            _pdf_table(pdf, table)
    pdf.add_footer_page_numbers()
    return pdf.to_bytes()


# --- DOCX ----------------------------------------------------------------------------------------------

FIXED_TIME = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def _docx_table(document, table: Table) -> None:
    placed = grid_positions(table)
    n_cols = max(col + cell.cs for row in placed for _, col, cell in row)
    grid = document.add_table(rows=len(table), cols=n_cols)
    grid.style = "Table Grid"
    for row in placed:
        for r, c, cell in row:
            target = grid.cell(r, c)
            if cell.rs > 1 or cell.cs > 1:
                target = target.merge(grid.cell(r + cell.rs - 1, c + cell.cs - 1))
            target.text = cell.text


def _rezip(data: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; rewrite them with a fixed one."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def report_docx(content: ReportContent, style: Style) -> bytes:
    """A Word document with real tables (merged header and vertical label cells), as offices upload."""
    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "nianbao sample portal"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    props.title = content.title
    document.add_heading(content.title, level=1)
    document.add_paragraph(SAMPLE_MARK + "：本文件为离线示例门户生成，数字不是真实数据").runs[0].font.size = Pt(9)
    document.add_paragraph(content.prose.intro)
    tables = _tables(content, style)
    for key in ("一", "二", "三", "四", "五", "六"):
        document.add_paragraph(_heading(key, style)).runs[0].bold = True
        for para in content.prose.sections[key]:
            document.add_paragraph(para)
        for table in tables.get(key, []):
            _docx_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return _rezip(buffer.getvalue())


# --- other delivery shapes (issue 15) -------------------------------------------------------------------

def report_tables(content: ReportContent, style: Style) -> dict[str, list[Table]]:
    """The tables per section key (二, 三, 四), as every renderer draws them."""
    return _tables(content, style)


def _runon_lines(table: Table) -> list[str]:
    """A table flattened the way copy tools do: labels kept, the cells' digits run together."""
    lines = []
    for row in table:
        labels = "".join(c.text.replace("\n", "") for c in row if not c.value and c.text)
        values = [c.text for c in row if c.value]
        lines.append(labels + "".join(values) if values else " ".join(
            c.text.replace("\n", "") for c in row if c.text))
    return lines


def report_runon_html(content: ReportContent, style: Style) -> str:
    """The report as a text page whose tables lost their separators (``…申请数量640020470``)."""
    out = [_para(content.prose.intro, False)]
    tables = _tables(content, style)
    for key in ("一", "二", "三", "四", "五", "六"):
        out.append(_para(_heading(key, style), False))
        out.extend(_para(p, False) for p in content.prose.sections[key])
        for table in tables.get(key, []):
            out.extend(f"<p>{html.escape(line)}</p>" for line in _runon_lines(table))
    return "\n".join(out)


def report_image_html(content: ReportContent, style: Style, images: dict[str, list[str]]) -> str:
    """The report with its tables as ``<img>`` (``images``: section key → image hrefs, in order)."""
    out = [_para(content.prose.intro, style.word)]
    for key in ("一", "二", "三", "四", "五", "六"):
        out.append(_para(_heading(key, style), style.word, strong=True))
        out.extend(_para(p, style.word) for p in content.prose.sections[key])
        out.extend(f'<p style="text-align:center"><img src="{href}" border="0" style="width:100%"></p>'
                   for href in images.get(key, []))
    return "\n".join(out)


def report_blocks(content: ReportContent, style: Style) -> list[tuple[str, object]]:
    """The report in reading order for a page raster: ("heading"|"para", text) and ("table", Table)."""
    blocks: list[tuple[str, object]] = [("para", SAMPLE_MARK + "：本扫描件为离线示例门户生成，数字不是真实数据"),
                                        ("para", content.prose.intro)]
    tables = _tables(content, style)
    for key in ("一", "二", "三", "四", "五", "六"):
        blocks.append(("heading", _heading(key, style)))
        blocks.extend(("para", p) for p in content.prose.sections[key])
        blocks.extend(("table", t) for t in tables.get(key, []))
    return blocks
