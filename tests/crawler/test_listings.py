"""Listing adapters over real saved pages (tests/fixtures/real/pages/, sources in SOURCES.md).

Every expectation here is written by hand from reading the page: its items (url, title, the
date printed beside it), the other pages of the listing it announces, and which items are
reports. A change in a parser's output fails these tests; nothing regenerates them."""
from __future__ import annotations

from pathlib import Path

from crawler.listings import Page, PageRequest, detect_family, parse_listing
from crawler.listings.iframe import iframe_listings
from crawler.titles import is_report_entry

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "pages"


def page(name: str, url: str, content_type: str = "text/html") -> Page:
    return Page(url, (PAGES / name).read_bytes(), content_type)


# ------------------------------------------------------------------ TRS: 宜春市袁州区 政务要闻
YZ = "http://www.yzq.gov.cn/zwgk/zwdt/zwyw/"
YZ_ITEMS = [
    ("201710/t20171020_398361.html", "袁州区财政局掀起学习贯彻省、市、区有关文件精神热潮", "2017-10-20"),
    ("201710/t20171020_398360.html", "袁州区农业局进行脱贫攻坚“百日行动”部署工作", "2017-10-20"),
    ("201710/t20171019_398230.html", "袁州医药工业园组织收看十九大开幕会", "2017-10-19"),
    ("201710/t20171019_398228.html", "慈化镇组织观看十九大开幕会", "2017-10-19"),
    ("201710/t20171019_398220.html", "袁州区广大党员干部和群众收听收看党的十九大开幕盛况", "2017-10-18"),
    ("201710/t20171018_398142.html", "袁州区查处侵害群众利益问题326个", "2017-10-18"),
    ("201710/t20171018_398141.html", "袁州区市场监管局三阳分局集中治理食品安全", "2017-10-18"),
    ("201710/t20171018_398140.html", "袁州区举办“喜迎十九大老年书画作品展”", "2017-10-18"),
    ("201710/t20171017_398088.html", "袁州区做好畜牧兽医医疗卫生津贴发放工作", "2017-10-17"),
    ("201710/t20171016_398039.html", "袁州文化墙秀出文明景", "2017-10-16"),
    ("201710/t20171016_398038.html", "三阳狠抓环境整治扮靓家园", "2017-10-16"),
    ("201710/t20171016_398030.html", "袁州区四措并举开展降成本优环境专项行动", "2017-10-16"),
    ("201710/t20171013_397991.html", "中心城区棚户区改造第二批签约工作启动啦", "2017-10-13"),
    ("201710/t20171013_397885.html", "袁州区完成中央环保督察反馈的22家问题猪场整改工作", "2017-10-13"),
    ("201710/t20171013_397884.html", "袁州区签约引进总投资40亿元的年产750万只品牌钟表及2500万套可穿戴设备生产项目", "2017-10-13"),
    ("201710/t20171013_397883.html", "化成街道特色文化街巷接地气润民心", "2017-10-13"),
    ("201710/t20171013_397882.html", "袁州医药工业园11家涉水企业全部完成在线监控设施建设", "2017-10-13"),
    ("201710/t20171012_397795.html", "袁州区兽医处方专项整顿行动成效显著", "2017-10-12"),
    ("201710/t20171012_397794.html", "袁州区：严厉整治和查处侵害群众利益突出问题", "2017-10-12"),
    ("201710/t20171012_397789.html", "袁州发展鲜花产业助农脱贫", "2017-10-12"),
    ("201710/t20171011_397581.html", "鲁旭东主持召开环城西路环境综合整治工作会议", "2017-10-11"),
    ("201710/t20171011_397578.html", "袁州区下浦街道财政所转作风强建设塑形象", "2017-10-11"),
    ("201710/t20171011_397577.html", "慈化镇开展“十诊”工作保平安", "2017-10-11"),
    ("201710/t20171011_397575.html", "袁州区：举办老年书画作品展", "2017-10-11"),
    ("201710/t20171010_397448.html", "袁州区财政局举办“庆国庆 迎十九大”演讲赛", "2017-10-10"),
]


def test_trs_create_page_html_with_the_npagecount_template():
    listing = parse_listing(page("trs/yuanzhou_zwyw_index.html", YZ + "index.html"))
    assert listing.family == "trs"
    assert [(e.url, e.title, e.date) for e in listing.items] == [(YZ + u, t, d) for u, t, d in YZ_ITEMS]
    # createPageHTML(120, 0, "index", "html"): index_1.html … index_119.html, all at once; the
    # template's own `function createPageHTML(_nPageCount, …)` is not a call.
    assert listing.pages == [PageRequest(f"{YZ}index_{i}.html") for i in range(1, 120)]
    assert [e for e in listing.items if is_report_entry(e.title, e.date)] == []


