"""`scrapy crawl directory -a registry=FILE[,FILE…] -a out=DIR [-a resolve=FILE]`

Registry expansion: from the root rows, read each site's directories of subordinate sites —
政府网站 / 市县政府 / 区县 / 部门网站 / 乡镇街道 link lists, 站群导航 pages, footer `<select>` menus
(option values are URLs), lists written by a linked script (document.writeln), the 政府信息公开
platform's 部门 and 乡镇 lists — and the same on every site found, level by level (shallower sites
first). What a link names is decided by crawler/expand.py; the result is written at close to
OUT/sites.csv (registry schema + evidence columns) and OUT/report.json.

A site's own pages are its homepage and the directory pages its links lead to (same host under
its path, or a platform host of the same registered domain that no other site owns), at most
MAX_PAGES per site and MAX_HOPS links deep.
"""
from __future__ import annotations

import logging
import os
import re
import sys
from collections import Counter
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Request, TextResponse

from crawler.expand import DIRECTORY_TEXT, Expansion, Node
from crawler.listings.base import Page, absolute, clean_text
from crawler.middlewares.resolve import ResolveMapError, install_file
from crawler.registry import RegistryError, load_many

log = logging.getLogger(__name__)

MAX_PAGES = 12
MAX_HOPS = 3
MAX_SCRIPTS = 4
# document.write('…') / document.writeln("…") arguments (string literals, possibly concatenated)
_WRITE = re.compile(r"document\.write(?:ln)?\s*\(((?:\s*(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*\+?)+)\)")
_LITERAL = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")


def script_html(js: str) -> str:
    """The markup a link.js writes with document.write(ln)."""
    out = []
    for call in _WRITE.finditer(js):
        for m in _LITERAL.finditer(call.group(1)):
            s = m.group(1) if m.group(1) is not None else m.group(2)
            out.append(s.encode("utf-8").decode("unicode_escape", "ignore") if "\\u" in s else s.replace("\\'", "'")
                       .replace('\\"', '"'))
    return "".join(out)


def links(page: Page):
    """(url, text) of every link: anchors (text, else title) and <select> options (value = URL)."""
    sel = page.selector
    for a in sel.css("a[href]"):
        url = absolute(page.url, a.attrib.get("href"))
        text = clean_text(" ".join(a.css("::text").getall())) or clean_text(a.attrib.get("title"))
        if url and text:
            yield url, text
    for opt in sel.css("select option[value]"):
        url = absolute(page.url, opt.attrib.get("value"))
        text = clean_text(" ".join(opt.css("::text").getall()))
        if url and text:
            yield url, text


class DirectorySpider(scrapy.Spider):
    name = "directory"

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        # breadth first: a level is read before the next (parents before children)
        settings.setdict({"DEPTH_PRIORITY": 1, "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
                          "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue"}, priority="spider")

    def __init__(self, registry: str = "", out: str = "", resolve: str = "", **kwargs):
        super().__init__(**kwargs)
        try:
            install_file(resolve or None)
            paths = [p for p in registry.split(",") if p]
            if not paths:
                raise RegistryError("no registry: scrapy crawl directory -a registry=FILE -a out=DIR")
            if not out:
                raise RegistryError("no output directory: -a out=DIR")
            self.expansion = Expansion(load_many(paths))
        except (RegistryError, ResolveMapError) as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            os._exit(2)
        self.out = out
        self.pages_read: Counter = Counter()
        self.unreachable: list[str] = []

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    async def start(self):
        for node in list(self.expansion.nodes.values()):
            yield self.read(node, node.url, 0)

    def read(self, node: Node, url: str, hops: int) -> Request:
        return Request(url, callback=self.parse, errback=self.failed, priority=-10 * node.depth,
                       meta={"node": node.key, "hops": hops})

    def failed(self, failure):
        request = failure.request
        if request.meta.get("hops") == 0:
            self.unreachable.append(request.url)
        log.warning("gave up on %s (%s)", request.url, failure.value.__class__.__name__)

    def parse(self, response):
        if not isinstance(response, TextResponse) and not response.headers.get(b"Content-Type", b"").startswith(b"text/"):
            return
        node = self.expansion.nodes[response.meta["node"]]
        self.pages_read[node.key] += 1
        page = Page(response.url, response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
        if response.meta["hops"] == 0:  # the site's own homepage: the name it gives itself
            self.expansion.named(node, " ".join(page.selector.css("title::text").getall()))
        yield from self.follow(node, list(links(page)), response.url, response.meta["hops"])
        host = urlsplit(response.url).netloc
        scripts = [absolute(response.url, s) for s in page.selector.css("script[src]::attr(src)").getall()]
        for src in [s for s in scripts if s and urlsplit(s).netloc == host][:MAX_SCRIPTS]:
            yield Request(src, callback=self.parse_script, errback=self.failed,
                          meta={"node": node.key, "hops": response.meta["hops"], "page": response.url})

    def parse_script(self, response):
        html = script_html(response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace"))
        if not html:
            return
        node = self.expansion.nodes[response.meta["node"]]
        page = Page(response.meta["page"], html.encode("utf-8"), "text/html; charset=utf-8")
        yield from self.follow(node, list(links(page)), response.url, response.meta["hops"])

    def follow(self, node: Node, found: list[tuple[str, str]], page_url: str, hops: int):
        for url, text in found:
            if DIRECTORY_TEXT.match(re.sub(r"\s+", "", text)):
                if hops < MAX_HOPS and self.pages_read[node.key] < MAX_PAGES and self.expansion.may_read(node, url):
                    yield self.read(node, url, hops + 1)
                continue
            new = self.expansion.offer(node, url, text, page_url)
            if new is not None:
                yield self.read(new, url, 0)

    def _closed(self, spider, reason):
        summary = self.expansion.write(self.out)
        levels = ", ".join(f"{k} {v}" for k, v in sorted(summary["levels"].items()))
        log.info("expand: %d sites (%s); %d flagged (two parents), %d region conflicts, %d hand-kept; "
                 "%d unreachable → %s", summary["sites"], levels, len(summary["flagged"]), len(summary["conflicts"]),
                 len(summary["hand_kept"]), len(self.unreachable), self.out)
