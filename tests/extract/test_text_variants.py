"""The same real reports dumped the other ways text exporters write tables: label and numbers
packed on one line (pdftotext -layout), one cell per line with no grid at all, Markdown tables.
Seeds whose tables print every cell (001, 003, 004) keep their exact truth in every dump."""
from __future__ import annotations

import pytest

from extract.api import extract_bytes
from tests.conftest import seed_cases

FULL = [c for c in seed_cases() if c[0].name[:3] in ("001", "003", "004")]


def _rows(text: str):
    for line in text.split("\n"):
        if "\t" in line:
            yield [c.strip() for c in line.split("\t")]
        else:
            yield line


def packed(text: str) -> str:
    return "\n".join(" ".join(c for c in r if c) if isinstance(r, list) else r for r in _rows(text))


def stream(text: str) -> str:
    out = []
    for r in _rows(text):
        out.extend([c for c in r if c] if isinstance(r, list) else [r])
    return "\n".join(out)


def markdown(text: str) -> str:
    out = []
    for r in _rows(text):
        out.append("| " + " | ".join(r) + " |" if isinstance(r, list) else r)
    return "\n".join(out)


@pytest.mark.parametrize("dump", [packed, stream, markdown])
@pytest.mark.parametrize("path,expected", FULL, ids=[p.stem[:3] for p, _ in FULL])
def test_text_dumps_keep_exact_facts(path, expected, dump):
    text = dump(path.read_text("utf-8"))
    (report,) = extract_bytes(text.encode("utf-8"), path.stem + ".txt")["reports"]
    assert report["templates"] == expected["templates"]
    assert report["facts"] == expected["facts"]
    assert [c["id"] for c in report["checks"] if not c["ok"]] == expected["failed_checks"]
    assert (report["agency"], report["year"]) == (expected["agency"], expected["year"])


def test_gbk_text_is_decoded():
    path, expected = FULL[0]
    data = path.read_text("utf-8").encode("gbk", errors="replace")
    (report,) = extract_bytes(data, "report.txt")["reports"]
    assert report["facts"] == expected["facts"]


def test_a_compilation_of_reports_gives_one_report_each():
    cases = seed_cases()
    text = "\n\n".join(p.read_text("utf-8") for p, _ in cases)
    reports = extract_bytes(text.encode("utf-8"), "compilation.txt")["reports"]
    assert [(r["agency"], r["year"]) for r in reports] == [(e["agency"], e["year"]) for _, e in cases]
    assert [r["facts"] for r in reports] == [e["facts"] for _, e in cases]


def test_gridless_dump_of_a_blank_table_keeps_one_row_per_label():
    from extract.document import Cell, Line
    from extract.mapper import regroup_stream

    labels = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开"]
    rows = regroup_stream([Line([Cell(t)]) for t in labels])
    # the group label 三、本年度办理结果 stays with its first row, as in a grid
    assert [[c.text for c in r.cells] for r in rows] == [labels[:1], labels[1:2], labels[2:]]


def test_agency_from_the_container_title_when_the_printed_title_has_none():
    from extract.metadata import metadata

    meta = metadata(["2024年政府信息公开工作年度报告", "一、总体情况"], "",
                    "西工区民营经济发展局2024年政府信息公开工作年度报告_洛阳市西工区人民政府")
    assert (meta.agency, meta.year) == ("西工区民营经济发展局", 2024)
    other_year = metadata(["2024年政府信息公开工作年度报告"], "", "某局2023年政府信息公开工作年度报告")
    assert (other_year.agency, other_year.year) == (None, 2024)


def test_one_misread_glyph_in_a_table_signature_does_not_lose_the_table():
    path, expected = FULL[0]
    text = path.read_text("utf-8").replace("一、本年新收", "一、玉年新收").replace("申请人情况", "申请入情况")
    (report,) = extract_bytes(text.encode("utf-8"), "ocr-like.txt")["reports"]
    assert report["facts"] == expected["facts"]


