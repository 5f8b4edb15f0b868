"""Listing adapters, one module per platform family over one base (crawler.listings.base).

`parse_listing(page, hint)` picks the family from the page itself — its scripts, markup and
URL shapes — in order of specificity: gkmlpt (its API and `_CONFIG` shell), Hanweb jpage
(datastore records), Hanweb xxgk (search.jsp, xxgkAnnualReport.jsp), TRS (createPageHTML,
countPage, _nPageCount, generator meta, t{yyyymmdd}_{id} URLs), VSB/Boda, JSON answers,
`?page=N` links, then plain links. Never from the registry's cms_hint: registries are wrong
and sites migrate (the `hint` argument is accepted and ignored). A `<meta refresh>` stub (TRS
past the last page) is an empty listing. A page that lists nothing and frames a list of the
same site is followed into its iframe. `Listing.column_name` is the page's
`<meta name="ColumnName">` (a 年报 column lists reports under bare agency names)."""
from __future__ import annotations

from crawler.listings.base import Entry, Listing, ListingParser, Page, PageRequest, clean_text, refresh_target
from crawler.listings.gkmlpt import GkmlptParser
from crawler.listings.hanweb import HanwebParser, HanwebXxgkParser
from crawler.listings.iframe import iframe_listings
from crawler.listings.jsonapi import JsonApiParser
from crawler.listings.paged import PagedParser
from crawler.listings.plain import PlainParser
from crawler.listings.trs import TrsParser
from crawler.listings.vsb import VsbParser

PARSERS: dict[str, ListingParser] = {
    "gkmlpt": GkmlptParser(),
    "hanweb": HanwebParser(),
    "hanweb-xxgk": HanwebXxgkParser(),
    "trs": TrsParser(),
    "vsb": VsbParser(),
    "jsonapi": JsonApiParser(),
    "paged": PagedParser(),
    "plain": PlainParser(),
}


def detect_family(page: Page, hint: str = "") -> str:
    return next((name for name, parser in PARSERS.items() if parser.detect(page)), "plain")


def parse_listing(page: Page, hint: str = "") -> Listing:
    target = refresh_target(page)
    if target is not None and len(page.selector.css("a[href]")) == 0:
        return Listing("refresh")  # a stub that sends the reader elsewhere lists nothing
    listing = PARSERS[detect_family(page)].parse(page)
    if not listing.items and not listing.pages:
        frames = iframe_listings(page)
        if frames:
            listing = Listing("iframe", listing.entries, frames)
    listing.column_name = clean_text(page.selector.xpath("//meta[@name='ColumnName']/@content").get()) or None
    return listing


__all__ = ["PARSERS", "Entry", "Listing", "ListingParser", "Page", "PageRequest", "detect_family", "parse_listing"]
