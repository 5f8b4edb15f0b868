"""Hand-made documents for the reader tests: small tables that each show one feature (merged cells,
split tables, nested layout tables, wrapped and vertical labels, tables across pages, missing
rulings) in HTML, DOCX and — through one real LibreOffice run per session — PDF.

Imported by the tests/extract/test_readers_*.py, test_bad_input.py and test_fuzz.py modules; the
session fixtures render each PDF once.
"""
from __future__ import annotations

import functools
import io
import os
import random
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from simweb.generator import random_spec, render_many, seed_specs
from simweb.generator.office import convert_many, soffice_binary

TEMPLATES = ({"t2": "2021", "t3": "2021"}, {"t2": "2019", "t3": "2019"}, {"t2": "2021", "t3": "2019"})
AGENCIES = ("某某县人民政府办公室", "某某市生态环境局", "某某区司法局", "某某镇人民政府")


# ------------------------------------------------------------------ DOCX builders
def _docx_bytes(d) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _grid_table(d, rows: int, cols: int, widths_cm: list[float] | None = None, style: str | None = "Table Grid"):
    t = d.add_table(rows=rows, cols=cols)
    if style:
        t.style = style
    if widths_cm:
        t.autofit = False
        for row in t.rows:
            for cell, w in zip(row.cells, widths_cm):
                cell.width = Cm(w)
    return t


def merged_docx() -> bytes:
    """Table 3's header corner: a 3×3 corner note, a 7-wide 申请人情况, 自然人/总计 spanning two
    rows, 法人或其他组织 over five columns, then a vertical 三、本年度办理结果 over three rows."""
    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = _grid_table(d, 6, 6, [3.0, 2.4, 2.4, 2.4, 2.4, 2.4])
    t.cell(0, 0).merge(t.cell(1, 1)).text = "本列数据"
    t.cell(0, 2).merge(t.cell(0, 5)).text = "申请人情况"
    t.cell(1, 2).text = "自然人"
    t.cell(1, 3).merge(t.cell(1, 4)).text = "法人或其他组织"
    t.cell(1, 5).text = "总计"
    t.cell(2, 0).merge(t.cell(4, 0)).text = "三、本年度办理结果"
    for r, label in zip((2, 3, 4), ("（一）予以公开", "（二）部分公开", "（三）不予公开")):
        t.cell(r, 1).text = label
        for c in range(2, 6):
            t.cell(r, c).text = str(r * 10 + c)
    t.cell(5, 0).merge(t.cell(5, 1)).text = "四、结转下年度继续办理"
    for c in range(2, 6):
        t.cell(5, c).text = "" if c == 3 else str(c)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return _docx_bytes(d)


def interleaved_docx() -> bytes:
    """Paragraphs and two tables interleaved; a row with w:gridBefore; a content control."""
    d = docx.Document()
    d.core_properties.title = "某某局2023年政府信息公开工作年度报告"
    d.add_paragraph("某某局2023年政府信息公开工作年度报告")
    t = _grid_table(d, 2, 3)
    for c, v in enumerate(("信息内容", "本年制发件数", "本年废止件数")):
        t.cell(0, c).text = v
    for c, v in enumerate(("规章", "1", "2")):
        t.cell(1, c).text = v
    # second row starts one grid column in: drop its first cell and say so with gridBefore
    tr = t.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    trpr = tr.get_or_add_trPr()
    gb = OxmlElement("w:gridBefore")
    gb.set(qn("w:val"), "1")
    trpr.insert(0, gb)
    p = d.add_paragraph("中间的段落")
    # wrap that paragraph in a block-level content control (w:sdt)
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    p._p.addprevious(sdt)
    sdt.append(content)
    content.append(p._p)
    t2 = _grid_table(d, 1, 2)
    t2.cell(0, 0).text = "行政许可"
    t2.cell(0, 1).paragraphs[0].add_run("3")
    t2.cell(0, 1).add_paragraph("件")
    d.add_paragraph("结尾")
    return _docx_bytes(d)


def nested_docx() -> bytes:
    """A one-cell layout table holding a paragraph and a data table."""
    d = docx.Document()
    outer = _grid_table(d, 1, 1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].add_run("外层说明")
    inner = cell.add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = f"内{r}{c}"
    return _docx_bytes(d)


