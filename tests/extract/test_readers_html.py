"""The HTML reader on small hand-written pages: exact cell grids (text, grid column, spans) and the
prose lines around them, for each habit of real CMS pages."""
from __future__ import annotations

from extract.readers import html

from .reader_fixtures import grid, prose


def page(body: str, head: str = '<meta charset="utf-8"><title>某局2023年政府信息公开工作年度报告</title>') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_rowspan_and_colspan_expand_to_exact_grid_columns():
    doc = html.read(page("""
      <div class="TRS_Editor"><table border="1">
        <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系）</td><td colspan="7">申请人情况</td></tr>
        <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
        <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
        <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>1</td><td></td><td></td><td></td><td></td><td></td><td>1</td></tr>
        <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>2</td></tr>
        <tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>
      </table></div>"""))
    assert doc.kind == "html"
    assert grid(doc) == [
        [("（本列数据的勾稽关系）", 0, 3, 3), ("申请人情况", 3, 7, 1)],
        [("自然人", 3, 1, 2), ("法人或其他组织", 4, 5, 1), ("总计", 9, 1, 2)],
        [("商业企业", 4, 1, 1), ("科研机构", 5, 1, 1), ("社会公益组织", 6, 1, 1), ("法律服务机构", 7, 1, 1),
         ("其他", 8, 1, 1)],
        [("一、本年新收政府信息公开申请数量", 0, 3, 1), ("1", 3, 1, 1), ("", 4, 1, 1), ("", 5, 1, 1), ("", 6, 1, 1),
         ("", 7, 1, 1), ("", 8, 1, 1), ("1", 9, 1, 1)],
        [("三、本年度办理结果", 0, 1, 2), ("（一）予以公开", 1, 2, 1), ("2", 3, 1, 1)],
        [("（三）不予公开", 1, 1, 1), ("1.属于国家秘密", 2, 1, 1), ("0", 3, 1, 1)],
    ]
    assert [l.row for l in doc.lines] == [0, 1, 2, 3, 4, 5]


def test_span_attributes_that_lie_are_clamped():
    doc = html.read(page("""<div class="content"><table>
        <tr><td rowspan="0">标签</td><td colspan="2;">甲</td><td colspan="abc">乙</td></tr>
        <tr><td rowspan="99">1</td><td>2</td><td>3</td></tr></table></div>"""))
    assert grid(doc) == [
        [("标签", 0, 1, 2), ("甲", 1, 2, 1), ("乙", 3, 1, 1)],
        [("1", 1, 1, 1), ("2", 2, 1, 1), ("3", 3, 1, 1)],
    ]


def test_several_tables_of_one_logical_table_and_header_written_as_text():
    doc = html.read(page("""<div class="zoom">
        <p>二、主动公开政府信息情况</p>
        <p>第二十条第（一）项</p>
        <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>
        <p>第二十条第（五）项</p>
        <table><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>5</td></tr></table>
      </div>"""))
    assert [(l.table, l.row, l.text) for l in doc.lines] == [
        (None, None, "二、主动公开政府信息情况"),
        (None, None, "第二十条第（一）项"),
        (0, 0, "信息内容本年制发件数"),
        (0, 1, "规章3"),
        (None, None, "第二十条第（五）项"),
        (1, 0, "信息内容本年处理决定数量"),
        (1, 1, "行政许可5"),
    ]


def test_cells_with_paragraphs_breaks_spans_and_nbsp():
    doc = html.read(page("""<div class="article"><table>
        <tr><td><p class="MsoNormal"><span style="font-family:仿宋">2.没有现成信息需要另</span></p>
                <p><span>行制作</span></p></td>
            <td><p><span>&nbsp;1&nbsp;</span></p></td></tr>
        <tr><td>3.补正后申请<br/>内容仍不明确</td><td><span lang="EN-US"><o:p>&nbsp;</o:p></span></td></tr>
      </table></div>"""))
    assert grid(doc) == [
        [("2.没有现成信息需要另\n行制作", 0, 1, 1), ("1", 1, 1, 1)],
        [("3.补正后申请\n内容仍不明确", 0, 1, 1), ("", 1, 1, 1)],
    ]


