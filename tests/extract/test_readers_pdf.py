"""The PDF reader on hand-made Word files printed to PDF by LibreOffice (one soffice run per
session): exact grids from the rulings, merged and wrapped cells, a table over two pages, a table
without rulings, paragraphs, and encrypted / scanned / broken files."""
from __future__ import annotations

import pytest

from extract import values
from extract.errors import Unreadable
from extract.readers import pdf as pdf_reader

from .reader_fixtures import grid, prose


def test_ruled_grid_with_merged_cells(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["merged"])
    assert (doc.kind, doc.pages, doc.warnings) == ("pdf", 1, [])
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


def test_cells_carry_page_and_bbox_in_reading_order(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["merged"])
    rows = [l for l in doc.lines if l.in_table]
    assert all(c.page == 1 and l.page == 1 for l in rows for c in l.cells)
    boxes = [c.bbox for c in rows[2].cells]
    assert all(x0 < x1 and top < bottom for x0, top, x1, bottom in boxes)
    # the merged label's box is three rows tall and sits left of its row's other cells
    label, first = boxes[0], boxes[1]
    assert label[2] == pytest.approx(first[0], abs=0.5)
    assert label[3] == pytest.approx(rows[4].cells[0].bbox[3], abs=0.5)
    tops = [l.cells[0].bbox[1] for l in rows]
    assert tops == sorted(tops)


def test_wrapped_text_and_vertical_label_are_one_cell_each(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["wrapped"])
    assert grid(doc) == [
        [("三、本年度办理结果", 0, 1, 4), ("2.没有现成信息需要另行制作", 1, 1, 1), ("7", 2, 1, 1)],
        [("第1行", 1, 1, 1), ("1", 2, 1, 1)],
        [("第2行", 1, 1, 1), ("2", 2, 1, 1)],
        [("第3行", 1, 1, 1), ("3", 2, 1, 1)],
    ]


def test_number_wrapped_inside_a_narrow_cell_is_one_number(handmade_pdf):
    """LibreOffice breaks "1999" into "19" / "99" inside a 1 cm cell (generated bench document
    0013 lost five table-3 cells to "199 9"): the fragments of one cell join without a space,
    while numbers of neighbouring cells stay apart."""
    doc = pdf_reader.read(handmade_pdf["wrapped_numbers"])
    assert grid(doc) == [
        [("第一行", 0, 1, 1), ("1999", 1, 1, 1), ("25120", 2, 1, 1), ("7", 3, 1, 1)],
        [("第二行", 0, 1, 1), ("12", 1, 1, 1), ("34", 2, 1, 1), ("2512", 3, 1, 1)],
        [("第三行", 0, 1, 1), ("1133", 1, 1, 1), ("", 2, 1, 1), ("2469", 3, 1, 1)],
    ]
    # the cells really are wrapped: each of the three long narrow numbers spans two text lines
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(handmade_pdf["wrapped_numbers"])[0].get_textpage().get_text_range()
    assert not {"1999", "25120", "1133"} & set(text.split())


def test_digits_a_space_apart_stay_apart(handmade_pdf):
    """"1 0" typed in a cell: the space is in LibreOffice's text layer but narrower than the reader's
    visible-gap threshold, so it read as 10 (issue #11). A space the text layer holds between two
    digits is a space; a number wrapped inside its cell still joins ("1999"). Spaced digits that
    wrap keep their spaces within each line (LibreOffice may leave the space at the break out of
    the text layer, so the lines may join as "1 00 00 …"): never one clean number."""
    doc = pdf_reader.read(handmade_pdf["spaced_numbers"])
    cells = grid(doc)
    assert cells[:2] == [
        [("第一行", 0, 1, 1), ("1 0", 1, 1, 1), ("10", 2, 1, 1), ("7", 3, 1, 1)],
        [("第二行", 0, 1, 1), ("2 35", 1, 1, 1), ("1999", 2, 1, 1), ("3 1", 3, 1, 1)],
    ]
    assert [c for c in cells[2] if c[1] != 2] == [("第三行", 0, 1, 1), ("12", 1, 1, 1), ("0", 3, 1, 1)]
    wrapped = next(c[0] for c in cells[2] if c[1] == 2)
    assert wrapped.replace(" ", "") == "100000000" and wrapped.startswith("1 0")
    assert values.parse(wrapped).number is None
    import pypdfium2 as pdfium

    # the long run really wraps: its digits stand on more than one line of the page
    page = pdfium.PdfDocument(handmade_pdf["spaced_numbers"])[0]
    text = page.get_textpage().get_text_range()
    assert "1 0 0 0 0 0 0 0 0" not in text.replace("\r\n", "\n").splitlines()
    assert "1999" not in text.split()