def test_trs_later_pages_do_not_fan_out_again():
    listing = parse_listing(page("trs/yuanzhou_zwyw_index.html", YZ + "index_7.html"))
    assert listing.pages == []
    assert len(listing.items) == 25


def test_gbk_page_whose_meta_says_utf8_reads_right():
    real = (PAGES / "trs/yuanzhou_zwyw_index.html").read_bytes().decode("utf-8")
    listing = parse_listing(Page(YZ + "index.html", real.encode("gbk"), "text/html; charset=utf-8"))
    assert [(e.url, e.title, e.date) for e in listing.items] == [(YZ + u, t, d) for u, t, d in YZ_ITEMS]


def test_trs_count_page_variable_form():
    # The usual template: the count is a variable assigned before the call.
    body = (PAGES / "trs/yuanzhou_zwyw_index.html").read_text("utf-8").replace(
        'createPageHTML(120, 0, "index", "html");',
        'var countPage = 7;//共多少页\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, "index", "html");')
    listing = parse_listing(Page(YZ + "index.html", body.encode("utf-8")))
    assert listing.pages == [PageRequest(f"{YZ}index_{i}.html") for i in range(1, 7)]


def test_trs_page_past_the_end_is_a_refresh_stub():
    stub = b'<html><head><meta http-equiv="refresh" content="0;url=./"></head><body></body></html>'
    listing = parse_listing(Page(YZ + "index_120.html", stub))
    assert (listing.family, listing.entries, listing.pages) == ("refresh", [], [])


# ------------------------------------------------------------------ TRS-style: 平潭 政府信息公开年报
PT = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"
PT_ITEMS = [
    ("202603/t20260313_105587.htm", "平潭综合实验区2025年度政府信息公开工作年度报告", "2026-03-10"),
    ("202503/t20250310_97791.htm", "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10"),
    ("202403/t20240308_87885.htm", "平潭综合实验区2023年度政府信息公开工作年度报告", "2024-03-08"),
    ("202302/t20230220_80629.htm", "平潭综合实验区2022年度政府信息公开工作年度报告", "2023-02-20"),
    ("202202/t20220208_80613.htm", "平潭综合实验区2021年度政府信息公开工作年度报告", "2022-02-08"),
    ("202103/t20210305_80595.htm", "平潭综合实验区2020年度政府信息公开工作年度报告", "2021-03-05"),
    ("202001/t20200120_80576.htm", "平潭综合实验区2019年度政府信息公开工作年度报告", "2020-01-20"),
    ("201901/t20190110_80529.htm", "平潭综合实验区2018年度政府信息公开工作年度报告", "2019-01-10"),
    ("201801/t20180123_80506.htm", "平潭综合实验区2017年度政府信息公开工作年度报告", "2018-01-23"),
    ("201701/t20170118_80485.htm", "平潭综合实验区2016年度政府信息公开工作年度报告", "2017-01-18"),
]


def test_pingtan_column_dl_dd_rows():
    listing = parse_listing(page("trs/pingtan_zfxxgknb_index.htm", PT + "index.htm"))
    assert listing.family == "trs"  # by its t{yyyymmdd}_{id}.htm article URLs
    # The date is in the row's second <dd>, a sibling of the link's <dd>.
    assert [(e.url, e.title, e.date) for e in listing.items] == [(PT + u, t, d) for u, t, d in PT_ITEMS]
    # Later pages come from a script (avalon template fed by a search API): nothing static.
    assert listing.pages == []
    assert [e.url for e in listing.items if is_report_entry(e.title, e.date)] == [PT + u for u, _, _ in PT_ITEMS]
    # The header's weather iframe is another site's widget, not a listing.
    assert iframe_listings(page("trs/pingtan_zfxxgknb_index.htm", PT + "index.htm")) == []


# ------------------------------------------------------------------ Hanweb: 定西 dataproxy answer
DX = "http://www.dingxi.gov.cn"


