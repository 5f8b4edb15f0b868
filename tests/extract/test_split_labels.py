"""PDF-to-Markdown converters that split table 3's labels from its numbers (issue #11; the real
shape is tests/fixtures/real/kewei-2024). A wrapped label cell comes out as plain text lines and
the row's numbers as a bare Markdown row, out of step with each other: numbers before their label,
two labels before the first of their two rows, a fragment of the group cell glued to the row label
("（四）无2.没有现成…"), a lone number (a page number, a displaced cell) between rows. The bare rows
still come in the template's order, so each belongs to the next row the table names without
numbers beside it. Every row below prints different numbers, so a row read one step off shows."""
from __future__ import annotations

from extract.api import extract_bytes

COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
# the truth, typed by hand (natural, commercial, research, social, legal, other, total)
T3 = {
    "new": (40, 1, 0, 0, 0, 0, 41), "carried_in": (2, 0, 0, 0, 0, 0, 2),
    "granted": (10, 0, 0, 0, 0, 0, 10), "partial": (2, 0, 0, 0, 0, 0, 2),
    "denied_secret": (0, 0, 0, 0, 0, 0, 0), "denied_law": (1, 0, 0, 0, 0, 0, 1),
    "denied_safety": (0, 0, 0, 0, 0, 0, 0), "denied_third_party": (0, 0, 0, 0, 0, 0, 0),
    "denied_internal": (3, 0, 0, 0, 0, 0, 3), "denied_process": (1, 0, 0, 0, 0, 0, 1),
    "denied_enforcement": (0, 0, 0, 0, 0, 0, 0), "denied_query": (0, 0, 0, 0, 0, 0, 0),
    "unable_not_held": (5, 0, 0, 0, 0, 0, 5), "unable_create": (4, 0, 0, 0, 0, 0, 4),
    "unable_unclear": (0, 0, 0, 0, 0, 0, 0), "rejected_petition": (1, 0, 0, 0, 0, 0, 1),
    "rejected_duplicate": (2, 0, 0, 0, 0, 0, 2), "rejected_publication": (0, 0, 0, 0, 0, 0, 0),
    "rejected_excessive": (1, 0, 0, 0, 0, 0, 1), "rejected_confirm": (0, 0, 0, 0, 0, 0, 0),
    "other_no_correction": (6, 1, 0, 0, 0, 0, 7), "other_no_fee": (0, 0, 0, 0, 0, 0, 0),
    "other_misc": (3, 0, 0, 0, 0, 0, 3), "total": (39, 1, 0, 0, 0, 0, 40),
    "carried_out": (3, 0, 0, 0, 0, 0, 3),
}


def row(label: str | None, key: str) -> str:
    cells = ([label] if label else []) + [str(v) for v in T3[key]]
    return "| " + " | ".join(cells) + " |\n|" + "---|" * len(cells)


DOC = "\n".join([
    "青山县人民政府2024年政府信息公开工作年度报告",
    "一、总体情况",
    "2024年，我县依法做好政府信息公开工作。",
    "二、主动公开政府信息情况",
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
    "|---|---|---|---|",
    "| 规章 | 0 | 0 | 0 |",
    "| 行政规范性文件 | 2 | 1 | 9 |",
    "| 信息内容 | 本年处理决定数量 |",
    "| 行政许可 | 12 |",
    "| 行政处罚 | 3 |",
    "| 行政强制 | 0 |",
    "| 信息内容 | 本年收费金额（单位：万元） |",
    "| 行政事业性收费 | 0 |",
    "三、收到和处理政府信息公开申请情况",
    "申请人情况",
    "自然人 法人或其他组织 总计",
    "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
    row("一、本年新收政府信息公开申请数量", "new"),
    row("二、上年结转政府信息公开申请数量", "carried_in"),
    row("三、本年度办理结果 | （一）予以公开", "granted"),
    row(None, "partial"),  # numbers first …
    "（二）部分公开（区分处理的，只",  # … its label after them
    "计这一情形，不计其他情形）",
    "2.其他法律行政法规禁",  # a label above the row before its own
    "止公开",
    row("1.属于国家秘密", "denied_secret"),
    row(None, "denied_law"),
    row("3.危及“三安全一稳定”", "denied_safety"),
    row("4.保护第三方合法权益", "denied_third_party"),
    "（三）不",
    "予公开",
    "5.属于三类内部事务信",  # two labels …
    "息",
    "1.本机关不掌握相关政",
    "府信息",
    row(None, "denied_internal"),  # … the first one's numbers
    row("6.属于四类过程性信息", "denied_process"),
    row("7.属于行政执法案卷", "denied_enforcement"),
    row("8.属于行政查询事项", "denied_query"),
    row(None, "unable_not_held"),
    "（四）无2.没有现成信息需要另",  # the group cell's fragment glued to the label
    "法提供行制作",
    "3.补正后申请内容仍不",
    "明确",
    row(None, "unable_create"),
    row(None, "unable_unclear"),
    row("1.信访举报投诉类申请", "rejected_petition"),
    row("2.重复申请", "rejected_duplicate"),
    row("3.要求提供公开出版物", "rejected_publication"),
    "（五）不",
    "予处理4.无正当理由大量反复",
    "申请",
    "5.要求行政机关确认或",
    "重新出具已获取信息",
    "1.申请人无正当理由逾",
    "期不补正、行政机关不",
    "再处理其政府信息公开",
    "申请",
    row(None, "rejected_excessive"),
    row(None, "rejected_confirm"),
    row(None, "other_no_correction"),
    "（六）其",
    "他处理",
    "2.申请人逾期未按收费",
    "通知要求缴纳费用、行",
    "政机关不再处理其政府",
    "信息公开申请",
    "7",  # a page number between rows
    row(None, "other_no_fee"),
    row("3.其他", "other_misc"),
    row("（七）总计", "total"),
    row("四、结转下年度继续办理", "carried_out"),
    "四、政府信息公开行政复议、行政诉讼情况",
    "| 行政复议 | 行政诉讼 |",
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |",
    "| 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    "五、存在的主要问题及改进情况",
    "公开质量有待提高。",
])


def _report():
    (report,) = extract_bytes(DOC.encode("utf-8"), "split.md")["reports"]
    return report


def test_each_bare_row_goes_to_its_own_row():
    facts = _report()["facts"]
    got = {key: tuple(facts.get(f"t3.{key}.{c}") for c in COLS) for key in T3}
    assert got == T3


def test_split_table_is_complete_and_adds_up():
    report = _report()
    assert report["templates"] == {"t2": "2021", "t3": "2021"}
    assert (report["complete"], report["missing"]) == (True, [])
    assert [c["id"] for c in report["checks"] if c["ok"] is not True] == []
    assert "table 3: lone number '7' before a row of numbers ignored" in report["warnings"]
    assert (report["facts"]["t2.normative.in_force"], report["facts"]["t4.review.total"]) == (9, 2)


def test_each_fact_has_its_printed_label_and_a_bare_row_behind_it():
    from tests.extract.test_provenance_rows import behind_every_fact

    assert behind_every_fact(DOC.encode("utf-8"), "split.md") == []
    prov = extract_bytes(DOC.encode("utf-8"), "split.md")["reports"][0]["provenance"]
    # the label as printed (the part after the glued group fragment), not the template's
    assert prov["t3.unable_create.natural"]["row"] == "2.没有现成信息需要另"
    assert prov["t3.partial.natural"]["row"] == "（二）部分公开（区分处理的，只"
