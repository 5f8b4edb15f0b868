"""Retries on 429 / 5xx / timeouts that honour Retry-After.

Replaces Scrapy's RetryMiddleware: on a retryable status the host's gate is closed for the
server's Retry-After (seconds or HTTP-date; capped by OGI_RETRY_AFTER_MAX) or, without one, an
exponential back-off (OGI_RETRY_BACKOFF · 2^attempt). The retry goes back through the scheduler
and the handler holds every request to that host until the gate opens."""
from __future__ import annotations

import email.utils
import logging
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware

from crawler.middlewares.gate import get_gate, host_key

log = logging.getLogger(__name__)


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header value (delta-seconds or HTTP-date)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, settings, crawler=None):
        super().__init__(settings)
        self.backoff = settings.getfloat("OGI_RETRY_BACKOFF", 2.0)
        self.cap = settings.getfloat("OGI_RETRY_AFTER_MAX", 600)
        self.gate = get_gate(crawler) if crawler is not None else None

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler.settings, crawler)
        mw.crawler = crawler
        return mw

    def _pause(self, request, response=None) -> float:
        attempt = request.meta.get("retry_times", 0)
        delay = None
        if response is not None:
            delay = parse_retry_after(response.headers.get(b"Retry-After"))
        if delay is None:
            delay = self.backoff * (2**attempt)
        elif delay > self.cap:
            log.warning("%s asked for Retry-After %.0fs; waiting %.0fs", request.url, delay, self.cap)
            delay = self.cap
        if self.gate is not None:
            self.gate.block(host_key(request.url), delay, slow_down=response is not None and response.status == 429)
        return delay

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = self._pause(request, response)
        self.crawler.stats.inc_value(f"ogi/retry_after/{response.status}")
        log.info("%s → %d; host paused %.2fs", request.url, response.status, delay)
        return self._retry(request, f"{response.status}") or response

    def process_exception(self, request, exception, spider=None):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            self._pause(request)
        return super().process_exception(request, exception)