def test_hanweb_dataproxy_group_answer():
    listing = parse_listing(page("hanweb/dingxi_col12377_dataproxy_group1.xml",
                                 DX + "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
                                 "text/xml;charset=UTF-8"))
    assert listing.family == "hanweb"
    assert len(listing.entries) == 45 and len(listing.items) == 45
    assert [(e.url, e.title, e.date) for e in listing.items[:3]] == [
        (DX + "/art/2022/1/20/art_12377_1486865.html", "定西市“春节”文明祭祀倡议书", "2022-01-20"),
        # the title attribute, not the text cut at "…"
        (DX + "/art/2022/1/19/art_12377_1486583.html",
         "定西市工信局关于对省级第二轮环保督察反馈第四项第十三项问题整改完成情况的公示", "2022-01-19"),
        (DX + "/art/2022/1/14/art_12377_1485512.html", "2021年度政府网站年度工作报表", "2022-01-14"),
    ]
    # a record that links to the platform's own xxgk host keeps its host
    assert ("http://zwgk.dingxi.gov.cn/art/2021/11/4/art_12480_1461862.html", "2021-11-04") in [
        (e.url, e.date) for e in listing.items]
    assert (listing.items[-1].url, listing.items[-1].title, listing.items[-1].date) == (
        DX + "/art/2021/9/30/art_12377_1452512.html", "定西市人民代表大会常务委员会公告（第9号）", "2021-09-30")
    # a group answer never asks for more groups: the column page asked for all of them
    assert listing.pages == []
    # "2021年度政府网站年度工作报表" is not an OGI report; nothing in this group is
    assert [e for e in listing.items if is_report_entry(e.title, e.date)] == []


def test_family_is_detected_from_the_page_not_the_hint():
    yz = page("trs/yuanzhou_zwyw_index.html", YZ + "index.html")
    assert detect_family(yz, "hanweb") == "trs"  # the page disagrees with the hint
    assert detect_family(yz, "") == "trs"


# ------------------------------------------------------------------ rules over pages built from the
# real ones (no real page of these shapes was found in public repositories; see SOURCES.md)
def _dingxi_column(call: str) -> Page:
    xml = (PAGES / "hanweb/dingxi_col12377_dataproxy_group1.xml").read_text("utf-8")
    head, records = xml.split("<recordset>", 1)
    first_three = "</record>".join(records.split("</record>")[:3]) + "</record>"
    html = (f'<html><body><div id="38486"><script type="text/xml">{head}<recordset>{first_three}'
            f"</recordset></datastore></script></div><script>{call}</script></body></html>")
    return Page(DX + "/col/col12377/index.html", html.encode("utf-8"))


def test_hanweb_column_asks_for_every_group_by_post_with_its_ajaxparam():
    listing = parse_listing(_dingxi_column(
        "$('#38486').jpage({perPage: 15, totalRecord: 100, groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
        "ajaxParam: {col: 1, appid: 1, webid: 110, path: '/', columnid: 12377, sourceContentType: 1, unitid: '38486', "
        "webname: '定西市政府信息公开平台', permissiontype: 0}});"))
    assert listing.family == "hanweb"
    assert [e.url for e in listing.items] == [DX + "/art/2022/1/20/art_12377_1486865.html",
                                              DX + "/art/2022/1/19/art_12377_1486583.html",
                                              DX + "/art/2022/1/14/art_12377_1485512.html"]
    form = (("appid", "1"), ("webid", "110"), ("path", "/"), ("columnid", "12377"), ("unitid", "38486"),
            ("webname", "%E5%AE%9A%E8%A5%BF%E5%B8%82%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B9%B3%E5%8F%B0"),
            ("permissiontype", "0"), ("col", "1"), ("sourceContentType", "1"))
    proxy = DX + "/module/web/jpage/dataproxy.jsp"
    assert listing.pages == [PageRequest(f"{proxy}?startrecord=4&endrecord=48&perpage=15", "POST", form),
                             PageRequest(f"{proxy}?startrecord=49&endrecord=93&perpage=15", "POST", form),
                             PageRequest(f"{proxy}?startrecord=94&endrecord=138&perpage=15", "POST", form)]


