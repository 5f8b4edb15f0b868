"""Hanweb (大汉) platforms.

- jpage columns: /col/colNNNN/index.html carries the first records inside
  <script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>…; the rest
  exist only behind /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage= with the
  column's parameters (from <nextgroup> and the jpage call's ajaxParam) as the form, sent by POST
  (the default) or GET when the call says `ajaxType: 'get'` (then the fields go in the query).
  The answer is the same datastore XML.
- xxgk platforms (Zhejiang, Shandong): lists come from POST /module/xxgk/search.jsp with the
  page's search form (area, infotypeId, …, currpage); the answer repeats the form and says how
  many pages there are, and every other page is the same POST with currpage=N.
- annual reports by unit and year: /module/xxgk/xxgkAnnualReport.jsp?area={unit code}&fbtime={year}
  is the report itself (no article id). Pages list them as links, or as a unit <select> and a
  year <select> whose every pair is a report address.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.listings.base import (
    Entry,
    Listing,
    ListingParser,
    Page,
    PageRequest,
    clean_text,
    entries_from_html,
)
from crawler.titles import is_ogi_report

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.DOTALL)
_TOTAL = re.compile(r"(?:<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*['\"]?(\d+))", re.IGNORECASE)
_PERPAGE = re.compile(r"(?:<perpage>\s*(\d+)\s*</perpage>|perPage\s*[:=]\s*['\"]?(\d+))", re.IGNORECASE)
_GROUP = re.compile(r"groupSize\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_PROXY = re.compile(r"""(?:proxyUrl\s*[:=]\s*['"]([^'"]+)['"])""", re.IGNORECASE)
_FORM_KEYS = re.compile(r"""\b(col|appid|webid|path|columnid|sourceContentType|unitid|webname|permissiontype)\s*:\s*['"]?([^'",}\s]*)""")
_AJAX_GET = re.compile(r"""ajaxType\s*:\s*['"]get['"]""", re.IGNORECASE)
# The older jpage module asks for one page by number, everything in the query:
# GET /module/jpage/dataproxy.jsp?page=2&appid=1&webid=…&columnid=…&unitid=… (real Zhejiang
# sites, SOURCES.md); its call says `method: 'GET'`, or its proxy is that module's.
_METHOD_GET = re.compile(r"""\bmethod\s*:\s*['"]get['"]""", re.IGNORECASE)
_PAGE_PROXY = "/module/jpage/dataproxy.jsp"
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
        if _METHOD_GET.search(text) or urlsplit(proxy).path.endswith(_PAGE_PROXY):
            listing.pages = page_requests(text, page.url, proxy, form, total, per, shown)
            return listing
        use_get = bool(_AJAX_GET.search(text))
        # Groups as jquery.jpage asks for them: whole groups, the last one not cut at the total.
        for start in range(shown + 1, total + 1, step):
            query = {"startrecord": start, "endrecord": start + step - 1, "perpage": per}
            if use_get:
                listing.pages.append(PageRequest(f"{proxy}?{urlencode([*query.items(), *form])}"))
            else:
                listing.pages.append(PageRequest(f"{proxy}?{urlencode(query)}", "POST", tuple(form)))
        return listing