def test_table_continued_on_next_page_keeps_table_rows_and_columns(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["long_table"])
    assert doc.pages == 2
    rows = [l for l in doc.lines if l.in_table]
    assert {l.table for l in rows} == {0}
    assert [l.row for l in rows] == list(range(70))
    assert {l.page for l in rows} == {1, 2}
    g = grid(doc)
    assert g[0] == [("项目", 0, 2, 1), ("甲", 2, 1, 1), ("乙", 3, 1, 1)]
    # every value row, on either page, has its number in grid column 2 spanning both value columns
    for r in range(1, 70):
        assert g[r][-2:] == [(f"第{r}行", 1, 1, 1), (str(r), 2, 2, 1)]
    # the label merged over rows 20..49 crosses the page break: emitted once, spanning all 30 rows
    assert g[20][0] == ("合并标签", 0, 1, 30)
    assert all(len(g[r]) == 2 for r in range(21, 50))
    assert g[50][0] == ("标50", 0, 1, 1)
    assert prose(doc) == ["三、收到和处理政府信息公开申请情况", "表后的段落"]


def test_table_without_rulings_falls_back_to_text_columns(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["borderless"])
    assert grid(doc) == [
        [("信息内容", 0, 1, 1), ("本年制发件数", 1, 1, 1), ("本年废止件数", 2, 1, 1), ("现行有效件数", 3, 1, 1)],
        [("规章", 0, 1, 1), ("0", 1, 1, 1), ("1", 2, 1, 1), ("5", 3, 1, 1)],
        # a blank cell prints nothing: the row gets an empty cell in that number column, as a
        # ruled grid would have, and 30,556 keeps its own column
        [("行政规范性文件", 0, 1, 1), ("12", 1, 1, 1), ("", 2, 1, 1), ("30,556", 3, 1, 1)],
    ]
    assert prose(doc) == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def test_paragraphs_join_wrapped_lines_and_keep_headings_apart(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["prose"])
    assert prose(doc) == [
        "某某县人民政府办公室关于二〇二三年度政府信息公开工作情况的年度报告全文",
        "一、总体情况",
        "本机关认真贯彻落实政府信息公开条例" * 6 + "。",
        "二、主动公开政府信息情况",
    ]


def test_interleaved_text_and_tables_and_metadata_title(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["interleaved"])
    assert doc.title == "某某局2023年政府信息公开工作年度报告"
    assert [(l.table, l.text) for l in doc.lines] == [
        (None, "某某局2023年政府信息公开工作年度报告"),
        (0, "信息内容本年制发件数本年废止件数"),
        (0, "12"),
        (None, "中间的段落"),
        (1, "行政许可3件"),
        (None, "结尾"),
    ]


def test_encrypted_pdf_is_unreadable_but_owner_password_only_is_read(handmade_pdf):
    with pytest.raises(Unreadable, match="^encrypted PDF$"):
        pdf_reader.read(handmade_pdf["encrypted"])
    doc = pdf_reader.read(handmade_pdf["owner_only"])
    assert grid(doc) == grid(pdf_reader.read(handmade_pdf["merged"]))


def test_scan_without_text_layer_gives_no_lines_and_a_warning(handmade_pdf):
    doc = pdf_reader.read(handmade_pdf["image_only"])
    assert (doc.lines, doc.warnings, doc.pages) == ([], ["no text layer"], 1)


def test_truncated_and_corrupt_pdfs_are_unreadable(handmade_pdf):
    data = handmade_pdf["merged"]
    with pytest.raises(Unreadable, match="truncated PDF"):
        pdf_reader.read(data[: len(data) // 3])
    with pytest.raises(Unreadable, match="corrupt PDF"):
        pdf_reader.read(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
