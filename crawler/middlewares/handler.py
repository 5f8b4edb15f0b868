"""Download handler = scrapy-playwright's (which sends non-browser requests through Scrapy's
HTTP/1.1 handler) behind the per-host Retry-After gate.

The gate is closed here, the moment a 429/503 with Retry-After comes off the wire: the downloader
frees the slot and sends the next queued request before any middleware sees this response, so
closing it in the retry middleware would be too late for that next request.

The handler also caps requests in flight per host at CONCURRENT_REQUESTS_PER_DOMAIN: Scrapy 2.19's
downloader hands a slot's whole queue to the handler at once when DOWNLOAD_DELAY is 0 (it checks
the free transfer slots before the scheduled downloads have registered themselves)."""
from __future__ import annotations

import asyncio

from scrapy import signals
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.middlewares.gate import get_gate, host_key
from crawler.middlewares.resolve import current_map
from crawler.middlewares.retry_after import parse_retry_after


class GatedDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._gate = get_gate(crawler)
        self._cap = crawler.settings.getfloat("OGI_RETRY_AFTER_MAX", 600)
        # Playwright's driver starts on the first browser request, not with every crawl: most
        # crawls need no browser, and the driver costs seconds (one per scheme handler).
        crawler.signals.disconnect(self._maybe_launch_in_thread, signals.engine_started)
        self._launched = False
        self._launching = asyncio.Lock()
        self._per_host = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2))
        self._in_flight: dict[str, asyncio.Semaphore] = {}

    async def _ensure_playwright(self) -> None:
        async with self._launching:
            if not self._launched:
                # The resolve map is complete by now (spider arguments are read before any
                # request): Chromium resolves mapped names as Scrapy does.
                from crawler.spiders.browser import launch_args

                opts = self.config.launch_options
                opts["args"] = launch_args(list(opts.get("args") or []), current_map())
                await self._maybe_launch_in_thread()
                self._launched = True

    async def download_request(self, request):  # Scrapy ≥ 2.14 async handler API
        key = host_key(request.url)
        limit = self._in_flight.setdefault(key, asyncio.Semaphore(self._per_host))
        async with limit:
            waited = await self._gate.wait(key)
            if waited:
                self.stats.inc_value("ogi/gate_waits")
            if request.meta.get("playwright"):
                await self._ensure_playwright()
            response = await super().download_request(request)
            if response.status in (429, 503):
                delay = parse_retry_after(response.headers.get(b"Retry-After"))
                if delay is not None:
                    self._gate.block(key, min(delay, self._cap), slow_down=response.status == 429)
            return response
