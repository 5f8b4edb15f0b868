"""Refuse what a crawler of government sites must never fetch: non-http(s) schemes (also as
redirect targets) and non-public addresses (loopback, private, link-local, multicast …), unless
OGI_ALLOW_LOOPBACK is on. A host named in the resolve map (OGI_RESOLVE, `-a resolve=`:
crawler/middlewares/resolve.py) is exempt: its address was given on purpose (the simulated web's
hosts www.X.gov.cn … on 127.0.0.1); every other name keeps the rule.

The check runs on every request, so redirects (which come back through the scheduler) are
checked too. Names are resolved once per host; see docs/crawler.md for the DNS caveat."""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.middlewares.resolve import install_file, mapped

log = logging.getLogger(__name__)


class UnsafeRequest(IgnoreRequest):
    pass


def address_allowed(ip: str, allow_loopback: bool) -> bool:
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if allow_loopback and addr.is_loopback:
        return True
    return addr.is_global


class SafetyMiddleware:
    def __init__(self, allow_loopback: bool, stats=None):
        self.allow_loopback = allow_loopback
        self.stats = stats
        self._verdicts: dict[str, str | None] = {}  # host → reason it is refused, or None

    @classmethod
    def from_crawler(cls, crawler):
        install_file(crawler.settings.get("OGI_RESOLVE") or None)
        return cls(crawler.settings.getbool("OGI_ALLOW_LOOPBACK"), crawler.stats)

    async def _host_problem(self, host: str) -> str | None:
        if mapped(host) is not None:
            return None  # the resolve map names this host's address on purpose
        if host in self._verdicts:
            return self._verdicts[host]
        try:
            ips = [ipaddress.ip_address(host).compressed]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
            except OSError:
                infos = []
            ips = sorted({info[4][0] for info in infos})
        if not ips:
            problem = None  # unresolvable: let the downloader report the DNS error
        else:
            bad = [ip for ip in ips if not address_allowed(ip.split("%")[0], self.allow_loopback)]
            problem = f"{host} resolves to non-public address {bad[0]}" if bad else None
        self._verdicts[host] = problem
        return problem

    async def process_request(self, request, spider=None):
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            problem = f"scheme {parts.scheme!r} is not http(s)"
        elif not parts.hostname:
            problem = "no host"
        else:
            problem = await self._host_problem(parts.hostname.lower())
        if problem:
            if self.stats is not None:
                self.stats.inc_value("ogi/unsafe_refused")
            log.warning("refused %s: %s", request.url, problem)
            raise UnsafeRequest(f"refused {request.url}: {problem}")
