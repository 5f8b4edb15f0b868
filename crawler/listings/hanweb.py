"""Hanweb (大汉) columns: /col/colNNNN/index.html carries the first records inside
<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>…; the rest
exist only behind POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage= with the
column's parameters (from <nextgroup> and the jpage call) as the form. The answer is the same
datastore XML."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.listings.base import Entry, Listing, ListingParser, Page, PageRequest, entries_from_html

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.DOTALL)
_TOTAL = re.compile(r"(?:<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*['\"]?(\d+))", re.IGNORECASE)
_PERPAGE = re.compile(r"(?:<perpage>\s*(\d+)\s*</perpage>|perPage\s*[:=]\s*['\"]?(\d+))", re.IGNORECASE)
_GROUP = re.compile(r"groupSize\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_PROXY = re.compile(r"""(?:proxyUrl\s*[:=]\s*['"]([^'"]+)['"])""", re.IGNORECASE)
_FORM_KEYS = re.compile(r"""\b(col|appid|webid|path|columnid|sourceContentType|unitid|webname|permissiontype)\s*:\s*['"]?([^'",}\s]*)""")
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"


def records(text: str, base_url: str) -> list[Entry]:
    out: list[Entry] = []
    for fragment in _RECORD.findall(text):
        out.extend(entries_from_html(Selector(text=f"<ul>{fragment}</ul>"), base_url))
    return out


def _first_int(pattern: re.Pattern, text: str) -> int | None:
    m = pattern.search(text)
    if not m:
        return None
    return int(next(g for g in m.groups() if g))


def proxy_form(text: str, base_url: str) -> tuple[str, list[tuple[str, str]]]:
    """(proxy URL without query, form fields) of this column's dataproxy requests."""
    proxy = urljoin(base_url, (_PROXY.search(text).group(1) if _PROXY.search(text) else DEFAULT_PROXY))
    form: dict[str, str] = {}
    ng = _NEXTGROUP.search(text)
    if ng:
        href = Selector(text=ng.group(1)).css("a::attr(href)").get() or ""
        if href:
            target = urljoin(base_url, href)
            proxy = target.split("?", 1)[0]
            form.update((k, v) for k, v in parse_qsl(urlsplit(target).query, keep_blank_values=True) if k != "page")
    for key, value in _FORM_KEYS.findall(text):
        form.setdefault(key, value)
    return proxy, list(form.items())


class HanwebParser(ListingParser):
    family = "hanweb"

    def detect(self, page: Page) -> bool:
        return "<datastore" in page.text and "<recordset" in page.text

    def parse(self, page: Page) -> Listing:
        text = page.text
        entries = records(text, page.url)
        listing = Listing(self.family, entries)
        if "dataproxy" in urlsplit(page.url).path:
            return listing  # a group answer: the first page already requested every group
        total = _first_int(_TOTAL, text)
        per = _first_int(_PERPAGE, text) or 15
        shown = len(_RECORD.findall(text))
        if not total or total <= shown:
            return listing
        group = _first_int(_GROUP, text)
        step = per * group if group else max(shown, per)
        proxy, form = proxy_form(text, page.url)
        # Groups as jquery.jpage asks for them: whole groups, the last one not cut at the total.
        for start in range(shown + 1, total + 1, step):
            query = urlencode({"startrecord": start, "endrecord": start + step - 1, "perpage": per})
            listing.pages.append(PageRequest(f"{proxy}?{query}", "POST", tuple(form)))
        return listing