def wrapped_docx() -> bytes:
    """Narrow cells: a label that wraps, and a tall merged label printed one character per line."""
    d = docx.Document()
    t = _grid_table(d, 4, 3, [1.0, 2.6, 2.0])
    t.cell(0, 0).merge(t.cell(3, 0)).text = "三、本年度办理结果"
    t.cell(0, 0).vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    t.cell(0, 1).text = "2.没有现成信息需要另行制作"
    t.cell(0, 2).text = "7"
    for r in (1, 2, 3):
        t.cell(r, 1).text = f"第{r}行"
        t.cell(r, 2).text = str(r)
    return _docx_bytes(d)


def wrapped_numbers_docx() -> bytes:
    """Number cells too narrow for their numbers (as in generated bench document 0013): Word and
    LibreOffice break a long number inside its cell, "1999" over two lines. Beside them,
    one-line numbers in neighbouring cells."""
    d = docx.Document()
    widths = [3.0, 1.05, 1.05, 3.0]
    t = _grid_table(d, 3, 4, widths)
    for col, w in zip(t.columns, widths):
        col.width = Cm(w)  # the grid's widths, which LibreOffice lays out by
    for r, row in enumerate((("第一行", "1999", "25120", "7"), ("第二行", "12", "34", "2512"),
                             ("第三行", "1133", "", "2469"))):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    return _docx_bytes(d)


def spaced_numbers_docx() -> bytes:
    """Cells whose digits a clerk typed with a space between them ("1 0": one number or two?),
    beside clean numbers, a number wrapped inside its narrow cell ("1999") and a run of spaced
    digits that wraps at its spaces. LibreOffice writes each space into the text layer."""
    d = docx.Document()
    widths = [3.0, 1.05, 1.05, 3.0]
    t = _grid_table(d, 3, 4, widths)
    for col, w in zip(t.columns, widths):
        col.width = Cm(w)
    for r, row in enumerate((("第一行", "1 0", "10", "7"), ("第二行", "2 35", "1999", "3 1"),
                             ("第三行", "12", "1 0 0 0 0 0 0 0 0", "0"))):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    return _docx_bytes(d)


def long_table_docx(rows: int = 70) -> bytes:
    """A table that runs over two pages; its label column is merged over rows 20..49, across the
    page break, and only the first row splits the value area into two narrower columns."""
    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = _grid_table(d, rows, 4, [3.0, 4.0, 2.0, 2.0])
    t.cell(0, 0).merge(t.cell(0, 1)).text = "项目"
    t.cell(0, 2).text = "甲"
    t.cell(0, 3).text = "乙"
    for r in range(1, rows):
        t.cell(r, 1).text = f"第{r}行"
        t.cell(r, 2).merge(t.cell(r, 3)).text = str(r)
        if not 20 <= r <= 49:
            t.cell(r, 0).text = f"标{r}"
    t.cell(20, 0).merge(t.cell(49, 0)).text = "合并标签"
    d.add_paragraph("表后的段落")
    return _docx_bytes(d)


def borderless_docx() -> bytes:
    """Table 2's first block with no ruling lines at all (Word's plain table style)."""
    d = docx.Document()
    d.add_paragraph("二、主动公开政府信息情况")
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "1", "5"],
            ["行政规范性文件", "12", "", "30,556"]]
    t = _grid_table(d, 3, 4, style=None)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    return _docx_bytes(d)


def prose_docx() -> bytes:
    """Paragraphs long enough to wrap, a centred two-line title and a short heading."""
    d = docx.Document()
    title = d.add_paragraph()
    title.alignment = 1  # centred
    title.add_run("某某县人民政府办公室关于二〇二三年度政府信息公开工作情况的年度报告全文").font.size = Pt(22)
    d.add_paragraph("一、总体情况")
    body = d.add_paragraph("本机关认真贯彻落实政府信息公开条例" * 6 + "。")
    body.paragraph_format.first_line_indent = Pt(24)
    d.add_paragraph("二、主动公开政府信息情况")
    return _docx_bytes(d)


HANDMADE_DOCX = {
    "merged": merged_docx,
    "interleaved": interleaved_docx,
    "nested": nested_docx,
    "wrapped": wrapped_docx,
    "wrapped_numbers": wrapped_numbers_docx,
    "spaced_numbers": spaced_numbers_docx,
    "long_table": long_table_docx,
    "borderless": borderless_docx,
    "prose": prose_docx,
}


