"""Listings that live in an iframe: the column page is a frame (menu, banner) around
`<iframe src="list.jsp?…">`, so the page itself lists nothing. The iframe's document is the
listing; it is requested like any other listing page. Only frames of the same site (same
registered domain) count — weather widgets, maps and video players are elsewhere or are
documents, not lists."""
from __future__ import annotations

from urllib.parse import urlsplit

from crawler.listings.base import Page, PageRequest, absolute

_SECOND_LEVEL = ("gov.cn", "com.cn", "org.cn", "net.cn", "edu.cn")
_NOT_LISTS = ("viewer.html", ".pdf", ".doc", ".docx", ".mp4", ".swf", "map", "weather", "tianqi", "video")


def registered_domain(host: str) -> str:
    host = (host or "").lower().split(":")[0]
    labels = host.split(".")
    keep = 3 if any(host.endswith("." + s) for s in _SECOND_LEVEL) else 2
    return ".".join(labels[-keep:])


def iframe_listings(page: Page) -> list[PageRequest]:
    here = registered_domain(urlsplit(page.url).hostname or "")
    out: list[PageRequest] = []
    for src in page.selector.css("iframe::attr(src), frame::attr(src)").getall():
        if "{{" in src:
            continue  # a client-side template, not an address
        url = absolute(page.url, src)
        if url is None or url == page.url or any(k in url.lower() for k in _NOT_LISTS):
            continue
        if registered_domain(urlsplit(url).hostname or "") != here:
            continue
        if url not in {p.url for p in out}:
            out.append(PageRequest(url))
    return out
