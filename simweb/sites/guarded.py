"""A site that tests a crawler's manners: robots.txt disallows /zfxxgk/preview/, where draft
reports sit behind report-looking links (one of them in the column itself); more than 2 requests
within a second get 429 with Retry-After; the column links a page that is gone (404), one whose
script fails (500) and an old URL that reaches its report through 301 → 302 → 200."""
from __future__ import annotations

import math
import threading
import time
from collections import deque

from .base import CONTENT_TYPES, Attachment, Item, Request, Resource, Site, esc

COLUMN_DIR = "/zfxxgk/ndbg/"
PREVIEW_DIR = "/zfxxgk/preview/"
SEARCH_LINK = "/search/index.html?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A"  # ?q=年度报告, as a client sends it
ROBOTS = f"""User-agent: *
Disallow: {PREVIEW_DIR}
Disallow: /search/

User-agent: Baiduspider
Allow: /
""".encode()


class RateLimit:
    """At most `burst` requests in any `window` seconds; the request over it starts a block of
    `retry_after` seconds during which everything is answered 429."""

    def __init__(self, burst: int = 2, window: float = 0.95, retry_after: float = 2.0):
        self.burst, self.window, self.retry_after = burst, window, retry_after
        self.times: deque[float] = deque()
        self.blocked_until = 0.0
        self.lock = threading.Lock()

    def wait_needed(self) -> float:
        """0 when the request may be served, else the seconds the client must wait."""
        now = time.monotonic()
        with self.lock:
            if now < self.blocked_until:
                return self.blocked_until - now
            while self.times and self.times[0] <= now - self.window:
                self.times.popleft()
            if len(self.times) >= self.burst:
                self.blocked_until = now + self.retry_after
                return self.retry_after
            self.times.append(now)
            return 0.0


class GuardedSite(Site):
    style = "guarded"
    server = "nginx"
    column_path = COLUMN_DIR + "index.html"
    column_trail = ("政府信息公开", "政府信息公开年度报告")
    platform_path = "/zfxxgk/index.html"
    page_size = 12

    def __init__(self, info, built):
        super().__init__(info, built)
        self.next_id = 807700
        self.limit = RateLimit()
        self.drafts: list[Item] = []  # behind robots.txt, listed by the preview page
        self.redirects: list[dict] = []

    def place(self, item: Item, rng) -> None:
        d = item.published
        item.attachments = []
        if item.kind == "draft":
            item.article_path = item.link_path = f"{PREVIEW_DIR}{item.year}ndbg_{item.key[-2:]}.html"
            return
        aid = self.take_id(rng.randint(3, 50))
        item.article_path = f"{COLUMN_DIR}{d:%Y%m}/t{d:%Y%m%d}_{aid}.html"
        item.link_path = item.article_path
        if "redirect" in item.flags:
            item.link_path = f"{COLUMN_DIR}old/{item.year}ndbg.html"
        for fmt in item.attachment_formats:
            name = f"W0{d:%Y%m%d}{rng.randrange(10**9, 10**10)}.{fmt}"
            item.attachments.append(Attachment(fmt, f"{COLUMN_DIR}{d:%Y%m}/{name}", f"./{name}",
                                               f"{item.title}.{fmt}", CONTENT_TYPES[fmt]))

    def chrome(self, title: str, body: str) -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)}_{esc(i.name)}</title>
