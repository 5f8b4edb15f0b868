"""The three failure classes of issue #11, on generated documents whose truth the generator
knows (simweb.generator), so each test says exactly which numbers must come out:

1. wrapped label cells in a Word/WPS-made PDF, the numbers centred on a line of their own;
2. a paragraph quoting row labels with numbers right before each table (never a source of facts);
3. a table-3 row the report does not print: the report is incomplete, and every check that needs
   the row is published with ok = null, not left out.

Then the other shapes issue #11 names, each a style switch of the generator: columns in another
order, an extra 序号 column (its 1, 2, 3 … are no facts), table 2 with a header cell one grid column
off over a sliver column (shanghai-bgt-2019), the group labels typed again where table 3 goes on
overleaf, and a number typed with a space between its digits ("1 0": no fact, a warning — never 10).
"""
from __future__ import annotations

import dataclasses
import functools
import io
import random

import pytest

from extract import schema
from extract.api import extract_bytes
from simweb.generator import Style, random_spec, render, render_many
from simweb.generator.checks import undecided


def _busy_spec(name: str, year: int, templates: dict, need=lambda facts: True, **style):
    """A report with numbers in the rows that break (partial, normative, unable …), no check broken
    (and whatever `need` asks of its facts)."""
    for i in range(400):
        s = random_spec(random.Random(f"{name}-{i}"), "某市住房和城乡建设局", year, templates=templates, breaks=())
        f = s.facts
        norm_code = "t2.normative.issued" if templates["t2"] == "2021" else "t2.normative.made"
        if f["t3.partial.total"] >= 3 and f["t3.granted.total"] >= 5 and f[norm_code] >= 2 \
                and f["t3.unable_not_held.total"] >= 2 and need(f):
            return dataclasses.replace(s, style=dataclasses.replace(Style(), **style))
    raise AssertionError("no busy report in 400 draws")


def _three_apart(facts: dict) -> bool:
    """The 2019 （五）/（六） rows print three different numbers: a value read one column off shows."""
    return all(len({facts[f"t2.{row}.{col}"] for col in ("prev_items", "change", "decisions")}) == 3
               for row in ("licensing", "penalty"))


def _two_digit_codes(facts: dict) -> tuple[str, ...]:
    """Codes to type with a space in them: the first table-3 count of ten or more, a 总计 of ten or
    more in another row, and the first table-2 count of ten or more."""
    t3 = [c for c, v in facts.items() if c.startswith("t3.") and v >= 10]
    total = [c for c in t3 if c.endswith(".total") and c.split(".")[1] != t3[0].split(".")[1]]
    t2 = [c for c, v in facts.items() if c.startswith("t2.") and isinstance(v, int) and v >= 10]
    return (t3[0], total[0], t2[0])


def _spaced_spec(name: str, year: int, templates: dict) -> object:
    def enough(f):
        try:
            _two_digit_codes(f)
        except IndexError:
            return False
        return True
    base = _busy_spec(name, year, templates, enough)
    return dataclasses.replace(base, style=dataclasses.replace(base.style, spaced_digits=_two_digit_codes(base.facts)))


SPECS = {
    "wrapped-2021": _busy_spec("wrap21", 2023, {"t2": "2021", "t3": "2021"}, narrow_labels=True,
                               font="SimSun", table_font_pt=10.5),
    "wrapped-2019": _busy_spec("wrap19", 2020, {"t2": "2019", "t3": "2019"}, narrow_labels=True,
                               font="FangSong", table_font_pt=12.0),
    "quotes-2021": _busy_spec("quote21", 2023, {"t2": "2021", "t3": "2021"}, prose_quotes=True),
    "quotes-2019": _busy_spec("quote19", 2020, {"t2": "2019", "t3": "2019"}, prose_quotes=True),
    # also from issue #11: 总计 printed first, an extra blank 备注 column, a footnote row
    "order-2021": _busy_spec("order21", 2023, {"t2": "2021", "t3": "2021"}, total_first=True,
                             remark_column=True, footnote=True),
    "serial-2021": _busy_spec("serial21", 2023, {"t2": "2021", "t3": "2021"}, serial_column=True),
    "serial-2019": _busy_spec("serial19", 2020, {"t2": "2019", "t3": "2019"}, serial_column=True,
                              remark_column=True, footnote=True, narrow_labels=True),
    "off-2019": _busy_spec("off19", 2020, {"t2": "2019", "t3": "2019"}, _three_apart, header_off=True),
    "off-2021": _busy_spec("off21", 2023, {"t2": "2021", "t3": "2021"}, header_off=True, serial_column=True),
    "regroup-2021": _busy_spec("regroup21", 2023, {"t2": "2021", "t3": "2021"}, regroup_break=True,
                               repeat_header=True),
    "regroup-2019": _busy_spec("regroup19", 2020, {"t2": "2019", "t3": "2019"}, regroup_break=True,
                               narrow_labels=True, font="FangSong", table_font_pt=12.0),
    "spaced-2021": _spaced_spec("spaced21", 2023, {"t2": "2021", "t3": "2021"}),
    "spaced-2019": _spaced_spec("spaced19", 2020, {"t2": "2019", "t3": "2019"}),
}


