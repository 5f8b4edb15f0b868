"""A resolve map, like curl's --resolve: `{hostname: address}` answered before the system resolver.

The simulated web gives its hosts real-looking names (www.xining.gov.cn, xxgk.xining.gov.cn …)
that all live on 127.0.0.1, and writes this map as JSON next to its registry. The crawler takes it
from the setting OGI_RESOLVE (path of the JSON file) or the spider argument `-a resolve=FILE`.

- `MappedResolver` (setting TWISTED_DNS_RESOLVER, Scrapy ≥ 2.19's name for DNS_RESOLVER) answers
  mapped names from the map, every other name through Scrapy's caching threaded resolver.
- The safety middleware exempts a host whose address comes from this map (and only such a host)
  from the "no non-public address" rule.
- Chromium gets the same map as `--host-resolver-rules` (crawler/spiders/browser.py).

The map is process-wide (one crawl per process): the resolver is installed on the reactor
before the spider exists, so it reads the map at lookup time, after `-a resolve=` has loaded it.
"""
from __future__ import annotations

import ipaddress
import json
from pathlib import Path

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer


class ResolveMapError(ValueError):
    pass


_MAP: dict[str, str] = {}


def load_map(path: str | Path) -> dict[str, str]:
    """Read `{hostname: address}` JSON; names are lowercased, addresses must be IP literals."""
    try:
        raw = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ResolveMapError(f"resolve map {path}: {exc}") from None
    if not isinstance(raw, dict):
        raise ResolveMapError(f"resolve map {path}: expected a JSON object {{hostname: address}}")
    out: dict[str, str] = {}
    for name, addr in raw.items():
        try:
            out[str(name).strip().lower().rstrip(".")] = ipaddress.ip_address(str(addr).strip()).compressed
        except ValueError:
            raise ResolveMapError(f"resolve map {path}: {name!r} → {addr!r} is not an IP address") from None
    return out


def install_map(mapping: dict[str, str]) -> None:
    """Make `mapping` the process's resolve map (adds to what is there)."""
    _MAP.update({k.lower().rstrip("."): v for k, v in mapping.items()})


def install_file(path: str | Path | None) -> dict[str, str]:
    if not path:
        return {}
    mapping = load_map(path)
    install_map(mapping)
    return mapping


def mapped(host: str | None) -> str | None:
    """The address the map gives this host name, or None (not mapped)."""
    if not host:
        return None
    return _MAP.get(host.lower().rstrip("."))


def current_map() -> dict[str, str]:
    return dict(_MAP)


class MappedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, with the resolve map consulted first."""

    @classmethod
    def from_crawler(cls, crawler, reactor):
        install_file(crawler.settings.get("OGI_RESOLVE") or None)
        return super().from_crawler(crawler, reactor)

    def getHostByName(self, name: str, timeout=()):
        address = mapped(name)
        if address is not None:
            return defer.succeed(address)
        return super().getHostByName(name, timeout)