def soffice_pdf(docs: dict[str, bytes], filter_options: str) -> dict[str, bytes]:
    """DOCX → PDF with explicit export options (encryption), one soffice run."""
    with tempfile.TemporaryDirectory(prefix="ogi-test-soffice-") as tmp:
        tmpdir = Path(tmp)
        names = []
        for name, blob in docs.items():
            (tmpdir / f"{name}.docx").write_bytes(blob)
            names.append(f"{name}.docx")
        subprocess.run(
            [soffice_binary(), f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless",
             "--norestore", "--convert-to", f"pdf:writer_pdf_Export:{filter_options}", "--outdir",
             str(tmpdir / "out"), *names],
            cwd=tmpdir, check=True, capture_output=True, timeout=120,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )
        return {name: (tmpdir / "out" / f"{name}.pdf").read_bytes() for name in docs}


def image_only_pdf() -> bytes:
    """A 'scan': one page that is a picture of text, no text layer (Pillow writes the PDF)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(img)
    for y in range(60, 760, 40):
        draw.rectangle((50, y, 550, y + 2), fill="black")
    out = io.BytesIO()
    img.save(out, "PDF", resolution=72.0)
    return out.getvalue()


def random_specs(n: int, seed: int = 0) -> list:
    """n generated reports cycling through every per-table layout combination, with random
    printing styles and a failing balance check every fifth report."""
    out = []
    for i in range(n):
        rng = random.Random(seed * 1000 + i)
        out.append(random_spec(rng, AGENCIES[i % len(AGENCIES)], 2019 + i % 6,
                               templates=TEMPLATES[i % len(TEMPLATES)], fail_balance=i % 5 == 0))
    return out


# ------------------------------------------------------------------ session fixtures
# The renders are cached per process, so every test module that imports a fixture shares one
# LibreOffice run.
@functools.cache
def _handmade_docx() -> dict[str, bytes]:
    return {name: build() for name, build in HANDMADE_DOCX.items()}


@functools.cache
def _handmade_pdf() -> dict[str, bytes]:
    docs = _handmade_docx()
    names = list(docs)
    pdfs = dict(zip(names, convert_many([docs[n] for n in names], "pdf")))
    pdfs.update(soffice_pdf(
        {"encrypted": docs["merged"]},
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'))
    pdfs.update(soffice_pdf(
        {"owner_only": docs["merged"]},
        '{"RestrictPermissions":{"type":"boolean","value":"true"},'
        '"PermissionPassword":{"type":"string","value":"owner"}}'))
    pdfs["image_only"] = image_only_pdf()
    return pdfs


E2E_RANDOM = 9  # three of each layout combination, random styles


@functools.cache
def _generated_reports() -> list[tuple[object, str, bytes]]:
    specs = seed_specs() + random_specs(E2E_RANDOM)
    items = [(s, f) for s in specs for f in ("html", "docx", "pdf")]
    blobs = render_many(items)
    return [(s, f, b) for (s, f), b in zip(items, blobs)]


@pytest.fixture(scope="session")
def handmade_docx() -> dict[str, bytes]:
    return _handmade_docx()


@pytest.fixture(scope="session")
def handmade_pdf() -> dict[str, bytes]:
    """The hand-made DOCX files as PDF, plus an encrypted one (open password), one with only an
    owner password, and a scan without a text layer."""
    return _handmade_pdf()


@pytest.fixture(scope="session")
def generated_reports() -> list[tuple[object, str, bytes]]:
    """(spec, fmt, bytes) for the five seeds and E2E_RANDOM random specs in html, docx and pdf;
    all PDFs in one LibreOffice run."""
    return _generated_reports()


def grid(doc, table: int | None = None) -> list[list[tuple[str, int, int, int]]]:
    """A document's table rows as (text, col, colspan, rowspan) tuples, for exact comparisons."""
    return [[(c.text, c.col, c.colspan, c.rowspan) for c in line.cells]
            for line in doc.lines if line.in_table and (table is None or line.table == table)]


def prose(doc) -> list[str]:
    return [line.text for line in doc.lines if not line.in_table]
