"""Scrapy settings for the OGI report crawler.

Politeness is the default; `OGI_FAST=1` (environment) or `-s OGI_FAST=1` switches to the fast
profile the test-suite and the benchmark use against the simulated web on loopback (no
AutoThrottle, no delay). Retry-After is honoured in every profile.
"""
from __future__ import annotations

import os

BOT_NAME = "ogi-reports"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are and where to complain: government webmasters read their logs. Browser-like, because
# many government WAFs refuse anything else, and honest: the product token names the project.
# Chromium (JS challenges) sends the same string: challenge cookies are often bound to it.
USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
              "Safari/537.36 ogi-reports/0.2 (+https://github.com/ogi-reports/ogi-reports; open-data research)")

ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "ogi-reports"  # robots.txt groups for us by name, else "*"

# At most two requests in flight per host, and AutoThrottle adapts below that.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 %
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024  # reports with scans reach tens of MB; nothing legit is bigger
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
REDIRECT_MAX_TIMES = 10

# Retries (429 and 5xx) are done by RetryAfterMiddleware, which also blocks the host until the
# server's Retry-After has elapsed.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
OGI_RETRY_BACKOFF = 2.0  # seconds, doubled per attempt when the server gives no Retry-After
OGI_RETRY_AFTER_MAX = 600  # longer Retry-After values are capped (and logged)

# Storage: WARC files rotate at this size; OGI_FSYNC=1 makes blobs power-loss safe (kill -9 safe
# without it).
OGI_WARC_MAX_BYTES = 1 << 30
OGI_FSYNC = False

# Discovery (crawler/discovery.py): a bounded search per site — at most this many discovery and
# column requests, and this many links deep from the homepage.
OGI_DISCOVERY_BUDGET = int(os.environ.get("OGI_DISCOVERY_BUDGET") or 400)
OGI_DISCOVERY_DEPTH = int(os.environ.get("OGI_DISCOVERY_DEPTH") or 6)

# Archived documents are revalidated (conditional GET) when their last fetch or confirmation is
# older than this many days; 0 = every crawl, negative = never. A changed document becomes a new
# version of its row in documents.parquet (and a new WARC response record; unchanged → revisit).
OGI_REVALIDATE_DAYS = float(os.environ.get("OGI_REVALIDATE_DAYS") or 30)  # the environment may force it

# Loopback / private addresses are refused unless this is on (the simulated web lives on 127.0.0.1).
OGI_ALLOW_LOOPBACK = False

# A resolve map like curl's --resolve (JSON {hostname: address}; also `-a resolve=FILE`): mapped
# names are answered from it and exempt from the non-public-address rule (the simulated web's
# www.X.gov.cn hosts on 127.0.0.1). TWISTED_DNS_RESOLVER is Scrapy 2.19's name for DNS_RESOLVER.
OGI_RESOLVE = os.environ.get("OGI_RESOLVE", "")
TWISTED_DNS_RESOLVER = "crawler.middlewares.resolve.MappedResolver"

# Cookies on: sessions, load-balancer stickiness and JavaScript-challenge clearance cookies
# (solved once per host in Chromium by ChallengeMiddleware, then sent by Scrapy).
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no control port on crawler hosts
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.safety.SafetyMiddleware": 50,
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 550,
    # Above Retry (its process_exception runs first): a TLS failure switches the host to http://.
    "crawler.middlewares.fallback.HttpFallbackMiddleware": 560,
    # 412/521 + script: solved once per host in Chromium, the cookies go to Scrapy's jar (700).
    "crawler.middlewares.challenge.ChallengeMiddleware": 600,
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.middlewares.cookies.OfflineCookiesMiddleware": 700,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    # Below HttpCompression (590) so it stores and replays decoded bodies.
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 580,
    # Next to the downloader: sees every raw response (3xx, 304, 429, robots.txt …).
    "crawler.middlewares.warc.WarcRecorderMiddleware": 950,
}

# Browser only where needed: requests carry meta["playwright"] only for sites with the registry's
# js=1 hint or whose listing came out empty (docs/crawler.md). The handler launches Chromium lazily.
DOWNLOAD_HANDLERS = {
    "http": "crawler.middlewares.handler.GatedDownloadHandler",
    "https": "crawler.middlewares.handler.GatedDownloadHandler",
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"],
}
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Redis frontier (scale-out): `-s OGI_REDIS_URL=redis://127.0.0.1:PORT/0` switches the scheduler
# and the dupefilter to scrapy-redis (see crawler/spiders/reports.py: apply_redis_settings).
OGI_REDIS_URL = os.environ.get("OGI_REDIS_URL", "")

OGI_FAST = os.environ.get("OGI_FAST", "") not in ("", "0")
if OGI_FAST:
    AUTOTHROTTLE_ENABLED = False
    DOWNLOAD_DELAY = 0
    DOWNLOAD_DELAY_JITTER = 0
    OGI_RETRY_BACKOFF = 0.05
    DOWNLOAD_TIMEOUT = 20
    LOG_LEVEL = "INFO"

if os.environ.get("OGI_ALLOW_LOOPBACK", "") not in ("", "0"):
    OGI_ALLOW_LOOPBACK = True
