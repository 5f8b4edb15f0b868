"""Issue #11's failure classes on small reports written here by hand (HTML and text):

2. prose that names a table-2 row ("集中公开现行有效行政规范性文件698件") before the table must not
   become the row: no invented zeros, and the real row is read;
3. a row missing from table 3 must not hide its checks: they are published with ok=None and the
   missing codes, and the report says it is incomplete.
Also: unclean value cells, and a gridless table 3 printed with 总计 first.
Every expected number below is typed from the tables in these documents.
"""
from __future__ import annotations

import json
import subprocess
import sys

from extract import schema
from extract.api import extract_bytes

T3_2021_ROWS = [
    ("一、本年新收政府信息公开申请数量", "new"),
    ("二、上年结转政府信息公开申请数量", "carried_in"),
    ("（一）予以公开", "granted"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("1.属于国家秘密", "denied_secret"),
    ("2.其他法律行政法规禁止公开", "denied_law"),
    ("3.危及“三安全一稳定”", "denied_safety"),
    ("4.保护第三方合法权益", "denied_third_party"),
    ("5.属于三类内部事务信息", "denied_internal"),
    ("6.属于四类过程性信息", "denied_process"),
    ("7.属于行政执法案卷", "denied_enforcement"),
    ("8.属于行政查询事项", "denied_query"),
    ("1.本机关不掌握相关政府信息", "unable_not_held"),
    ("2.没有现成信息需要另行制作", "unable_create"),
    ("3.补正后申请内容仍不明确", "unable_unclear"),
    ("1.信访举报投诉类申请", "rejected_petition"),
    ("2.重复申请", "rejected_duplicate"),
    ("3.要求提供公开出版物", "rejected_publication"),
    ("4.无正当理由大量反复申请", "rejected_excessive"),
    ("5.要求行政机关确认或重新出具已获取信息", "rejected_confirm"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_no_fee"),
    ("3.其他", "other_misc"),
    ("（七）总计", "total"),
    ("四、结转下年度继续办理", "carried_out"),
]
# The numbers printed in table 3 (natural, commercial, research, social, legal, other_org, total);
# rows not listed print "0" in every cell.
T3_PRINTED = {
    "new": ("10", "2", "0", "0", "0", "0", "12"),
    "carried_in": ("1", "0", "0", "0", "0", "0", "1"),
    "granted": ("6", "1", "0", "0", "0", "0", "7"),
    "partial": ("2", "0", "0", "0", "0", "0", "2"),
    "unable_not_held": ("2", "1", "0", "0", "0", "0", "3"),
    "total": ("10", "2", "0", "0", "0", "0", "12"),
    "carried_out": ("1", "0", "0", "0", "0", "0", "1"),
}
ZEROS = ("0",) * 7

PROSE_T2 = ("平潭综合实验区持续推进基础信息公开。一是做好规范性文件公开。设立规范性文件库，"
            "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。")
PROSE_T3 = "本年度共收到政府信息公开申请12件，其中予以公开7件。"


def t3_rows(skip: str | None = None, override: dict | None = None):
    override = override or {}
    for label, key in T3_2021_ROWS:
        if key == skip:
            continue
        yield label, override.get(key, T3_PRINTED.get(key, ZEROS))


def html_report(skip_t3_row: str | None = None, t3_override: dict | None = None) -> bytes:
    def row(cells):
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    t3 = "".join(row([label, *vals]) for label, vals in t3_rows(skip_t3_row, t3_override))
    return f"""<html><head><meta charset="utf-8"><title>测试县2022年政府信息公开工作年度报告</title></head><body>
<h1>测试县2022年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>（一）主动公开方面</p><p>{PROSE_T2}</p>
<p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>88</td><td>55</td><td>698</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">10690</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">2113</td></tr>
<tr><td>行政强制</td><td colspan="3">0</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">9116.36</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p><p>{PROSE_T3}</p>
<table>
<tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>
{t3}
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p><p>公开质量有待提高。</p>
</body></html>""".encode()


def text_report(skip_t3_row: str | None = None) -> bytes:
    """The same report as a tab-separated text dump (one table row a line)."""
    lines = ["测试县2022年政府信息公开工作年度报告", "一、总体情况", "（一）主动公开方面", PROSE_T2,
             "二、主动公开政府信息情况",
             "第二十条第（一）项\t\t\t", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
             "规章\t0\t0\t0", "行政规范性文件\t88\t55\t698",
             "第二十条第（五）项\t\t\t", "信息内容\t本年处理决定数量\t\t", "行政许可\t10690\t\t",
             "第二十条第（六）项\t\t\t", "信息内容\t本年处理决定数量\t\t", "行政处罚\t2113\t\t", "行政强制\t0\t\t",
             "第二十条第（八）项\t\t\t", "信息内容\t本年收费金额（单位：万元）\t\t", "行政事业性收费\t9116.36\t\t",
             "三、收到和处理政府信息公开申请情况", PROSE_T3,
             "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"]
    lines += ["\t".join([label, *vals]) for label, vals in t3_rows(skip_t3_row)]
    lines += ["四、政府信息公开行政复议、行政诉讼情况",
              "行政复议\t\t\t\t\t行政诉讼",
              "\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉",
              ("结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t"
               "结果维持\t结果纠正\t其他结果\t尚未审结\t总计"),
              "1\t0\t0\t1\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
              "五、存在的主要问题及改进情况", "公开质量有待提高。"]
    return "\n".join(lines).encode()


def expected_facts(skip_t3_row: str | None = None) -> dict:
    facts = {"t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 0,
             "t2.normative.issued": 88, "t2.normative.repealed": 55, "t2.normative.in_force": 698,
             "t2.licensing.decisions": 10690, "t2.penalty.decisions": 2113, "t2.coercion.decisions": 0,
             "t2.fees.amount": 9116.36}
    cols = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    for _, key in T3_2021_ROWS:
        if key != skip_t3_row:
            facts.update({f"t3.{key}.{c}": int(v) for c, v in zip(cols, T3_PRINTED.get(key, ZEROS))})
    facts.update({"t4.review.upheld": 1, "t4.review.corrected": 0, "t4.review.other": 0, "t4.review.pending": 1,
                  "t4.review.total": 2})
    for g in ("suit_direct", "suit_after_review"):
        facts.update({f"t4.{g}.{c}": 0 for c in ("upheld", "corrected", "other", "pending", "total")})
    return facts


def one(data: bytes, name: str) -> dict:
    result = extract_bytes(data, name)
    assert result["reason"] is None
    (report,) = result["reports"]
    return report


# ---------------------------------------------------------------- class 2: prose is not a row
def test_prose_naming_a_table2_row_invents_nothing_html():
    rep = one(html_report(), "r.html")
    assert rep["facts"] == expected_facts()
    assert (rep["facts"]["t2.normative.issued"], rep["facts"]["t2.normative.repealed"],
            rep["facts"]["t2.normative.in_force"]) == (88, 55, 698)
    assert rep["provenance"]["t2.normative.in_force"]["row"] == "行政规范性文件"
    assert rep["provenance"]["t2.normative.in_force"]["raw"] == "698"
    assert (rep["complete"], rep["missing"]) == (True, [])
    assert [c["id"] for c in rep["checks"] if c["ok"] is not True] == []


def test_prose_naming_a_table2_row_invents_nothing_text():
    rep = one(text_report(), "r.txt")
    assert rep["facts"] == expected_facts()
    assert (rep["complete"], rep["missing"]) == (True, [])


# ---------------------------------------------------------------- class 3: a missing row is visible
MISSING_PARTIAL = sorted(f"t3.partial.{c}" for c in
                         ("natural", "commercial", "research", "social", "legal", "other_org", "total"))


def _assert_partial_row_missing(rep):
    assert rep["facts"] == expected_facts(skip_t3_row="partial")
    assert rep["complete"] is False
    assert rep["missing"] == MISSING_PARTIAL
    checks = {c["id"]: c for c in rep["checks"]}
    # the outcome sums need the partial row: unknown, with the one missing code each
    for col in ("natural", "commercial", "research", "social", "legal", "other_org", "total"):
        assert checks[f"t3.outcomes.{col}"] == {"id": f"t3.outcomes.{col}", "ok": None, "lhs": None, "rhs": None,
                                                "missing": [f"t3.partial.{col}"]}
    assert checks["t3.row_total.partial"]["ok"] is None
    assert checks["t3.row_total.partial"]["missing"] == MISSING_PARTIAL
    # checks that do not need the row are made as usual
    assert checks["t3.balance.natural"] == {"id": "t3.balance.natural", "ok": True, "lhs": 11, "rhs": 11}
    assert len(checks) == 7 + 7 + 25 + 3
    assert "table 3: rows not found: partial" in rep["warnings"]


def test_missing_row_makes_checks_unknown_html():
    _assert_partial_row_missing(one(html_report(skip_t3_row="partial"), "r.html"))


def test_missing_row_makes_checks_unknown_text():
    _assert_partial_row_missing(one(text_report(skip_t3_row="partial"), "r.txt"))


def test_cli_prints_complete_missing_and_null_checks(tmp_path):
    path = tmp_path / "r.html"
    path.write_bytes(html_report(skip_t3_row="partial"))
    proc = subprocess.run([sys.executable, "-m", "extract", str(path), "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    (rep,) = json.loads(proc.stdout)["reports"]
    assert (rep["complete"], rep["missing"]) == (False, MISSING_PARTIAL)
    assert {c["id"] for c in rep["checks"] if c["ok"] is None} == {
        *(f"t3.outcomes.{c}" for c in ("natural", "commercial", "research", "social", "legal", "other_org", "total")),
        "t3.row_total.partial"}


# ---------------------------------------------------------------- cells that are not clean numbers
def test_unclean_cells_are_not_zero_html():
    override = {"new": ("10（含3件转办）", "2", "0", "0", "0", "0", "12"),
                "carried_in": ("一", "0", "0", "0", "0", "0", "1"),
                "granted": ("6", "3万", "0", "0", "0", "0", "7"),
                "unable_not_held": ("2", "1", "0", "0", "0", "0", "1 0")}
    rep = one(html_report(t3_override=override), "r.html")
    want = expected_facts()
    for code in ("t3.carried_in.natural", "t3.granted.commercial", "t3.unable_not_held.total"):
        del want[code]
    assert rep["facts"] == want
    assert rep["facts"]["t3.new.natural"] == 10  # the leading number of "10（含3件转办）"
    assert rep["provenance"]["t3.new.natural"]["raw"] == "10（含3件转办）"
    assert rep["missing"] == ["t3.carried_in.natural", "t3.granted.commercial", "t3.unable_not_held.total"]
    assert rep["complete"] is False
    warned = "\n".join(rep["warnings"])
    for cell in ("'10（含3件转办）'", "'一'", "'3万'", "'1 0'"):
        assert cell in warned, cell
    checks = {c["id"]: c for c in rep["checks"]}
    assert checks["t3.balance.natural"]["missing"] == ["t3.carried_in.natural"]
    assert checks["t3.row_total.granted"]["missing"] == ["t3.granted.commercial"]


# ---------------------------------------------------------------- gridless column order
def _gridless_t3(header: list[str] | None, order: list[int]) -> bytes:
    """Table 3 as layout text (cells split by spaces, no grid), columns printed in `order`."""
    lines = ["测试县2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    if header:
        lines += header
    for label, vals in t3_rows():
        lines.append(label.replace(" ", "") + "  " + "  ".join(vals[k] for k in order))
    return "\n".join(lines).encode()


TOTAL_FIRST = [6, 0, 1, 2, 3, 4, 5]  # 总计 printed before 自然人


def _t3_expected():
    return {k: v for k, v in expected_facts().items() if k.startswith("t3.")}


def test_gridless_columns_in_another_order_follow_the_header():
    header = ["申请人情况  总计  自然人  法人或其他组织",
              "商业企业  科研机构  社会公益组织  法律服务机构  其他"]
    rep = one(_gridless_t3(header, TOTAL_FIRST), "r.txt")
    assert {k: v for k, v in rep["facts"].items() if k.startswith("t3.")} == _t3_expected()
    assert rep["provenance"]["t3.new.total"]["raw"] == "12"


def test_gridless_columns_without_a_header_are_read_with_a_warning():
    rep = one(_gridless_t3(None, list(range(7))), "r.txt")
    assert {k: v for k, v in rep["facts"].items() if k.startswith("t3.")} == _t3_expected()
    assert "table 3: no header gives the column order; read in the template's order" in rep["warnings"]


def test_codes_for_layout_are_the_missing_universe():
    # the codes a complete 2021/2021 report carries: those of the hand-written documents above
    assert set(schema.codes_for({"t2": "2021", "t3": "2021"})) == set(expected_facts())