def test_hanweb_column_with_ajaxtype_get_puts_the_form_in_the_query():
    listing = parse_listing(_dingxi_column(
        "$('#38486').jpage({perPage: 15, totalRecord: 20, groupSize: 1, ajaxType: 'get', "
        "ajaxParam: {columnid: 12377, unitid: '38486'}});"))
    rest = ("&appid=1&webid=110&path=%2F&columnid=12377&unitid=38486&webname=%25E5%25AE%259A%25E8%25A5%25BF%25E5%25B8"
            "%2582%25E6%2594%25BF%25E5%25BA%259C%25E4%25BF%25A1%25E6%2581%25AF%25E5%2585%25AC%25E5%25BC%2580%25E5%25B9"
            "%25B3%25E5%258F%25B0&permissiontype=0")
    # records 4–20 in groups of 15: 4–18 and 19–33 (jpage asks for whole groups)
    assert [(p.method, p.url) for p in listing.pages] == [
        ("GET", DX + "/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=18&perpage=15" + rest),
        ("GET", DX + "/module/web/jpage/dataproxy.jsp?startrecord=19&endrecord=33&perpage=15" + rest)]


def test_vsb_column_requests_its_numbered_pages():
    html = ('<html><head><script src="/system/resource/js/counter.js"></script></head><body><ul>'
            '<li><a href="../info/1039/108122.htm" title="永德县2023年度政府信息公开工作年度报告">永德县2023年度…</a>'
            '<span>2024-01-20</span></li>'
            '<li><a href="../info/1039/99321.htm" title="永德县2022年度政府信息公开工作年度报告">永德县2022年度…</a>'
            '<span>2023-01-18</span></li></ul>'
            '<span class="p_pages"><span class="p_first_d">首页</span><span class="p_no_d">1</span>'
            '<span class="p_no"><a href="zfxxgknb/5.htm">2</a></span><span class="p_next"><a href="zfxxgknb/5.htm">下页</a></span>'
            '<span class="p_last"><a href="zfxxgknb/1.htm">尾页</a></span></span><span>共6页</span></body></html>')
    base = "https://www.ynyd.gov.cn/xxgk/"
    listing = parse_listing(Page(base + "zfxxgknb.htm", html.encode("utf-8")))
    assert listing.family == "vsb"
    assert [(e.url, e.date) for e in listing.items] == [("https://www.ynyd.gov.cn/info/1039/108122.htm", "2024-01-20"),
                                                        ("https://www.ynyd.gov.cn/info/1039/99321.htm", "2023-01-18")]
    assert listing.pages == [PageRequest(f"{base}zfxxgknb/{k}.htm") for k in (5, 4, 3, 2, 1)]
    assert parse_listing(Page(base + "zfxxgknb/5.htm", html.encode("utf-8"))).pages == []


def test_gkmlpt_shell_and_api():
    shell = b"<html><head><script>window._CONFIG = {SID: '755031', LANG: 'zh'};</script></head><body></body></html>"
    listing = parse_listing(Page("http://jr.sz.gov.cn/sjrb/gkmlpt/index#2811", shell))
    assert (listing.family, listing.entries) == ("gkmlpt", [])
    assert listing.pages == [PageRequest("http://jr.sz.gov.cn/sjrb/gkmlpt/api/all/2811?page=1&sid=755031")]
    answer = ('{"articles": [{"id": 10099135, "title": "番禺区2022年政府信息公开工作年度报告", '
              '"url": "http://www.panyu.gov.cn/gkmlpt/content/10/10099/post_10099135.html", "created_at": 1673575200},'
              '{"id": 10099136, "title": "番禺区2022年政务公开工作要点", "url": "/gkmlpt/content/10/10099/post_10099136.html",'
              ' "created_at": "2022-03-01 09:00:00"}], "total": 5}')
    api = parse_listing(Page("http://www.panyu.gov.cn/gkmlpt/api/all/721?page=1&sid=200024", answer.encode(),
                             "application/json"))
    assert [(e.url, e.title, e.date) for e in api.items] == [
        ("http://www.panyu.gov.cn/gkmlpt/content/10/10099/post_10099135.html", "番禺区2022年政府信息公开工作年度报告",
         "2023-01-13"),  # 1673575200 = 2023-01-13 10:00 China time
        ("http://www.panyu.gov.cn/gkmlpt/content/10/10099/post_10099136.html", "番禺区2022年政务公开工作要点", "2022-03-01")]
    assert api.pages == [PageRequest("http://www.panyu.gov.cn/gkmlpt/api/all/721?page=2&sid=200024"),
                         PageRequest("http://www.panyu.gov.cn/gkmlpt/api/all/721?page=3&sid=200024")]


