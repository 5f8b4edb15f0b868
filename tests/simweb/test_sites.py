"""Discovery's answer key (every column from its homepage by its trail) and the styles kept from the
first simulated web: Hanweb through its datastore and dataproxy.jsp POSTs, the JSON site only in a
browser (Playwright + Chromium), the GBK site with "下一页" links, the guarded site. The structures
drawn from realweb are in test_structures.py."""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from simweb.sites.hanweb import COL_REPORTS


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
PLATFORM_LINKS = {"政务公开", "政府信息公开", "信息公开"}


def follow(client, url: str, text: str) -> str | None:
    """The URL of the first link on the page whose text is `text` (None when there is none)."""
    r = client.get(url)
    assert r.status_code == 200, url
    for a in doc(r).xpath("//a[@href]"):
        if a.text_content().strip() == text:
            return urljoin(url, a.get("href"))
    return None


@pytest.mark.parametrize("site_id", ["xining", "jiangsu", "xigong", "yinan", "haidong", "qhdkfq", "qinglan", "qingxi",
                                     "yunling", "rst", "meijiang", "xiyue", "tonghe"])
def test_every_column_is_reached_from_the_homepage_by_its_trail(site_id, simweb_truth, simweb_client):
    """The answer key for discovery: homepage → platform (maybe on another host) → each column by
    the link texts its trail names (a name with no link on the page is a heading, not a step)."""
    site = simweb_truth["sites"][site_id]
    home_url = site["http_homepage_url"]
    home = simweb_client.get(home_url)
    assert home.status_code == 200
    shell = re.fullmatch(r'.*<script>location\.replace\("([^"]+)"\);</script>.*', home.text, re.DOTALL)
    if shell:  # a homepage that is only a script sending the browser on (Beijing districts)
        assert site_id == "tonghe" and not doc(home).xpath("//a")
        home_url = urljoin(home_url, shell.group(1))
        home = simweb_client.get(home_url)
    to_platform = {urljoin(home_url, a.get("href")) for a in doc(home).xpath("//a[@href]")
                   if a.text_content().strip() in PLATFORM_LINKS}
    assert site["platform_url"] in to_platform
    columns = simweb_truth["listings"][site_id]["columns"]
    assert [c["url"] for c in columns] == site["column_urls"]
    for col in columns:
        url, hops = site["platform_url"], 1
        for text in col["trail"]:
            nxt = follow(simweb_client, url.split("#")[0], text)
            if nxt is not None:
                url, hops = nxt, hops + (nxt != url)
        assert url == col["url"], (col["trail"], url)
        if site_id in ("xining", "yinan", "tonghe"):  # every step a link of its own: depth 3–4 below the platform
            assert hops - 1 == len(col["trail"]) >= 2


def test_column_depths_and_hosts(simweb_truth):
    depth = {sid: max(len(c["trail"]) for c in L["columns"]) for sid, L in simweb_truth["listings"].items()}
    assert depth["xining"] == 4 and depth["xiyue"] == 4 and depth["yinan"] == 3
    assert min(depth.values()) == 2 and max(depth.values()) == 4
    platform_hosts = {sid: s["platform_url"].split("//")[1].split(".")[0] for sid, s in simweb_truth["sites"].items()}
    assert platform_hosts["xining"] == "xxgk" and platform_hosts["yinan"] == "gk"


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
    assert first == L["items"][:5] and third == L["items"][10:15]
    posts = [e for e in simweb.request_log if e["site_id"] == site and e["method"] == "POST"]
    assert [e["query"] for e in posts] == ["startrecord=11&endrecord=20&perpage=5"]
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


def test_carrier_pages_link_the_attachment_and_hold_no_table(simweb_truth, simweb_client):
    atts = {e["parent_url"]: e["url"] for e in simweb_truth["reports"] if e["role"] == "attachment"}
    for url in simweb_truth["carriers"][::9]:
        r = simweb_client.get(url)
        text = r.content.decode(charset_of(r))
        assert "本年新收政府信息公开申请数量" not in text
        # linked, or shown inline (pdf.js viewer's ?file=, <embed>, <object>, onclick targets)
        assert atts[url] in links(doc(r), url) or urlsplit(atts[url]).path in text


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
