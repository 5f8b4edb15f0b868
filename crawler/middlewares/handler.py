"""Download handler = scrapy-playwright's (which sends non-browser requests through Scrapy's
HTTP/1.1 handler) behind the per-host Retry-After gate."""
from __future__ import annotations

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.middlewares.gate import get_gate, host_key


class GatedDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._gate = get_gate(crawler)

    async def download_request(self, request):  # Scrapy ≥ 2.14 async handler API
        waited = await self._gate.wait(host_key(request.url))
        if waited:
            self.stats.inc_value("ogi/gate_waits")
        return await super().download_request(request)
