"""Scrapy's CookiesMiddleware, with the public-suffix check kept offline.

Scrapy asks tldextract whether a cookie's domain is a public suffix; tldextract's default fetches
the suffix list from publicsuffix.org on first use (a request to a third party from a crawler
host, seconds of timeouts where there is no route). The list bundled with tldextract is enough."""
from __future__ import annotations

from scrapy.downloadermiddlewares import cookies as _scrapy_cookies
from tldextract import TLDExtract

_scrapy_cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


class OfflineCookiesMiddleware(_scrapy_cookies.CookiesMiddleware):
    pass
