"""The structures drawn from realweb (PATTERNS.md, SOURCES.md), each served as described: TRS
pagers (countPage, _nPageCount, walking index_{n} to the meta refresh), split articles, sidebars
with a form, the pdf.js viewer; the county platform's sub-platforms; gkmlpt's fragment columns and
JSON API; Hanweb's unit+year reports, jpage GET and search.jsp POST; VSB ?pageNum= and
<embed>/<object>; the iframe listing; onclick/window.open; the JS cookie challenge; robots
Disallow: /. Plain HTTP against the server with the Host header; expectations written by hand."""
from __future__ import annotations

import re
import urllib.robotparser
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

from .hostclient import HostSession


def doc(resp):
    return lxml.html.document_fromstring(resp.content.decode("utf-8"))


def site_pages(truth: dict, site: str, col_url: str) -> list[dict]:
    """The truth's listing requests of one column (pages under the column's directory)."""
    d = col_url.rsplit("/", 1)[0] + "/"
    return [p for p in truth["listings"][site]["pages"] if p["url"].rsplit("/", 1)[0] + "/" == d]


def reports_of(truth: dict, site: str) -> list[dict]:
    return [e for e in truth["reports"] if e["site_id"] == site]


# ---------------------------------------------------------------------- TRS
COUNT_PAGE = re.compile(r'var countPage = (\d+)//共多少页\ncreatePageHTML\(countPage, currentPage, "index", "(\w+)"\);')
N_PAGE_COUNT = re.compile(r'var _nPageCount = (\d+);\nvar _nCurrIndex = 0;\nvar _sPageName = "index";\n'
                          r'var _sPageExt = "(\w+)";\ncreatePageHTML\(_nPageCount, _nCurrIndex, _sPageName, _sPageExt\);')
REFRESH = '<meta http-equiv="refresh" content="0;URL=./">'


def trs_items(client, url: str) -> list[str]:
    r = client.get(url)
    assert r.status_code == 200, url
    return [urljoin(url, a.get("href")) for a in doc(r).xpath("//ul[@class='list-ul']/li/a")]


def test_trs_columns_page_by_their_script_variable_and_end_on_a_meta_refresh(simweb_truth, simweb_client):
    for site, pager, ext in (("xining", COUNT_PAGE, "html"), ("yinan", N_PAGE_COUNT, "shtml")):
        several = 0
        for col in simweb_truth["listings"][site]["columns"]:
            first = simweb_client.get(col["url"])
            count, page_ext = pager.search(first.text).groups()
            assert page_ext == ext and "index_1." not in first.text.replace("createPageHTML", "")
            urls = [col["url"]] + [urljoin(col["url"], f"index_{n}.{ext}") for n in range(1, int(count))]
            pages = site_pages(simweb_truth, site, col["url"])
            assert [p["url"] for p in pages] == urls
            assert [u for url in urls for u in trs_items(simweb_client, url)] == [u for p in pages for u in p["items"]]
            beyond = simweb_client.get(urljoin(col["url"], f"index_{count}.{ext}"))
            assert beyond.status_code == 200 and REFRESH in beyond.text
            several += int(count) > 1
        assert several >= (2 if site == "xining" else 1), site


def test_split_articles_continue_on_the_underscore_page(simweb_truth, simweb_client):
    split = [e for e in simweb_truth["reports"] if e["continued"]]
    assert len(split) >= 3 and {e["site_id"] for e in split} >= {"xining"}
    for e in split:
        first = simweb_client.get(e["url"]).text
        stem = e["url"].rsplit("/", 1)[1].rsplit(".", 1)[0]
        assert f'var countPage = 2//共多少页\ncreatePageHTML(countPage, currentPage, "{stem}", ' in first
        assert e["continued"] == [e["url"].replace(stem, stem + "_1")]
        rest = simweb_client.get(e["continued"][0])
        assert rest.status_code == 200 and "var currentPage = 1;" in rest.text


