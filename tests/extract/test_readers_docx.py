"""The DOCX reader on hand-made Word files: exact grids from gridSpan/vMerge/gridBefore, body order,
content controls, nested tables, and corrupt packages."""
from __future__ import annotations

import io
import zipfile

import pytest

from extract.errors import Unreadable
from extract.readers import docx as docx_reader

from .reader_fixtures import grid, prose


def test_grid_span_and_vertical_merge(handmade_docx):
    doc = docx_reader.read(handmade_docx["merged"])
    assert doc.kind == "docx"
    assert grid(doc) == [
        [("本列数据", 0, 2, 2), ("申请人情况", 2, 4, 1)],
        [("自然人", 2, 1, 1), ("法人或其他组织", 3, 2, 1), ("总计", 5, 1, 1)],
        [("三、本年度办理结果", 0, 1, 3), ("（一）予以公开", 1, 1, 1), ("22", 2, 1, 1), ("23", 3, 1, 1), ("24", 4, 1, 1),
         ("25", 5, 1, 1)],
        [("（二）部分公开", 1, 1, 1), ("32", 2, 1, 1), ("33", 3, 1, 1), ("34", 4, 1, 1), ("35", 5, 1, 1)],
        [("（三）不予公开", 1, 1, 1), ("42", 2, 1, 1), ("43", 3, 1, 1), ("44", 4, 1, 1), ("45", 5, 1, 1)],
        [("四、结转下年度继续办理", 0, 2, 1), ("2", 2, 1, 1), ("", 3, 1, 1), ("4", 4, 1, 1), ("5", 5, 1, 1)],
    ]
    assert prose(doc) == ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def test_body_order_grid_before_content_control_and_title(handmade_docx):
    doc = docx_reader.read(handmade_docx["interleaved"])
    assert doc.title == "某某局2023年政府信息公开工作年度报告"
    assert [(l.table, l.row, [(c.text, c.col, c.colspan) for c in l.cells]) for l in doc.lines] == [
        (None, None, [("某某局2023年政府信息公开工作年度报告", 0, 1)]),
        (0, 0, [("信息内容", 0, 1), ("本年制发件数", 1, 1), ("本年废止件数", 2, 1)]),
        (0, 1, [("1", 1, 1), ("2", 2, 1)]),
        (None, None, [("中间的段落", 0, 1)]),
        (1, 0, [("行政许可", 0, 1), ("3\n件", 1, 1)]),
        (None, None, [("结尾", 0, 1)]),
    ]


def test_nested_table_makes_the_outer_one_a_layout_table(handmade_docx):
    doc = docx_reader.read(handmade_docx["nested"])
    assert prose(doc) == ["外层说明"]
    assert grid(doc) == [[("内00", 0, 1, 1), ("内01", 1, 1, 1)], [("内10", 0, 1, 1), ("内11", 1, 1, 1)]]


def test_merge_over_four_rows_and_wrapped_label(handmade_docx):
    doc = docx_reader.read(handmade_docx["wrapped"])
    assert grid(doc) == [
        [("三、本年度办理结果", 0, 1, 4), ("2.没有现成信息需要另行制作", 1, 1, 1), ("7", 2, 1, 1)],
        [("第1行", 1, 1, 1), ("1", 2, 1, 1)],
        [("第2行", 1, 1, 1), ("2", 2, 1, 1)],
        [("第3行", 1, 1, 1), ("3", 2, 1, 1)],
    ]


def _rezip(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = change(info.filename, src.read(info.filename))
            if blob is not None:
                dst.writestr(info.filename, blob)
    return out.getvalue()


def test_deleted_text_text_boxes_and_legacy_hmerge_are_handled(handmade_docx):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (f'<w:document {w} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>'
            '<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>'
            '<w:r><w:tab/><w:t>文字</w:t></w:r>'
            '<w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>'
            '</w:txbxContent></mc:Choice><mc:Fallback><w:t>备用</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>横向合并</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc></w:tr>'
            '</w:tbl></w:body></w:document>')
    data = _rezip(handmade_docx["nested"],
                  lambda name, blob: body.encode() if name == "word/document.xml" else blob)
    doc = docx_reader.read(data)
    assert prose(doc) == ["保留\t文字"]
    assert grid(doc) == [[("横向合并", 0, 2, 1), ("9", 2, 1, 1)]]


def test_corrupt_packages_are_unreadable(handmade_docx):
    good = handmade_docx["merged"]
    with pytest.raises(Unreadable, match="corrupt DOCX"):
        docx_reader.read(good[: len(good) // 2])
    no_body = _rezip(good, lambda name, blob: None if name == "word/document.xml" else blob)
    with pytest.raises(Unreadable, match="corrupt DOCX"):
        docx_reader.read(no_body)
    bad_xml = _rezip(good, lambda name, blob: b"<w:document" if name == "word/document.xml" else blob)
    with pytest.raises(Unreadable, match="corrupt DOCX"):
        docx_reader.read(bad_xml)
