"""A table-3 value cell merged down over several rows (`rowspan`) is printed for every row it
covers — as the real pingtan-scj-2023 page draws （六）其他处理: the seven cells of sub-row 1 span
sub-rows 2 and 3, which print their labels only. The report below is written here by hand in that
shape (three label columns, group labels merged down, one merged block of value cells); every
expected number is typed from its tables."""
from __future__ import annotations

from extract.api import extract_bytes

from .test_never_invent import T3_2021_ROWS

COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
GROUPS = {"granted": None, "partial": None, "denied_secret": ("（三）不予公开", 8),
          "unable_not_held": ("（四）无法提供", 3), "rejected_petition": ("（五）不予处理", 5),
          "other_no_correction": ("（六）其他处理", 3)}
IN_GROUP = {"denied_law", "denied_safety", "denied_third_party", "denied_internal", "denied_process",
            "denied_enforcement", "denied_query", "unable_create", "unable_unclear", "rejected_duplicate",
            "rejected_publication", "rejected_excessive", "rejected_confirm", "other_no_fee", "other_misc"}
PRINTED = {"new": ("3", "1", "0", "0", "0", "0", "4"), "granted": ("2", "1", "0", "0", "0", "0", "3"),
           "unable_not_held": ("1", "0", "0", "0", "0", "0", "1"), "total": ("3", "1", "0", "0", "0", "0", "4")}
ZEROS = ("0",) * 7


def td(text, **span):
    attrs = "".join(f' {k}="{v}"' for k, v in span.items())
    return f"<td{attrs}>{text}</td>"


def t3_table(merged: dict[str, int], label_only: frozenset[str] = frozenset()) -> str:
    """Table 3 with the value cells of each row in `merged` spanning that many rows (the rows
    below it then print their labels only); rows in `label_only` print their label and no cell."""
    rows = [('<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
             '<td colspan="7">申请人情况</td></tr>'),
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"]
    covered = 0
    for label, key in T3_2021_ROWS:
        vals = PRINTED.get(key, ZEROS)
        if key in ("new", "carried_in", "carried_out"):
            head = td(label, colspan=3)
        elif key == "granted":
            head = td("三、本年度办理结果", rowspan=22) + td(label, colspan=2)
        elif key in ("partial", "total"):
            head = td(label, colspan=2)
        elif key in GROUPS:
            name, span = GROUPS[key]
            head = td(name, rowspan=span) + td(label)
        else:
            head = td(label)
        if covered or key in label_only:
            covered = max(covered - 1, 0)
            cells = ""
        elif key in merged:
            covered = merged[key] - 1
            cells = "".join(td(v, rowspan=merged[key]) for v in vals)
        else:
            cells = "".join(td(v) for v in vals)
        rows.append(f"<tr>{head}{cells}</tr>")
    return "<table>" + "".join(rows) + "</table>"


def report(merged: dict[str, int], label_only: frozenset[str] = frozenset()) -> bytes:
    return f"""<html><head><meta charset="utf-8"></head><body>
<p>某区市场监督管理局2023年政府信息公开工作年度报告</p>
<p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>13</td><td>0</td><td>13</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">0</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">135</td></tr>
<tr><td>行政强制</td><td colspan="3">54</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">0</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
{t3_table(merged, label_only)}
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr>{"<td>0</td>" * 15}</tr>
</table>
<p>五、存在的主要问题及改进情况</p><p>解读形式单一。</p>
</body></html>""".encode()


def one(data: bytes) -> dict:
    result = extract_bytes(data, "r.html")
    assert result["reason"] is None
    (rep,) = result["reports"]
    return rep


def expected_t3() -> dict:
    return {f"t3.{key}.{c}": int(v) for _, key in T3_2021_ROWS for c, v in zip(COLS, PRINTED.get(key, ZEROS))}


def test_merged_value_cells_are_read_for_every_row_they_cover():
    rep = one(report({"other_no_correction": 3, "rejected_petition": 5}))
    t3 = {k: v for k, v in rep["facts"].items() if k.startswith("t3.")}
    assert t3 == expected_t3()
    assert (rep["complete"], rep["missing"]) == (True, [])
    assert [c["id"] for c in rep["checks"] if c["ok"] is not True] == []
    # the rows drawn without cells of their own are read from the merged cells above them:
    # the number printed is the merged cell's "0", not a blank cell's SPEC 0
    for key, label in (("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                       ("other_misc", "3.其他"), ("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息")):
        for c in COLS:
            p = rep["provenance"][f"t3.{key}.{c}"]
            assert (p["row"], p["raw"]) == (label, "0"), (key, c, p)


def test_the_same_table_without_merged_cells_reads_the_same():
    assert one(report({}))["facts"] == one(report({"other_no_correction": 3, "rejected_petition": 5}))["facts"]


def test_a_merged_cell_ends_where_its_rowspan_ends():
    # （六）1–2 merged (rowspan 2), then 3.其他 drawn with its label only: the merged cells stop at
    # row 2, so row 3 is a row of blank cells (SPEC's 0, nothing printed), not the merged "0"s
    rep = one(report({"other_no_correction": 2}, label_only=frozenset({"other_misc"})))
    assert {k: v for k, v in rep["facts"].items() if k.startswith("t3.")} == expected_t3()
    for c in COLS:
        assert rep["provenance"][f"t3.other_no_fee.{c}"]["raw"] == "0"
        assert rep["provenance"][f"t3.other_misc.{c}"]["raw"] == ""
