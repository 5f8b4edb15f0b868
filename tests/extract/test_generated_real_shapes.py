"""The three failure classes of issue #11, on generated documents whose truth the generator
knows (simweb.generator), so each test says exactly which numbers must come out:

1. wrapped label cells in a Word/WPS-made PDF, the numbers centred on a line of their own;
2. a paragraph quoting row labels with numbers right before each table (never a source of facts);
3. a table-3 row the report does not print: the report is incomplete, and every check that needs
   the row is published with ok = null, not left out.
"""
from __future__ import annotations

import dataclasses
import functools
import random

import pytest

from extract.api import extract_bytes
from simweb.generator import Style, random_spec, render, render_many
from simweb.generator.checks import undecided


def _busy_spec(name: str, year: int, templates: dict, **style):
    """A report with numbers in the rows that break (partial, normative, unable …), no check broken."""
    for i in range(400):
        s = random_spec(random.Random(f"{name}-{i}"), "某市住房和城乡建设局", year, templates=templates, breaks=())
        f = s.facts
        norm_code = "t2.normative.issued" if templates["t2"] == "2021" else "t2.normative.made"
        if f["t3.partial.total"] >= 3 and f["t3.granted.total"] >= 5 and f[norm_code] >= 2 \
                and f["t3.unable_not_held.total"] >= 2:
            return dataclasses.replace(s, style=dataclasses.replace(Style(), **style))
    raise AssertionError("no busy report in 400 draws")


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
