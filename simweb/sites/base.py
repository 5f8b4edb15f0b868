"""What every simulated site shares: the request and response records, the listing item, and the
mechanics every CMS has (static files, listing pages rebuilt when something is published, HTML
helpers). A site style (trs.py, hanweb.py, …) decides URLs, markup and pagination."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from html import escape
from urllib.parse import parse_qs

# What a server configured by file extension sends (Apache's mime.types): a PDF linked as .doc is
# therefore served as application/msword, as on a real site.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
}


def esc(text: str) -> str:
    return escape(text, quote=True)


@dataclass
class Resource:
    """One response body with what the server says about it."""

    body: bytes
    content_type: str
    last_modified: datetime
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    method: str
    path: str  # percent-encoded, as sent
    query: str
    headers: dict[str, str]
    body: bytes = b""
    host: str = ""  # the Host header's name, lower case, without the port

    @property
    def cookies(self) -> dict[str, str]:
        out = {}
        for part in self.headers.get("Cookie", "").split(";"):
            k, _, v = part.strip().partition("=")
            if k:
                out[k] = v
        return out

    @property
    def params(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.query, keep_blank_values=True).items()}

    @property
    def form(self) -> dict[str, str]:
        text = self.body.decode("utf-8", "replace")
        return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


@dataclass
class Attachment:
    fmt: str  # what the bytes are: pdf | docx | doc | wps
    path: str  # URL path on the site (with the query for download scripts)
    href: str  # the href the article prints (often relative)
    name: str  # the file name the article shows
    content_type: str  # what the server sends
    disposition: str | None = None  # Content-Disposition header, when the site sends one
    note: str = ""  # extension_lies | traversal_filename | ""


@dataclass(eq=False)  # an item is itself: compared and hashed by identity
class Item:
    """One entry of a column: a report (spec), a noise document (noise_kind) or, on the guarded
    site, a draft behind robots.txt or a link to nothing (broken)."""

    key: str
    kind: str  # report | noise | draft | broken
    title: str
    published: datetime
    agency: str
    level: str
    region_code: str
    year: int
    mode: str  # html | pdf | docx | doc | wps | html+pdf | html+docx | …: how the document is published
    spec: object | None = None  # generator ReportSpec of a report
    noise_kind: str | None = None
    seed_id: str | None = None  # "000".."004" for the five real seeds
    article_path: str = ""
    link_path: str = ""  # what listings link to (differs from article_path behind a redirect)
    attachments: list[Attachment] = field(default_factory=list)
    flags: tuple[str, ...] = ()  # extension_lies | traversal_filename | disposition | lying_meta | redirect
    charset: str = ""  # the bytes' real encoding (set by the site when it builds the page)
    column: str = ""  # key of the site's Column that lists it ("" = the site's only column)
    listed: datetime | None = None  # the date the listing shows, where it differs from `published`
    url_date: datetime | None = None  # the date the URL carries, where it differs (repost, migration)
    unit: str = ""  # the sub-platform the report is filed under, when not its own agency's (seeds)
    shape: str = ""  # title shape id (simweb.titles, PATTERNS.md §3)
    body: str = ""  # hand-written article HTML of a non-generator noise item (解读, 函)
    continued: list[str] = field(default_factory=list)  # paths of the article's further pages (TRS _1)
    viewer: str = ""  # path of the pdf.js viewer page that shows the attachment, when the article embeds one

    @property
    def list_date(self) -> datetime:
        return self.listed or self.published

    @property
    def path_date(self) -> datetime:
        return self.url_date or self.published

    @cached_property
    def truth(self) -> dict:
        """The report's answer key (ReportSpec.truth()), computed once."""
        return self.spec.truth()

    @property
    def in_article(self) -> bool:
        """True when the article page itself holds the document's text (not only a link)."""
        return self.mode.split("+")[0] == "html"

    @property
    def attachment_formats(self) -> list[str]:
        parts = self.mode.split("+")
        return parts[1:] if parts[0] == "html" else parts


@dataclass(eq=False)
class Column:
    """One 年报 column of a site: the site's own, or one of a sub-platform (a department's or a
    township's), or a year / department sub-column. `path` is its first listing page; `trail` the
    link texts from the platform page down to it (the answer key for discovery)."""

    key: str
    agency: str  # whose reports it lists (the sub-platform's agency)
    level: str
    path: str
    trail: tuple[str, ...] = ()
    items: list[Item] = field(default_factory=list)


def heading(item: Item) -> str:
    """The article's <h1> text as HTML: shape 3 prints the agency and the rest on two lines."""
    if item.shape == "3" and item.title.startswith(item.agency):
        return f"{esc(item.agency)}<br/>{esc(item.title[len(item.agency):])}"
    return esc(item.title)


class Docs:
    """Rendered content handed to the sites: the HTML fragment of every item (report or noise)
    and the bytes of every attachment."""

    def __init__(self, fragment: Callable[[Item], str], blob: Callable[[Item, str], bytes],
                 form: Callable[[], bytes] | None = None):
        self.fragment = fragment
        self.blob = blob
        self._form = form

    def form(self) -> bytes:
        """The 政府信息公开申请表 .doc that sidebars link (simweb.forms)."""
        if self._form is None:
            raise RuntimeError("no application form in this build")
        return self._form()


