"""Listings that page by POST or through a JSON API, crawled through real Scrapy (a `scrapy crawl
reports` subprocess) against a loopback web (tests/crawler/listing_web.py): every report is
found, and the requests on the wire are exactly the ones each platform needs — the Hanweb
dataproxy POSTs carry the column's ajaxParam form, search.jsp pages are POSTs with currpage, the
gkmlpt API is asked for each page its `total` implies, and a list a script POSTs for is learned
in Chromium once and replayed (then paged) by POST."""
from __future__ import annotations

import csv
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.crawler.crawlkit import documents, run_crawl
from tests.crawler.listing_web import ListingWeb

SITES = [
    ("hw", "某县人民政府", "/hw/col/col1571/index.html"),
    ("xg", "某市人民政府", "/xg/col/col3/index.html"),
    ("gk", "某区人民政府", "/gk/gkmlpt/index#721"),
    ("js", "某镇人民政府", "/js/xxgk/nb/index.html"),
    ("sp", "某县人民政府", "/sp/zwgk/zfxxgknb/index.htm"),
]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("listing-paging")
    with ListingWeb() as web:
        registry = tmp / "registry.csv"
        with open(registry, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["site_id", "name", "region_code", "level", "homepage_url", "column_url", "cms_hint", "js",
                        "verified"])
            for site_id, name, column in SITES:
                w.writerow([site_id, name, "370000", "county", f"{web.base}/{site_id}/", f"{web.base}{column}", "",
                            "", ""])
        text = run_crawl(registry, tmp / "data", log=tmp / "crawl.log")
        yield {"web": web, "rows": documents(tmp / "data"), "log": list(web.log), "text": text}


def _articles(crawl, site_id):
    base = crawl["web"].base
    return sorted(r["url"].removeprefix(base) for r in crawl["rows"] if r["site_id"] == site_id)


def _requests(crawl, prefix):
    return [(m, p, b) for m, p, b in crawl["log"] if p.startswith(prefix)]


def test_hanweb_jpage_groups_by_post_with_the_ajaxparam_form(crawl):
    assert _articles(crawl, "hw") == sorted([
        "/hw/art/2024/1/20/art_1571_100.html", "/hw/art/2024/1/22/art_1571_102.html",
        "/hw/art/2024/1/23/art_1571_103.html", "/hw/art/2024/1/25/art_1571_105.html",
        "/hw/art/2024/1/26/art_1571_106.html", "/hw/art/2024/1/27/art_1571_107.html"])
    posts = sorted(((p, dict(parse_qsl(b))) for m, p, b in _requests(crawl, "/hw/module/") if m == "POST"),
                   key=lambda pf: pf[0])
    assert [p for p, _ in posts] == [
        "/hw/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=6&perpage=3",
        "/hw/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=9&perpage=3"]
    for _p, form in posts:
        assert form == {"appid": "1", "webid": "3", "path": "/", "columnid": "1571", "unitid": "4866",
                        "webname": "某县", "permissiontype": "0", "col": "1", "sourceContentType": "1"}


def test_hanweb_xxgk_search_pages_by_post_and_annual_reports_by_unit_and_year(crawl):
    assert _articles(crawl, "xg") == sorted([
        "/xg/art/2024/1/25/art_3_1.html", "/xg/art/2024/1/23/art_3_3.html", "/xg/art/2024/1/22/art_3_4.html",
        "/xg/art/2024/1/21/art_3_5.html",
        "/xg/module/xxgk/xxgkAnnualReport.jsp?area=11370826004323472M&fbtime=2022",
        "/xg/module/xxgk/xxgkAnnualReport.jsp?area=11370826004323472M&fbtime=2023",
        "/xg/module/xxgk/xxgkAnnualReport.jsp?area=00248503X&fbtime=2022",
        "/xg/module/xxgk/xxgkAnnualReport.jsp?area=00248503X&fbtime=2023"])
    searches = sorted(dict(parse_qsl(b))["currpage"] for m, p, b in crawl["log"]
                      if m == "POST" and p == "/xg/module/xxgk/search.jsp")
    assert searches == ["1", "2", "3"]  # each page once, all by POST
    one = next(dict(parse_qsl(b)) for m, p, b in crawl["log"] if p == "/xg/module/xxgk/search.jsp")
    assert {k: one[k] for k in ("infotypeId", "area")} == {"infotypeId": "A0101", "area": "001"}
    titles = {r["url"].removeprefix(crawl["web"].base): r["title"] for r in crawl["rows"] if r["site_id"] == "xg"}
    assert titles["/xg/module/xxgk/xxgkAnnualReport.jsp?area=00248503X&fbtime=2023"] == \
        "某市发展和改革委员会2023年政府信息公开工作年度报告"