def _t4_rows(expected: dict) -> dict[str, list[str]]:
    cols = ("upheld", "corrected", "other", "pending", "total")
    return {g: [str(expected["facts"][f"t4.{g}.{c}"]) for c in cols]
            for g in ("review", "suit_direct", "suit_after_review")}


def converter_markdown(text: str, expected: dict, t4_as_rows: bool = False) -> str:
    """The Markdown a PDF-to-Markdown converter writes (a real one, tests/fixtures/real/shuyang-2025):
    "#" marks before the title and the section headings, tables as | rows |, and table 4 as three
    small tables, each under a caption naming its group — or, `t4_as_rows`, one table with the
    groups as row labels."""
    head, rest = text.split("\n四、政府信息公开行政复议", 1)
    t4_heading, tail = rest.split("\n", 1)
    tail = tail[tail.index("\n五、"):]
    rows = _t4_rows(expected)
    captions = {"review": "行政复议", "suit_direct": "行政诉讼（未经复议直接起诉）",
                "suit_after_review": "行政诉讼（复议后起诉）"}
    header = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|"
    if t4_as_rows:
        t4 = "| 类别 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|---|\n" + "\n".join(
            f"| {captions[g]} | " + " | ".join(v) + " |" for g, v in rows.items())
    else:
        t4 = "\n\n".join(f"### {captions[g]}\n{header}\n| " + " | ".join(v) + " |" for g, v in rows.items())
    md = markdown(head) + "\n四、政府信息公开行政复议" + t4_heading + "\n\n" + t4 + "\n" + markdown(tail)
    out = []
    for k, line in enumerate(md.split("\n")):
        if "年度报告" in line and not line.startswith("|") and k < 5:
            line = "# " + line
        elif line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、") and not line.startswith("|"):
            line = "## " + line
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("t4_as_rows", [False, True], ids=["t4-per-group-tables", "t4-groups-as-rows"])
@pytest.mark.parametrize("path,expected", FULL, ids=[p.stem[:3] for p, _ in FULL])
def test_converter_markdown_keeps_exact_facts(path, expected, t4_as_rows):
    text = converter_markdown(path.read_text("utf-8"), expected, t4_as_rows)
    assert "\n# " in "\n" + text and "\n## 四、政府信息公开行政复议" in text
    (report,) = extract_bytes(text.encode("utf-8"), path.stem + ".md")["reports"]
    assert report["facts"] == expected["facts"]
    assert [c["id"] for c in report["checks"] if not c["ok"]] == expected["failed_checks"]
    # the heading marks are not part of the agency's name
    assert (report["agency"], report["year"]) == (expected["agency"], expected["year"])
    assert report["complete"] and report["missing"] == []


def test_table4_per_group_needs_each_group_once():
    # two captions for the same group: no reading by group (the row of 5 for 15 columns stays short)
    from extract.document import Cell, Line
    from extract.mapper import map_t4

    def row(*cells):
        return Line([Cell(t, k) for k, t in enumerate(cells)], table=1, row=0)

    header = row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    lines = [Line([Cell("行政复议")]), header, row("1", "0", "0", "0", "1"),
             Line([Cell("行政复议")]), header, row("2", "0", "0", "0", "2"),
             Line([Cell("行政诉讼（复议后起诉）")]), header, row("0", "0", "0", "0", "0")]
    res = map_t4(lines)
    assert not any(k.startswith("t4.suit_direct") for k in res.facts)
    assert any("5 cells for 15 columns" in w for w in res.warnings)
    # columns printed in another order under each caption are read by their header
    swapped = row("总计", "结果维持", "结果纠正", "其他结果", "尚未审结")
    lines = [Line([Cell("行政复议")]), swapped, row("7", "4", "1", "0", "2"),
             Line([Cell("行政诉讼（未经复议直接起诉）")]), header, row("1", "0", "0", "1", "2"),
             Line([Cell("行政诉讼（复议后起诉）")]), header, row("0", "0", "0", "0", "0")]
    res = map_t4(lines)
    got = {k: f.value for k, f in res.facts.items()}
    assert [got[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [4, 1, 0, 2, 7]
    assert [got[f"t4.suit_direct.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 0, 1, 2]