def test_sidebar_form_is_linked_beside_the_report_and_is_not_it(simweb_truth, simweb_client):
    (form,) = [u for u in simweb_truth["forms"] if "xxgk.xining" in u]
    e = next(x for x in reports_of(simweb_truth, "xining") if x["role"] == "attachment" and not x["viewer_url"])
    page = doc(simweb_client.get(e["parent_url"]))
    side = [urljoin(e["parent_url"], a.get("href")) for a in page.xpath("//div[@class='sidebar']//a")]
    content = [urljoin(e["parent_url"], a.get("href")) for a in page.xpath("//div[@class='fj']//a")]
    assert form in side and form not in content and e["url"] in content
    assert page.xpath("//div[@class='sidebar']//a[contains(., '政府信息公开申请表.doc')]")


def test_pdf_only_reports_shown_in_the_pdfjs_viewer(simweb_truth, simweb_client):
    viewed = [e for e in simweb_truth["reports"] if e["viewer_url"]]
    assert {e["site_id"] for e in viewed} == {"xining", "xiyue"} and len(viewed) >= 4
    for e in viewed:
        page = doc(simweb_client.get(e["parent_url"]))
        (src,) = page.xpath("//iframe/@src")
        viewer = urljoin(e["parent_url"], src)
        assert viewer == e["viewer_url"] and "/web/viewer.html?file=" in viewer
        assert urljoin(viewer, parse_qs(urlsplit(viewer).query)["file"][0]) == e["url"]
        assert not [a for a in page.xpath("//a[@href]") if urljoin(e["parent_url"], a.get("href")) == e["url"]]
        assert simweb_client.get(viewer).status_code == 200
        assert simweb_client.get(e["url"]).content.startswith(b"%PDF-")


# ---------------------------------------------------------------------- county platform
def test_county_platform_has_a_column_per_department_and_township(simweb_truth, simweb_client):
    site = simweb_truth["sites"]["yinan"]
    cols = simweb_truth["listings"]["yinan"]["columns"]
    assert len(cols) == 27 and cols[0]["agency"] == "沂南县人民政府"
    platform = doc(simweb_client.get(site["platform_url"]))
    lists = {a.text_content(): urljoin(site["platform_url"], a.get("href")) for a in platform.xpath("//a[@href]")}
    depts = doc(simweb_client.get(lists["部门信息公开"])).xpath("//div[@class='xxgk-nav']//a")
    towns = doc(simweb_client.get(lists["乡镇（街道）信息公开"])).xpath("//div[@class='xxgk-nav']//a")
    assert len(depts) == 14 and len(towns) == 12
    assert [a.text_content() for a in depts + towns] == [c["agency"] for c in cols[1:]]
    assert {c["level"] for c in cols[1:]} == {"department", "township"}
    by_col: dict[str, list[dict]] = {}
    for e in reports_of(simweb_truth, "yinan"):
        by_col.setdefault(e["column_url"], []).append(e)
        assert e["platform_agency"] == next(c["agency"] for c in cols if c["url"] == e["column_url"])
        if e["seed"] == "001":  # a township office's own report, filed on its township's platform
            assert (e["agency"], e["platform_agency"]) == ("党政办公室", "张庄镇人民政府")
        else:
            assert e["agency"] == e["platform_agency"]
    assert len(by_col) >= 20
    # titles on sub-platforms that name no agency: only the sub-platform attributes them
    assert [e for e in reports_of(simweb_truth, "yinan") if e["agency"] not in e["title"]]


def test_county_attachments_in_every_office_format(simweb_truth, simweb_client):
    atts = [e for e in reports_of(simweb_truth, "yinan") if e["role"] == "attachment"]
    assert {e["format"] for e in atts} == {"pdf", "docx", "doc", "wps"}
    (liar,) = [e for e in atts if e["note"] == "extension_lies"]
    assert liar["url"].endswith(".doc") and liar["format"] == "pdf"
    r = simweb_client.get(liar["url"])
    assert r.headers["Content-Type"] == "application/msword" and r.content.startswith(b"%PDF-")