@functools.cache
def _pdfs() -> dict[str, bytes]:
    keys = list(SPECS)
    return dict(zip(keys, render_many([(SPECS[k], "pdf") for k in keys])))


def _report(data: bytes, name: str) -> dict:
    result = extract_bytes(data, name)
    assert len(result["reports"]) == 1, result.get("reason")
    return result["reports"][0]


def _assert_exact(report: dict, truth: dict, where: str):
    assert report["templates"] == truth["templates"], where
    got, want = report["facts"], truth["facts"]
    wrong = {c: (got.get(c), v) for c, v in want.items() if got.get(c) != v}
    extra = sorted(set(got) - set(want))
    assert not wrong and not extra, f"{where}: wrong {dict(list(wrong.items())[:8])} extra {extra[:5]}"
    assert sorted(c["id"] for c in report["checks"] if c["ok"] is False) == sorted(truth["failed_checks"]), where


# ---------------------------------------------------------------- class 1: wrapped labels in PDF
@pytest.mark.parametrize("key", ["wrapped-2021", "wrapped-2019"])
def test_wrapped_label_rows_of_a_pdf_keep_every_number(key):
    spec = SPECS[key]
    report = _report(_pdfs()[key], f"{key}.pdf")
    _assert_exact(report, spec.truth(), key)
    assert report["complete"] is True and report["missing"] == []
    assert not [w for w in report["warnings"] if "not found" in w], report["warnings"]


# ---------------------------------------------------------------- class 2: prose quoting labels
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("key", ["quotes-2021", "quotes-2019"])
def test_prose_quoting_row_labels_before_a_table_yields_no_fact(key, fmt):
    spec = SPECS[key]
    data = _pdfs()[key] if fmt == "pdf" else render(spec, fmt)
    report = _report(data, f"{key}.{fmt}")
    _assert_exact(report, spec.truth(), f"{key}.{fmt}")
    # the 规范性文件 row is the table's, not the paragraph's (which names it 行政规范性文件)
    row = "t2.normative.issued" if spec.templates["t2"] == "2021" else "t2.normative.made"
    assert report["provenance"][row]["raw"] == str(spec.facts[row])


# ---------------------------------------------------------------- class 3: a row not printed
@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("rows", [("partial",), ("denied_law", "rejected_confirm")])
def test_a_missing_row_makes_the_report_incomplete_and_its_checks_null(rows, fmt):
    base = _busy_spec("missing", 2023, {"t2": "2021", "t3": "2021"})
    spec = dataclasses.replace(base, style=dataclasses.replace(base.style, omit_rows=rows))
    truth = spec.truth()
    report = _report(render(spec, fmt), f"missing.{fmt}")
    _assert_exact(report, truth, fmt)
    assert report["complete"] is False
    assert sorted(report["missing"]) == sorted(truth["missing"])
    null = {c["id"]: c for c in report["checks"] if c["ok"] is None}
    assert sorted(null) == sorted(undecided(truth["facts"]))
    for c in null.values():
        assert set(c["missing"]) <= set(truth["missing"]) and c["missing"], c


# ---------------------------------------------------------------- columns in another order
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_table3_columns_in_another_order_are_read_by_their_headers(fmt):
    spec = SPECS["order-2021"]
    data = _pdfs()["order-2021"] if fmt == "pdf" else render(spec, fmt)
    _assert_exact(_report(data, f"order.{fmt}"), spec.truth(), f"order.{fmt}")


def _data(key: str, fmt: str) -> bytes:
    return _pdfs()[key] if fmt == "pdf" else render(SPECS[key], fmt)


def _table_lines(data: bytes) -> list[list[str]]:
    from extract.readers import pdf as pdf_reader

    return [[c.text for c in line.cells] for line in pdf_reader.read(data).lines if line.in_table]


