"""The same generated reports made by other producers than python-docx → LibreOffice, each read
back exactly: every fact, the failing checks, agency, year and per-table templates.

Producers (tests/extract/producers.py): Chromium print-to-PDF (portrait, landscape, /Rotate 90),
reportlab with Word-like filled-rectangle borders, per-cell rectangles, separate strokes, a
三线表, a ruled header over an open body, no rules at all (also with blank zeros), an Adobe CID
font that is not embedded, characters placed one by one, landscape and turned pages, labels set
turned a quarter; LibreOffice from HTML and from ODT with four other border styles; fonts without
a Unicode map (only OCR can read those: the reader must say it has no text); CMS HTML (Word
paste, <th>/<thead>/split <tbody>/<colgroup>, numbers in nested one-cell tables, GBK under a
lying meta, a table pasted as a picture); WPS-like DOCX structures.
"""
from __future__ import annotations

import functools
import io
import zipfile

import pytest

from extract import schema
from extract.api import extract_bytes
from extract.readers import pdf as pdf_reader
from simweb.generator import render_many, seed_specs

from .producers import (
    BORDER_STYLES,
    HTML_VARIANTS,
    RULES,
    Fonts,
    PrintStyle,
    chromium_pdfs,
    cms_html,
    reportlab_pdf,
    restyle_docx,
    set_rotation,
    soffice_convert,
    spec_chars,
    strip_tounicode,
    wps_docx,
)
from .reader_fixtures import random_specs

SPECS = seed_specs() + random_specs(3, seed=7)  # every per-table layout, one failing balance


def assert_exact(data: bytes, name: str, spec, label: str) -> dict:
    result = extract_bytes(data, name)
    truth = spec.truth()
    assert result["reason"] is None, f"{label}: {result['reason']}"
    assert len(result["reports"]) == 1, label
    rep = result["reports"][0]
    assert rep["facts"] == truth["facts"], label
    assert sorted(c["id"] for c in rep["checks"] if not c["ok"]) == sorted(truth["failed_checks"]), label
    assert (rep["agency"], rep["year"]) == (truth["agency"], truth["year"]), label
    assert rep["templates"] == truth["templates"], label
    return rep


# ------------------------------------------------------------------ session-wide renders
@functools.cache
def _fonts() -> Fonts:
    return Fonts(spec_chars(SPECS))


@pytest.fixture(scope="module")
def chromium_renders(chromium) -> tuple[list[bytes], list[bytes]]:
    htmls = [render_many([(s, "html")])[0] for s in SPECS]
    portrait = chromium_pdfs(chromium, htmls)
    landscape = chromium_pdfs(chromium, htmls[:2], landscape=[True, True])
    return portrait, landscape


@functools.cache
def _docx() -> list[bytes]:
    return render_many([(s, "docx") for s in SPECS])


@functools.cache
def _libreoffice() -> tuple[list[bytes], list[bytes]]:
    htmls = [(f"r{i}.html", render_many([(s, "html")])[0]) for i, s in enumerate(SPECS)]
    from_html = soffice_convert(htmls, "pdf:writer_pdf_Export", "HTML (StarWriter)")
    styles = list(BORDER_STYLES)
    restyled = [(f"r{i}.docx", restyle_docx(d, styles[i % len(styles)])) for i, d in enumerate(_docx())]
    odts = soffice_convert(restyled, "odt")
    from_odt = soffice_convert([(f"r{i}.odt", o) for i, o in enumerate(odts)], "pdf")
    return from_html, from_odt


# ------------------------------------------------------------------ Chromium
def test_chromium_print_to_pdf(chromium_renders):
    portrait, landscape = chromium_renders
    for k, (spec, data) in enumerate(zip(SPECS, portrait)):
        assert_exact(data, "r.pdf", spec, f"chromium/{k}")
    for k, data in enumerate(landscape):
        assert_exact(data, "r.pdf", SPECS[k], f"chromium-landscape/{k}")


def test_chromium_pdf_with_rotate_90_pages(chromium_renders):
    """/Rotate 90 on every page (a viewer shows the page turned; the text layer is unchanged)."""
    portrait, _ = chromium_renders
    for k in (0, 5):
        assert_exact(set_rotation(portrait[k], 90), "r.pdf", SPECS[k], f"chromium-rotate/{k}")