def test_a_page_that_frames_its_list_is_followed_into_the_iframe():
    html = ('<html><body><div class="banner"><iframe src="https://i-tianqi.example.com/?c=code"></iframe></div>'
            '<iframe src="/module/xxgk/list.jsp?area=001&infotypeId=A0101" width="100%"></iframe></body></html>')
    listing = parse_listing(Page("http://zwgk.weishan.gov.cn/col/col1234/index.html", html.encode()))
    assert listing.family == "iframe"
    assert listing.pages == [PageRequest("http://zwgk.weishan.gov.cn/module/xxgk/list.jsp?area=001&infotypeId=A0101")]


def test_column_name_comes_from_the_page():
    assert parse_listing(page("trs/pingtan_zfxxgknb_index.htm", PT + "index.htm")).column_name == "政府信息公开年报"
    assert parse_listing(page("trs/yuanzhou_zwyw_index.html", YZ + "index.html")).column_name is None


def test_annual_report_links_titled_by_year_or_unit_only():
    # Real addresses (PATTERNS.md §1): the report of unit 741033213 (平湖) for each year.
    html = ('<html><body><ul><li><a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2022&area=741033213">2022年</a></li>'
            '<li><a href="/module/xxgk/xxgkAnnualReport.jsp?area=741033213&fbtime=2023">平湖市人民政府</a></li>'
            '</ul></body></html>')
    listing = parse_listing(Page("http://www.pinghu.gov.cn/col/col1229215370/index.html", html.encode()))
    assert listing.family == "hanweb-xxgk"
    assert [(e.url, e.title) for e in listing.entries] == [
        ("http://www.pinghu.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2022&area=741033213",
         "2022年政府信息公开工作年度报告"),
        ("http://www.pinghu.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=741033213&fbtime=2023",
         "平湖市人民政府2023年政府信息公开工作年度报告")]
    assert [e.url for e in listing.entries if is_report_entry(e.title, e.date)] == [e.url for e in listing.entries]
    assert listing.pages == []


# ------------------------------------------------------------------ gaps found on the simulated web
def test_items_that_open_by_onclick_window_open_are_listing_items():
    html = ('<html><body><ul class="list">'
            '<li><a href="javascript:void(0);" onclick="window.open(\'/xxgk/nb/67e90b99f8fd1c00065bf45c.html\')" '
            'title="2024年西岳区教育局政府信息公开工作年度报告">2024年西岳区教育局…</a><span>2025-03-30</span></li>'
            '<li><a href="javascript:window.open(\'6410299cf8fd1c00065bf1a0.html\')">西岳区发展和改革委员会2022年'
            '政府信息公开工作年度报告</a><span>2023-03-14</span></li>'
            '<li><a onclick="location.href=\'/xxgk/nb/659bbd57.html\'">西岳区民政局2023年政府信息公开工作年度报告</a>'
            '<span>2024-01-08</span></li>'
            '<li><a href="#" onclick="return false;">返回顶部</a></li></ul></body></html>')
    listing = parse_listing(Page("http://www.xiyue.gov.cn/xxgk/nb/index.html", html.encode("utf-8")))
    assert [(e.url, e.title, e.date) for e in listing.items] == [
        ("http://www.xiyue.gov.cn/xxgk/nb/67e90b99f8fd1c00065bf45c.html", "2024年西岳区教育局政府信息公开工作年度报告",
         "2025-03-30"),
        ("http://www.xiyue.gov.cn/xxgk/nb/6410299cf8fd1c00065bf1a0.html", "西岳区发展和改革委员会2022年政府信息公开工作年度报告",
         "2023-03-14"),
        ("http://www.xiyue.gov.cn/xxgk/nb/659bbd57.html", "西岳区民政局2023年政府信息公开工作年度报告", "2024-01-08")]


