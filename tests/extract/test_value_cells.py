"""Value cells that are not clean numbers: never 0, never a guess (issue #11).

Each case states by hand what the cell is: a number, a number with a warning (the documented
"number + note in brackets" pattern), or no number at all (a warning naming the cell)."""
from __future__ import annotations

import math

import pytest

from extract.values import parse


@pytest.mark.parametrize("text,unit,number", [
    ("10（含3件转办）", "件", 10),
    ("10(含3件转办)", "件", 10),
    ("5件（其中2件为网上申请）", "件", 5),
])
def test_number_with_a_note_keeps_the_leading_number_and_warns(text, unit, number):
    v = parse(text, unit)
    assert v.number == number and type(v.number) is int
    assert v.blank is False
    assert text.strip() in v.warning and "leading number" in v.warning


@pytest.mark.parametrize("text,unit,why", [
    ("3万", "件", "unit 万 in a 件 column"),
    ("3万元", "件", "unit 万元 in a 件 column"),
    ("2件", "万元", "unit 件 in a 万元 column"),
    ("1 0", "件", "digits separated by a space"),
    ("1\u30000", "件", "digits separated by a space"),  # ideographic space
    ("30 556", "件", "digits separated by a space"),
    ("一", "件", "not a clean number"),
    ("十", "件", "not a clean number"),
    ("12..5", "件", "not a clean number"),
    ("1" * 16, "件", "more than 15 significant digits"),
])
def test_unclean_cells_give_no_number_and_a_warning(text, unit, why):
    v = parse(text, unit)
    assert v is not None, "a value cell, not a label"
    assert v.number is None
    assert why in v.warning and "no value recorded" in v.warning


def test_one_is_not_a_dash():
    assert parse("一").number is None
    assert parse("—").number == 0 and parse("—").blank is True


def test_fifteen_significant_digits_are_still_a_number():
    assert parse("123456789012345").number == 123456789012345
    assert parse("000000000000000000012").number == 12  # leading zeros are not significant


def test_a_5000_digit_cell_is_refused_without_raising():
    v = parse("9" * 5000)
    assert v.number is None
    assert "more than 15 significant digits" in v.warning
    assert len(v.warning) < 200  # the warning names the cell, shortened


def test_a_400_digit_decimal_never_becomes_infinity():
    v = parse("1" * 400 + ".5", "万元")
    assert v.number is None
    v = parse("0." + "3" * 400, "万元")
    assert v.number is None
    for text in ("1e400", "inf", "nan", "NaN", "Infinity"):
        v = parse(text, "万元")
        assert v is None or v.number is None or math.isfinite(v.number), text


@pytest.mark.parametrize("text,number", [("−18", -18), ("-18", -18), ("－18", -18), ("减少18", -18), ("+7", 7)])
def test_negative_changes_are_values(text, number):
    v = parse(text, "件")
    assert (v.number, v.blank, v.warning) == (number, False, None)


@pytest.mark.parametrize("text,unit,number", [
    ("75394432.52元", "万元", 7539.443252),
    ("251000元", "万元", 25.1),
    ("251000", "元", 25.1),  # a plain number under a header "采购总金额（元）"
    ("25.1万元", "元", 25.1),  # an explicit 万元 wins over the header's 元
    ("12.35", "万元", 12.35),
    ("3万", "万元", 3),
])
def test_procurement_amounts_in_yuan_are_stored_in_wan(text, unit, number):
    v = parse(text, unit)
    assert (v.number, v.warning) == (number, None)


@pytest.mark.parametrize("text", ["1.属于国家秘密", "2023年", "三、本年度办理结果", "规章", "本年新收申请 29 件"])
def test_labels_are_still_labels(text):
    assert parse(text) is None
