"""Listing parsers, one module per CMS family over one base (crawler.listings.base).

`parse_listing(page, hint)` tries the registry's cms_hint first, then detection in order of
specificity (Hanweb's datastore, TRS's createPageHTML, JSON, ?page=N links), then plain links."""
from __future__ import annotations

from crawler.listings.base import Entry, Listing, ListingParser, Page, PageRequest
from crawler.listings.hanweb import HanwebParser
from crawler.listings.jsonapi import JsonApiParser
from crawler.listings.paged import PagedParser
from crawler.listings.plain import PlainParser
from crawler.listings.trs import TrsParser

PARSERS: dict[str, ListingParser] = {
    "hanweb": HanwebParser(),
    "trs": TrsParser(),
    "jsonapi": JsonApiParser(),
    "paged": PagedParser(),
    "plain": PlainParser(),
}
HINT_TO_FAMILY = {"trs": "trs", "hanweb": "hanweb", "jsonapi": "jsonapi", "plain": "plain", "multi": "paged"}


def parse_listing(page: Page, hint: str = "") -> Listing:
    family = HINT_TO_FAMILY.get(hint or "")
    if family and PARSERS[family].detect(page):
        return PARSERS[family].parse(page)
    for parser in PARSERS.values():
        if parser.detect(page):
            return parser.parse(page)
    return PARSERS["plain"].parse(page)


__all__ = ["PARSERS", "Entry", "Listing", "ListingParser", "Page", "PageRequest", "parse_listing"]