# ---------------------------------------------------------------- an extra 序号 column
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("key", ["serial-2021", "serial-2019"])
def test_a_serial_number_column_yields_no_fact(key, fmt):
    spec = SPECS[key]
    report = _report(_data(key, fmt), f"{key}.{fmt}")
    _assert_exact(report, spec.truth(), f"{key}.{fmt}")
    assert report["complete"] is True
    if fmt == "pdf":  # the column is really printed: 序号 over table 2 and 3, table 3's rows numbered 1, 2 …
        lines = _table_lines(_data(key, fmt))
        assert sum(row[0] == "序号" for row in lines) == len(schema.T2_BLOCKS[spec.templates["t2"]]) + 1
        numbered = [row[0] for row in lines if row[0].isdigit() and len(row) >= 8 and not row[1].isdigit()]
        assert numbered == [str(n) for n in range(1, len(schema.T3_ROWS[spec.templates["t3"]]) + 1)]


# ---------------------------------------------------------------- a header cell one column off
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("key", ["off-2019", "off-2021"])
def test_table2_header_cell_one_column_off_reads_each_value_under_its_header(key, fmt):
    spec = SPECS[key]
    report = _report(_data(key, fmt), f"{key}.{fmt}")
    _assert_exact(report, spec.truth(), f"{key}.{fmt}")
    if key == "off-2019":
        assert report["provenance"]["t2.licensing.change"]["raw"] == str(spec.facts["t2.licensing.change"])


def test_table2_header_off_is_printed_as_shanghai_prints_it():
    """The HTML of off-2019 has shanghai-bgt-2019's spans: in （五）/（六） the header row is
    上一年项目数量 (1) · 本年增/减 (2) · 处理决定数量 (1), each value row value (2) · (1) · (1)."""
    import re

    html = render(SPECS["off-2019"], "html").decode()
    rows = [re.findall(r"<td( colspan=\"(\d)\")?[^>]*>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", html)]
    spans = [[(int(c[1] or 1), re.sub(r"<[^>]+>", "", c[2])) for c in row] for row in rows]
    f = SPECS["off-2019"].facts
    head = [(1, "信息内容"), (1, "上一年项目数量"), (2, "本年增/减"), (1, "处理决定数量")]
    assert spans.count(head) == 2
    for row, label in (("licensing", "行政许可"), ("penalty", "行政处罚")):
        assert [(1, label), (2, str(f[f"t2.{row}.prev_items"])), (1, str(f[f"t2.{row}.change"])),
                (1, str(f[f"t2.{row}.decisions"]))] in spans
    # （一） keeps its values under its headers; a 5-column grid throughout
    assert [(1, "信息内容"), (1, "本年新制作数量"), (2, "本年新公开数量"), (1, "对外公开总数量")] in spans


# ---------------------------------------------------------------- a group label typed again overleaf
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("key", ["regroup-2021", "regroup-2019"])
def test_group_labels_typed_again_at_a_page_break(key, fmt):
    spec = SPECS[key]
    report = _report(_data(key, fmt), f"{key}.{fmt}")
    _assert_exact(report, spec.truth(), f"{key}.{fmt}")
    assert report["complete"] is True
    if fmt == "pdf":
        lines = _table_lines(_data(key, fmt))
        # 三、本年度办理结果 and the inner group label cut by the break each stand twice
        results = [row for row in lines if "三、本年度办理结果" in row]
        assert len(results) == 2, results
        assert results[1][1] in ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"), results[1]
        inner = results[1][1]
        assert sum(inner in row for row in lines) == 2
        pages = [report["provenance"][f"t3.{r.key}.natural"]["page"] for r in schema.T3_ROWS[spec.templates["t3"]]]
        assert pages == sorted(pages) and len(set(pages)) >= 2
    else:
        import docx

        assert len(docx.Document(io.BytesIO(_data(key, fmt))).tables) == 4  # table 3 typed as two tables


# ---------------------------------------------------------------- "1 0": no fact, never 10
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize("key", ["spaced-2021", "spaced-2019"])
def test_digits_split_by_a_space_yield_no_fact_and_a_warning(key, fmt):
    spec = SPECS[key]
    truth = spec.truth()
    spaced = spec.style.spaced_digits
    report = _report(_data(key, fmt), f"{key}.{fmt}")
    _assert_exact(report, truth, f"{key}.{fmt}")
    assert (report["complete"], sorted(report["missing"])) == (False, sorted(spaced))
    warned = "\n".join(report["warnings"])
    for code in spaced:
        text = str(spec.facts[code])
        assert f"'{text[0]} {text[1:]}'" in warned, (code, report["warnings"])
