"""Plain HTML listings: items are ordinary links; further pages are linked as 下一页/尾页/page
numbers. Also the fallback for any page no other family claims."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.listings.base import (
    Listing,
    ListingParser,
    Page,
    PageRequest,
    absolute,
    clean_text,
    entries_from_html,
)

_PAGER_TEXT = re.compile(r"^(下一页|下页|后页|尾页|末页|最后一页|上一页|上页|首页|第?\d{1,4}页?|>|>>|»|›|next|last)$", re.IGNORECASE)


def pager_links(page: Page) -> list[PageRequest]:
    """Links to other pages of this listing: pager-looking text, same host, same directory."""
    here = urlsplit(page.url)
    here_dir = here.path.rsplit("/", 1)[0]
    out: list[PageRequest] = []
    seen = {page.url}
    for a in page.selector.css("a[href]"):
        text = clean_text(" ".join(a.css("::text").getall()))
        if not _PAGER_TEXT.match(text):
            continue
        url = absolute(page.url, a.attrib.get("href"))
        if url is None or url in seen:
            continue
        parts = urlsplit(url)
        if parts.netloc != here.netloc or parts.path.rsplit("/", 1)[0] != here_dir:
            continue
        seen.add(url)
        out.append(PageRequest(url))
    return out


class PlainParser(ListingParser):
    family = "plain"

    def detect(self, page: Page) -> bool:
        return True

    def parse(self, page: Page) -> Listing:
        return Listing(self.family, entries_from_html(page.selector, page.url), pager_links(page))