# ---------------------------------------------------------------------- gkmlpt
def test_gkmlpt_columns_are_url_fragments_served_by_the_json_api(simweb_truth, simweb_client):
    site = simweb_truth["sites"]["qingxi"]
    shell = simweb_client.get(site["platform_url"])
    sid = re.search(r'window\._CONFIG = \{SID: "(\d+)"', shell.text).group(1)
    assert sid == "758001"
    hrefs = [urljoin(site["platform_url"], a.get("href")) for a in doc(shell).xpath("//a[@href]")]
    cols = simweb_truth["listings"]["qingxi"]["columns"]
    assert [c["url"].rsplit("#", 1)[1] for c in cols] == ["2869", "2870"]
    assert all(c["url"] in hrefs for c in cols)
    dates = {e["link_url"]: e["listed"] or e["published"] for e in reports_of(simweb_truth, "qingxi")}
    origin = site["http_homepage_url"].rstrip("/")
    got_pages = []
    for col in cols:
        cid, n, items = col["url"].rsplit("#", 1)[1], 1, []
        while True:
            url = f"{origin}/gkmlpt/api/all/{cid}?page={n}&sid={sid}"
            data = simweb_client.get(url).json()
            got_pages.append((url, [a["url"] for a in data["articles"]]))
            for a in data["articles"]:
                if a["url"] in dates:
                    assert a["created_at"][:10] == dates[a["url"]]
            items += [a["url"] for a in data["articles"]]
            if len(items) >= data["total"]:
                break
            n += 1
        assert simweb_client.get(f"{origin}/gkmlpt/api/all/{cid}?page={n + 1}&sid={sid}").json()["articles"] == []
    assert got_pages == [(p["url"], p["items"]) for p in simweb_truth["listings"]["qingxi"]["pages"]]
    assert len(got_pages) >= 3
    assert simweb_client.get(f"{origin}/gkmlpt/api/all/2869?page=1&sid=1").status_code == 404
    urls = [e["url"] for e in reports_of(simweb_truth, "qingxi") if e["role"] == "article"]
    assert any(re.fullmatch(r"http://[^/]+/gkmlpt/content/\d+/\d+/post_\d+\.html", u) for u in urls)
    assert any(re.fullmatch(r"http://[^/]+/content/post_\d+\.html", u) for u in urls)


