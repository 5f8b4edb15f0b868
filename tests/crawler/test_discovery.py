"""Discovery as a bounded search: link classification (pure), and real crawls of made-up sites
on loopback reached through the resolve map, with exact request logs and per-site outcomes."""
from __future__ import annotations

import pyarrow.parquet as pq

from crawler.discovery import (
    candidates,
    channel_id,
    column_name,
    find_column,
    find_platform,
    is_column_page,
    registered_domain,
    subcolumns,
)
from crawler.listings import Page
from tests.crawler.crawlkit import crawl_env, documents, run_crawl
from tests.crawler.loopweb import LoopWeb, Resp, html, links

PDF = b"%PDF-1.4\n%% %s\n%%%%EOF\n"


def pdf(tag: str) -> bytes:
    return PDF.replace(b"%s", tag.encode())


def page(url: str, body: str, head: str = "") -> Page:
    return Page(url, html(body, head=head), "text/html; charset=utf-8")


# ---------------------------------------------------------------- pure
def test_homepage_platform_then_column():
    home = page("http://x.gov.cn/", '<a href="/">首页</a><a href="/zwdt/">政务动态</a>'
                '<a href="/zfxxgk/preview/index.html">年报预览（内部审核）</a><a href="/xxgk/index.html">政府信息公开</a>'
                '<a href="http://other.gov.cn/xxgk/">政府信息公开</a><a href="/xxgk/zn.html">政府信息公开指南</a>')
    assert find_column(home) is None
    # a URL alone (zfxxgk/preview) is not enough: the text must speak of 公开
    assert [(c.url, c.kind) for c in candidates(home, "x.gov.cn")] == [("http://x.gov.cn/xxgk/index.html", "platform")]
    platform = page("http://x.gov.cn/xxgk/index.html",
                    '<a href="xxgkzn/">政府信息公开指南</a><a href="xxgkzd/">政府信息公开制度</a>'
                    '<a href="2023nb.html">2023年政府信息公开工作年度报告</a><a href="ndbg/index.html">年报</a>')
    col = find_column(platform)
    assert (col.url, col.text, col.kind) == ("http://x.gov.cn/xxgk/ndbg/index.html", "年报", "column")


def test_registered_domain_and_other_hosts():
    assert registered_domain("www.yunqixian.gov.cn") == "yunqixian.gov.cn"
    assert registered_domain("a.b.qinghai.gov.cn") == "qinghai.gov.cn"
    assert registered_domain("124.93.205.130") == "124.93.205.130"
    assert registered_domain("www.example.com") == "example.com"
    p = page("http://www.y.gov.cn/", '<a href="http://xxgk.y.gov.cn/">政务公开</a>'
             '<a href="http://www.z.gov.cn/xxgk/">政务公开</a><a href="http://jyj.y.gov.cn/">云栖县教育局</a>')
    assert [(c.url, c.kind, c.agency) for c in candidates(p, "y.gov.cn")] == [
        ("http://jyj.y.gov.cn/", "subsite", "云栖县教育局"), ("http://xxgk.y.gov.cn/", "platform", None)]


def test_subplatform_lists_select_boxes_and_frames():
    p = page("http://xxgk.y.gov.cn/",
             '<div class="side"><h3>部门信息公开</h3><ul><li><a href="/bm/fgj/">云栖县发展和改革局</a></li>'
             '<li><a href="/bm/jyj/">云栖县教育局</a></li></ul></div>'
             '<div><span>乡镇信息公开</span><select><option value="">请选择</option>'
             '<option value="/xz/cgz/">城关镇</option><option value="http://www.other.gov.cn/">外站</option></select></div>'
             '<p><a href="/news/1.html">云栖县教育局</a></p>'  # a name in running text, not a list
             '<a href="/fdzdgknr/">法定主动公开内容</a><iframe src="/frame/list.html"></iframe>')
    got = [(c.url, c.kind, c.agency) for c in candidates(p, "y.gov.cn")]
    assert got == [
        ("http://xxgk.y.gov.cn/bm/fgj/", "subsite", "云栖县发展和改革局"),
        ("http://xxgk.y.gov.cn/bm/jyj/", "subsite", "云栖县教育局"),
        ("http://xxgk.y.gov.cn/xz/cgz/", "subsite", "城关镇"),
        ("http://xxgk.y.gov.cn/fdzdgknr/", "platform", None),
        ("http://xxgk.y.gov.cn/frame/list.html", "frame", None),
    ]