def http_date(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


class Site:
    """The mechanics of one site. Subclasses set `style`, `charset`, `column_path`, `page_size` and
    implement place(), article_page(), listing_pages() and the navigation pages."""

    style = ""
    server = "nginx"  # the Server header
    charset = "utf-8"  # what the site declares (meta and Content-Type)
    column_path = ""
    column_trail: tuple[str, ...] = ("政府信息公开", "政府信息公开年报")  # link texts from the homepage
    page_size = 20
    platform_path = ""

    def __init__(self, info, built: datetime, host: str = ""):
        self.info = info
        self.host = host or getattr(info, "host", "")  # the name it answers to (Host header)
        self.port = 0  # set by the server before build(): pages link other hosts absolutely
        self.built = built  # Last-Modified of the navigation pages
        self.items: list[Item] = []  # column order: newest first
        self.files: dict[str, Resource] = {}
        self.pages: dict[str, Resource] = {}  # listing pages, rebuilt on publish
        self.column_lm = built
        self.col_lm: dict[str, datetime] = {}  # per column: when publish_one last changed it
        self.lock = threading.RLock()
        self.next_id = 0

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def columns(self) -> list[Column]:
        """Every 年报 column the site holds (multi-column sites override)."""
        return [Column("", self.info.agency, self.info.level, self.column_path, self.column_trail, self.items)]

    # ------------------------------------------------------------------ planning
    def assign(self, item: Item) -> None:
        """Choose the column the item is listed in (multi-column sites)."""

    def place(self, item: Item, rng) -> None:
        """Give the item its URLs (article, attachments) in the site's scheme."""
        raise NotImplementedError

    # ------------------------------------------------------------------ building
    @property
    def html_type(self) -> str:
        return f"text/html; charset={self.charset}"

    def encode(self, html: str) -> bytes:
        return html.encode(self.codec, errors="xmlcharrefreplace")

    @property
    def codec(self) -> str:
        # gb2312 is declared, GBK (its superset) is what such servers actually write
        return "gbk" if self.charset.lower() in ("gb2312", "gbk") else self.charset

    def html(self, html: str, lm: datetime | None = None, status: int = 200) -> Resource:
        return Resource(self.encode(html), self.html_type, lm or self.built, status)

    def build(self, docs: Docs) -> None:
        self.files = {}
        self.files.update(self.navigation())
        for item in self.items:
            self.add_documents(item, docs)
        # a column was last changed when its newest entry went up
        self.column_lm = max((it.published for it in self.items), default=self.built)
        self.pages = self.listing_resources()

    def add_documents(self, item: Item, docs: Docs) -> None:
        item.charset = self.codec
        self.files[item.article_path] = self.article_resource(item, item.body or docs.fragment(item))
        for a in item.attachments:
            headers = {"Content-Disposition": a.disposition} if a.disposition else {}
            self.files[a.path] = Resource(docs.blob(item, a.fmt), a.content_type, item.published, 200, headers)

    def article_resource(self, item: Item, fragment: str) -> Resource:
        return self.html(self.article_page(item, fragment), item.published)

    def publish(self, item: Item, docs: Docs, now: datetime) -> None:
        with self.lock:
            self.items.insert(0, item)
            self.add_documents(item, docs)
            self.column_lm = now
            self.col_lm[item.column] = now
            self.pages = self.listing_resources()

    def navigation(self) -> dict[str, Resource]:
        """Homepage, the 政府信息公开 platform page, assets, robots.txt."""
        raise NotImplementedError

    def article_page(self, item: Item, fragment: str) -> str:
        raise NotImplementedError

    def listing_resources(self) -> dict[str, Resource]:
        """Static listing pages (path → resource) for the current items: every column's."""
        out: dict[str, Resource] = {}
        for col in self.columns():
            out.update(self.column_listing(col))
        return out

    def listing_pages(self) -> list[dict]:
        """For the manifest: every listing request of every column, in order, as
        {"path", "method", "form" (POST only), "items": [paths the page links]}."""
        return [p for col in self.columns() for p in self.column_pages(col)]

    def lm_of(self, col: Column) -> datetime:
        """Last-Modified of a column's listing pages: when its newest entry went up (or was
        published by publish_one); other columns of the site keep theirs."""
        return self.col_lm.get(col.key) or max((it.list_date for it in col.items), default=self.built)

    def column_listing(self, col: Column) -> dict[str, Resource]:
        raise NotImplementedError

    def column_pages(self, col: Column) -> list[dict]:
        raise NotImplementedError

    # ------------------------------------------------------------------ serving
    def respond(self, req: Request) -> Resource | None:
        with self.lock:
            res = self.dynamic(req)
            if res is not None:
                return res
            path = req.path
            for key in (f"{path}?{req.query}" if req.query else None, path):
                if key and (key in self.pages or key in self.files):
                    return self.pages.get(key) or self.files[key]
            if path.endswith("/"):
                for index in ("index.html", "index.htm"):
                    if path + index in self.pages or path + index in self.files:
                        return self.pages.get(path + index) or self.files[path + index]
            return None

    def dynamic(self, req: Request) -> Resource | None:
        """Scripted endpoints (dataproxy, JSON API, ?page=N, rate limits); None = not scripted."""
        return None

    def not_found(self) -> Resource:
        return self.html("<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>"
                         "<p>您访问的页面不存在或已被删除。</p></body></html>", self.built, 404)

    # ------------------------------------------------------------------ manifest helpers
    def extras(self) -> dict:
        """Site-specific manifest parts: never_request, broken, redirects (paths)."""
        return {"never_request": [], "broken": [], "redirects": []}

    def chunks(self, size: int | None = None) -> list[list[Item]]:
        size = size or self.page_size
        return [self.items[i:i + size] for i in range(0, len(self.items), size)] or [[]]

    def take_id(self, step: int) -> int:
        self.next_id += step
        return self.next_id