# ------------------------------------------------------------------ reportlab
def _prints_something(spec, ps: PrintStyle) -> bool:
    """With no rules under the header, a table whose every value is a blank zero prints nothing
    but its labels: the page does not say that table 4's row exists (see docs/extract.md), so such
    specs are left out of those variants. (A 三线表's rules still draw that row: not left out.)"""
    blank = ps.blank_zeros or spec.style.blank_zeros
    if ps.rules not in ("header_only", "none") or not blank:
        return True
    t3 = any(v for c, v in spec.facts.items() if c.startswith("t3."))
    t4 = any(v for c, v in spec.facts.items() if c.startswith("t4."))
    return t3 and t4


VARIANTS = {
    **{f"rules-{r}": PrintStyle(rules=r) for r in RULES},
    "unruled-blank-zeros": PrintStyle(rules="none", blank_zeros=True),
    "cid-font": PrintStyle(font="cid", rules="stroked"),
    "char-by-char": PrintStyle(char_by_char=True, rules="cell_rects"),
    "landscape": PrintStyle(landscape=True),
    "rotate-90": PrintStyle(rotate=90),
    "rotate-270-turned-labels": PrintStyle(rotate=270, turned_labels=True, rules="stroked"),
    "turned-labels": PrintStyle(turned_labels=True, rules="cell_rects"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_reportlab_printing(variant):
    ps = VARIANTS[variant]
    specs = [s for s in SPECS if _prints_something(s, ps)]
    assert len(specs) >= 3, variant
    for k, spec in enumerate(specs):
        assert_exact(reportlab_pdf(spec, ps, _fonts()), "r.pdf", spec, f"{variant}/{k}")



def _drawn_text(font: str, text: str) -> str:
    """`text` drawn with reportlab in `font`, read back by pdfium."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(font, 12)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    return page.get_textpage().get_text_range().strip()


def test_each_reportlab_font_holds_its_own_glyphs():
    """Fonts registered by other test modules (pdf_shapes' WPS-like pages) or for other characters
    never stand in for ours: reportlab keeps one font per PostScript name, so a second subset of
    the same face used to print with the first one's glyphs — the PDFs lost characters depending on
    which test module ran first."""
    from . import pdf_shapes

    shapes = pdf_shapes._register_font()
    for chars in ("丙丁戊", "己庚辛"):
        assert _drawn_text(Fonts(chars).names["ttf"], chars) == chars, chars
    assert _drawn_text(shapes, pdf_shapes.TITLE) == pdf_shapes.TITLE


@pytest.mark.parametrize("rules", ["three_line", "frame_rows"])
def test_blank_columns_between_wrapped_headers_keep_their_numbers_apart(rules):
    """Seed spec 5 prints the real wordings "商业 企业" and "科研 机构" (wrapped in their cells) over a
    table 3 of mostly blank cells, with only horizontal rules: the one number under 科研机构 (5) was
    taken for a value spanning 商业企业 and 总计, and the 商业 and 科研 columns became one."""
    spec = SPECS[5]
    assert dict(spec.style.wordings)["t3.col.commercial"] == "商业 企业"
    doc = pdf_reader.read(reportlab_pdf(spec, PrintStyle(rules=rules), _fonts()))
    rows = {line.cells[0].text: line.cells for line in doc.lines if line.in_table and line.cells}
    head = {c.text: c.col for c in rows["于第三项加第四项之和)"]}
    assert [head[h] for h in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构")] == [4, 5, 6, 7, 8]
    assert [(c.text, c.col) for c in rows["不予公开"]][1:] == [
        ("5.属于三类内部事务信息", 3), ("", 4), ("", 5), ("5", 6), ("", 7), ("", 8), ("", 9), ("", 10)]
    assert [(c.text, c.col) for c in rows["四、结转下年度继续办理"]] == [
        ("四、结转下年度继续办理", 0), ("", 4), ("1", 5), ("", 6), ("", 7), ("", 8), ("", 9), ("1", 10)]


def test_unruled_tables_keep_their_columns_with_blank_cells():
    """No rules, zeros left blank: a number stands under its own header, and every row that prints
    a number gets an empty cell in each number column it leaves blank."""
    spec = SPECS[2]  # seed 002: 29 requests, most cells zero
    doc = pdf_reader.read(reportlab_pdf(spec, PrintStyle(rules="none", blank_zeros=True), _fonts()))
    rows = [l for l in doc.lines if l.in_table]
    header = next(l for l in rows if any(c.text == "商业企业" for c in l.cells))
    cols = {c.text: c.col for c in header.cells}
    new = next(l for l in rows if "本年新收" in l.text)
    values = [c for c in new.cells if c.col >= cols["商业企业"] - 1]
    assert [c.text for c in values] == ["29", "", "", "", "", "", "29"]
    assert values[1].col == cols["商业企业"]


def test_fonts_without_a_unicode_map_leave_the_pdf_to_ocr():
    """Glyph codes that map to nothing (no ToUnicode) and text spelled in private-use code points
    read as mojibake: the reader reports no usable text, so the OCR reader takes the file."""
    spec = SPECS[1]
    plain = reportlab_pdf(spec, PrintStyle(), _fonts())
    assert_exact(plain, "r.pdf", spec, "with ToUnicode")
    for label, data in (("no ToUnicode", strip_tounicode(plain)),
                        ("private use", reportlab_pdf(spec, PrintStyle(font="pua"), _fonts()))):
        doc = pdf_reader.read(data)
        assert doc.lines == [], label
        assert doc.warnings == [pdf_reader.NO_TEXT_LAYER, f"{pdf_reader.GARBLED}: 1, 2, 3"], label


# ------------------------------------------------------------------ LibreOffice
def test_libreoffice_from_html():
    from_html, _ = _libreoffice()
    for k, (spec, data) in enumerate(zip(SPECS, from_html)):
        assert_exact(data, "r.pdf", spec, f"soffice-html/{k}")


def test_libreoffice_from_odt_with_other_table_borders():
    """Double lines, a thick frame with dashed and dotted inner lines, open sides, rows only."""
    _, from_odt = _libreoffice()
    styles = list(BORDER_STYLES)
    for k, (spec, data) in enumerate(zip(SPECS, from_odt)):
        assert_exact(data, "r.pdf", spec, f"odt-{styles[k % len(styles)]}/{k}")


# ------------------------------------------------------------------ CMS HTML
@pytest.mark.parametrize("variant", [v for v in HTML_VARIANTS if v != "img_t3"])
def test_cms_html(variant):
    for k, spec in enumerate(SPECS):
        data = cms_html(spec, variant)
        if variant == "gbk":
            assert b'charset="utf-8"' in data and "政府".encode("gbk") in data
        assert_exact(data, "r.html", spec, f"{variant}/{k}")


def test_cms_html_with_table_3_as_a_picture():
    """Table 3 is an <img>: tables 2 and 4 come out exactly, table 3 is missing and said so."""
    for k, spec in enumerate(SPECS[:3]):
        result = extract_bytes(cms_html(spec, "img_t3"), "r.html")
        rep = result["reports"][0]
        truth = spec.truth()
        assert rep["facts"] == {c: v for c, v in truth["facts"].items() if not c.startswith("t3.")}, k
        assert rep["templates"] == {"t2": truth["templates"]["t2"], "t3": None}, k
        assert "table 3 not found" in rep["warnings"], k
        assert "images in the article (tables may be pictures): t3.png" in rep["warnings"], k


# ------------------------------------------------------------------ WPS-like DOCX
def test_wps_like_docx_structures():
    for k, (spec, data) in enumerate(zip(SPECS, _docx())):
        wps = wps_docx(data)
        xml = zipfile.ZipFile(io.BytesIO(wps)).read("word/document.xml").decode()
        # the rewrite really holds what it claims
        assert xml.count("<w:gridBefore") >= 3 and xml.count("<w:gridAfter") >= 1, k
        assert xml.count("<w:hidden/>") == 1 and xml.count("<w:vanish/>") >= 4, k
        assert xml.count("<w:sdt>") >= 6 and 'w:val="continue"' not in xml, k
        assert xml.count("<w:tbl>") > 3 + len(schema.T4_GROUPS) * 5, k  # one-cell tables nested
        assert_exact(wps, "r.docx", spec, f"wps/{k}")
