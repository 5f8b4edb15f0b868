"""sniff(): the real format from the bytes; the file name only breaks ties."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from extract.readers.sniff import KINDS, sniff
from simweb.generator import render_many, seed_specs

from .reader_fixtures import image_only_pdf

KINGSOFT_PROPERTY = "KSOProductBuildVer".encode("utf-16-le")


@pytest.fixture(scope="session")
def word97() -> bytes:
    """A Word 97 binary file written by LibreOffice (what WPS's 'compatible' .wps also is)."""
    return render_many([(seed_specs()[0], "doc")])[0]


def test_pdf_by_magic_whatever_the_name(handmade_pdf):
    data = handmade_pdf["merged"]
    assert sniff(data, "report.pdf") == "pdf"
    assert sniff(data, "附件1.doc") == "pdf"
    assert sniff(data, "") == "pdf"
    assert sniff(b"\r\n  " + data, "x.html") == "pdf"  # junk before the header


def test_office_open_xml_by_its_parts(handmade_docx):
    assert sniff(handmade_docx["merged"], "report.wps") == "docx"
    assert sniff(handmade_docx["merged"], "report.pdf") == "docx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "自然人"
    buf = io.BytesIO()
    wb.save(buf)
    assert sniff(buf.getvalue(), "table.docx") == "xlsx"
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "附件")
    assert sniff(other.getvalue(), "a.docx") == "zip"


def test_ole_word_file_doc_or_wps(word97):
    assert sniff(word97, "report.doc") == "doc"
    assert sniff(word97, "") == "doc"
    assert sniff(word97, "report.wps") == "wps"  # nothing in the bytes says WPS: the name decides
    assert sniff(word97 + KINGSOFT_PROPERTY, "report.doc") == "wps"  # a Kingsoft trace decides
    assert sniff(word97, "http://x.gov.cn/a/report.WPS?id=3") == "wps"


def test_images_empty_text_html_and_junk():
    assert sniff(image_only_pdf(), "scan.jpg") == "pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "a.pdf") == "image"
    assert sniff(b"\xff\xd8\xff\xe0" + b"\x00" * 50, "") == "image"
    assert sniff(b"", "a.pdf") == "empty"
    assert sniff(b" \r\n\t ", "a.html") == "empty"
    gbk_page = '<html><head><meta charset="utf-8"></head><body><p>年度报告</p></body></html>'.encode("gbk")
    assert sniff(gbk_page, "a.pdf") == "html"
    assert sniff("<P>年度报告<BR>".encode("utf-16"), "") == "html"
    assert sniff("政府信息公开工作年度报告\n一、总体情况\n".encode("gb18030"), "a.doc") == "text"
    assert sniff(bytes(range(256)) * 4, "a.doc") == "doc"
    assert sniff(bytes(range(256)) * 4, "a.bin") == "unknown"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "x") == "unknown"


def test_every_answer_is_a_documented_kind(handmade_docx, handmade_pdf):
    samples = list(handmade_docx.values()) + list(handmade_pdf.values()) + [b"", b"<p>x</p>", b"abc"]
    assert {sniff(s, "x") for s in samples} <= set(KINDS)
