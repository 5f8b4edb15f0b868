"""The PDF reader on table 3 as real WPS/Word reports print it (tests/extract/pdf_shapes.py):
labels wrapped over two or three lines with the numbers on a line of their own (at the top,
middle or bottom of the tall cell, or half a line off the label's lines), 三、本年度办理结果 one
character a line in a narrow merged cell, （三）不予公开 over its eight sub-rows, rows whose label
cell is wider than the others' (label over where other rows' numbers stand), tables over a page
break with the header repeated or not and the group label typed again, with full rulings, as a
三线表 and with no rules at all. Every fact of table 3 compared with the numbers typed below.
"""
from __future__ import annotations

import functools

import pytest

from extract.api import extract_bytes
from extract.readers import pdf as pdf_reader
from simweb.generator.office import convert_many

from .pdf_shapes import DocxShape, WpsShape, t3_docx, t3_wps_pdf

# The numbers printed in the documents, typed by hand: natural, commercial, research, social,
# legal, other_org, total. Rows and columns add up, as do outcomes and 一+二 = 三+四.
SMALL = {
    "new": (30, 5, 1, 0, 2, 1, 39),
    "carried_in": (2, 1, 0, 0, 0, 0, 3),
    "granted": (12, 2, 0, 0, 1, 0, 15),
    "partial": (4, 1, 1, 0, 0, 0, 6),
    "denied_secret": (0, 0, 0, 0, 0, 0, 0),
    "denied_law": (1, 0, 0, 0, 0, 0, 1),
    "denied_safety": (0, 0, 0, 0, 0, 0, 0),
    "denied_third_party": (1, 0, 0, 0, 0, 0, 1),
    "denied_internal": (0, 0, 0, 0, 0, 0, 0),
    "denied_process": (2, 0, 0, 0, 0, 0, 2),
    "denied_enforcement": (0, 0, 0, 0, 0, 0, 0),
    "denied_query": (0, 0, 0, 0, 0, 0, 0),
    "unable_not_held": (5, 1, 0, 0, 0, 1, 7),
    "unable_create": (1, 0, 0, 0, 0, 0, 1),
    "unable_unclear": (0, 0, 0, 0, 0, 0, 0),
    "rejected_petition": (2, 0, 0, 0, 0, 0, 2),
    "rejected_duplicate": (1, 0, 0, 0, 0, 0, 1),
    "rejected_publication": (0, 0, 0, 0, 0, 0, 0),
    "rejected_excessive": (0, 0, 0, 0, 0, 0, 0),
    "rejected_confirm": (0, 0, 0, 0, 0, 0, 0),
    "other_no_correction": (1, 0, 0, 0, 0, 0, 1),
    "other_no_fee": (0, 0, 0, 0, 0, 0, 0),
    "other_misc": (0, 1, 0, 0, 0, 0, 1),
    "total": (30, 5, 1, 0, 1, 1, 38),
    "carried_out": (2, 1, 0, 0, 1, 0, 4),
}
LARGE = {
    "new": (1203, 87, 12, 9, 31, 4, 1346),
    "carried_in": (45, 3, 0, 1, 2, 0, 51),
    "granted": (620, 41, 6, 4, 15, 2, 688),
    "partial": (210, 12, 3, 1, 6, 0, 232),
    "denied_secret": (2, 0, 0, 0, 0, 0, 2),
    "denied_law": (11, 1, 0, 0, 0, 0, 12),
    "denied_safety": (3, 0, 0, 0, 0, 0, 3),
    "denied_third_party": (7, 2, 0, 0, 1, 0, 10),
    "denied_internal": (5, 0, 0, 0, 0, 0, 5),
    "denied_process": (9, 1, 1, 0, 0, 0, 11),
    "denied_enforcement": (4, 0, 0, 0, 0, 0, 4),
    "denied_query": (6, 0, 0, 0, 0, 0, 6),
    "unable_not_held": (150, 10, 1, 2, 4, 1, 168),
    "unable_create": (18, 2, 0, 0, 1, 0, 21),
    "unable_unclear": (8, 0, 0, 0, 0, 0, 8),
    "rejected_petition": (40, 3, 0, 1, 1, 0, 45),
    "rejected_duplicate": (22, 1, 0, 0, 0, 0, 23),
    "rejected_publication": (5, 0, 0, 0, 0, 0, 5),
    "rejected_excessive": (3, 0, 0, 0, 0, 0, 3),
    "rejected_confirm": (2, 0, 0, 0, 0, 0, 2),
    "other_no_correction": (14, 1, 0, 0, 1, 0, 16),
    "other_no_fee": (1, 0, 0, 0, 0, 0, 1),
    "other_misc": (9, 2, 1, 0, 0, 1, 13),
    "total": (1149, 76, 12, 8, 29, 4, 1278),
    "carried_out": (99, 14, 0, 2, 4, 0, 119),
}
LABELS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_secret": "1.属于国家秘密",
    "denied_law": "2.其他法律行政法规禁止公开",
    "denied_safety": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal": "5.属于三类内部事务信息",
    "denied_process": "6.属于四类过程性信息",
    "denied_enforcement": "7.属于行政执法案卷",
    "denied_query": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unable_create": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "rejected_petition": "1.信访举报投诉类申请",
    "rejected_duplicate": "2.重复申请",
    "rejected_publication": "3.要求提供公开出版物",
    "rejected_excessive": "4.无正当理由大量反复申请",
    "rejected_confirm": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