def test_hanweb_column_of_the_page_numbered_module_asks_get_page_n_from_its_nextgroup():
    # The older jpage module (real: wzkj.wenzhou.gov.cn, www.sxyc.gov.cn, SOURCES.md) pages by GET
    # /module/jpage/dataproxy.jsp?page=N&… — the datastore's <nextgroup> address, page changed;
    # a POST there (or startrecord in the query) is answered 400.
    xml = (PAGES / "hanweb/dingxi_col12377_dataproxy_group1.xml").read_text("utf-8")
    head, records = xml.split("<recordset>", 1)
    head = head.replace("/module/web/jpage/dataproxy.jsp?page=1&", "/module/jpage/dataproxy.jsp?page=1&")
    first_fifteen = "</record>".join(records.split("</record>")[:15]) + "</record>"
    html = (f'<html><body><div id="38486"><script type="text/xml">{head}<recordset>{first_fifteen}'
            "</recordset></datastore></script></div><script>$('#38486').jpage({perPage: 15, totalRecord: 40, "
            "groupSize: 1, proxyUrl: '/module/jpage/dataproxy.jsp', method: 'GET', ajaxParam: {columnid: 12377, "
            "unitid: '38486'}});</script></body></html>")
    listing = parse_listing(Page(DX + "/col/col12377/index.html", html.encode("utf-8")))
    assert listing.family == "hanweb" and len(listing.items) == 15
    rest = ("&appid=1&appid=1&webid=110&path=/&columnid=12377&unitid=38486&webname=%25E5%25AE%259A%25E8%25A5%25BF%25E5"
            "%25B8%2582%25E6%2594%25BF%25E5%25BA%259C%25E4%25BF%25A1%25E6%2581%25AF%25E5%2585%25AC%25E5%25BC%2580%25E5"
            "%25B9%25B3%25E5%258F%25B0&permissiontype=0")
    # records 16–40 by 15 a page: pages 2 and 3
    assert [(p.method, p.url) for p in listing.pages] == [
        ("GET", DX + "/module/jpage/dataproxy.jsp?page=2" + rest),
        ("GET", DX + "/module/jpage/dataproxy.jsp?page=3" + rest)]


TRS_PAGER_ONLY = """<html><head><meta name="ColumnName" content="政府信息公开年报"><script>
function createPageHTML(nPageCount, nCurrIndex, sPageName, sPageExt) {
  if (nPageCount == null || nPageCount <= 1) { return; }
}
</script></head><body><ul class="list-ul">
<li><a href="./202501/t20250112_1528505.html" title="青海省人力资源和社会保障厅2024年政府信息公开工作年度报告">青海省…</a><span class="date">2025-01-12</span></li>
<li><a href="./202403/t20240323_1528499.html" title="青海省人力资源和社会保障厅2023年政府信息公开工作年报">青海省…</a><span class="date">2024-03-23</span></li>
</ul><div class="page"></div></body></html>"""


def test_trs_column_with_a_pager_but_no_count_is_walked_page_by_page_to_the_refresh_stub():
    # mohrss.gov.cn's 年报 column (SOURCES.md): the template defines createPageHTML and never calls
    # it with a count; index_1, index_2 … follow until TRS answers a meta refresh back to ./
    col = "http://rst.qinghai.gov.cn/xxgk2020/zfxxgknb/"
    first = parse_listing(Page(col + "index.html", TRS_PAGER_ONLY.encode("utf-8")))
    assert first.family == "trs" and len(first.items) == 2
    assert first.pages == [PageRequest(col + "index_1.html")]
    assert parse_listing(Page(col, TRS_PAGER_ONLY.encode("utf-8"))).pages == [PageRequest(col + "index_1.html")]
    assert parse_listing(Page(col + "index_2.html", TRS_PAGER_ONLY.encode("utf-8"))).pages == [
        PageRequest(col + "index_3.html")]
    stub = b'<html><head><meta http-equiv="refresh" content="0;URL=./"></head><body></body></html>'
    end = parse_listing(Page(col + "index_3.html", stub))
    assert (end.family, end.entries, end.pages) == ("refresh", [], [])


def test_vsb_column_paged_by_pagenum_asks_every_page_from_the_first_only():
    html = ('<html><head><script src="/system/resource/js/counter.js"></script></head><body><ul>'
            '<li><a href="../../info/1040/111050.htm" title="云岭县农业农村局2024年政府信息公开工作年度报告">云岭…</a>'
            '<span>2025-02-16</span></li>'
            '<li><a href="../../info/1040/110488.htm" title="云岭县农业农村局2023年政府信息公开工作年度报告">云岭…</a>'
            '<span>2024-02-04</span></li></ul>'
            '<div class="pb_sys_common">共8条&nbsp;&nbsp;1/3 <a href="?pageNum=2">下页</a> <a href="?pageNum=3">尾页</a>'
            '</div></body></html>')
    col = "http://www.yunling.gov.cn/xxgk/zfxxgknb/bmnb.htm"
    listing = parse_listing(Page(col, html.encode("utf-8")))
    assert listing.family == "vsb" and len(listing.items) == 2
    assert listing.pages == [PageRequest(col + "?pageNum=2"), PageRequest(col + "?pageNum=3")]
    # page 2 names pages 1 and 3 too: the first page already asked for every one
    assert parse_listing(Page(col + "?pageNum=2", html.encode("utf-8"))).pages == []