# ---------------------------------------------------------------------- Hanweb 信息公开 module
def test_hanweb_reports_by_unit_and_year_with_jpage_get_and_search_post(simweb_truth, simweb_client):
    L = simweb_truth["listings"]["qinglan"]
    col = simweb_client.get(L["column_url"])
    store = re.search(r'<script type="text/xml">(.*?)</script>', col.text, re.DOTALL).group(1)
    root = lxml.etree.fromstring(store.encode())
    first = [lxml.html.fragment_fromstring(r.text.strip()).xpath(".//a")[0].get("href") for r in root.iter("record")]
    nextgroup = lxml.html.fragment_fromstring(root.findtext("nextgroup")).get("href")
    assert nextgroup.startswith("/module/jpage/dataproxy.jsp?page=1&") and "columnid=1229502" in nextgroup
    items = [urljoin(L["column_url"], h) for h in first]
    for n in range(2, int(root.findtext("totalpage")) + 1):
        url = urljoin(L["column_url"], nextgroup.replace("page=1&", f"page={n}&"))
        r = simweb_client.get(url)
        assert r.headers["Content-Type"] == "text/xml; charset=utf-8"
        items += [urljoin(url, lxml.html.fragment_fromstring(x.text.strip()).xpath(".//a")[0].get("href"))
                  for x in lxml.etree.fromstring(r.content).iter("record")]
    assert items == L["items"] and len(L["pages"]) >= 2 and all(p["method"] == "GET" for p in L["pages"])
    reports = [e for e in reports_of(simweb_truth, "qinglan") if e["role"] == "article"]
    for e in reports:
        q = parse_qs(urlsplit(e["url"]).query)
        assert urlsplit(e["url"]).path == "/module/xxgk/xxgkAnnualReport.jsp" and q["fbtime"] == [str(e["year"])]
    e = reports[0]
    q = parse_qs(urlsplit(e["url"]).query)
    swapped = e["url"].split("?")[0] + f"?fbtime={q['fbtime'][0]}&area={q['area'][0]}"
    assert simweb_client.get(swapped).content == simweb_client.get(e["url"]).content
    # 按部门查询: POST search.jsp with the unit's code lists exactly that unit's reports
    search = urljoin(L["column_url"], "/module/xxgk/search.jsp")
    hits = simweb_client.post(search, data={"area": q["area"][0], "fbtime": "", "infotypeId": "A0402"})
    got = [urljoin(search, a.get("href")) for a in doc(hits).xpath("//a")]
    assert sorted(got) == sorted(x["url"] for x in reports if parse_qs(urlsplit(x["url"]).query)["area"] == q["area"])
    assert simweb_client.get(search).status_code == 405
    assert simweb_client.get(urljoin(L["column_url"], "/module/jpage/dataproxy.jsp?page=2&webid=1")).status_code == 400


# ---------------------------------------------------------------------- VSB
def test_vsb_lists_page_with_pagenum_and_pdfs_hide_in_embed_or_object(simweb_truth, simweb_client):
    L = simweb_truth["listings"]["yunling"]
    got = []
    for col in L["columns"]:
        url = col["url"]
        while url:
            r = simweb_client.get(url)
            tree = doc(r)
            got.append((url, [urljoin(url, a.get("href")) for a in tree.xpath("//div[@class='list']//li/a")]))
            nxt = [a.get("href") for a in tree.xpath("//div[@class='pb_sys_common']/a") if a.text_content() == "下页"]
            url = urljoin(url, nxt[0]) if nxt else None
    assert got == [(p["url"], p["items"]) for p in L["pages"]]
    assert any(u.endswith(".htm?pageNum=2") for u, _ in got)
    assert all(re.fullmatch(r"http://[^/]+/info/10(39|40)/\d+\.htm", u) for _, items in got for u in items)
    tags = set()
    for e in reports_of(simweb_truth, "yunling"):
        if e["role"] != "attachment":
            continue
        page = doc(simweb_client.get(e["parent_url"]))
        linked = [urljoin(e["parent_url"], a.get("href")) for a in page.xpath("//a[@href]")]
        inline = [urljoin(e["parent_url"], x) for x in page.xpath("//embed/@src | //object/@data")]
        if inline:
            assert inline == [e["url"]] and e["url"] not in linked
            tags |= {el.tag for el in page.xpath("//embed | //object")}
        else:
            assert "/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=" in e["url"]
            assert e["url"] in linked
            cd = simweb_client.get(e["url"]).headers["Content-Disposition"]
            assert unquote(cd.split("filename*=UTF-8''")[1]) == f"{e['title']}.{e['format']}"
    assert tags == {"embed", "object"}


# ---------------------------------------------------------------------- iframe listing, onclick
UUID32 = re.compile(r"http://[^/]+/mjx/xxgknb/(\d{6})/[0-9a-f]{32}\.shtml")


