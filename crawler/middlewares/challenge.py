"""JavaScript cookie challenges (412/521 answered with a script that sets a clearance cookie
and reloads — the usual WAF in front of Chinese government sites): solved ONCE per host:port in
real Chromium (crawler/spiders/browser.py: solve_challenge), the cookies put into Scrapy's jar,
the request retried. Later requests to that host carry the cookies and never meet the browser.

request.meta["ogi_challenge"] = "solved" | "failed" tells the spider (per-site outcome). A host
whose challenge failed is not tried again this crawl (its answers pass through as 412/521)."""
from __future__ import annotations

import asyncio
import logging

from crawler.middlewares.gate import host_key
from crawler.middlewares.resolve import current_map

log = logging.getLogger(__name__)


def is_challenge(response) -> bool:
    return response.status in (412, 521) and b"<script" in response.body[:65536].lower()


class ChallengeMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.user_agent = crawler.settings.get("USER_AGENT")
        self.enabled = crawler.settings.getbool("OGI_SOLVE_CHALLENGES", True)
        self._solved: dict[str, list[dict] | None] = {}  # host:port → cookies, None: failed
        self._locks: dict[str, asyncio.Lock] = {}
        # host:port → "solved" | "failed", for the per-site outcome (the first challenge may meet
        # robots.txt, before any request of the spider's own carries the news)
        crawler._ogi_challenges = self.outcomes = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def _cookies(self, url: str) -> list[dict] | None:
        key = host_key(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # concurrent 521s of one host wait for one browser
            if key not in self._solved:
                from crawler.spiders.browser import solve_challenge

                self.crawler.stats.inc_value("ogi/challenges")
                try:
                    cookies = await solve_challenge(url, self.user_agent, current_map())
                except Exception as exc:  # noqa: BLE001 - a browser failure is a failed challenge, not a crash
                    log.warning("%s: browser failed on the challenge: %s", key, exc)
                    cookies = []
                self._solved[key] = cookies or None
                self.outcomes[key] = "solved" if cookies else "failed"
                if cookies:
                    self.crawler.stats.inc_value("ogi/challenges_solved")
                    log.info("%s: JavaScript challenge solved in Chromium (%d cookies)", key, len(cookies))
                else:
                    log.warning("%s: JavaScript challenge not solved", key)
            return self._solved[key]

    async def process_response(self, request, response, spider=None):
        if not self.enabled or not is_challenge(response) or request.meta.get("playwright"):
            return response
        if request.meta.get("ogi_challenge_retried"):
            request.meta["ogi_challenge"] = "failed"  # cookies did not help: blocked
            return response
        cookies = await self._cookies(request.url)
        if not cookies:
            request.meta["ogi_challenge"] = "failed"
            return response
        jar = [{k: c[k] for k in ("name", "value", "domain", "path") if c.get(k) is not None} for c in cookies]
        retry = request.replace(cookies=jar, dont_filter=True)
        retry.meta["ogi_challenge"] = "solved"
        retry.meta["ogi_challenge_retried"] = True
        return retry