COLUMNS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
PARTIAL = LABELS["partial"]

# Word files printed by LibreOffice: narrow label columns, so labels wrap
DOCX_SHAPES = {
    "ruled-centre": (DocxShape(), SMALL),
    "ruled-top": (DocxShape(valign="top"), LARGE),
    "ruled-bottom": (DocxShape(valign="bottom"), SMALL),
    "three-line": (DocxShape(rules="three_line"), LARGE),
    "no-rules": (DocxShape(rules="none"), SMALL),
    "no-rules-bottom": (DocxShape(rules="none", valign="bottom"), LARGE),
    "split-header-repeated": (DocxShape(lead_lines=10, repeat_header=True), LARGE),
    "split-no-header": (DocxShape(lead_lines=10), SMALL),
    "split-no-rules-header-repeated": (DocxShape(lead_lines=10, repeat_header=True, rules="none"), SMALL),
    # rows allowed to break across pages (Word's default): （二）部分公开's label goes on overleaf under
    # the repeated header, and so does the text of 三、本年度办理结果 printed a character a line
    "split-rows-header-repeated": (DocxShape(lead_lines=10, repeat_header=True, split_rows=True), SMALL),
    # the last line of "2.申请人逾期未按收费通知…" and the header row itself cut by the break
    "split-rows-no-header": (DocxShape(lead_lines=13, split_rows=True), SMALL),
}
# WPS's line placement drawn with reportlab (four-digit numbers only where the cells are wide
# enough for them: the producer wraps any text that does not fit, as Word would)
BIG = {"size": 12.0, "pitch": 18.0, "widths_pt": (22.0, 44.0, 60.0, 34.0)}
WPS_SHAPES = {
    "wps-ruled-centre": (WpsShape(), LARGE),
    "wps-ruled-top": (WpsShape(value_valign="top"), SMALL),
    "wps-ruled-bottom": (WpsShape(label_valign="top", value_valign="bottom"), LARGE),
    # the row-loss case: numbers half a line off the label lines, no rulings (fails on main)
    "wps-no-rules-between": (WpsShape(rules="none", **BIG), SMALL),
    "wps-three-line-between": (WpsShape(rules="three_line", **BIG), SMALL),
    "wps-no-rules-label-top": (WpsShape(rules="none", label_valign="top", value_valign="center"), LARGE),
    "wps-wide-label-rows": (WpsShape(wide_rows=40.0), SMALL),
    "wps-wide-label-rows-no-rules": (WpsShape(wide_rows=40.0, rules="none"), SMALL),
    "wps-three-line-flush-left-numbers": (WpsShape(wide_rows=40.0, rules="three_line", value_align="left"), SMALL),
    "wps-split-header-repeated-regrouped": (
        WpsShape(break_before="denied_process", repeat_header=True, regroup=True), LARGE),
    "wps-split-no-header": (WpsShape(break_before="denied_process"), SMALL),
    "wps-no-rules-split-header-repeated-regrouped": (
        WpsShape(rules="none", break_before="denied_process", repeat_header=True, regroup=True, **BIG), SMALL),
    "wps-no-rules-split-no-header": (WpsShape(rules="none", break_before="denied_process", **BIG), SMALL),
    "wps-three-line-split-regrouped": (WpsShape(rules="three_line", break_before="denied_process", regroup=True, **BIG),
                                       SMALL),
}


