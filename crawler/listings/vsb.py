"""VSB / Boda (博达) sites: articles at `/info/{column}/{id}.htm`; a column is `{name}.htm` and its
older pages `{name}/{k}.htm`, numbered downwards (`{name}/5.htm` is the second page when there
are six, `{name}/1.htm` the last); the pager prints 共N页 and links 下页/尾页. Some templates page
with `?pageNum=N` instead (their pages come from crawler.listings.paged). Detected from the platform's
own resources (`/system/resource/`, `_sitegray`, `vsb_content`) or its article URLs."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler.listings.base import Listing, ListingParser, Page, PageRequest, absolute, entries_from_html
from crawler.listings.paged import PagedParser

_MARKERS = re.compile(r"/system/resource/|_sitegray|vsb_content|VsbRunTime|/system/_content/", re.IGNORECASE)
_ARTICLE = re.compile(r"/info/\d+/\d+\.htm")
_TOTAL = re.compile(r"共\s*(\d+)\s*页")


class VsbParser(ListingParser):
    family = "vsb"

    def detect(self, page: Page) -> bool:
        return bool(_MARKERS.search(page.text)) or len(_ARTICLE.findall(page.text)) >= 2

    def parse(self, page: Page) -> Listing:
        entries = entries_from_html(page.selector, page.url)
        path = urlsplit(page.url).path
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        numbers: set[int] = set()
        pattern = re.compile(rf"(?:^|/){re.escape(stem)}/(\d+)\.htm$") if stem else None
        for href in page.selector.css("a::attr(href)").getall():
            url = absolute(page.url, href)
            if url and pattern and (m := pattern.search(urlsplit(url).path)):
                numbers.add(int(m.group(1)))
        pages: list[PageRequest] = []
        if numbers and re.search(rf"/{re.escape(stem)}\.htm$", path):  # the column's first page fans out
            total = _TOTAL.search(page.text)
            top = int(total.group(1)) - 1 if total else max(numbers)
            for k in range(max(top, max(numbers)), 0, -1):
                pages.append(PageRequest(urljoin(page.url, f"{stem}/{k}.htm")))
        if not pages and not urlsplit(page.url).query:
            # Templates that page with ?pageNum=N (共8条 1/2 <a href="?pageNum=2">下页</a>): the
            # column's first page asks for all of them.
            pages = PagedParser().parse(page).pages
        return Listing(self.family, entries, pages)