def test_column_pages_and_subcolumns():
    p = page("http://xxgk.y.gov.cn/zfxxgknb/index.html",
             links(("2023n/", "2023年"), ("2022n/index.html", "2022年度"), ("bm/", "部门"), ("xz/", "乡镇（街道）"),
                   ("/zfxxgknb/202401/t20240120_1.html", "2023年政府信息公开工作年度报告"),
                   ("fgj/", "云栖县发展和改革局"), ("http://www.y.gov.cn/2021n/", "2021年")),
             head='<meta name="ColumnName" content="政府信息公开年报"><meta name="ChnlId" content="1571">')
    assert is_column_page(p) and column_name(p) == "政府信息公开年报" and channel_id(p) == "1571"
    assert [(c.url, c.text, c.agency) for c in subcolumns(p, "y.gov.cn")] == [
        ("http://xxgk.y.gov.cn/zfxxgknb/2022n/index.html", "2022年度", None),
        ("http://xxgk.y.gov.cn/zfxxgknb/2023n/", "2023年", None),
        ("http://xxgk.y.gov.cn/zfxxgknb/bm/", "部门", None),
        ("http://xxgk.y.gov.cn/zfxxgknb/xz/", "乡镇(街道)", None),
        ("http://xxgk.y.gov.cn/zfxxgknb/fgj/", "云栖县发展和改革局", "云栖县发展和改革局"),
    ]
    assert not is_column_page(page("http://a.gov.cn/", "", head="")) and find_platform(
        page("http://z.gov.cn/", '<a href="/news/1.html">新闻</a>')) is None


