"""Each site style exposes exactly the manifest's listing items, the way real sites of that style
do: TRS through createPageHTML, Hanweb through its datastore and dataproxy.jsp POSTs, the JSON
site only in a browser (Playwright + Chromium), the county platform with ?page=N, the GBK site
with "下一页" links. Discovery from each homepage, encodings, attachments and noise."""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin

import lxml.etree
import lxml.html
import pytest

from simweb.sites.hanweb import COL_REPORTS

COLUMN_LINK_TEXTS = {"政府信息公开年报", "信息公开年度报告", "年报", "政府信息公开年度报告"}


def charset_of(resp) -> str:
    cs = resp.headers["Content-Type"].split("charset=")[1]
    return "gbk" if cs == "gb2312" else cs


def doc(resp):
    return lxml.html.document_fromstring(resp.content.decode(charset_of(resp)))


def links(tree, url: str, xpath: str = "//a[@href]") -> list[str]:
    return [urljoin(url, a.get("href")) for a in tree.xpath(xpath)]


def listing(truth: dict, site: str) -> dict:
    return truth["listings"][site]


# ---------------------------------------------------------------------- discovery
@pytest.mark.parametrize("style", ["trs", "hanweb", "jsonapi", "multi", "legacy", "guarded"])
def test_homepage_leads_to_the_platform_and_the_column(style, simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_truth["sites"][simweb_site_ids[style]]
    home = simweb_client.get(site["homepage_url"])
    assert home.status_code == 200
    nav = [a for a in doc(home).xpath("//a[@href]") if a.text_content().strip() == "政府信息公开"]
    assert nav, "no 政府信息公开 link on the homepage"
    platform_url = urljoin(site["homepage_url"], nav[0].get("href"))
    assert platform_url == site["platform_url"]
    platform = simweb_client.get(platform_url)
    to_column = [urljoin(platform_url, a.get("href")) for a in doc(platform).xpath("//a[@href]")
                 if a.text_content().strip() in COLUMN_LINK_TEXTS]
    assert to_column == [site["column_url"]]
    assert re.search(r"zfxxgknb|xxgknb|ndbg|/col/col\d+/", site["column_url"])


# ---------------------------------------------------------------------- TRS
PAGER = re.compile(r'createPageHTML\((\d+), (\d+), "(\w+)", "(\w+)"\);')


def test_trs_pages_exist_only_through_create_page_html(simweb_truth, simweb_site_ids, simweb_client):
    L = listing(simweb_truth, simweb_site_ids["trs"])
    first = simweb_client.get(L["column_url"])
    count, current, name, ext = PAGER.search(first.text).groups()
    assert (int(current), name, ext) == (0, "index", "html")
    # evaluate the call the way the script does: index.html, index_1.html, …
    pages = [urljoin(L["column_url"], f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}") for i in range(int(count))]
    assert pages == [p["url"] for p in L["pages"]] and len(pages) >= 3
    for i, page in enumerate(L["pages"]):
        r = simweb_client.get(page["url"])
        assert PAGER.findall(r.text) == [(count, str(i), "index", "html")]
        assert not re.search(r'href="[^"]*index_\d', r.text)  # no plain pager links
        tree = doc(r)
        assert links(tree, page["url"], "//ul[@class='list-ul']/li/a") == page["items"]
        assert all(re.search(r"/\d{6}/t\d{8}_\d{7}\.html$", u) for u in page["items"])


def test_trs_pager_script_writes_the_page_links_in_a_browser(simweb_truth, simweb_site_ids, simweb_browser):
    L = listing(simweb_truth, simweb_site_ids["trs"])
    page = simweb_browser.new_page()
    try:
        page.goto(L["column_url"])
        hrefs = page.eval_on_selector_all(".pagination a", "els => els.map(e => e.href)")
        rendered = page.eval_on_selector_all("ul.list-ul a", "els => els.map(e => e.href)")
    finally:
        page.close()
    assert sorted(set(hrefs)) == sorted(p["url"] for p in L["pages"][1:])
    assert rendered == L["pages"][0]["items"]


def test_trs_attachments_are_relative_p0_links_next_to_the_article(simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_site_ids["trs"]
    atts = [e for e in simweb_truth["reports"] if e["site_id"] == site and e["role"] == "attachment"]
    assert len(atts) >= 20
    for e in atts[:6]:
        article = simweb_client.get(e["parent_url"])
        hrefs = [a.get("href") for a in doc(article).xpath("//div[@class='fj']//a")]
        rel = [h for h in hrefs if urljoin(e["parent_url"], h) == e["url"]]
        assert len(rel) == 1 and re.fullmatch(r"\./P0\d{8}\d{12}\.(pdf|docx)", rel[0])


# ---------------------------------------------------------------------- Hanweb
DATASTORE = re.compile(r'<script type="text/xml">(.*?)</script>', re.DOTALL)


def records(xml: str) -> list[str]:
    root = lxml.etree.fromstring(xml.encode())
    return [lxml.html.fragment_fromstring(r.text.strip()).xpath(".//a")[0].get("href")
            for r in root.iter("record")]


def jpage_config(html: str) -> dict:
    cfg = re.search(r"\.jpage\(\{(.*)\}\);", html).group(1)
    ajax = dict(re.findall(r"(\w+): '?([^,'}]*)'?", re.search(r"ajaxParam: \{(.*?)\}", cfg).group(1)))
    plain = dict(re.findall(r"(perPage|totalRecord|groupSize): (\d+)", cfg))
    return {"ajax": ajax, **{k: int(v) for k, v in plain.items()}, "proxy": re.search(r"proxyUrl: '([^']+)'", cfg).group(1)}


def test_hanweb_datastore_and_dataproxy_pages_expose_the_column(simweb_truth, simweb_site_ids, simweb_client):
    L = listing(simweb_truth, simweb_site_ids["hanweb"])
    col = simweb_client.get(L["column_url"])
    store = DATASTORE.search(col.text).group(1)
    assert [urljoin(L["column_url"], h) for h in records(store)] == L["pages"][0]["items"]
    assert lxml.etree.fromstring(store.encode()).findtext("totalrecord") == str(len(L["items"]))
    cfg = jpage_config(col.text)
    assert cfg["ajax"] == L["pages"][1]["form"]
    group = cfg["perPage"] * cfg["groupSize"]
    assert len(L["pages"][0]["items"]) == group and cfg["totalRecord"] == len(L["items"])
    got = []
    for start in range(group + 1, cfg["totalRecord"] + 1, group):
        url = urljoin(L["column_url"], f"{cfg['proxy']}?startrecord={start}&endrecord={start + group - 1}"
                                       f"&perpage={cfg['perPage']}")
        r = simweb_client.post(url, data=cfg["ajax"])
        assert r.status_code == 200 and r.headers["Content-Type"] == "text/xml; charset=utf-8"
        got.append((url, [urljoin(url, h) for h in records(r.content.decode())]))
    assert got == [(p["url"], p["items"]) for p in L["pages"][1:]] and len(got) >= 2
    # any range, as the plugin asks when perPage changes
    r = simweb_client.post(urljoin(L["column_url"], cfg["proxy"] + "?startrecord=11&endrecord=20&perpage=10"),
                           data=cfg["ajax"])
    assert [urljoin(L["column_url"], h) for h in records(r.content.decode())] == L["items"][10:20]
    assert all(re.search(rf"/art/\d{{4}}/[1-9]\d?/[1-9]\d?/art_{COL_REPORTS}_\d{{5}}\.html$", u)
               for u in L["items"] if "/art/" in u)


def test_hanweb_dataproxy_rejects_what_the_plugin_never_sends(simweb_truth, simweb_site_ids, simweb_client):
    p = listing(simweb_truth, simweb_site_ids["hanweb"])["pages"][1]
    assert simweb_client.get(p["url"]).status_code == 405
    no_col = {k: v for k, v in p["form"].items() if k != "columnid"}
    r = simweb_client.post(p["url"], data=no_col)
    assert (r.status_code, r.text) == (400, "missing form field(s): columnid")
    assert simweb_client.post(p["url"], data={**p["form"], "unitid": "1"}).status_code == 400
    assert simweb_client.post(p["url"].replace("startrecord=", "startrecord=x"), data=p["form"]).status_code == 400


def test_hanweb_jpage_script_renders_and_pages_through_dataproxy(simweb, simweb_truth, simweb_site_ids,
                                                                simweb_browser):
    site = simweb_site_ids["hanweb"]
    L = listing(simweb_truth, site)
    page = simweb_browser.new_page()
    simweb.clear_log()
    try:
        page.goto(L["column_url"])
        page.wait_for_selector(".jpage-view li")
        first = page.eval_on_selector_all(".jpage-view li a", "els => els.map(e => e.href)")
        for _ in range(2):
            page.click("text=下一页")
        page.wait_for_function("document.querySelector('.default_pgPanel').textContent.includes('第3/')")
        third = page.eval_on_selector_all(".jpage-view li a", "els => els.map(e => e.href)")
    finally:
        page.close()
    assert first == L["items"][:10] and third == L["items"][20:30]
    posts = [e for e in simweb.request_log if e["site_id"] == site and e["method"] == "POST"]
    assert [e["query"] for e in posts] == ["startrecord=21&endrecord=40&perpage=10"]
    assert "columnid=1571" in posts[0]["body"] and "unitid=" in posts[0]["body"]


def test_hanweb_attachments_come_with_content_disposition(simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_site_ids["hanweb"]
    atts = [e for e in simweb_truth["reports"] if e["site_id"] == site and e["role"] == "attachment"]
    assert len(atts) >= 10
    traversal = [e for e in atts if e["note"] == "traversal_filename"]
    assert len(traversal) == 1
    for e in atts:
        assert "/module/download/downfile.jsp?classid=0&filename=" in e["url"]
    for e in [traversal[0], *atts[:4]]:
        r = simweb_client.get(e["url"])
        cd = r.headers["Content-Disposition"]
        assert cd == e["content_disposition"]
        if e["note"] == "traversal_filename":
            assert cd == 'attachment; filename="../../etc/passwd.pdf"'
        else:
            shown = unquote(cd.split("filename*=UTF-8''")[1])
            assert shown == f"{e['title']}.{e['format']}"


# ---------------------------------------------------------------------- JSON API
def test_json_site_lists_nothing_without_a_browser(simweb_truth, simweb_site_ids, simweb_client):
    L = listing(simweb_truth, simweb_site_ids["jsonapi"])
    shell = simweb_client.get(L["column_url"])
    assert shell.status_code == 200
    tree = doc(shell)
    assert tree.xpath("//ul[@id='list']/*") == []
    paths = {u.split("/", 3)[3] for u in L["items"]}
    assert not any(p in shell.text for p in paths)
    for page in L["pages"]:
        data = simweb_client.get(page["url"]).json()["data"]
        assert [urljoin(page["url"], it["url"]) for it in data["list"]] == page["items"]
        assert data["total"] == len(L["items"]) and data["pages"] == len(L["pages"])
    beyond = simweb_client.get(L["pages"][0]["url"].replace("page=1", f"page={len(L['pages']) + 1}"))
    assert beyond.json()["data"]["list"] == []
    bad = simweb_client.get(L["pages"][0]["url"].replace("page=1", "page=0"))
    assert bad.status_code == 400 and bad.json()["code"] == 400


def test_json_site_column_renders_in_chromium(simweb_truth, simweb_site_ids, simweb_browser):
    L = listing(simweb_truth, simweb_site_ids["jsonapi"])
    assert len(L["browser_pages"]) == len(L["pages"]) >= 3
    page = simweb_browser.new_page()
    try:
        for url, want in zip(L["browser_pages"], L["pages"]):
            page.goto(url)
            page.wait_for_selector("#list[data-loaded]")
            assert page.eval_on_selector_all("#list a", "els => els.map(e => e.href)") == want["items"]
        page.goto(L["browser_pages"][0])
        page.wait_for_selector("#list[data-loaded]")
        pager = page.eval_on_selector_all("#pager a", "els => els.map(e => e.href)")
    finally:
        page.close()
    assert set(L["browser_pages"][1:]) <= set(pager)


# ---------------------------------------------------------------------- county platform
def test_county_platform_pages_with_query_links(simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_site_ids["multi"]
    L = listing(simweb_truth, site)
    reports = {e["link_url"]: e for e in simweb_truth["reports"] if e["site_id"] == site and e["role"] == "article"}
    reports.update({e["parent_url"]: e for e in simweb_truth["reports"] if e["site_id"] == site and e["parent_url"]})
    url, seen, items, agencies = L["column_url"], [], [], set()
    while url:
        r = simweb_client.get(url)
        tree = doc(r)
        seen.append(url)
        rows = tree.xpath("//table[@class='list']//tr[td]")
        for tr in rows:
            a = tr.xpath("td[1]/a")[0]
            items.append(urljoin(url, a.get("href")))
            title, agency = a.text_content(), tr.xpath("td[2]")[0].text_content()
            if items[-1] in reports:  # a report: the agency is in its title
                assert agency == reports[items[-1]]["agency"] and agency in title
                agencies.add(agency)
        nxt = [a.get("href") for a in tree.xpath("//div[@class='pages']/a") if a.text_content() == "下一页"]
        url = urljoin(url, nxt[0]) if nxt else None
    assert seen == [p["url"] for p in L["pages"]] and items == L["items"]
    assert all("?page=" in u for u in seen[1:])
    assert len(agencies) >= 24
    levels = {e["level"] for e in simweb_truth["reports"] if e["site_id"] == site}
    assert {"county", "department", "township"} <= levels
    assert simweb_client.get(L["column_url"] + "?page=999").status_code == 404
    assert simweb_client.get(L["column_url"] + "?page=1").content == simweb_client.get(L["column_url"]).content


def test_county_attachments_in_every_office_format(simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_site_ids["multi"]
    atts = [e for e in simweb_truth["reports"] if e["site_id"] == site and e["role"] == "attachment"]
    assert {e["format"] for e in atts} == {"pdf", "docx", "doc", "wps"}
    want_type = {"pdf": "application/pdf", "doc": "application/msword", "wps": "application/vnd.ms-works",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    (liar,) = [e for e in atts if e["note"] == "extension_lies"]
    assert liar["url"].endswith(".doc") and liar["format"] == "pdf"
    r = simweb_client.get(liar["url"])
    assert r.headers["Content-Type"] == "application/msword" and r.content.startswith(b"%PDF-")
    for fmt in ("doc", "wps", "docx"):
        e = next(x for x in atts if x["format"] == fmt)
        assert e["url"].endswith("." + fmt)
        assert simweb_client.get(e["url"]).headers["Content-Type"] == want_type[fmt] == e["content_type"]


def test_carrier_pages_link_the_attachment_and_hold_no_table(simweb_truth, simweb_client):
    atts = {e["parent_url"]: e["url"] for e in simweb_truth["reports"] if e["role"] == "attachment"}
    for url in simweb_truth["carriers"][::9]:
        r = simweb_client.get(url)
        text = r.content.decode(charset_of(r))
        assert "本年新收政府信息公开申请数量" not in text
        assert atts[url] in links(doc(r), url)


# ---------------------------------------------------------------------- GBK legacy site
def test_legacy_site_is_gb2312_with_next_page_links(simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_site_ids["legacy"]
    L = listing(simweb_truth, site)
    url, seen, items = L["column_url"], [], []
    while url:
        r = simweb_client.get(url)
        assert r.headers["Content-Type"] == "text/html; charset=gb2312"
        assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in r.content
        with pytest.raises(UnicodeDecodeError):
            r.content.decode("utf-8")
        tree = doc(r)
        seen.append(url)
        items += [urljoin(url, a.get("href")) for a in tree.xpath("//a[@target='_blank']")]
        nxt = [a.get("href") for a in tree.xpath("//a") if a.text_content() == "下一页"]
        url = urljoin(url, nxt[0]) if nxt else None
    assert seen == [p["url"] for p in L["pages"]] and items == L["items"]
    reports = [e for e in simweb_truth["reports"] if e["site_id"] == site]
    assert {e["year"] for e in reports} == set(range(2019, 2025))
    assert all(e["templates"] == {"t2": "2019", "t3": "2019"} for e in reports if e["year"] <= 2020)
    assert any(e["templates"]["t3"] == "2019" for e in reports if e["year"] >= 2021)


def test_legacy_page_whose_meta_lies_is_utf8(simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_site_ids["legacy"]
    html = [e for e in simweb_truth["reports"] if e["site_id"] == site and e["format"] == "html"]
    (liar,) = [e for e in html if e["note"] == "lying_meta"]
    r = simweb_client.get(liar["url"])
    assert r.headers["Content-Type"] == "text/html; charset=gb2312" and liar["charset"] == "utf-8"
    assert b"charset=gb2312" in r.content
    assert liar["agency"] in r.content.decode("utf-8")
    honest = next(e for e in html if e["note"] == "")
    body = simweb_client.get(honest["url"]).content
    assert honest["charset"] == "gbk" and honest["agency"] in body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


# ---------------------------------------------------------------------- guarded site listing
def test_guarded_column_links_drafts_broken_pages_and_the_redirect(simweb_truth, simweb_site_ids, simweb_client):
    site = simweb_site_ids["guarded"]
    L = listing(simweb_truth, site)
    got = []
    for page in L["pages"]:
        r = simweb_client.get(page["url"])
        page_items = links(doc(r), page["url"], "//ul[@class='list']/li/a")
        assert page_items == page["items"]
        got += page_items
    assert got == L["items"]
    items = set(L["items"])
    assert {b["url"] for b in simweb_truth["broken"]} <= items
    assert {r["url"] for r in simweb_truth["redirects"]} <= items
    assert items & set(simweb_truth["never_request"])
    assert [p["url"].rsplit("/", 1)[1] for p in L["pages"]] == ["index.html"] + [
        f"list_{n}.html" for n in range(2, len(L["pages"]) + 1)]
