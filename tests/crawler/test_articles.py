"""Article pages: document fields, the report body and its attachments taken only from the
content block. Real saved pages (tests/fixtures/real/pages/articles, SOURCES.md) with
expectations written by hand; the link-kind rules over small pages built around them."""
from __future__ import annotations

from pathlib import Path

import pytest

from crawler.articles import document_text, is_document_link, join_pages, parse_article, split_pages
from crawler.listings import Page

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "pages" / "articles"
# The seven 平潭 report pages are the extractor's real fixtures too: one copy serves both.
PINGTAN = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "pingtan"
CZJ_URL = ("https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqczj/fdzdgknr/10qtwjdzjg/"
           "201706/t20170616_63748.htm")
REPORT_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm"


def real(name: str, url: str) -> Page:
    return Page(url, (ARTICLES / name).read_bytes(), "text/html")


def test_index_box_fields_and_attachment_list():
    art = parse_article(real("pingtan_czj_t20170616_63748.htm", CZJ_URL))
    assert art.title == "关于印发《平潭综合实验区财政金融局2017年政务公开工作任务实施方案》的通知"
    assert art.published_date == "2017-06-16"  # 发布日期, not 成文日期 2017-06-15
    assert art.publisher == "平潭综合实验区财政金融局"  # 发文机关
    assert art.index_no == "PZ00108-3000-2017-00069"
    # The 附件下载 list; not the header's weather iframe, not the templated pdf.js viewer
    # (viewer.html?file={{qzbFile}} is filled in by a script).
    assert art.attachments == [(
        "https://www.pingtan.gov.cn/attachFiles/myfile/DATE_20171225/2c90b38b608bbc4b01608bce31640007.pdf",
        "岚财金2017.135 关于印发《平潭综合实验区财政金融局2017年政务公开工作实施方案》的通知.pdf")]
    assert not art.holds_report  # "详见附件": a carrier of its PDF
    assert art.continuations == []


def test_report_printed_in_trs_editor():
    art = parse_article(Page(REPORT_URL, (PINGTAN / "pingtan2023.html").read_bytes(), "text/html"))
    assert art.title == "平潭综合实验区2023年度政府信息公开工作年度报告"
    assert art.published_date == "2024-03-08"
    assert art.publisher == "平潭综合实验区管委会办公室"
    assert art.index_no is None
    assert art.holds_report
    assert art.attachments == []
    assert art.body_text.startswith("本报告根据《中华人民共和国政府信息公开条例》")


def test_sidebar_application_form_is_not_the_report():
    # The real report page with a sidebar of forms, as many sites have: the 申请表 is not an
    # attachment of the report.
    body = (PINGTAN / "pingtan2023.html").read_text("utf-8").replace(
        '<div class="main">',
        '<div class="main"><div class="right_side"><h3>依申请公开</h3><ul>'
        '<li><a href="/zwgk/zfxxgk/ysqgk/P020230101000001.doc">政府信息公开申请表.doc</a></li>'
        '<li><a href="/module/download/downfile.jsp?filename=sqb.doc">申请表下载</a></li></ul></div>', 1)
    art = parse_article(Page(REPORT_URL, body.encode("utf-8")))
    assert art.attachments == []
    assert art.holds_report


def _around(content: str, url: str = "https://www.x.gov.cn/zwgk/zfxxgknb/202401/t20240110_123.html",
            chrome: str = "") -> Page:
    html = (f'<html><head><meta name="ArticleTitle" content="X县2023年政府信息公开工作年度报告"></head><body>'
            f'<div class="header">{chrome}</div><div class="TRS_Editor">{content}</div>'
            f'<div class="footer"><a href="/download/guide.pdf">网站使用指南.pdf</a></div></body></html>')
    return Page(url, html.encode("utf-8"))


def test_document_links_of_every_kind_in_the_content_block():
    art = parse_article(_around(
        '<p>全文见附件。</p>'
        '<iframe src="/generic/web/viewer.html?file=/attach/P020240110555.pdf" title="全文"></iframe>'
        '<embed src="../../../attach/0/report2023.pdf" type="application/pdf">'
        '<object data="/attach/tables2023.ofd"></object>'
        '<p><a href="javascript:void(0)" onclick="window.open(\'/attach/annex2023.docx\')">附表</a></p>'
        '<p><span onclick="downLoadFile(\'/module/download/downfile.jsp?classid=0&filename=2401.pdf\')">下载</span></p>'
        '<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2023nb.pdf">2023年年报.pdf</a></p>',
        chrome='<a href="/zwgk/sqb.doc">政府信息公开申请表.doc</a>'))
    # in page order; the header's 申请表 and the footer's guide are not the article's
    assert [u for u, _ in art.attachments] == [
        "https://www.x.gov.cn/attach/P020240110555.pdf",
        "https://www.x.gov.cn/attach/0/report2023.pdf",
        "https://www.x.gov.cn/attach/tables2023.ofd",
        "https://www.x.gov.cn/attach/annex2023.docx",
        "https://www.x.gov.cn/module/download/downfile.jsp?classid=0&filename=2401.pdf",
        "https://www.x.gov.cn/module/download/downfile.jsp?classid=0&filename=2023nb.pdf",
    ]


