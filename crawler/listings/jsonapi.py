"""Listings served as JSON by an API that a page's script renders (the HTML alone is empty).

The crawler finds the endpoint by rendering the page once in Chromium and watching its XHRs
(crawler/spiders/reports.py); this parser reads the JSON: the longest list of objects that have
a title-ish and a url-ish field, and the pager fields (total / pages / page size) to request
every other page by rewriting the page parameter."""
from __future__ import annotations

import json
import math
from urllib.parse import parse_qsl, urlsplit

from crawler.listings.base import (
    Entry,
    Listing,
    ListingParser,
    Page,
    PageRequest,
    absolute,
    clean_text,
    find_date,
)
from crawler.listings.paged import PAGE_PARAMS, with_page

TITLE_KEYS = ("title", "doctitle", "docTitle", "name", "subject", "bt")
URL_KEYS = ("url", "link", "href", "docpuburl", "docPubUrl", "path", "pageUrl", "detailUrl")
DATE_KEYS = ("date", "pubDate", "pubdate", "publishDate", "publish_date", "publishTime", "docreltime", "time", "created")
TOTAL_KEYS = ("total", "totalCount", "totalRecord", "totalrecord", "count", "recordCount")
PAGES_KEYS = ("pages", "totalPages", "pageCount", "totalPage", "pagecount")
SIZE_KEYS = ("pageSize", "page_size", "size", "perPage", "per_page", "limit", "rows")


def _pick(obj: dict, keys: tuple[str, ...]):
    for k in keys:
        if k in obj and obj[k] not in (None, ""):
            return obj[k]
    return None


def _lists(node, depth=0):
    if depth > 6:
        return
    if isinstance(node, list):
        if node and all(isinstance(x, dict) for x in node):
            yield node
        for x in node:
            yield from _lists(x, depth + 1)
    elif isinstance(node, dict):
        for v in node.values():
            yield from _lists(v, depth + 1)


def _numbers(node, keys, depth=0):
    if depth > 4 or not isinstance(node, dict):
        return None
    value = _pick(node, keys)
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    for v in node.values():
        found = _numbers(v, keys, depth + 1)
        if found is not None:
            return found
    return None


def load_json(page: Page):
    text = page.text.strip()
    if text.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return None
    return None


class JsonApiParser(ListingParser):
    family = "jsonapi"

    def detect(self, page: Page) -> bool:
        return "json" in page.content_type.lower() or load_json(page) is not None

    def parse(self, page: Page) -> Listing:
        data = load_json(page)
        listing = Listing(self.family)
        if data is None:
            return listing
        best: list[dict] = []
        for candidate in _lists(data):
            usable = [x for x in candidate if _pick(x, TITLE_KEYS) and _pick(x, URL_KEYS)]
            if len(usable) > len(best):
                best = usable
        for obj in best:
            url = absolute(page.url, str(_pick(obj, URL_KEYS)))
            if url:
                date = _pick(obj, DATE_KEYS)
                listing.entries.append(Entry(url, clean_text(str(_pick(obj, TITLE_KEYS))),
                                             find_date(str(date)) if date else None))
        params = dict(parse_qsl(urlsplit(page.url).query))
        key = next((k for k in PAGE_PARAMS if k in params and params[k].isdigit()), None)
        pages = _numbers(data, PAGES_KEYS)
        if pages is None:
            total, size = _numbers(data, TOTAL_KEYS), _numbers(data, SIZE_KEYS)
            if total and size:
                pages = math.ceil(total / size)
        if key and pages and int(params[key]) == first_page(params[key]):
            current = int(params[key])
            for n in range(current + 1, current + pages):
                listing.pages.append(PageRequest(with_page(page.url, key, n)))
            return listing
        # A list the page's script POSTs for: the page number is a form field.
        form = dict(page.form)
        key = next((k for k in PAGE_PARAMS if k in form and form[k].isdigit()), None)
        if key and pages and int(form[key]) == first_page(form[key]):
            current = int(form[key])
            for n in range(current + 1, current + pages):
                fields = tuple((k, str(n) if k == key else v) for k, v in page.form)
                listing.pages.append(PageRequest(page.url, "POST", fields))
        return listing


def first_page(value: str) -> int:
    """Page numbers start at 1 or 0; only the first page fans out."""
    return 0 if value == "0" else 1
