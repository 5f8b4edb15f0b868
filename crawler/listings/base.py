"""What every listing parser shares: the page it reads, the entries and page requests it returns,
link/date extraction and decoding that survives lying charset declarations.

A parser is pure (bytes in, entries out, no network), so tests run each one over saved example
pages (tests/fixtures/real/pages/<family>/) without Scrapy."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import charset_normalizer
from parsel import Selector
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding
from w3lib.html import replace_entities

DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_WS = re.compile(r"\s+")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#")
# A list item that opens its article from script: <a href="javascript:void(0);"
# onclick="window.open('/…/x.html')">, location.href='…', or the href's own javascript:window.open.
_SCRIPT_TARGET = re.compile(
    r"""(?:window\.open|location\.(?:href|assign|replace)|location)\s*(?:\(|=)\s*\(?\s*['"]([^'"]+)['"]""")


def decode(body: bytes, content_type: str | None = None) -> str:
    """Decode HTML bytes without trusting declarations blindly: a BOM; else strict UTF-8 (valid
    UTF-8 Chinese text is never GBK by accident); else the HTTP or <meta> charset if the bytes
    really decode with it (GB2312/GBK read as GB18030, their superset); else GB18030 strict; else
    charset-normalizer's guess. A GBK page whose meta claims utf-8 comes out right."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(enc, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = [http_content_type_encoding(content_type) if content_type else None, html_body_declared_encoding(body)]
    for enc in [*declared, "gb18030"]:
        enc = resolve_encoding(enc) if enc else None
        if not enc or enc.replace("-", "_") in ("utf_8", "utf8"):
            continue
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"
        try:
            return body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("gb18030", errors="replace")


def clean_text(text: str | None) -> str:
    return _WS.sub(" ", replace_entities(text or "")).strip()


def find_date(text: str) -> str | None:
    m = DATE.search(text or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def absolute(base: str, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


@dataclass
class Page:
    """A fetched listing page."""

    url: str
    body: bytes
    content_type: str = ""
    # The form this page was POSTed with (empty for GET): a POST-paged listing rewrites it.
    form: tuple[tuple[str, str], ...] = ()
    _text: str | None = field(default=None, repr=False)
    _sel: Selector | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = decode(self.body, self.content_type)
        return self._text

    @property
    def selector(self) -> Selector:
        if self._sel is None:
            self._sel = Selector(text=self.text or "<html></html>", type="html", base_url=self.url)
        return self._sel


@dataclass(frozen=True)
class Entry:
    """One item of a listing: a link, its title and the date printed beside it (if any)."""

    url: str
    title: str
    date: str | None = None


@dataclass(frozen=True)
class PageRequest:
    """Another page of the same listing. A POST carries either form fields (`formdata`, sent
    as application/x-www-form-urlencoded) or a raw `body` with its `content_type` (a JSON
    request a page's script made, recorded by the browser)."""

    url: str
    method: str = "GET"
    formdata: tuple[tuple[str, str], ...] = ()
    body: str = ""
    content_type: str = ""


@dataclass
class Listing:
    family: str
    entries: list[Entry] = field(default_factory=list)
    pages: list[PageRequest] = field(default_factory=list)
    column_name: str | None = None  # the page's <meta name="ColumnName">

    @property
    def items(self) -> list[Entry]:
        """The listing's own items: entries with a date printed beside them (menus, breadcrumbs
        and footers carry none)."""
        return [e for e in self.entries if e.date]


def item_date(a: Selector) -> str | None:
    """The date printed beside a link: in its list item (li, tr, dd, p), or one level up when
    the item splits title and date into sibling cells (<dl><dd>title</dd><dd>date</dd></dl>,
    <tr><td>title</td><td>date</td></tr>). An ancestor holding other links is a whole list,
    whose first date belongs to another item, so the walk stops there."""
    nearest_first = reversed(a.xpath("ancestor::*[self::li or self::tr or self::dd or self::dl or self::p or self::div]"))
    for depth, ancestor in enumerate(nearest_first):
        if depth == 3:
            return None
        if len(ancestor.xpath(".//a[@href]")) > 1:
            return None
        date = find_date(" ".join(ancestor.css("::text").getall()))
        if date:
            return date
    return None


def link_target(base_url: str, a: Selector) -> str | None:
    """Where a link goes: its href, or — when the href is a script or a bare "#" — the address
    its onclick (or javascript: href) opens with window.open / location.href."""
    href = a.attrib.get("href")
    url = absolute(base_url, href)
    if url is not None:
        return url
    m = _SCRIPT_TARGET.search(f"{a.attrib.get('onclick', '')} {href or ''}")
    return absolute(base_url, m.group(1)) if m else None


def entries_from_html(sel: Selector, base_url: str) -> list[Entry]:
    """Every link with its title (title attribute, else text) and the date in its list item."""
    out: list[Entry] = []
    seen: set[str] = set()
    for a in sel.css("a[href], a[onclick]"):
        url = link_target(base_url, a)
        if url is None:
            continue
        title = clean_text(a.attrib.get("title")) or clean_text(" ".join(a.css("::text").getall()))
        if not title:
            continue
        date = item_date(a)
        key = url
        if key in seen:
            continue
        seen.add(key)
        out.append(Entry(url=url, title=title, date=date))
    return out


_REFRESH = re.compile(r"^\s*\d*\s*;?\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


def refresh_target(page: Page) -> str | None:
    """Where a `<meta http-equiv="refresh">` stub sends the reader (absolute), or None. TRS
    answers a page past the end of a column with such a stub pointing back to ./."""
    for content in page.selector.xpath(
            "//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content").getall():
        m = _REFRESH.match(content)
        if m:
            return absolute(page.url, m.group(1))
    return None


class ListingParser:
    """One CMS family. `detect` says whether this page is of the family; `parse` returns its
    entries and the other pages of the listing it links (all of them, not just "next")."""

    family = "base"

    def detect(self, page: Page) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def parse(self, page: Page) -> Listing:  # pragma: no cover - interface
        raise NotImplementedError
