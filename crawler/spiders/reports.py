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
from urllib.parse import parse_qsl, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import FormRequest, Request

from crawler import discovery, titles
from crawler.articles import content_type, disposition_filename, document_text, join_pages, parse_article
from crawler.listings import Page, parse_listing
from crawler.middlewares.gate import host_key
from crawler.middlewares.resolve import ResolveMapError, install_file
from crawler.registry import RegistryError, Site, load_many
from crawler.spiders.siterun import SiteRun
from crawler.storage import sites as site_table
from crawler.storage.session import get_session

log = logging.getLogger(__name__)



def _timestamp(iso: str | None) -> float:
    try:
        return dt.datetime.fromisoformat(iso or "").timestamp()
    except ValueError:
        return 0.0


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
        self.runs: dict[str, SiteRun] = {}
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
            settings.set("DUPEFILTER_CLASS", "crawler.middlewares.frontier.SiteScopedRFPDupeFilter", priority="spider")
            settings.set("REDIS_URL", redis_url, priority="spider")
            settings.set("SCHEDULER_PERSIST", True, priority="spider")
            settings.set("SCHEDULER_QUEUE_KEY", f"ogi:{crawl_id}:%(spider)s:requests", priority="spider")
            settings.set("SCHEDULER_DUPEFILTER_KEY", f"ogi:{crawl_id}:%(spider)s:dupefilter", priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        spider.max_depth = crawler.settings.getint("OGI_DISCOVERY_DEPTH", 6)
        return spider

    def _closed(self, spider, reason):
        stats = self.crawler.stats
        log.info("documents this run: %s, listings revalidated (304): %s",
                 stats.get_value("ogi/documents_new", 0), stats.get_value("ogi/revalidated_304", 0))
        self.write_outcomes()

    def write_outcomes(self) -> None:
        """Every site's outcome → crawl/sites.parquet, a warning line per site without a column,
        and the columns found → hints, so the next crawl goes straight to them."""
        session = get_session(self.crawler)
        now = dt.datetime.now(dt.UTC)
        rows = []
        challenges = getattr(self.crawler, "_ogi_challenges", {})
        for run in self.runs.values():
            if run.home_dropped:
                continue  # another process of the shared frontier crawled it and reports it
            hosts = {host_key(run.site.homepage_url)} | {host_key(u) for u in run.visited}
            met = {challenges[h] for h in hosts if h in challenges}
            if met and run.challenge is None:
                run.challenge = "failed" if "failed" in met else "solved"
            row = run.row(now)
            rows.append(row)
            self.crawler.stats.inc_value(f"ogi/sites/{row['status'].replace(' ', '_')}")
            if row["status"] != "ok":
                log.warning("%s: no 政府信息公开年报 column found from %s: %s — %s", run.site.site_id,
                            run.site.homepage_url, row["status"], row["reason"])
            elif not run.site.column_url and any(c["reports"] for c in row["columns"]):
                learned = [{k: c[k] for k in ("url", "agency", "path")} for c in row["columns"]]
                session.state.set_hint(run.site.site_id, "columns", json.dumps(learned, ensure_ascii=False))
        if rows:
            n = site_table.write(session.data.sites, rows)
            log.info("sites.parquet: %d rows (%d from this crawl)", n, len(rows))

    # ------------------------------------------------------------------ start
    async def start(self):
        session = get_session(self.crawler)
        for row in session.known_documents():
            row["version"] = row.get("version") or 1
            for key in (row["url"], row["final_url"] or row["url"]):
                old = self.known.get(key)
                if old is None or row["version"] > old["version"]:
                    self.known[key] = row  # the current version
        log.info("%d sites, %d documents already archived", len(self.sites), len(self.known))
        for req in self.revalidations(session):
            yield req
        budget = self.settings.getint("OGI_DISCOVERY_BUDGET", 400)
        for site in self.sites:
            run = self.runs[site.site_id] = SiteRun(site, budget)
            if site.column_url:
                run.visited.add(site.column_url)
                run.add_column(site.column_url, None, "registry column_url")
                yield self.listing_request(site, site.column_url, first=True)
                continue
            learned = self.learned_columns(session, site)
            if learned:
                for col in learned:
                    run.visited.add(col["url"])
                    run.add_column(col["url"], col.get("agency"), col.get("path") or "learned")
                    req = self.listing_request(site, col["url"], first=True, agency=col.get("agency"))
                    # gkmlpt columns differ only by fragment (/gkmlpt/index#2869, #2870), which
                    # Scrapy's fingerprint ignores: the learned list is already deduplicated.
                    yield req.replace(dont_filter=True) if "#" in col["url"] else req
                continue
            run.visited.add(site.homepage_url)
            yield self.request(site.homepage_url, self.parse_discovery, site,
                               meta={"ogi_revalidate": True, "ogi_home": True,
                                     "ogi_disc": {"depth": 0, "agency": None, "path": f"首页 <{site.homepage_url}>"}})

    def revalidations(self, session):
        """Archived documents of the sites crawled whose last fetch or confirmation is older than
        OGI_REVALIDATE_DAYS (0: every crawl; negative: never): a conditional GET each. 304 or the
        same bytes → confirmed (WARC revisit record); other bytes → a new version of the row."""
        days = self.settings.getfloat("OGI_REVALIDATE_DAYS", 30)
        if days < 0:
            return
        wanted = {s.site_id: s for s in self.sites}
        now = dt.datetime.now(dt.UTC).timestamp()
        rows = {r["url"]: r for r in self.known.values() if r.get("site_id") in wanted}
        for url, row in sorted(rows.items()):
            last = _timestamp(row.get("fetched_at"))
            confirmed = session.state.revalidated_at(url)
            if confirmed is not None:
                last = max(last, confirmed)
            if now - last < days * 86400:
                continue
            self.crawler.stats.inc_value("ogi/revalidations")
            doc = {k: row.get(k) for k in ("title", "year", "published_date", "agency", "listing_url", "url", "role",
                                           "parent_url", "listing_date", "page_date", "publisher", "index_no")}
            yield self.request(url, self.parse_document, wanted[row["site_id"]], dont_filter=True, priority=-10,
                               meta={"ogi_doc": doc, "ogi_revalidation": row, "ogi_revalidate": True})

    @staticmethod
    def learned_columns(session, site: Site) -> list[dict]:
        """The columns an earlier crawl found (hint "columns"; "column_url" from older crawls)."""
        value = session.state.hint(site.site_id, "columns")
        if value:
            return json.loads(value)
        old = session.state.hint(site.site_id, "column_url")
        return [{"url": old, "agency": None, "path": "learned"}] if old else []

    def _dropped(self, request, spider=None):
        """Scrapy's dupefilter dropped a request: never silently (a site whose homepage another
        registry row already requested is reported as such, not as "no column found")."""
        site = request.meta.get("ogi_site")
        run = self.runs.get(site.site_id) if site is not None else None
        if run is None:
            return
        run.dropped += 1
        if request.meta.get("ogi_home"):
            owner = next((r.site.site_id for r in self.runs.values()
                          if r is not run and r.site.homepage_url == site.homepage_url), None)
            run.home_error = (f"homepage is also site {owner}'s: crawled there" if owner
                              else "homepage taken by another crawler process (shared frontier)")
            run.home_dropped = owner is None

    # ------------------------------------------------------------------ request helpers
    def request(self, url, callback, site: Site, meta=None, **kwargs) -> Request:
        """Every request (start requests too) goes through the dupefilter unless told otherwise:
        a pager link back to page 1 is not fetched again, and in Redis mode a second worker's
        copies are dropped. The download slot is host:port, the unit of politeness."""
        meta = dict(meta or {})
        meta.setdefault("download_slot", host_key(url))
        meta["ogi_site"] = site
        return Request(url, callback=callback, errback=self.failed, meta=meta, **kwargs)

    def listing_request(self, site: Site, url: str, first: bool = False, method: str = "GET", formdata=(),
                        body: str = "", content_type: str = "", agency: str | None = None,
                        column: str | None = None):
        meta = {"ogi_revalidate": True, "ogi_first_page": first, "ogi_column": url if first else column,
                "ogi_agency": agency}
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
        site = request.meta.get("ogi_site")
        run = self.runs.get(site.site_id) if site is not None else None
        robots = isinstance(failure.value, IgnoreRequest) and "robots.txt" in str(failure.value)
        if run is not None:
            run.note(request)
            if robots:
                run.robots += 1
            elif request.meta.get("ogi_challenge") == "failed":
                run.challenge = "failed"
            run.failures.append(f"{request.url} ({'robots.txt' if robots else status})")
            if request.meta.get("ogi_home"):
                run.home_error = ("robots" if robots else
                                  "blocked" if request.meta.get("ogi_challenge") == "failed" or status in (403, 412, 521)
                                  else f"unreachable: {status}")
        if robots:
            log.info("robots.txt forbids %s", request.url)
            return
        log.warning("gave up on %s (%s)", request.url, status)

    # ------------------------------------------------------------------ discovery
    def discover(self, run: SiteRun, link, disc: dict):
        """Follow a candidate link of the bounded search (one request per URL per site, within
        the site's request budget)."""
        depth = disc["depth"] + 1
        if link.url in run.visited or depth > self.max_depth:
            return
        if not run.spend():
            return
        run.visited.add(link.url)
        agency = link.agency or disc["agency"]
        step = f"{disc['path']} › {link.text or link.kind} <{link.url}>"
        # A page another site's search already requested must still be searched for this site
        # (a dropped duplicate would end its path): one process dedupes by the site's own visited
        # set (dont_filter); a shared Redis frontier by a fingerprint scoped to the site, as the
        # other worker may have requested it (crawler.middlewares.frontier).
        shared = bool(self.settings.get("OGI_REDIS_URL"))
        yield self.request(link.url, self.parse_discovery, run.site, dont_filter=not shared,
                           priority=link.score - 5 * depth,
                           meta={"ogi_revalidate": True, "ogi_disc": {"depth": depth, "agency": agency, "path": step},
                                 **({"ogi_fp_scope": run.site.site_id} if shared else {})})

    def column(self, run: SiteRun, link, disc: dict, agency: str | None):
        if link.url in run.visited:
            return
        if not run.spend():
            return
        run.visited.add(link.url)
        path = f"{disc['path']} › {link.text or link.kind} <{link.url}>"
        run.add_column(link.url, agency, path)
        if link.text:
            run.names[link.url] = link.text
        log.info("%s: 年报 column %s (%s)%s", run.site.site_id, link.url, link.text, f" of {agency}" if agency else "")
        req = self.listing_request(run.site, link.url, first=True, agency=agency)
        if "#" in link.url:
            # gkmlpt columns differ only by fragment (/gkmlpt/index#2869), which Scrapy's
            # fingerprint ignores: the site's visited set has already deduplicated them.
            req = req.replace(dont_filter=True)
        req.meta["ogi_disc"] = {"depth": disc["depth"] + 1, "agency": agency, "path": path}
        req.meta["ogi_sub"] = link.kind in ("subcolumn", "frame")
        req.priority = 50
        yield req

    def parse_discovery(self, response):
        site: Site = response.meta["ogi_site"]
        run = self.runs[site.site_id]
        run.note(response.request if hasattr(response, "request") else None, response)
        disc = response.meta["ogi_disc"]
        page = self.page(response)
        if discovery.is_column_page(page):
            # The page names itself the 年报 column (ColumnName / title): read it as a listing.
            run.add_column(response.url, disc["agency"], disc["path"])
            yield from self.handle_listing(response, site, first=True, column=response.url, agency=disc["agency"])
            return
        for link in discovery.candidates(page, run.domain):
            if link.kind == "column":
                yield from self.column(run, link, disc, disc["agency"])
            else:
                yield from self.discover(run, link, disc)

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
        run = self.runs.get(site.site_id)
        if run is not None:
            run.note(response.request if hasattr(response, "request") else None, response)
        yield from self.handle_listing(response, site, first=bool(response.meta.get("ogi_first_page")),
                                       column=response.meta.get("ogi_column"), agency=response.meta.get("ogi_agency"))

    def handle_listing(self, response, site: Site, first: bool, column: str | None, agency: str | None):
        page = self.page(response)
        run = self.runs.get(site.site_id)
        if first and run is not None and column:
            alias = run.alias_of(column, urlsplit(response.url).netloc, discovery.channel_id(page))
            if alias is not None:
                run.drop_column(column)  # the same TRS channel (ChnlId) under another URL
                log.info("%s: %s is column %s again (same ChnlId)", site.site_id, column, alias)
                return
        listing = parse_listing(page, site.cms_hint)
        # The column's name: its <meta name="ColumnName">, else the link text it was found by
        # (an API page or a bare template names nothing itself).
        column_name = listing.column_name or (run.names.get(column) if run is not None and column else None)
        reports = [e for e in listing.entries if self.is_report_entry(e, column_name)]
        self.crawler.stats.inc_value(f"ogi/listing/{listing.family}")
        if run is not None and column:
            run.count_reports(column, len(reports))
        subs = []
        if first and run is not None and not response.meta.get("ogi_api"):
            # Sub-columns: years, 部门 / 乡镇 / 街道, agency-named columns, frames.
            disc = response.meta.get("ogi_disc") or {"depth": 1, "agency": agency, "path": f"<{response.url}>"}
            subs = discovery.subcolumns(page, run.domain)
            for link in subs:
                yield from self.column(run, link, disc, link.agency or agency)
        if first and not reports and not listing.pages and not subs and not response.meta.get("ogi_api"):
            # A sub-column (a year, an agency) that holds nothing is just empty; a column that
            # names itself one and lists nothing is rendered to find its script's API.
            if not response.meta.get("ogi_sub") or discovery.is_column_page(page):
                yield from self.listing_fallback(site, response)
            return
        unchanged = bool(response.meta.get("ogi_not_modified"))
        for pr in listing.pages:
            req = self.listing_request(site, pr.url, method=pr.method, formdata=pr.formdata,
                                       body=pr.body, content_type=pr.content_type, agency=agency, column=column)
            if pr.method == "POST" and unchanged:
                # POST answers cannot be revalidated (no 304 for POST); the column page that lists
                # their total and first group is unchanged, so the stored answers are current.
                req.meta["ogi_replay_if_stored"] = True
            yield req
        for entry in reports:
            yield from self.follow_entry(site, entry, response.url, agency)

    @staticmethod
    def is_report_entry(entry, column: str | None = None) -> bool:
        return titles.is_report_entry(entry.title, entry.date, column)

    def listing_fallback(self, site: Site, response):
        """The listing came out empty: use the API endpoints a browser revealed before, or render
        the page once in Chromium to learn them."""
        session = get_session(self.crawler)
        known = session.state.hint(site.site_id, f"api_endpoints {response.url}")
        keep = {"ogi_agency": response.meta.get("ogi_agency"), "ogi_column": response.meta.get("ogi_column")}
        if known and not response.meta.get("ogi_rendered"):
            for endpoint in json.loads(known):
                yield self.endpoint_request(site, endpoint, keep)
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
                **keep,
            },
        )

    def endpoint_request(self, site: Site, endpoint, keep: dict | None = None) -> Request:
        """A listing API call the browser recorded: GET by URL, or the POST replayed as sent.
        `keep`: the column and agency of the listing it fills (per-site outcome, attribution)."""
        keep = {"ogi_agency": None, "ogi_column": None, **(keep or {})}
        if isinstance(endpoint, str):
            return self.request(endpoint, self.parse_listing, site,
                                meta={"ogi_revalidate": True, "ogi_first_page": True, "ogi_api": True, **keep})
        req = self.listing_request(site, endpoint["url"], method="POST", body=endpoint.get("body") or "",
                                   content_type=endpoint.get("content_type") or "")
        req.meta.update({"ogi_first_page": True, "ogi_api": True, **keep})
        return req

    def parse_rendered(self, response):
        site: Site = response.meta["ogi_site"]
        agency = response.meta.get("ogi_agency")
        session = get_session(self.crawler)
        # Recorded calls: a URL (GET) or {"url", "method", "body", "content_type"} (POST);
        # crawler/spiders/browser.py. Duplicates (a script calling twice) are dropped.
        endpoints = list({json.dumps(e, sort_keys=True): e for e in response.meta.get("ogi_xhr") or []}.values())
        if endpoints:
            session.state.set_hint(site.site_id, f"api_endpoints {response.url}",
                                   json.dumps(endpoints, ensure_ascii=False))
            log.info("%s: listing API %s", site.site_id, ", ".join(e if isinstance(e, str) else f"POST {e['url']}"
                                                                    for e in endpoints))
        keep = {"ogi_agency": agency, "ogi_column": response.meta.get("ogi_column")}
        for endpoint in endpoints:
            yield self.endpoint_request(site, endpoint, keep)
        # The rendered DOM itself: entries the page shows (the API pages bring the rest).
        listing = parse_listing(self.page(response), "plain")
        for entry in listing.entries:
            if self.is_report_entry(entry):
                yield from self.follow_entry(site, entry, response.url, agency)

    # ------------------------------------------------------------------ documents
    def follow_entry(self, site: Site, entry, listing_url: str, column_agency: str | None = None):
        # Credited from the title and the sub-column for now; the article page, once read,
        # may name the agency better (its body's heading, its 发布机构): finish_document.
        agency, source = titles.attribute(site.name, title=entry.title, section=column_agency)
        info = {
            "title": entry.title,
            "year": titles.report_year(entry.title),
            "published_date": entry.date,
            "listing_date": entry.date,
            "agency": agency,
            "agency_source": source,
            "section": column_agency,
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
                           meta={"ogi_doc": {**info, "url": entry.url, "role": "article", "parent_url": None},
                                 "ogi_keep_validators": True})

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
        fields["agency"], fields["agency_source"] = titles.attribute(
            site.name, title=row["title"], body_text=article.body_text, publisher=fields["publisher"],
            section=info.get("section"))
        for url, _text in article.attachments:
            if url not in self.known:
                yield self.attachment_request(site, url, parent, {**info, **fields, "title": row["title"],
                                                                  "year": row["year"],
                                                                  "published_date": row["published_date"]})

    def attachment_request(self, site: Site, url: str, parent: str, info: dict) -> Request:
        return self.request(url, self.parse_document, site,
                            meta={"ogi_doc": {**info, "url": url, "role": "attachment", "parent_url": parent},
                                  "ogi_keep_validators": True},
                            priority=10)

    def parse_document(self, response):
        site: Site = response.meta["ogi_site"]
        doc = dict(response.meta["ogi_doc"])
        old = response.meta.get("ogi_revalidation")
        if old is not None:
            get_session(self.crawler).state.set_revalidated(old["url"])
            if response.meta.get("ogi_not_modified") or response.meta.get("ogi_sha256") == old["sha256"]:
                self.crawler.stats.inc_value("ogi/documents_unchanged")
                return
            doc["version"] = (old.get("version") or 1) + 1
            self.crawler.stats.inc_value("ogi/documents_changed")
            log.info("%s changed in place: archived as version %d", doc["url"], doc["version"])
        elif doc["url"] in self.known:
            return
        filename = disposition_filename(response.headers.get(b"Content-Disposition"))
        ctype = content_type(response.body, filename or response.url)
        fetched = {"final_url": response.url, "status": response.status, "size": len(response.body),
                   "sha256": response.meta.get("ogi_sha256"), "warc": response.meta.get("ogi_warc", (None, None)),
                   "ctype": ctype, "filename": filename,
                   "last_modified": http_date_iso(response.headers.get(b"Last-Modified"))}
        if doc["role"] == "attachment":
            fetched["text"] = document_text(response.body, ctype)
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
            if doc["year"] is None:
                doc["year"] = titles.report_year(article.title or "") or titles.body_year(article.body_text)
            if doc["year"] is None and (doc.get("listing_date") or article.published_date):
                # A title and page that name no year ("政府信息公开工作年度报告" under a 2021年
                # sub-column): reports are due by the spring after the year they cover (条例 §50).
                doc["year"] = int((doc.get("listing_date") or article.published_date)[:4]) - 1
            # The page's own document fields (发布日期, 发布机构, 索引号), kept for its files too.
            doc.update(page_date=article.published_date, publisher=article.publisher,
                       index_no=article.index_no)
            # Attribution (titles.attribute, the one rule): the title, the body's heading, the
            # page's 发布机构, the sub-column or sub-platform, then the site.
            doc["agency"], doc["agency_source"] = titles.attribute(
                site.name, title=doc["title"], body_text=article.body_text, publisher=article.publisher,
                section=doc.get("section"))
            info = {k: doc.get(k) for k in ("title", "year", "published_date", "agency", "agency_source", "section",
                                             "listing_url", "page_date", "publisher", "index_no", "listing_date")}
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
        if article is None and fetched.get("text"):
            # An attached report's own heading comes before the page that carries it.
            doc["agency"], doc["agency_source"] = titles.attribute(
                site.name, title=doc["title"], body_text=fetched["text"], publisher=doc.get("publisher"),
                section=doc.get("section"))
        warc_file, warc_offset = fetched["warc"]
        row = {
            "url": doc["url"],
            "final_url": fetched["final_url"],
            "listing_url": doc["listing_url"],
            "site_id": site.site_id,
            "agency": doc["agency"],
            "agency_source": doc.get("agency_source"),
            "region_code": site.region_code,
            "level": titles.agency_level(doc["agency"], site.name, site.level, doc.get("section")),
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
            "version": doc.get("version") or 1,
        }
        get_session(self.crawler).journal.append(row)
        self.known[row["url"]] = row
        if row["version"] > 1 or row["final_url"] not in self.known:
            self.known[row["final_url"]] = row
        self.crawler.stats.inc_value("ogi/documents_new")
        if site.site_id in self.runs:
            self.runs[site.site_id].documents_new += 1
        if fetched["filename"]:
            log.debug("%s: server names it %s", row["url"], fetched["filename"])