def test_nested_layout_tables_give_only_leaf_rows_and_paragraphs():
    doc = html.read(page("""
      <table width="100%"><tr><td class="left">栏目导航</td></tr></table>
      <table class="layout"><tr><td>
        <table><tr><td>
          <h2>一、总体情况</h2><p>本年度工作有序开展。</p>
          <table border="1"><tr><td>行政复议</td><td>结果维持</td></tr><tr><td>1</td><td>2</td></tr></table>
          <p>五、存在的主要问题及改进情况</p>
        </td></tr></table>
      </td></tr></table>"""))
    assert grid(doc) == [[("行政复议", 0, 1, 1), ("结果维持", 1, 1, 1)], [("1", 0, 1, 1), ("2", 1, 1, 1)]]
    assert prose(doc) == ["栏目导航", "一、总体情况", "本年度工作有序开展。", "五、存在的主要问题及改进情况"]


def test_article_container_drops_chrome_scripts_and_hidden_text():
    doc = html.read(page("""
      <div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/x">2022年政府信息公开工作年度报告</a></li></ul></div>
      <script>document.write("广告")</script><style>.a{color:red}</style>
      <div class="main"><h1>某局2023年政府信息公开工作年度报告</h1>
        <div class="info">发布日期：2024-01-20</div>
        <div class="TRS_Editor"><p>一、总体情况</p><p>2023年，我局认真贯彻。</p>
          <p style="display:none">隐藏文字</p><p>二、主动公开政府信息情况</p></div>
      </div>
      <div class="related"><a href="/y">2021年政府信息公开工作年度报告</a></div>
      <div class="footer">版权所有 某局</div>"""))
    assert doc.title == "某局2023年政府信息公开工作年度报告"
    assert prose(doc) == ["某局2023年政府信息公开工作年度报告", "一、总体情况", "2023年，我局认真贯彻。",
                          "二、主动公开政府信息情况"]


def test_statistical_tables_outside_the_article_container_are_kept():
    doc = html.read(page("""
      <div class="content"><p>一、总体情况</p><p>本机关依法公开政府信息，全年工作情况如下，详见各表所列数据。</p></div>
      <div class="tables"><table><tr><td>自然人</td><td>商业企业</td></tr><tr><td>4</td><td>5</td></tr></table></div>"""))
    assert grid(doc) == [[("自然人", 0, 1, 1), ("商业企业", 1, 1, 1)], [("4", 0, 1, 1), ("5", 1, 1, 1)]]
    assert prose(doc)[:2] == ["一、总体情况", "本机关依法公开政府信息，全年工作情况如下，详见各表所列数据。"]


def test_page_without_article_container_loses_its_navigation():
    doc = html.read(page("""<nav>首页 | 政务公开</nav><div id="breadcrumb">当前位置：首页</div>
        <p>某局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><footer>网站标识码</footer>"""))
    assert prose(doc) == ["某局2023年政府信息公开工作年度报告", "一、总体情况"]


def test_gbk_page_whose_meta_claims_utf8():
    body = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>' \
           '<body><p>政府信息公开工作年度报告</p><table><tr><td>自然人</td><td>３</td></tr></table></body></html>'
    doc = html.read(body.encode("gbk"))
    assert prose(doc) == ["政府信息公开工作年度报告"]
    assert grid(doc) == [[("自然人", 0, 1, 1), ("３", 1, 1, 1)]]


def test_utf8_page_whose_meta_claims_gb2312_and_declared_gbk_page():
    body = '<html><head><meta charset="gb2312"></head><body><p>依申请公开</p></body></html>'
    assert prose(html.read(body.encode("utf-8"))) == ["依申请公开"]
    assert prose(html.read(body.encode("gb18030"))) == ["依申请公开"]


def test_bom_and_xml_declaration():
    body = '<?xml version="1.0" encoding="utf-16"?><html><body><p>行政诉讼</p></body></html>'
    assert prose(html.read(body.encode("utf-16"))) == ["行政诉讼"]
    assert prose(html.read(b"\xef\xbb\xbf" + body.encode("utf-8"))) == ["行政诉讼"]


def test_decode_falls_back_to_charset_detection_for_other_encodings():
    text = "<html><body><p>政府資訊公開年度報告，本年度共受理申請案件若干件。</p></body></html>"
    assert "政府資訊公開年度報告" in html.decode(text.encode("big5"))