def page_requests(text: str, base_url: str, proxy: str, form: list[tuple[str, str]], total: int, per: int,
                  shown: int) -> list[PageRequest]:
    """GET ?page=N for every page after those the column shows. The query is the datastore's
    <nextgroup> address with its page number changed, as the plugin sends it (path=/ unescaped,
    webname as the site encoded it); without one, the fields of the call's ajaxParam."""
    ng = _NEXTGROUP.search(text)
    href = (Selector(text=ng.group(1)).css("a::attr(href)").get() or "") if ng else ""
    template = urljoin(base_url, href) if "page=" in href else ""
    out = []
    for n in range(shown // per + 1, -(-total // per) + 1):
        if template:
            out.append(PageRequest(re.sub(r"([?&])page=\d*", rf"\g<1>page={n}", template, count=1)))
        else:
            out.append(PageRequest(f"{proxy}?{urlencode([('page', n), *form])}"))
    return out


# --- xxgk platform: search.jsp lists and xxgkAnnualReport.jsp reports --------------------------

_SEARCH_JSP = "module/xxgk/search.jsp"
_ANNUAL_JSP = "module/xxgk/xxgkAnnualReport.jsp"
_TOTAL_PAGES = re.compile(r"(?:共\s*(\d+)\s*页|totalpage\w*\s*[=:]\s*['\"]?(\d+))", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d{2}$")


def _search_form(page: Page) -> tuple[str, list[tuple[str, str]]] | None:
    """(action URL, fields) of the page's form that posts to module/xxgk/search.jsp."""
    for form in page.selector.css("form"):
        action = form.attrib.get("action", "")
        if _SEARCH_JSP not in action:
            continue
        fields = []
        for inp in form.css("input[name]"):
            if (inp.attrib.get("type") or "text").lower() in ("submit", "button", "image", "reset"):
                continue
            fields.append((inp.attrib["name"], inp.attrib.get("value", "")))
        for sel in form.css("select[name]"):
            chosen = sel.css("option[selected]::attr(value)").get() or ""
            fields.append((sel.attrib["name"], chosen))
        return urljoin(page.url, action), fields
    return None


def _with_field(fields: list[tuple[str, str]], key: str, value: str) -> tuple[tuple[str, str], ...]:
    return tuple((k, value if k == key else v) for k, v in fields) + (() if any(k == key for k, _ in fields) else ((key, value),))


def annual_report_entries(page: Page) -> list[Entry]:
    """xxgkAnnualReport.jsp addresses on this page: links, and every unit × year pair of a
    unit <select> and a year <select> whose form (or script) targets that JSP."""
    out: list[Entry] = []
    seen: set[str] = set()
    for entry in entries_from_html(page.selector, page.url):
        if _ANNUAL_JSP in entry.url and entry.url not in seen:
            seen.add(entry.url)
            if not is_ogi_report(entry.title):
                # A link titled by its year or unit only ("2023年", "某局"): the address is the report.
                year = dict(parse_qsl(urlsplit(entry.url).query)).get("fbtime", "")
                label = entry.title if (not year or year in entry.title) else f"{entry.title}{year}年"
                entry = Entry(entry.url, f"{label}政府信息公开工作年度报告", entry.date)
            out.append(entry)
    if _ANNUAL_JSP not in page.text:
        return out
    units: list[tuple[str, str]] = []
    years: list[str] = []
    for sel in page.selector.css("select"):
        options = [(o.attrib.get("value", "").strip(), clean_text(" ".join(o.css("::text").getall())))
                   for o in sel.css("option")]
        options = [(v, label) for v, label in options if v]
        if options and all(_YEAR.match(v) for v, _ in options):
            years = [v for v, _ in options]
        elif options and (sel.attrib.get("name") or sel.attrib.get("id") or "").lower() in ("area", "unit", "unitid", "dept"):
            units = options
    # The JSP's address as the page names it (a form's action, a script's string), else the root.
    named = next((a for a in page.selector.css("form::attr(action)").getall() if _ANNUAL_JSP in a), None)
    if named is None:
        found = re.search(r"""['"]([^'"\s]*""" + re.escape(_ANNUAL_JSP) + ")", page.text)
        named = found.group(1) if found else "/" + _ANNUAL_JSP
    jsp = urljoin(page.url, named.split("?", 1)[0])
    for code, name in units:
        for year in years:
            url = f"{jsp}?{urlencode({'area': code, 'fbtime': year})}"
            if url not in seen:
                seen.add(url)
                out.append(Entry(url, f"{name}{year}年政府信息公开工作年度报告", None))
    return out


class HanwebXxgkParser(ListingParser):
    """Hanweb's xxgk platform: the search.jsp list (POST, paged by currpage) and the
    xxgkAnnualReport.jsp reports by unit and year."""

    family = "hanweb-xxgk"

    def detect(self, page: Page) -> bool:
        return _SEARCH_JSP in page.text or _ANNUAL_JSP in page.text

    def parse(self, page: Page) -> Listing:
        entries = [e for e in entries_from_html(page.selector, page.url) if _ANNUAL_JSP not in e.url]
        entries += annual_report_entries(page)
        listing = Listing(self.family, entries)
        form = _search_form(page)
        if form is None:
            return listing
        action, fields = form
        current = dict(page.form).get("currpage") or dict(fields).get("currpage") or "1"
        if _SEARCH_JSP not in urlsplit(page.url).path:
            # The column page: its list is the first search.jsp answer — unless the page lists
            # its items itself and the form is only a search box over the whole platform.
            if not listing.items:
                listing.pages.append(PageRequest(action, "POST", _with_field(fields, "currpage", "1")))
            return listing
        m = _TOTAL_PAGES.search(page.text)
        total = int(next(g for g in m.groups() if g)) if m else 1
        if current in ("", "1"):
            base = list(page.form) or fields
            for n in range(2, total + 1):
                listing.pages.append(PageRequest(action, "POST", _with_field(base, "currpage", str(n))))
        return listing