def test_gkmlpt_api_pages_from_total_and_dates_from_created_at(crawl):
    assert _articles(crawl, "gk") == sorted([
        "/gk/gkmlpt/content/0/1001/post_1001.html", "/gk/gkmlpt/content/0/1002/post_1002.html",
        "/gk/gkmlpt/content/0/1004/post_1004.html", "/gk/gkmlpt/content/0/1005/post_1005.html"])
    api = sorted(p for m, p, _b in crawl["log"] if "/gkmlpt/api/" in p)
    assert api == ["/gk/gkmlpt/api/all/721?page=1&sid=755001", "/gk/gkmlpt/api/all/721?page=2&sid=755001",
                   "/gk/gkmlpt/api/all/721?page=3&sid=755001"]
    dates = {r["url"].rsplit("/", 1)[1]: r["published_date"] for r in crawl["rows"] if r["site_id"] == "gk"}
    assert dates == {"post_1001.html": "2024-01-18", "post_1002.html": "2024-01-22",
                     "post_1004.html": "2023-01-20", "post_1005.html": "2023-01-19"}


def test_a_list_a_script_posts_for_is_recorded_in_the_browser_and_replayed(crawl):
    assert _articles(crawl, "js") == [f"/js/xxgk/nb/{y}/report.html" for y in range(2019, 2024)]
    posts = sorted(dict(parse_qsl(b))["pageNo"] for m, p, b in crawl["log"] if m == "POST" and p == "/js/api/nb/list")
    assert posts == ["1", "2", "3"]  # the recorded call replayed, then its other pages
    assert all(dict(parse_qsl(b))["channelId"] == "88" for m, p, b in crawl["log"] if p == "/js/api/nb/list")
    assert "listing API POST" in crawl["text"]


def test_nothing_unexpected_was_requested(crawl):
    paths = {urlsplit(p).path for _m, p, _b in crawl["log"]}
    assert not any(p.endswith("404") for p in paths)
    misses = [p for m, p, b in crawl["log"] if crawl["web"].answer(m, p, b)[0] == 404]
    assert misses == []


def test_a_split_trs_article_is_read_whole_before_it_is_judged(crawl):
    # Page 1 prints two of the six sections: alone it would be a carrier. Joined, it is the
    # report; the attachment on page 2 is its file; the sidebar's 申请表 is not.
    rows = sorted((r["url"].removeprefix(crawl["web"].base), r["role"], r["content_type"])
                  for r in crawl["rows"] if r["site_id"] == "sp")
    assert rows == [("/sp/zwgk/zfxxgknb/202401/P020240115000001.xls", "attachment", "xls"),
                    ("/sp/zwgk/zfxxgknb/202401/t20240115_5550123.htm", "article", "html")]
    fetched = [p for m, p, _b in crawl["log"] if p.startswith("/sp/")]
    assert sorted(fetched) == sorted(["/sp/zwgk/zfxxgknb/index.htm", "/sp/zwgk/zfxxgknb/202401/t20240115_5550123.htm",
                                      "/sp/zwgk/zfxxgknb/202401/t20240115_5550123_1.htm",
                                      "/sp/zwgk/zfxxgknb/202401/t20240115_5550123_2.htm",
                                      "/sp/zwgk/zfxxgknb/202401/P020240115000001.xls"])