def test_uuid_column_lists_only_inside_its_iframe(simweb_truth, simweb_client):
    L = simweb_truth["listings"]["meijiang"]
    (col,) = L["columns"]
    page = doc(simweb_client.get(col["url"]))
    assert not [a for a in page.xpath("//a[@href]") if "/xxgknb/2" in a.get("href")]
    (src,) = page.xpath("//iframe/@src")
    url, got = urljoin(col["url"], src), []
    while url:
        tree = doc(simweb_client.get(url))
        got.append((url, [urljoin(url, a.get("href")) for a in tree.xpath("//ul[@class='list']/li/a")]))
        nxt = [a.get("href") for a in tree.xpath("//a") if a.text_content() == "下一页"]
        url = urljoin(url, nxt[0]) if nxt else None
    assert got == [(p["url"], p["items"]) for p in L["pages"]] and len(got) >= 2
    assert all(UUID32.fullmatch(u) for u in L["items"])


def test_listing_and_url_dates_differ_from_the_page_date_where_the_site_moved(simweb_truth, simweb_client):
    moved = [e for e in reports_of(simweb_truth, "meijiang") if e["role"] == "article" and e["url_date"]]
    assert len(moved) >= 3
    listed = {}
    for p in simweb_truth["listings"]["meijiang"]["pages"]:
        for li in doc(simweb_client.get(p["url"])).xpath("//ul[@class='list']/li"):
            listed[urljoin(p["url"], li.xpath("a")[0].get("href"))] = li.xpath("span")[0].text_content()
    for e in moved:
        assert UUID32.fullmatch(e["url"]).group(1) == e["url_date"][:7].replace("-", "")
        assert listed[e["url"]] == (e["listed"] or e["published"])
        assert f"<td>发布日期：</td><td>{e['published']}</td>" in simweb_client.get(e["url"]).text
    assert any(e["listed"] and e["listed"] != e["published"] for e in moved)
    everywhere = [e for e in simweb_truth["reports"] if e["url_date"] or e["listed"]]
    assert {e["site_id"] for e in everywhere} == {"xining", "yinan", "meijiang"}


def test_objectid_lists_open_by_window_open_and_ids_carry_the_upload_time(simweb_truth, simweb_client):
    L = simweb_truth["listings"]["xiyue"]
    assert [c["trail"][-1] for c in L["columns"]] == ["区政府信息公开年报", "部门信息公开年报", "街道信息公开年报"]
    for p in L["pages"]:
        r = simweb_client.get(p["url"])
        opened = re.findall(r"""onclick="window\.open\('([^']+)'\)""", r.text)
        assert [urljoin(p["url"], u) for u in opened] == p["items"]
        assert not [a for a in doc(r).xpath("//ul[@class='list']//a") if a.get("href") != "javascript:void(0);"]
    for e in reports_of(simweb_truth, "xiyue"):
        if e["role"] != "article":
            continue
        oid = re.fullmatch(r"http://[^/]+/xxgk/qzfxxgkml/zfxxgknb/\w+/([0-9a-f]{24})\.html", e["url"]).group(1)
        when = datetime.fromtimestamp(int(oid[:8], 16), UTC).date().isoformat()
        assert when == (e["url_date"] or e["published"])
    docx = [e for e in reports_of(simweb_truth, "xiyue") if e["format"] == "docx"]
    for e in docx:
        assert f"onclick=\"downloadFile('{urlsplit(e['url']).path}')\"" in simweb_client.get(e["parent_url"]).text


