"""From a homepage to the 年报 column: platform link first, then the column link."""
from __future__ import annotations

from crawler.discovery import find_column, find_platform
from crawler.listings import Page


def page(url: str, links: str) -> Page:
    return Page(url, f"<html><body>{links}</body></html>".encode(), "text/html; charset=utf-8")


def test_homepage_platform_then_column():
    home = page("http://x.gov.cn/", '<a href="/">首页</a><a href="/zwdt/">政务动态</a>'
                '<a href="/zfxxgk/preview/index.html">年报预览（内部审核）</a><a href="/xxgk/index.html">政府信息公开</a>'
                '<a href="http://other.gov.cn/xxgk/">政府信息公开</a>')
    assert find_column(home) is None
    assert find_platform(home).url == "http://x.gov.cn/xxgk/index.html"
    platform = page("http://x.gov.cn/xxgk/index.html",
                    '<a href="xxgkzn/">政府信息公开指南</a><a href="xxgkzd/">政府信息公开制度</a>'
                    '<a href="2023nb.html">2023年政府信息公开工作年度报告</a><a href="ndbg/index.html">年报</a>')
    col = find_column(platform)
    assert (col.url, col.text) == ("http://x.gov.cn/xxgk/ndbg/index.html", "年报")


def test_column_by_text_or_url():
    p = page("http://y.gov.cn/col/col1568/index.html",
             '<a href="/col/col1569/index.html">政府信息公开指南</a><a href="/col/col1571/index.html">信息公开年度报告</a>')
    assert find_column(p).url == "http://y.gov.cn/col/col1571/index.html"
    p = page("http://z.gov.cn/zwgk/", '<a href="/zwgk/zfxxgknb/">政务公开 工作年报</a>')
    assert find_column(p).url == "http://z.gov.cn/zwgk/zfxxgknb/"
    assert find_column(page("http://z.gov.cn/", '<a href="/news/1.html">新闻</a>')) is None