def test_download_servlet_names_the_file_in_its_query():
    assert is_document_link("http://www.x.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.pdf")
    assert is_document_link("http://www.x.gov.cn/servlet/Download?file=%2Fu%2F2023%E5%B9%B4%E6%8A%A5.docx")
    assert not is_document_link("http://www.x.gov.cn/module/download/downfile.jsp?classid=0&id=17")


def test_split_trs_article_pages_are_followed_and_joined():
    first_url = "http://www.x.gov.cn/zwgk/zfxxgknb/201904/t20190419_6377489.htm"
    first = _around('<p>一、总体情况</p><p>二、主动公开政府信息情况</p>'
                    '<script>var currentPage = 0; //所在页从0开始\nvar countPage = 3 //共多少页</script>',
                    url=first_url)
    assert split_pages(first) == ["http://www.x.gov.cn/zwgk/zfxxgknb/201904/t20190419_6377489_1.htm",
                                  "http://www.x.gov.cn/zwgk/zfxxgknb/201904/t20190419_6377489_2.htm"]
    one = parse_article(first)
    assert not one.holds_report  # two of the sections only: the rest is on the next pages
    two = parse_article(_around('<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>'
                                '<a href="/attach/tables.xls">附表.xls</a><script>var countPage = 3</script>',
                                url=split_pages(first)[0]))
    three = parse_article(_around('<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>',
                                  url=split_pages(first)[1]))
    assert split_pages(Page(split_pages(first)[0], b"<script>var countPage = 3</script>")) == []  # only page 1 fans out
    joined = join_pages(one, [two, three])
    assert joined.holds_report
    assert joined.title == "X县2023年政府信息公开工作年度报告"
    assert joined.attachments == [("http://www.x.gov.cn/attach/tables.xls", "附表.xls")]


# The seven real 平潭 report pages: (file, URL date part, 发布日期 as printed, 来源 as printed).
PINGTAN_REPORTS = [
    (2019, "202001/t20200120_80576", "2020-01-20", "平潭县人民政府"),
    (2020, "202103/t20210305_80595", "2021-03-05", "平潭县人民政府"),
    (2021, "202202/t20220208_80613", "2022-02-08", "平潭县人民政府"),
    (2022, "202302/t20230220_80629", "2023-02-20", "平潭县人民政府"),
    (2023, "202403/t20240308_87885", "2024-03-08", "平潭综合实验区管委会办公室"),
    (2024, "202503/t20250310_97791", "2025-03-10", "平潭综合实验区管委会办公室"),
    # listed 2026-03-10, its URL says 20260313: the page's own date wins
    (2025, "202603/t20260313_105587", "2026-03-10", "平潭综合实验区管委会办公室"),
]


@pytest.mark.parametrize("year, path, published, source", PINGTAN_REPORTS, ids=[str(r[0]) for r in PINGTAN_REPORTS])
def test_pingtan_report_pages(year, path, published, source):
    url = f"https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/{path}.htm"
    art = parse_article(Page(url, (PINGTAN / f"pingtan{year}.html").read_bytes(), "text/html"))
    assert art.title == f"平潭综合实验区{year}年度政府信息公开工作年度报告"
    assert art.published_date == published
    assert art.publisher == source
    assert art.index_no is None
    assert art.holds_report  # the tables are printed in the page
    assert art.attachments == []  # the header's weather iframe is no document
    assert art.continuations == []


def test_hanweb_information_table_without_colons():
    # Hanweb's xxgk table prints labels in <th> without a colon, the date as 生成日期
    html = ("<html><body><table class='xxgk_table'>"
            "<tr><th>索引号</th><td>0141320000/2025-21385</td><th>发布机构</th><td>江苏省科学技术厅</td></tr>"
            "<tr><th>生成日期</th><td>2025-03-05</td><th>公开方式</th><td>主动公开</td></tr></table>"
            "<div id='zoom'><p>江苏省科学技术厅2024年政府信息公开工作年度报告</p></div></body></html>")
    art = parse_article(Page("http://www.jiangsu.gov.cn/art/2025/3/5/art_1571_21385.html", html.encode("utf-8")))
    assert (art.publisher, art.published_date, art.index_no) == ("江苏省科学技术厅", "2025-03-05", "0141320000/2025-21385")


def test_unlabelled_date_line_under_the_heading_but_not_a_sidebar_list_date():
    html = ("<html><body><div class='side'><ul><li><a href='/a.html'>其他</a><span class='date'>2024-05-01</span></li></ul></div>"
            "<h1>2022年政府信息公开工作年度报告</h1><div class='date'>2023年01月17日</div>"
            "<div class='article'><p>全文见附件。</p></div></body></html>")
    art = parse_article(Page("http://www.qhdkfq.gov.cn/zfxxgk/ndbg/202301/t20230117_808046.html", html.encode("utf-8")))
    assert art.published_date == "2023-01-17"


def test_document_text_opens_an_attached_docx_and_nothing_else():
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("秦皇岛经济技术开发区社会事业局2022年政府信息公开工作年度报告")
    d.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》要求编制。")
    buf = io.BytesIO()
    d.save(buf)
    assert document_text(buf.getvalue(), "docx") == (
        "秦皇岛经济技术开发区社会事业局2022年政府信息公开工作年度报告 本报告根据《中华人民共和国政府信息公开条例》要求编制。")
    assert document_text(b"%PDF-1.4 broken", "pdf") == ""
    assert document_text(b"\xd0\xcf\x11\xe0", "doc") == ""
