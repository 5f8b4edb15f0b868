"""Listings paged by a query parameter (?page=N, ?pageNo=N, ?p=N …), e.g. county platforms with
dozens of departments' reports in one column. Every page from 1 to the highest number linked
(尾页 carries it) is requested at once, not just "next"."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.listings.base import Listing, ListingParser, Page, PageRequest, absolute, entries_from_html

PAGE_PARAMS = ("page", "pageNo", "pageno", "pageNum", "pagenum", "pageIndex", "pageindex", "p", "pn", "curpage")


def _page_param(url: str) -> tuple[str, int] | None:
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key in PAGE_PARAMS and re.fullmatch(r"\d{1,5}", value):
            return key, int(value)
    return None


def with_page(url: str, key: str, number: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, str(number)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def paged_links(page: Page) -> tuple[str, int, int] | None:
    """(param, first, last) over links on this page that differ from it only by a page param."""
    here = urlsplit(page.url)
    found: dict[str, list[int]] = {}
    for href in page.selector.css("a::attr(href)").getall():
        url = absolute(page.url, href)
        if url is None:
            continue
        parts = urlsplit(url)
        if (parts.netloc, parts.path) != (here.netloc, here.path):
            continue
        param = _page_param(url)
        if param:
            found.setdefault(param[0], []).append(param[1])
    if not found:
        return None
    key, numbers = max(found.items(), key=lambda kv: len(kv[1]))
    return key, min(numbers + [1]), max(numbers)


class PagedParser(ListingParser):
    family = "paged"

    def detect(self, page: Page) -> bool:
        return paged_links(page) is not None

    def parse(self, page: Page) -> Listing:
        pages: list[PageRequest] = []
        info = paged_links(page)
        if info:
            key, first, last = info
            current = _page_param(page.url)
            here = current[1] if current and current[0] == key else 1  # no param = first page
            for n in range(first, last + 1):
                if n != here:
                    pages.append(PageRequest(with_page(page.url, key, n)))
        entries = [e for e in entries_from_html(page.selector, page.url) if _page_param(e.url) is None
                   or urlsplit(e.url).path != urlsplit(page.url).path]
        return Listing(self.family, entries, pages)
