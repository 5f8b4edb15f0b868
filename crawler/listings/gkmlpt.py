"""Guangdong's 政府信息公开目录管理平台 (gkmlpt): `/gkmlpt/index#721` is an empty shell whose
script asks `/gkmlpt/api/all/{column}?page={n}&sid={site}` for JSON
`{"articles": [{"title", "url", "created_at", …}], "total": N}`.

The column id is the URL fragment (`#721`), which never reaches the server: the page knows it
only through its own address, so the fragment of the page URL (or of the link that led here)
names it; the site id is `SID` in `window._CONFIG` on the page. The API's first page says the
total; every other page is requested at once. Dates come from `created_at` (a date string or a
Unix time, China time) — never from the URL, which is an id."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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

_SID = re.compile(r"""\bSID\s*[:=]\s*['"]?(\d+)""")
_CONFIG_COLUMN = re.compile(r"""\b(?:CATEGORY_ID|CID|COLUMN_ID|columnId)\s*[:=]\s*['"]?(\d+)""")
_API = re.compile(r"/gkmlpt/api/all/(\d+)$")
_CHINA = dt.timezone(dt.timedelta(hours=8))


def _date(value) -> str | None:
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        seconds = int(value)
        if seconds > 10**11:  # milliseconds
            seconds //= 1000
        return dt.datetime.fromtimestamp(seconds, _CHINA).date().isoformat()
    return find_date(str(value)) if value else None


def api_url(page_url: str, column: str, sid: str, number: int) -> str:
    parts = urlsplit(page_url)
    root = parts.path.split("/gkmlpt/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, f"{root}/gkmlpt/api/all/{column}",
                       urlencode({"page": number, "sid": sid}), ""))


class GkmlptParser(ListingParser):
    family = "gkmlpt"

    def detect(self, page: Page) -> bool:
        path = urlsplit(page.url).path
        return "/gkmlpt/" in path and (bool(_API.search(path)) or "_CONFIG" in page.text)

    def parse(self, page: Page) -> Listing:
        path = urlsplit(page.url).path
        if _API.search(path):
            return self._api(page)
        listing = Listing(self.family)
        sid = _SID.search(page.text)
        column = urlsplit(page.url).fragment or (_CONFIG_COLUMN.search(page.text) or [None, None])[1]
        if sid and column and column.isdigit():
            listing.pages.append(PageRequest(api_url(page.url, column, sid.group(1), 1)))
        return listing

    def _api(self, page: Page) -> Listing:
        listing = Listing(self.family)
        try:
            data = json.loads(page.text)
        except json.JSONDecodeError:
            return listing
        articles = data.get("articles") if isinstance(data, dict) else None
        if not isinstance(articles, list):
            return listing
        for art in articles:
            if not isinstance(art, dict):
                continue
            url = absolute(page.url, str(art.get("url") or art.get("post_url") or ""))
            title = clean_text(str(art.get("title") or ""))
            if url and title:
                listing.entries.append(Entry(url, title, _date(art.get("created_at") or art.get("create_time")
                                                               or art.get("first_publish_time"))))
        query = dict(parse_qsl(urlsplit(page.url).query))
        total = data.get("total")
        if str(query.get("page", "1")) == "1" and isinstance(total, int) and articles:
            for n in range(2, math.ceil(total / len(articles)) + 1):
                listing.pages.append(PageRequest(api_url(page.url, _API.search(urlsplit(page.url).path).group(1),
                                                         query.get("sid", ""), n)))
        return listing
