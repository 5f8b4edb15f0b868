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