@functools.cache
def _docx_pdfs() -> dict[str, bytes]:
    names = list(DOCX_SHAPES)
    blobs = convert_many([t3_docx(*DOCX_SHAPES[n]) for n in names], "pdf")
    return dict(zip(names, blobs))


def _pdf(name: str) -> bytes:
    if name in DOCX_SHAPES:
        return _docx_pdfs()[name]
    return t3_wps_pdf(*WPS_SHAPES[name])


def _expected(values: dict[str, tuple[int, ...]]) -> dict[str, int]:
    return {f"t3.{row}.{col}": n for row, numbers in values.items() for col, n in zip(COLUMNS, numbers)}


def _report(name: str) -> dict:
    result = extract_bytes(_pdf(name), f"{name}.pdf")
    assert result["reason"] is None, name
    assert len(result["reports"]) == 1, name
    return result["reports"][0]


@pytest.mark.parametrize("name", list(DOCX_SHAPES) + list(WPS_SHAPES))
def test_every_table_3_fact_exact(name):
    values = (DOCX_SHAPES.get(name) or WPS_SHAPES[name])[1]
    rep = _report(name)
    assert rep["facts"] == _expected(values), name
    assert (rep["agency"], rep["year"]) == ("某某区人民政府办公室", 2023), name
    assert rep["templates"] == {"t2": None, "t3": "2021"}, name
    assert [c["id"] for c in rep["checks"] if c["ok"] is False] == [], name
    assert not [w for w in rep["warnings"] if "table 3" in w], (name, rep["warnings"])
    # every wrapped label is read whole, as the row label of its facts
    assert {row: rep["provenance"][f"t3.{row}.total"]["row"] for row in values} == LABELS, name


@pytest.mark.parametrize("name", ["split-header-repeated", "split-no-header", "split-no-rules-header-repeated",
                                  "split-rows-header-repeated", "split-rows-no-header",
                                  "wps-split-header-repeated-regrouped", "wps-split-no-header",
                                  "wps-no-rules-split-header-repeated-regrouped", "wps-no-rules-split-no-header",
                                  "wps-three-line-split-regrouped"])
def test_split_tables_really_run_over_the_page_break(name):
    prov = _report(name)["provenance"]
    pages = [prov[f"t3.{row}.natural"]["page"] for row in SMALL]
    assert len(set(pages)) >= 2 and pages == sorted(pages), name
    if name.startswith("wps-"):  # a break is forced before row 6 of （三）不予公开
        assert prov["t3.denied_process.total"]["page"] == prov["t3.denied_internal.total"]["page"] + 1, name


def test_unruled_rows_are_the_grid_rows_not_the_text_lines():
    """No rulings, numbers half a line off the label's lines: each row comes back as one line
    with its whole label and its seven numbers; the group labels printed a few characters a line
    are one cell each, in the row they stand beside."""
    doc = pdf_reader.read(_pdf("wps-no-rules-between"))
    rows = [[c.text for c in line.cells if c.text] for line in doc.lines if line.in_table]
    assert ["三、本年度办理结果", PARTIAL, "4", "1", "1", "0", "0", "0", "6"] in rows
    assert ["（三）不予公开", "2.其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "0", "1"] in rows
    assert ["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"] in rows
    assert ["（四）无法提供", "2.没有现成信息需要另行制作", "1", "0", "0", "0", "0", "0", "1"] in rows
    assert ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1", "0", "0", "0", "0", "0", "1"] in rows


def test_docx_shapes_hold_what_they_claim():
    """The Word files really carry the features (so a pass means the reader handled them)."""
    import io
    import zipfile

    def xml(shape):
        return zipfile.ZipFile(io.BytesIO(t3_docx(shape, SMALL))).read("word/document.xml").decode()

    assert xml(DocxShape(repeat_header=True)).count("<w:tblHeader") == 3
    assert xml(DocxShape()).count("<w:tblHeader") == 0
    assert 'w:vAlign w:val="bottom"' in xml(DocxShape(valign="bottom"))
    plain = xml(DocxShape(rules="none"))
    assert 'w:insideV w:val="nil"' in plain and 'w:top w:val="nil"' in plain
    assert xml(DocxShape()).count('w:vMerge w:val="restart"') >= 6  # header and group cells
