"""https → http fallback: a host whose TLS handshake fails is fetched over plain http:// on the
same host and port (many government sites list https:// but serve only http, or speak TLS
versions and ciphers no current library accepts). The switch is per host:port, remembered for the
rest of the crawl; request.meta["ogi_http_fallback"] tells the spider (per-site outcome)."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from crawler.middlewares.gate import host_key

log = logging.getLogger(__name__)


def tls_failure(exc: BaseException) -> bool:
    """Did this download fail in the TLS layer (handshake, protocol, "wrong version number")?"""
    try:
        from OpenSSL.SSL import Error as SSLError
    except ImportError:  # pragma: no cover - Scrapy depends on pyOpenSSL
        SSLError = ()
    seen = [exc]
    for reason in getattr(exc, "reasons", None) or []:  # ResponseNeverReceived([Failure, …])
        seen.append(getattr(reason, "value", reason))
    return any((SSLError and isinstance(e, SSLError)) or "SSL" in type(e).__name__ or "ssl" in repr(e).lower()
               or "tls" in repr(e).lower() for e in seen)


def as_http(url: str) -> str:
    p = urlsplit(url)
    return urlunsplit(("http", p.netloc, p.path, p.query, p.fragment))


class HttpFallbackMiddleware:
    def __init__(self, stats=None):
        self.stats = stats
        self.plain: set[str] = set()  # host:port (of the https URL) whose TLS failed

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_request(self, request, spider=None):
        if urlsplit(request.url).scheme == "https" and host_key(request.url) in self.plain:
            return self._switch(request)
        return None

    def process_exception(self, request, exception, spider=None):
        if urlsplit(request.url).scheme != "https" or not tls_failure(exception):
            return None
        key = host_key(request.url)
        if key not in self.plain:
            self.plain.add(key)
            log.warning("%s: https failed (%s); using http:// on the same host and port",
                        key, type(exception).__name__)
            if self.stats is not None:
                self.stats.inc_value("ogi/http_fallback_hosts")
        return self._switch(request)

    @staticmethod
    def _switch(request):
        new = request.replace(url=as_http(request.url), dont_filter=True)
        new.meta["ogi_http_fallback"] = True
        new.meta["download_slot"] = host_key(new.url)
        return new
