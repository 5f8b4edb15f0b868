"""TRS WCM columns: static pages index.html, index_1.html … index_{n-1}.html.

The page count is announced by the template's pager script, in the forms real sites use:
- `createPageHTML(7, 0, "index", "html")` — literal arguments;
- `var countPage = 7 //共多少页` … `createPageHTML(countPage, currentPage, "index", "html")` —
  the usual form: arguments are variables assigned earlier in the page;
- `createPageHTML('page_div', 7, 0, 'index', 'html', 120)` — newer templates (div id first,
  record count last);
- `var _nPageCount = 7; var _nCurrIndex = 0; var _sPageName = "index"; var _sPageExt = "html";`
  with the pager written inline (no createPageHTML call).
The template usually also carries the function's own definition (`function
createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt)`); its parameters are names, not
values, and are skipped. Only the first page fans out (every other page carries the same count).
A page past the end is a stub whose `<meta http-equiv="refresh">` points back to ./ — it is an
empty listing, not an error (crawler.listings.base.refresh_target)."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler.listings.base import Listing, ListingParser, Page, PageRequest, entries_from_html
from crawler.listings.plain import pager_links

_CALL = re.compile(r"(?<!function\s)\bcreatePageHTML\s*\(([^)]*)\)")
_ARG = re.compile(r"""\s*(?:(['"])(.*?)\1|(-?\d+)|([A-Za-z_$][\w$.]*))\s*""")
_ASSIGN = re.compile(r"""\b(?:var\s+|let\s+|const\s+)?([A-Za-z_$][\w$]*)\s*=\s*(?:(['"])([^'"]*)\2|(-?\d+))\s*[;,\n/]""")
_EXTS = ("html", "shtml", "htm")
# This page's own number in index_{n}.html (index.html is 0).
_OWN_INDEX = re.compile(r"_(\d+)\.s?html?$")
# A column page's own name: index.html, index_3.html (also a bare directory URL: index.html).
_WALK = re.compile(r"(?:^|/)(index)(?:_(\d+))?\.(s?html?)$")


def _variables(text: str) -> dict[str, str | int]:
    """Script variables assigned a literal (the first assignment wins, as pagers are written
    before they are called)."""
    out: dict[str, str | int] = {}
    for name, _q, string, number in _ASSIGN.findall(text):
        out.setdefault(name, int(number) if number else string)
    return out


def _shape(numbers: list[int], strings: list[str]) -> tuple[int, str, str] | None:
    if not numbers or numbers[0] < 1:
        return None
    suffix = next((s for s in strings if s.lower() in _EXTS), "html")
    prefix = next((s for s in strings if s.lower() not in _EXTS and not s.endswith("_div") and s), "index")
    return numbers[0], prefix, suffix


def page_count(text: str) -> tuple[int, str, str] | None:
    """(pages, prefix, suffix) from the first createPageHTML call whose arguments resolve to
    values, else from `_nPageCount`-style variables, or None."""
    variables = None
    for m in _CALL.finditer(text):
        numbers: list[int] = []
        strings: list[str] = []
        for part in m.group(1).split(","):
            am = _ARG.fullmatch(part)
            if not am:
                break
            if am.group(3) is not None:
                numbers.append(int(am.group(3)))
            elif am.group(4) is not None:
                variables = variables if variables is not None else _variables(text)
                value = variables.get(am.group(4))
                if value is None:
                    break  # an unresolved name: the function's definition, or a computed value
                (numbers if isinstance(value, int) else strings).append(value)
            else:
                strings.append(am.group(2))
        else:
            shape = _shape(numbers, strings)
            if shape:
                return shape
    variables = variables if variables is not None else _variables(text)
    count = variables.get("_nPageCount")
    if not isinstance(count, int) and "createPageHTML" in text:
        count = variables.get("countPage")
    if isinstance(count, int):
        names = [variables.get("_sPageName"), variables.get("_sPageExt")]
        return _shape([count], [s for s in names if isinstance(s, str)])
    return None


_ARTICLE_URL = re.compile(r"""href=["'][^"']*/t\d{8}_\d+\.s?html?["']""")


def is_trs(page: Page) -> bool:
    """TRS by its pager script, its generator meta, or its article URLs (t{yyyymmdd}_{id}.html)."""
    text = page.text
    return ("createPageHTML" in text or "_nPageCount" in text or len(_ARTICLE_URL.findall(text)) >= 2
            or bool(page.selector.xpath("//meta[@name='generator' or @name='Generator'][contains(@content,'TRS')]")))


class TrsParser(ListingParser):
    family = "trs"

    def detect(self, page: Page) -> bool:
        return is_trs(page)

    def parse(self, page: Page) -> Listing:
        info = page_count(page.text)
        pages: list[PageRequest] = []
        own = _OWN_INDEX.search(urlsplit(page.url).path)
        if info and not own:  # index_{n} pages repeat the count: only the first fans out
            count, prefix, suffix = info
            for i in range(1, count):
                url = urljoin(page.url, f"{prefix}_{i}.{suffix}")
                if url != page.url:
                    pages.append(PageRequest(url))
        elif not info:
            # No pager script (a TRS-style site whose pager is plain links: 下一页, list_2.html …)
            pages = pager_links(page)
        listing = Listing(self.family, entries_from_html(page.selector, page.url), pages)
        if not info and not pages and "createPageHTML" in page.text and listing.items:
            # The template defines the pager but prints no count (mohrss, SOURCES.md): walk
            # index_1, index_2 … one after another; past the end TRS answers a meta-refresh stub
            # back to ./, an empty listing, and the walk stops.
            path = urlsplit(page.url).path
            walk = _WALK.search(path + "index.html" if path.endswith("/") else path)
            if walk:
                n = int(walk.group(2) or 0) + 1
                listing.pages = [PageRequest(urljoin(page.url, f"{walk.group(1)}_{n}.{walk.group(3)}"))]
        return listing
