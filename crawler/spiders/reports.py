"""`scrapy crawl reports -a registry=FILE[,FILE…] [-a data=DIR] [-a sites=ID,ID]`

For every registry site: find the 年报 column (registry column_url, a hint learned by an earlier
crawl, or discovery from the homepage), walk every page of its listing (revalidated with
conditional requests), keep the entries whose titles are OGI annual reports, and download each
report's article and attachments once. Rows go to the documents journal (crawler/storage).

A listing that yields nothing (a page whose list a script fills from a JSON API) is rendered once
in Chromium to learn the API endpoints; the endpoints are then fetched directly, and remembered
so later crawls need no browser.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl

import scrapy
from scrapy import signals
from scrapy.http import FormRequest, Request

from crawler import titles
from crawler.articles import content_type, disposition_filename, join_pages, parse_article
from crawler.discovery import find_column, find_platform
from crawler.listings import Page, parse_listing
from crawler.middlewares.gate import host_key
from crawler.middlewares.resolve import ResolveMapError, install_file
from crawler.registry import RegistryError, Site, load_many
from crawler.storage.session import get_session

log = logging.getLogger(__name__)

MAX_DISCOVERY_PAGES = 6


def http_date_iso(value: bytes | None) -> str | None:
    """An HTTP date header (Last-Modified) as an ISO date, or None when absent or malformed."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.decode("latin-1")).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, registry: str = "", data: str = "", sites: str = "", browser: str = "1",
                 resolve: str = "", **kwargs):
        super().__init__(**kwargs)
        self.registry_paths = [p for p in registry.split(",") if p]
        self.data = data or None
        self.site_filter = {s for s in sites.split(",") if s}
        self.browser = browser not in ("0", "false", "no")
        self.known: dict[str, dict] = {}
        try:
            # -a resolve=FILE: like curl --resolve (crawler/middlewares/resolve.py)
            install_file(resolve or None)
            if not self.registry_paths:
                raise RegistryError("no registry: scrapy crawl reports -a registry=data/registry/national.csv")
            self.sites: list[Site] = [s for s in load_many(self.registry_paths)
                                      if not self.site_filter or s.site_id in self.site_filter]
        except (RegistryError, ResolveMapError) as exc:
            # A bad registry is a one-line error and exit status 2, before anything is opened
            # (Scrapy would print a traceback and exit 0).
            print(f"error: {exc}", file=sys.stderr, flush=True)
            os._exit(2)

    # ------------------------------------------------------------------ settings
    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        redis_url = settings.get("OGI_REDIS_URL")
        if redis_url:
            crawl_id = settings.get("OGI_CRAWL_ID") or dt.date.today().isoformat()
            settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", priority="spider")
            settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="spider")
            settings.set("REDIS_URL", redis_url, priority="spider")
            settings.set("SCHEDULER_PERSIST", True, priority="spider")
            settings.set("SCHEDULER_QUEUE_KEY", f"ogi:{crawl_id}:%(spider)s:requests", priority="spider")
            settings.set("SCHEDULER_DUPEFILTER_KEY", f"ogi:{crawl_id}:%(spider)s:dupefilter", priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    def _closed(self, spider, reason):
        stats = self.crawler.stats
        log.info("documents this run: %s, listings revalidated (304): %s",
                 stats.get_value("ogi/documents_new", 0), stats.get_value("ogi/revalidated_304", 0))

    # ------------------------------------------------------------------ start
    async def start(self):
        session = get_session(self.crawler)
        for row in session.known_documents():
            self.known.setdefault(row["url"], row)
            self.known.setdefault(row["final_url"] or row["url"], row)
        log.info("%d sites, %d documents already archived", len(self.sites), len(self.known))
        for site in self.sites:
            column = site.column_url or session.state.hint(site.site_id, "column_url")
            if column:
                yield self.listing_request(site, column, first=True)
            else:
                yield self.request(site.homepage_url, self.parse_discovery, site,
                                   meta={"ogi_revalidate": True, "ogi_hops": 0})

    # ------------------------------------------------------------------ request helpers
    def request(self, url, callback, site: Site, meta=None, **kwargs) -> Request:
        """Every request (start requests too) goes through the dupefilter: a pager link back to
        page 1 is not fetched again, and in Redis mode a second worker's copies are dropped.
        The download slot is host:port, the unit of politeness."""
        meta = dict(meta or {})
        meta.setdefault("download_slot", host_key(url))
        meta["ogi_site"] = site
        return Request(url, callback=callback, errback=self.failed, meta=meta, **kwargs)

    def listing_request(self, site: Site, url: str, first: bool = False, method: str = "GET", formdata=(),
                        body: str = "", content_type: str = ""):
        meta = {"ogi_revalidate": True, "ogi_first_page": first, "ogi_column": url if first else None}
        if method == "POST" and body:
            # A raw POST a page's script made (recorded by the browser), e.g. a JSON query.
            return Request(url, method="POST", body=body, callback=self.parse_listing, errback=self.failed,
                           headers={"Content-Type": content_type or "application/x-www-form-urlencoded"},
                           meta={**meta, "download_slot": host_key(url), "ogi_site": site})
        if method == "POST":
            req = FormRequest(url, formdata=list(formdata), callback=self.parse_listing, errback=self.failed,
                              meta={**meta, "download_slot": host_key(url), "ogi_site": site})
            return req
        return self.request(url, self.parse_listing, site, meta=meta)

    def failed(self, failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else type(failure.value).__name__
        self.crawler.stats.inc_value("ogi/failed")
        log.warning("gave up on %s (%s)", request.url, status)

    # ------------------------------------------------------------------ discovery
    def parse_discovery(self, response):
        site: Site = response.meta["ogi_site"]
        hops = response.meta.get("ogi_hops", 0)
        page = self.page(response)
        column = find_column(page)
        if column:
            log.info("%s: 年报 column %s (%s)", site.site_id, column.url, column.text)
            yield self.listing_request(site, column.url, first=True)
            return
        platform = find_platform(page)
        if platform and hops + 1 < MAX_DISCOVERY_PAGES and platform.url != response.url:
            yield self.request(platform.url, self.parse_discovery, site,
                               meta={"ogi_revalidate": True, "ogi_hops": hops + 1})
            return
        self.crawler.stats.inc_value("ogi/column_not_found")
        log.warning("%s: no 政府信息公开年报 column found from %s", site.site_id, response.url)

    # ------------------------------------------------------------------ listings
    @staticmethod
    def page(response) -> Page:
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        request = getattr(response, "request", None)
        form = ()
        if request is not None and request.method == "POST" and b"urlencoded" in (request.headers.get(b"Content-Type") or b""):
            form = tuple(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        # The fragment never reaches the server, but it can name the list (gkmlpt's
        # /gkmlpt/index#721): keep the address as requested when only the fragment differs.
        url = response.url
        if request is not None and "#" in request.url and request.url.split("#", 1)[0] == url:
            url = request.url
        return Page(url, response.body, ctype, form)

    def parse_listing(self, response):
        site: Site = response.meta["ogi_site"]
        session = get_session(self.crawler)
        page = self.page(response)
        listing = parse_listing(page, site.cms_hint)
        reports = [e for e in listing.entries if self.is_report_entry(e, listing.column_name)]
        self.crawler.stats.inc_value(f"ogi/listing/{listing.family}")
        first = response.meta.get("ogi_first_page")
        if first and not reports and not listing.pages and not response.meta.get("ogi_api"):
            yield from self.listing_fallback(site, response)
            return
        if first and response.meta.get("ogi_column") and not site.column_url and reports:
            session.state.set_hint(site.site_id, "column_url", response.meta["ogi_column"])
        unchanged = bool(response.meta.get("ogi_not_modified"))
        for pr in listing.pages:
            req = self.listing_request(site, pr.url, method=pr.method, formdata=pr.formdata,
                                       body=pr.body, content_type=pr.content_type)
            if pr.method == "POST" and unchanged:
                # POST answers cannot be revalidated (no 304 for POST); the column page that lists
                # their total and first group is unchanged, so the stored answers are current.
                req.meta["ogi_replay_if_stored"] = True
            yield req
        for entry in reports:
            yield from self.follow_entry(site, entry, response.url)

    @staticmethod
    def is_report_entry(entry, column: str | None = None) -> bool:
        return titles.is_report_entry(entry.title, entry.date, column)

    def listing_fallback(self, site: Site, response):
        """The listing came out empty: use the API endpoints a browser revealed before, or render
        the page once in Chromium to learn them."""
        session = get_session(self.crawler)
        known = session.state.hint(site.site_id, "api_endpoints")
        if known and not response.meta.get("ogi_rendered"):
            for endpoint in json.loads(known):
                yield self.endpoint_request(site, endpoint)
            return
        if response.meta.get("ogi_rendered") or not self.browser:
            log.warning("%s: listing %s has no report entries", site.site_id, response.url)
            self.crawler.stats.inc_value("ogi/listing_empty")
            return
        from scrapy_playwright.page import PageMethod

        ctype = (response.headers.get(b"Content-Type") or b"text/html").decode("latin-1")
        self.crawler.stats.inc_value("ogi/browser_renders")
        yield self.request(
            response.url, self.parse_rendered, site, dont_filter=True,
            meta={
                "playwright": True,
                "playwright_page_init_callback": "crawler.spiders.browser.init_page",
                "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")],
                "ogi_shell": (response.body, ctype),
                "ogi_xhr": [],
                "ogi_rendered": True,
            },
        )

    def endpoint_request(self, site: Site, endpoint) -> Request:
        """A listing API call the browser recorded: GET by URL, or the POST replayed as sent."""
        if isinstance(endpoint, str):
            return self.request(endpoint, self.parse_listing, site,
                                meta={"ogi_revalidate": True, "ogi_first_page": True, "ogi_api": True})
        req = self.listing_request(site, endpoint["url"], method="POST", body=endpoint.get("body") or "",
                                   content_type=endpoint.get("content_type") or "")
        req.meta.update({"ogi_first_page": True, "ogi_api": True, "ogi_column": None})
        return req

    def parse_rendered(self, response):
        site: Site = response.meta["ogi_site"]
        session = get_session(self.crawler)
        # Recorded calls: a URL (GET) or {"url", "method", "body", "content_type"} (POST);
        # crawler/spiders/browser.py. Duplicates (a script calling twice) are dropped.
        endpoints = list({json.dumps(e, sort_keys=True): e for e in response.meta.get("ogi_xhr") or []}.values())
        if endpoints:
            session.state.set_hint(site.site_id, "api_endpoints", json.dumps(endpoints, ensure_ascii=False))
            log.info("%s: listing API %s", site.site_id, ", ".join(e if isinstance(e, str) else f"POST {e['url']}"
                                                                    for e in endpoints))
        for endpoint in endpoints:
            yield self.endpoint_request(site, endpoint)
        # The rendered DOM itself: entries the page shows (the API pages bring the rest).
        listing = parse_listing(self.page(response), "plain")
        for entry in listing.entries:
            if self.is_report_entry(entry):
                yield from self.follow_entry(site, entry, response.url)

    # ------------------------------------------------------------------ documents
    @staticmethod
    def agency_for(site: Site, title: str) -> str:
        """The agency a title names (county platforms list dozens of departments' reports in one
        column), else the registry's name. "西宁市" in "西宁市2023年…" is the site's own agency."""
        named = titles.agency(title)
        if not named or site.name.startswith(named):
            return site.name
        return named

    def follow_entry(self, site: Site, entry, listing_url: str):
        info = {
            "title": entry.title,
            "year": titles.report_year(entry.title),
            "published_date": entry.date,
            "listing_date": entry.date,
            "agency": self.agency_for(site, entry.title),
            "listing_url": listing_url,
        }
        row = self.known.get(entry.url) or self.carrier(entry.url)
        if row is not None:
            # Archived before: no request. An article's attachments may be missing after a
            # crash, so read the stored article again and fetch what is not archived yet.
            if row["content_type"] == "html":
                yield from self.attachments_from_blob(site, row, info)
            return
        yield self.request(entry.url, self.parse_document, site,
                           meta={"ogi_doc": {**info, "url": entry.url, "role": "article", "parent_url": None}})

    def carrier(self, url: str) -> dict | None:
        row = get_session(self.crawler).state.carrier(url)
        if row is not None:
            row["content_type"] = "html"
        return row

    def attachments_from_blob(self, site: Site, row: dict, info: dict):
        body = get_session(self.crawler).blobs.get(row["sha256"])
        if body is None:
            return
        parent = row["final_url"] or row["url"]
        article = parse_article(Page(parent, body))
        fields = {k: row.get(k) or article_field for k, article_field in
                  (("page_date", article.published_date), ("publisher", article.publisher),
                   ("index_no", article.index_no))}
        for url, _text in article.attachments:
            if url not in self.known:
                yield self.attachment_request(site, url, parent, {**info, **fields, "title": row["title"],
                                                                  "year": row["year"],
                                                                  "published_date": row["published_date"]})

    def attachment_request(self, site: Site, url: str, parent: str, info: dict) -> Request:
        return self.request(url, self.parse_document, site,
                            meta={"ogi_doc": {**info, "url": url, "role": "attachment", "parent_url": parent}},
                            priority=10)

    def parse_document(self, response):
        site: Site = response.meta["ogi_site"]
        doc = dict(response.meta["ogi_doc"])
        if doc["url"] in self.known:
            return
        filename = disposition_filename(response.headers.get(b"Content-Disposition"))
        ctype = content_type(response.body, filename or response.url)
        fetched = {"final_url": response.url, "status": response.status, "size": len(response.body),
                   "sha256": response.meta.get("ogi_sha256"), "warc": response.meta.get("ogi_warc", (None, None)),
                   "ctype": ctype, "filename": filename,
                   "last_modified": http_date_iso(response.headers.get(b"Last-Modified"))}
        article = None
        if ctype == "html" and doc["role"] == "article":
            article = parse_article(self.page(response))
            if article.continuations:
                # A split TRS article (var countPage = N): read t…_{id}_1 … _{N-1} first, then
                # decide on the joined article (crawler.articles.join_pages).
                yield self.request(article.continuations[0], self.parse_continuation, site, meta={
                    "ogi_doc": doc, "ogi_fetched": fetched, "ogi_parts": [article],
                    "ogi_rest": article.continuations[1:]})
                return
        yield from self.finish_document(site, doc, fetched, article)

    def parse_continuation(self, response):
        site: Site = response.meta["ogi_site"]
        parts = [*response.meta["ogi_parts"], parse_article(self.page(response))]
        rest = response.meta["ogi_rest"]
        if rest:
            yield self.request(rest[0], self.parse_continuation, site, meta={
                **{k: response.meta[k] for k in ("ogi_doc", "ogi_fetched")}, "ogi_parts": parts, "ogi_rest": rest[1:]})
            return
        yield from self.finish_document(site, dict(response.meta["ogi_doc"]), response.meta["ogi_fetched"],
                                        join_pages(parts[0], parts[1:]))

    def finish_document(self, site: Site, doc: dict, fetched: dict, article):
        """Journal a fetched document; for an article page, first request its attachments, and
        keep it only if it prints the report itself (else it is a carrier, remembered)."""
        if article is not None:
            doc["published_date"] = doc["published_date"] or article.published_date
            if doc["year"] is None and article.title:
                doc["year"] = titles.report_year(article.title)
            # The page's own document fields (发布日期, 发布机构, 索引号), kept for its files too.
            doc.update(page_date=article.published_date, publisher=article.publisher,
                       index_no=article.index_no)
            info = {k: doc.get(k) for k in ("title", "year", "published_date", "agency", "listing_url",
                                             "page_date", "publisher", "index_no", "listing_date")}
            for url, _text in article.attachments:
                if url not in self.known and url != doc["url"]:
                    yield self.attachment_request(site, url, fetched["final_url"], info)
            if not article.holds_report:
                # Only "全文详见附件": not a report document itself. Remember it so later runs
                # neither fetch it again nor lose its attachments.
                get_session(self.crawler).state.set_carrier(doc["url"], fetched["final_url"],
                                                            fetched["sha256"] or "", info)
                self.crawler.stats.inc_value("ogi/carriers")
                return
        warc_file, warc_offset = fetched["warc"]
        row = {
            "url": doc["url"],
            "final_url": fetched["final_url"],
            "listing_url": doc["listing_url"],
            "site_id": site.site_id,
            "agency": doc["agency"],
            "region_code": site.region_code,
            "level": titles.agency_level(doc["agency"], site.name, site.level),
            "title": doc["title"],
            "year": doc["year"],
            "published_date": doc["published_date"],
            "content_type": fetched["ctype"],
            "size": fetched["size"],
            "sha256": fetched["sha256"],
            "fetched_at": _now(),
            "status": fetched["status"],
            "warc_file": warc_file,
            "warc_offset": warc_offset,
            "role": doc["role"],
            "parent_url": doc["parent_url"],
            "page_date": doc.get("page_date"),
            "publisher": doc.get("publisher"),
            "index_no": doc.get("index_no"),
            "listing_date": doc.get("listing_date"),
            "last_modified": fetched["last_modified"],
        }
        get_session(self.crawler).journal.append(row)
        self.known[row["url"]] = row
        self.known.setdefault(row["final_url"], row)
        self.crawler.stats.inc_value("ogi/documents_new")
        if fetched["filename"]:
            log.debug("%s: server names it %s", row["url"], fetched["filename"])