# ---------------------------------------------------------------- real crawls
def yunqi_web() -> LoopWeb:
    """A made-up county: www. → xxgk. platform → 法定主动公开内容 → 年报 → year sub-columns (one
    in an iframe); a 部门信息公开 list (a department on the platform, one on its own host whose
    column names itself by ColumnName), a 乡镇 select box, and a dead-end 政务公开 branch."""
    return LoopWeb({
        "www.yunqixian.gov.cn": {
            "/": html(links(("/xwzx/", "新闻中心"), ("http://xxgk.yunqixian.gov.cn/", "政务公开"),
                            ("/xwzx/t20240110_3.html", "关于做好2023年政府信息公开工作年度报告编制工作的通知"))),
        },
        "xxgk.yunqixian.gov.cn": {
            "/": html('<a href="/fdzdgknr/index.html">法定主动公开内容</a><a href="/zn/">政府信息公开指南</a>'
                      '<a href="/zwgk/">政务公开</a>'
                      '<div><h3>部门信息公开</h3><ul>' + links(("/bm/fgj/index.html", "云栖县发展和改革局"),
                                                           ("http://jyj.yunqixian.gov.cn/", "云栖县教育局")) + '</ul></div>'
                      '<div><span>乡镇信息公开</span><select><option value="/xz/cgz/">城关镇</option></select></div>'),
            "/zwgk/": html(links(("/zwgk/gzdt/", "工作动态"))),  # dead end: nothing to follow
            "/fdzdgknr/index.html": html(links(("/fdzdgknr/zfxxgknb/index.html", "政府信息公开年报"),
                                               ("/fdzdgknr/czzj/", "财政资金"))),
            "/fdzdgknr/zfxxgknb/index.html": html(links(("2023n/", "2023年"), ("2022n/", "2022年"))),
            "/fdzdgknr/zfxxgknb/2023n/": html(links(("/u/county-2023.pdf", "云栖县2023年政府信息公开工作年度报告"))),
            "/fdzdgknr/zfxxgknb/2022n/": html('<iframe src="list_2022.html"></iframe>'),
            "/fdzdgknr/zfxxgknb/2022n/list_2022.html": html(
                '<ul><li><a href="/u/county-2022.pdf">2022年政府信息公开工作年度报告</a><span>2023-03-01</span></li></ul>'),
            "/bm/fgj/index.html": html(links(("/bm/fgj/xxgknb/", "信息公开年报"), ("/", "返回平台首页"))),
            "/bm/fgj/xxgknb/": html(links(("/u/fgj-2023.pdf", "2023年政府信息公开工作年度报告"))),
            "/xz/cgz/": html(links(("/xz/cgz/nb/", "政府信息公开年度报告"))),
            "/xz/cgz/nb/": html(links(("/u/cgz-2023.pdf", "城关镇2023年政府信息公开工作年度报告"))),
            "/u/county-2023.pdf": pdf("county 2023"), "/u/county-2022.pdf": pdf("county 2022"),
            "/u/fgj-2023.pdf": pdf("fgj 2023"), "/u/cgz-2023.pdf": pdf("cgz 2023"),
        },
        "jyj.yunqixian.gov.cn": {
            "/": html(links(("/xxgk/index.html", "政务公开"))),
            "/xxgk/index.html": html(links(("/xxgk/c1571/index.html", "信息公开目录"))),
            "/xxgk/c1571/index.html": html(links(("/u/jyj-2023.pdf", "2023年度政府信息公开工作年度报告")),
                                           head='<meta name="ColumnName" content="信息公开年报">'),
            "/u/jyj-2023.pdf": pdf("jyj 2023"),
        },
        "www.wuzhuxian.gov.cn": {  # a platform chain without any 年报 column
            "/": html(links(("/xxgk/", "政府信息公开"))),
            "/xxgk/": html(links(("/xxgk/ml/", "政府信息公开目录"))),
            "/xxgk/ml/": html(links(("/xxgk/ml/fdzdgknr/", "法定主动公开内容"))),
            "/xxgk/ml/fdzdgknr/": html(links(("/xxgk/ml/fdzdgknr/gzdt/", "工作动态"))),
        },
        "www.jinzhixian.gov.cn": {"/robots.txt": Resp(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"}),
                                  "/": html(links(("/xxgknb/", "政府信息公开年报")))},
        "www.kongxian.gov.cn": {},  # every page 404
    })


def test_county_platform_with_departments_and_townships(tmp_path):
    with yunqi_web() as web:
        registry = web.registry(tmp_path / "reg.csv", [
            ("yunqi", "云栖县人民政府", "http://www.yunqixian.gov.cn/"),
            ("wuzhu", "无主县人民政府", "http://www.wuzhuxian.gov.cn/"),
            ("jinzhi", "禁止县人民政府", "http://www.jinzhixian.gov.cn/"),
            ("kong", "空县人民政府", "http://www.kongxian.gov.cn/"),
        ], level="county")
        resolve = web.write_resolve(tmp_path / "resolve.json")
        data = tmp_path / "data"
        run_crawl(registry, data, f"OGI_RESOLVE={resolve}", log=tmp_path / "crawl.log",
                  env=crawl_env(OGI_ALLOW_LOOPBACK=""))
        assert sorted(web.requests()) == sorted([
            "www.yunqixian.gov.cn/robots.txt", "www.yunqixian.gov.cn/",
            "xxgk.yunqixian.gov.cn/robots.txt", "xxgk.yunqixian.gov.cn/", "xxgk.yunqixian.gov.cn/zwgk/",
            "xxgk.yunqixian.gov.cn/fdzdgknr/index.html", "xxgk.yunqixian.gov.cn/fdzdgknr/zfxxgknb/index.html",
            "xxgk.yunqixian.gov.cn/fdzdgknr/zfxxgknb/2023n/", "xxgk.yunqixian.gov.cn/fdzdgknr/zfxxgknb/2022n/",
            "xxgk.yunqixian.gov.cn/fdzdgknr/zfxxgknb/2022n/list_2022.html",
            "xxgk.yunqixian.gov.cn/bm/fgj/index.html", "xxgk.yunqixian.gov.cn/bm/fgj/xxgknb/",
            "xxgk.yunqixian.gov.cn/xz/cgz/", "xxgk.yunqixian.gov.cn/xz/cgz/nb/",
            "xxgk.yunqixian.gov.cn/u/county-2023.pdf", "xxgk.yunqixian.gov.cn/u/county-2022.pdf",
            "xxgk.yunqixian.gov.cn/u/fgj-2023.pdf", "xxgk.yunqixian.gov.cn/u/cgz-2023.pdf",
            "jyj.yunqixian.gov.cn/robots.txt", "jyj.yunqixian.gov.cn/", "jyj.yunqixian.gov.cn/xxgk/index.html",
            "jyj.yunqixian.gov.cn/xxgk/c1571/index.html", "jyj.yunqixian.gov.cn/u/jyj-2023.pdf",
            "www.wuzhuxian.gov.cn/robots.txt", "www.wuzhuxian.gov.cn/", "www.wuzhuxian.gov.cn/xxgk/",
            "www.wuzhuxian.gov.cn/xxgk/ml/", "www.wuzhuxian.gov.cn/xxgk/ml/fdzdgknr/",
            "www.jinzhixian.gov.cn/robots.txt",
            "www.kongxian.gov.cn/robots.txt", "www.kongxian.gov.cn/",
        ])
        docs = {d["url"].split("/u/")[1]: (d["agency"], d["level"], d["year"]) for d in documents(data)}
        assert docs == {
            "county-2023.pdf": ("云栖县人民政府", "county", 2023),
            "county-2022.pdf": ("云栖县人民政府", "county", 2022),
            "fgj-2023.pdf": ("云栖县发展和改革局", "department", 2023),
            "jyj-2023.pdf": ("云栖县教育局", "department", 2023),
            "cgz-2023.pdf": ("城关镇", "township", 2023),
        }
        sites = {r["site_id"]: r for r in pq.read_table(data / "crawl" / "sites.parquet").to_pylist()}
        assert {k: (r["status"], r["reason"]) for k, r in sites.items()} == {
            "yunqi": ("ok", None),
            "wuzhu": ("no column found", "no 年报 column found"),
            "jinzhi": ("robots", "robots.txt disallows the homepage"),
            "kong": ("unreachable", "unreachable: 404"),
        }
        u = lambda host, path: web.url(host, path)
        x = "xxgk.yunqixian.gov.cn"
        cols = {c["url"]: (c["agency"], c["reports"]) for c in sites["yunqi"]["columns"]}
        assert cols == {
            u(x, "/fdzdgknr/zfxxgknb/index.html"): (None, 0),
            u(x, "/fdzdgknr/zfxxgknb/2023n/"): (None, 1),
            u(x, "/fdzdgknr/zfxxgknb/2022n/"): (None, 0),
            u(x, "/fdzdgknr/zfxxgknb/2022n/list_2022.html"): (None, 1),
            u(x, "/bm/fgj/xxgknb/"): ("云栖县发展和改革局", 1),
            u(x, "/xz/cgz/nb/"): ("城关镇", 1),
            u("jyj.yunqixian.gov.cn", "/xxgk/c1571/index.html"): ("云栖县教育局", 1),
        }
        path = {c["url"]: c["path"] for c in sites["yunqi"]["columns"]}[u(x, "/bm/fgj/xxgknb/")]
        assert path == (f"首页 <{u('www.yunqixian.gov.cn', '/')}> › 政务公开 <{u(x, '/')}> › "
                        f"云栖县发展和改革局 <{u(x, '/bm/fgj/index.html')}> › 信息公开年报 <{u(x, '/bm/fgj/xxgknb/')}>")
        assert (sites["yunqi"]["n_columns"], sites["yunqi"]["reports_found"], sites["yunqi"]["documents_new"]) == (7, 5, 5)
        assert sites["yunqi"]["requests"] == 14 and sites["wuzhu"]["requests"] == 3

        # The same site with a budget of 2 requests: the search stops and says so.
        web.clear()
        data2 = tmp_path / "budget"
        run_crawl(registry, data2, f"OGI_RESOLVE={resolve}", "OGI_DISCOVERY_BUDGET=2", sites="wuzhu",
                  log=tmp_path / "budget.log", env=crawl_env(OGI_ALLOW_LOOPBACK=""))
        assert sorted(web.requests()) == ["www.wuzhuxian.gov.cn/", "www.wuzhuxian.gov.cn/robots.txt",
                                          "www.wuzhuxian.gov.cn/xxgk/", "www.wuzhuxian.gov.cn/xxgk/ml/"]
        row = pq.read_table(data2 / "crawl" / "sites.parquet").to_pylist()[0]
        assert (row["status"], row["reason"], row["requests"]) == ("budget exhausted", "no 年报 column within 2 requests", 2)


def test_shared_pages_and_duplicate_homepages_are_reported_not_dropped(tmp_path):
    """A department registered on its own whose homepage the county's search also passes through,
    and a second registry row with the county's homepage: each gets its own outcome; the
    duplicate start request Scrapy's dupefilter drops is reported, never silent."""
    with yunqi_web() as web:
        registry = web.registry(tmp_path / "reg.csv", [
            ("yunqi", "云栖县人民政府", "http://www.yunqixian.gov.cn/"),
            ("yunqi-copy", "云栖县人民政府", "http://www.yunqixian.gov.cn/"),
            ("yunqi-jyj", "云栖县教育局", "http://jyj.yunqixian.gov.cn/"),
        ], level="county")
        resolve = web.write_resolve(tmp_path / "resolve.json")
        data = tmp_path / "data"
        run_crawl(registry, data, f"OGI_RESOLVE={resolve}", log=tmp_path / "crawl.log",
                  env=crawl_env(OGI_ALLOW_LOOPBACK=""))
        hits = web.requests()
        assert hits.count("www.yunqixian.gov.cn/") == 1
        assert hits.count("jyj.yunqixian.gov.cn/") == 2  # searched for both sites
    sites = {r["site_id"]: r for r in pq.read_table(data / "crawl" / "sites.parquet").to_pylist()}
    assert (sites["yunqi"]["status"], sites["yunqi"]["n_columns"]) == ("ok", 7)
    assert (sites["yunqi-copy"]["status"], sites["yunqi-copy"]["reason"]) == (
        "no column found", "homepage is also site yunqi's: crawled there")
    jyj = sites["yunqi-jyj"]
    assert jyj["status"] == "ok"
    assert [(c["url"].split("/", 3)[3], c["agency"], c["reports"]) for c in jyj["columns"]] == [
        ("xxgk/c1571/index.html", None, 1)]
    docs = {d["url"].split("/u/")[1]: (d["site_id"], d["agency"]) for d in documents(data)}
    assert docs["jyj-2023.pdf"][1] == "云栖县教育局"


def test_one_trs_channel_under_two_urls_is_one_column(tmp_path):
    """The column is linked as /col/col1571/ and /col/col1571/index.html; both pages declare
    ChnlId 1571: one column, its report fetched once, and an empty column reported as such."""
    col = html(links(("/art/2024/1/20/art_1571_9.html", "别名县2023年政府信息公开工作年度报告")),
               head='<meta name="ChnlId" content="1571"><meta name="ColumnName" content="政府信息公开年报">')
    with LoopWeb({
        "www.biemingxian.gov.cn": {
            "/": html(links(("/col/col1571/", "信息公开年报"), ("/col/col1571/index.html", "政府信息公开年报"))),
            "/col/col1571/": col, "/col/col1571/index.html": col,
            "/art/2024/1/20/art_1571_9.html": pdf("bieming"),
        },
        "www.kongliexian.gov.cn": {  # a column whose listing holds nothing
            "/": html(links(("/xxgknb/", "政府信息公开年报"))), "/xxgknb/": html("<ul></ul>"),
        },
    }) as web:
        registry = web.registry(tmp_path / "reg.csv", [("bieming", "别名县人民政府", "http://www.biemingxian.gov.cn/"),
                                                       ("konglie", "空列县人民政府", "http://www.kongliexian.gov.cn/")])
        resolve = web.write_resolve(tmp_path / "resolve.json")
        data = tmp_path / "data"
        run_crawl(registry, data, f"OGI_RESOLVE={resolve}", log=tmp_path / "crawl.log",
                  env=crawl_env(OGI_ALLOW_LOOPBACK=""))
        assert web.requests().count("www.biemingxian.gov.cn/art/2024/1/20/art_1571_9.html") == 1
    sites = {r["site_id"]: r for r in pq.read_table(data / "crawl" / "sites.parquet").to_pylist()}
    assert (sites["bieming"]["n_columns"], sites["bieming"]["reports_found"], sites["bieming"]["reason"]) == (1, 1, None)
    assert (sites["konglie"]["status"], sites["konglie"]["reason"]) == (
        "ok", "年报 column found, but its listing showed no report entry")
