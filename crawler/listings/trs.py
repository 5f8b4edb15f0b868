"""TRS WCM columns: static pages index.html, index_1.html … index_{n-1}.html announced by
<script>createPageHTML(n, current, "index", "html")</script> (newer templates put a div id first
and the record count last: createPageHTML('page_div', n, current, 'index', 'html', total))."""
from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.listings.base import Listing, ListingParser, Page, PageRequest, entries_from_html

_CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_ARG = re.compile(r"""\s*(?:(['"])(.*?)\1|(-?\d+))\s*""")


def page_count(text: str) -> tuple[int, str, str] | None:
    """(pages, prefix, suffix) from the first createPageHTML *call* (the template may also carry
    the function's definition, whose parameters are names, not values), or None."""
    for m in _CALL.finditer(text):
        numbers: list[int] = []
        strings: list[str] = []
        for part in m.group(1).split(","):
            am = _ARG.fullmatch(part)
            if not am:
                break
            if am.group(3) is not None:
                numbers.append(int(am.group(3)))
            else:
                strings.append(am.group(2))
        else:
            if not numbers:
                continue
            suffix = next((s for s in strings if s.lower() in ("html", "shtml", "htm")), "html")
            prefix = next((s for s in strings if s.lower() not in ("html", "shtml", "htm")
                           and not s.endswith("_div")), "index")
            return numbers[0], prefix, suffix
    return None


class TrsParser(ListingParser):
    family = "trs"

    def detect(self, page: Page) -> bool:
        return "createPageHTML" in page.text

    def parse(self, page: Page) -> Listing:
        info = page_count(page.text)
        pages: list[PageRequest] = []
        if info:
            count, prefix, suffix = info
            for i in range(count):
                name = f"{prefix}.{suffix}" if i == 0 else f"{prefix}_{i}.{suffix}"
                url = urljoin(page.url, name)
                if url != page.url:
                    pages.append(PageRequest(url))
        # The pager itself is script-rendered; entries are the static links.
        return Listing(self.family, entries_from_html(page.selector, page.url), pages)