# ---------------------------------------------------------------------- network manners
def test_challenge_site_answers_521_until_a_browser_has_run_its_script(simweb_truth, simweb_clearance):
    site = simweb_truth["sites"]["rst"]
    assert site["outcome"] == "challenge"
    home, s = site["http_homepage_url"], HostSession()
    value = simweb_clearance["__jsl_clearance_s"]
    for url in (home, home + "robots.txt", site["column_url"]):
        r = s.get(url)
        assert r.status_code == 521 and "Set-Cookie" not in r.headers
        assert "document.cookie='__jsl_clearance_s='+v" in r.text and "location.href=" in r.text
        assert value not in r.text  # only running the script gives the value
    s.cookies_for[site["hosts"][0]] = {"__jsl_clearance_s": "guessed"}
    assert s.get(home).status_code == 521
    s.cookies_for[site["hosts"][0]] = simweb_clearance
    assert s.get(home).status_code == 200 and s.get(home + "robots.txt").text == "User-agent: *\nDisallow:\n"
    # the listing has no page count: index_{n} until the meta refresh back to ./
    L = simweb_truth["listings"]["rst"]
    first = s.get(L["column_url"]).text
    assert "countPage" not in first and "_nPageCount" not in first
    n, urls = 1, [L["column_url"]]
    while True:
        url = urljoin(L["column_url"], f"index_{n}.html")
        if REFRESH in s.get(url).text:
            break
        urls.append(url)
        n += 1
    assert urls == [p["url"] for p in L["pages"]] and len(urls) >= 2
    assert [u for url in urls for u in trs_items(s, url)] == L["items"]


def test_robots_site_disallows_everything_and_none_of_its_reports_is_wanted(simweb_truth, simweb_client):
    site = simweb_truth["sites"]["shunhe"]
    assert site["outcome"] == "robots"
    r = simweb_client.get(site["http_homepage_url"] + "robots.txt")
    assert r.text == "User-agent: *\nDisallow: /\n"
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(r.text.splitlines())
    assert not rp.can_fetch("ogi-crawler", site["http_homepage_url"])
    assert site["http_homepage_url"] in simweb_truth["never_request_prefixes"]
    assert not reports_of(simweb_truth, "shunhe")
    hidden = [u for u in simweb_truth["never_request"] if u.startswith(site["http_homepage_url"])]
    assert len(hidden) == 3 and all(re.fullmatch(r"http://[^/]+/zwgk/c111341/\d{6}/c01_\d+\.shtml", u) for u in hidden)
    assert all(simweb_client.get(u).status_code == 200 for u in hidden)  # they exist; a polite crawler never asks


def test_hanweb_jpage_get_flavour_pages_in_chromium(simweb, simweb_truth, simweb_browser):
    L = simweb_truth["listings"]["qinglan"]
    page = simweb_browser.new_page()
    simweb.clear_log()
    try:
        page.goto(L["column_url"])
        page.wait_for_selector(".jpage-view li")
        first = page.eval_on_selector_all(".jpage-view li a", "els => els.map(e => e.href)")
        page.click("text=下一页")
        page.wait_for_function("document.querySelector('.default_pgPanel').textContent.includes('第2/')")
        second = page.eval_on_selector_all(".jpage-view li a", "els => els.map(e => e.href)")
    finally:
        page.close()
    assert first == L["pages"][0]["items"] and second == L["pages"][1]["items"]
    calls = [(e["method"], e["path"], parse_qs(e["query"])["page"]) for e in simweb.request_log
             if e["site_id"] == "qinglan" and "dataproxy" in e["path"]]
    assert calls == [("GET", "/module/jpage/dataproxy.jsp", ["2"])]


def test_challenge_is_solved_by_running_its_script_in_chromium(simweb, simweb_truth, simweb_browser):
    site = simweb_truth["sites"]["rst"]
    ctx = simweb_browser.new_context()
    simweb.clear_log()
    try:
        page = ctx.new_page()
        page.goto(site["http_homepage_url"])
        page.wait_for_function("document.cookie.indexOf('__jsl_clearance_s=') >= 0")
        page.wait_for_selector("a[href='/xxgk2020/index.html']")
        cookie = next(c for c in ctx.cookies() if c["name"] == "__jsl_clearance_s")
    finally:
        ctx.close()
    home = [(e["method"], e["status"], "Cookie" in e["request_headers"]) for e in simweb.request_log
            if e["host"] == "rst.qinghai.gov.cn" and e["path"] == "/"]
    assert home == [("GET", 521, False), ("GET", 200, True)]
    assert cookie["domain"] == "rst.qinghai.gov.cn" and cookie["path"] == "/"
