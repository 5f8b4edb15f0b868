"""Cell values and label matching per SPEC's value rules and the seeds' label variants."""
from __future__ import annotations

import pytest

from extract import schema
from extract.labels import best_match, core
from extract.values import parse


@pytest.mark.parametrize("text,unit,number,blank", [
    ("", "件", 0, True), ("—", "件", 0, True), ("-", "件", 0, True), ("/", "件", 0, True),
    ("无", "件", 0, True), ("0.00", "万元", 0, False), ("１２", "件", 12, False),
    ("30,556", "件", 30556, False), ("251000元", "万元", 25.1, False), ("12.35", "万元", 12.35, False),
    ("-3", "件", -3, False), ("减少2", "件", -2, False), ("+4", "件", 4, False), ("5*", "件", 5, False),
    ("12（件）", "件", 12, False), (" 7 ", "件", 7, False),
])
def test_values(text, unit, number, blank):
    v = parse(text, unit)
    assert (v.number, v.blank) == (number, blank)
    assert type(v.number) is type(number)


@pytest.mark.parametrize("text", ["1.属于国家秘密", "自然人", "2023年", "行政许可", "三、本年度办理结果"])
def test_labels_are_not_values(text):
    assert parse(text) is None


T3 = [(r.key, r.item.labels) for r in schema.T3_ROWS["2021"]]


@pytest.mark.parametrize("printed,key", [
    ("2.其他法律行政止公开", "denied_law"),  # a real misprint (seed text layers)
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", "partial"),
    ("2.没有现成信息需要另", "unable_create"),  # a wrapped cell's first line
    ("3. 危及“三安全一稳定”", "denied_safety"),
    ("3.其他", "other_misc"),
    ("（七）总计", "total"),
    ("四、结转下年度继续办理", "carried_out"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其申请", "other_no_correction"),
])
def test_row_labels_survive_variants(printed, key):
    assert best_match(printed, T3)[0] == key


def test_unrelated_text_matches_nothing():
    assert best_match("申请人情况", T3)[0] is None
    assert best_match("（三）不予公开", T3)[0] is None  # a group label, not a row


def test_core_strips_width_spaces_numbering():
    assert core("（五） 不予 处理") == "不予处理"
    assert core("3、 收到和处理") == "收到和处理"