</head>
<body>
<div class="head"><a href="/">{esc(i.name)}</a></div>
<div class="menu"><a href="/">首页</a> <a href="/zfxxgk/index.html">政府信息公开</a> <a href="/search/index.html">站内搜索</a></div>
<div class="container">
{body}
</div>
<div class="footer">{esc(i.agency)}</div>
</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f"""<div class="notice"><a href="{PREVIEW_DIR}index.html">年报预览（内部审核）</a></div>
<p>{esc(i.agency)}欢迎您</p>""")
        platform = self.chrome("政府信息公开", """<ul class="gk">
<li><a href="/zfxxgk/zn.html">政府信息公开指南</a></li>
<li><a href="/zfxxgk/ndbg/index.html">政府信息公开年度报告</a></li>
</ul>""")
        return {
            "/": self.html(home),
            "/index.html": self.html(home),
            self.platform_path: self.html(platform),
            "/zfxxgk/zn.html": self.html(self.chrome("政府信息公开指南", "<p>政府信息公开指南见年度报告栏目。</p>")),
            "/robots.txt": Resource(ROBOTS, "text/plain", self.built),
        }

    def build(self, docs) -> None:
        super().build(docs)
        for it in self.drafts:
            self.add_documents(it, docs)
        links = "".join(f'<li><a href="{it.link_path}">{esc(it.title)}</a></li>' for it in self.drafts)
        self.files[PREVIEW_DIR + "index.html"] = self.html(self.chrome("年报预览", f"<ul>{links}</ul>"))
        self.files["/search/index.html"] = self.html(self.chrome(
            "站内搜索", f'<form action="/search/index.html"><input name="q"></form>'
                        f'<p>热门搜索：<a href="{SEARCH_LINK}">年度报告</a></p>'))
        self.redirects = []
        for it in self.items:
            if "redirect" in it.flags:
                mid = f"{COLUMN_DIR}archive/{it.year}ndbg.html"
                self.files[it.link_path] = Resource(b"", "text/html; charset=utf-8", self.built, 301,
                                                    {"Location": mid})
                self.files[mid] = Resource(b"", "text/html; charset=utf-8", self.built, 302,
                                           {"Location": it.article_path})
                self.redirects.append({"path": it.link_path, "chain": [it.link_path, mid, it.article_path],
                                       "statuses": [301, 302, 200]})

    def add_documents(self, item: Item, docs) -> None:
        if item.kind == "broken":
            return  # nothing behind the link
        super().add_documents(item, docs)

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else f"<p>{esc(item.title)}，全文见附件。</p>"
        files = "".join(f'<p><a href="{a.href}">{esc(a.name)}</a></p>' for a in item.attachments)
        mark = '<p class="draft">【审核稿，请勿转载】</p>' if item.kind == "draft" else ""
        return self.chrome(item.title, f"""<h1>{esc(item.title)}</h1>{mark}
<div class="date">{item.published:%Y年%m月%d日}</div>
<div class="article">
{body}
</div>
<div class="attach">{files}</div>""")

    def page_name(self, n: int) -> str:
        return "index.html" if n == 1 else f"list_{n}.html"

    def listing_resources(self) -> dict[str, Resource]:
        chunks = self.chunks()
        last = len(chunks)
        out = {}
        for n, chunk in enumerate(chunks, start=1):
            lis = "\n".join(f'<li><span>{it.published:%Y-%m-%d}</span><a href="{it.link_path}">{esc(it.title)}</a></li>'
                            for it in chunk)
            nav = []
            if n > 1:
                nav.append(f'<a href="{self.page_name(n - 1)}">上一页</a>')
            if n < last:
                nav.append(f'<a href="{self.page_name(n + 1)}">下一页</a>')
            body = f'<h2>政府信息公开年度报告</h2>\n<ul class="list">\n{lis}\n</ul>\n<div class="page">{" ".join(nav)}</div>'
            out[COLUMN_DIR + self.page_name(n)] = self.html(self.chrome("政府信息公开年度报告", body), self.column_lm)
        return out

    def dynamic(self, req: Request) -> Resource | None:
        wait = self.limit.wait_needed()
        if wait > 0:
            body = "<html><body><h1>429 Too Many Requests</h1><p>访问过于频繁，请稍后再试。</p></body></html>"
            return Resource(body.encode(), "text/html; charset=utf-8", self.built, 429,
                            {"Retry-After": str(max(1, math.ceil(wait)))})
        for it in self.items:
            if it.kind == "broken" and "500" in it.flags and req.path == it.link_path:
                body = b"<html><body><h1>500 Internal Server Error</h1><p>java.lang.NullPointerException</p></body></html>"
                return Resource(body, "text/html; charset=utf-8", self.built, 500)
        return None

    def listing_pages(self) -> list[dict]:
        return [{"path": COLUMN_DIR + self.page_name(n), "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.chunks(), start=1)]

    def extras(self) -> dict:
        never = [PREVIEW_DIR + "index.html", "/search/index.html", SEARCH_LINK] + [it.link_path for it in self.drafts]
        broken = [{"path": it.link_path, "status": 500 if "500" in it.flags else 404}
                  for it in self.items if it.kind == "broken"]
        return {"never_request": never, "never_request_prefixes": [PREVIEW_DIR, "/search/"], "broken": broken,
                "redirects": list(self.redirects)}
