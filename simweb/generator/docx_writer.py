"""A report (or a noise document) as a Word file, the way agencies type them: GB/T 9704 page
margins, 仿宋 body text with an east-asian font set on every run, tables with real merged cells
(gridSpan / vMerge), optional "- 1 -" page numbers. Output bytes are deterministic."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from .grid import Grid

TEXT_WIDTH_CM = 15.6  # A4 with the official 28 mm / 26 mm side margins
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def set_font(run, east_asian: str, size_pt: float, bold: bool = False) -> None:
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)


def new_document(font: str, title: str, author: str, when: datetime, page_numbers: bool):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = title, author, author
    cp.created = cp.modified = when
    cp.revision = 1
    if page_numbers:
        p = sec.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run("- "), font, 14)
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)
        set_font(p.add_run(" -"), font, 14)
    return doc


def add_para(doc, text: str, kind: str, font: str) -> None:
    """kind: title | heading | para | sign | small."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run(text), "方正小标宋简体" if font != "Noto Sans CJK SC" else font, 22)
        return
    if kind == "sign":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        fmt.first_line_indent = Pt(32)
    fmt.line_spacing = Pt(28)
    size = 12 if kind == "small" else 16
    set_font(p.add_run(text), "黑体" if kind == "heading" else font, size, bold=False)


def add_page_break(doc) -> None:
    """An empty 1 pt paragraph that starts a new page: two tables with nothing between them would
    be one table, and the second part of a table a clerk went on with overleaf starts the page."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.page_break_before = True
    fmt.line_spacing = Pt(1)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(0)
    set_font(p.add_run(""), "SimSun", 1)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def add_grid(doc, grid: Grid, font: str, size_pt: float, repeat_header: bool = False) -> None:
    table = doc.add_table(rows=len(grid.rows), cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # widths in cm may overflow into the margin, as wide tables do in real files
    scale = 1.0 if grid.widths_cm else TEXT_WIDTH_CM / sum(grid.widths)
    widths = [Cm(w * scale) for w in grid.widths]
    for col, w in zip(table.columns, widths):
        col.width = w
    # table.cell() re-walks the whole grid on every call; take every <w:tc> once, before merging
    # (merges never touch cells outside their own rectangle)
    tcs = [[_Cell(tc, table) for tc in row._tr.tc_lst] for row in table.rows]
    for row in tcs:
        for c, cell in enumerate(row):
            cell.width = widths[c]
    if repeat_header:
        for r in range(grid.header_rows):
            _repeat_header(table.rows[r])
    pstyle = _table_style(doc, font, size_pt)
    for r, row in enumerate(grid.rows):
        for cell in row:
            tc = tcs[r][cell.col]
            if cell.rowspan > 1 or cell.colspan > 1:
                tc = tc.merge(tcs[r + cell.rowspan - 1][cell.col + cell.colspan - 1])
            tc.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = tc.paragraphs[0]
            p.style = pstyle
            left = cell.kind == "label" and not cell.vertical
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
            if cell.text:
                run = p.add_run(cell.text)
                if cell.kind == "head":
                    run.bold = True


def _table_style(doc, font: str, size_pt: float):
    """One paragraph style for table text (font, size, single spacing) instead of formatting
    every run: what a typist's template does, and much faster to write."""
    name = f"表格文字 {size_pt:g}"
    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.font.size = Pt(size_pt)
    st.font.name = "Times New Roman"
    st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    st.paragraph_format.line_spacing = 1.0
    st.paragraph_format.first_line_indent = Pt(0)
    return st


def to_bytes(doc) -> bytes:
    """Save, then rewrite the zip with fixed timestamps so equal input gives equal bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
