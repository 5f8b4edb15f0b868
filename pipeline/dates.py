"""When was a report published? Every candidate date of a document, and the rule that picks one.

Sites disagree with themselves: the page's 发布日期, the listing's date, the date in the URL, the
HTTP Last-Modified header and the day we first fetched the document often differ (site migrations
re-date whole columns, reposts get a new URL, ids encode the time a database record was made).
So the dataset keeps every candidate with its source, and picks one by a fixed rule
(docs/dataset.md, "Publication dates"):

1. the earliest **day-precise date the site states** — the page's 发布日期 (`page`), the listing's
   date (`listing`), a date in the URL path (`url`), or, from crawls that did not yet keep page and
   listing dates apart, the one date the crawler kept (`site`) — that is not before 1 January of the year after
   the reporting year. Migrations and reposts only ever make a date *later*, so the earliest one is
   the first publication; a date before the reporting year ended cannot be this report's publication
   (it is a template date or a record-creation id).
2. else the earliest month from the URL (`url_month`, e.g. `/202401/<uuid>.shtml`), taken as the
   first day of that month, or a timestamp encoded in the document id (`url_id`: MongoDB ObjectId,
   epoch milliseconds, yyyyMMddHHmmss…), under the same bound;
3. else the earlier of HTTP `last_modified` and `first_seen` (our first fetch): both only upper bounds.
A date that falls before the bound in every site-stated source is still kept as a candidate.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

# Source names, in the order rule 1–3 tries them (a stable order for ties as well).
DAY_SOURCES = ("page", "listing", "url", "site")
WEAK_SOURCES = ("url_month", "url_id")
UPPER_BOUNDS = ("last_modified", "first_seen")
SOURCES = DAY_SOURCES + WEAK_SOURCES + UPPER_BOUNDS

_Y = r"(20\d\d|19\d\d)"
# Day-precise dates in URL paths, each seen on real sites (shared/realweb/report_urls.csv).
_URL_DAY = [
    re.compile(r"/t" + _Y + r"(\d\d)(\d\d)_\d+"),                      # TRS …/202401/t20240115_3271106.html
    re.compile(r"/art/" + _Y + r"/(\d{1,2})/(\d{1,2})/art_"),          # Hanweb /art/2024/1/29/art_341595_41790.html
    re.compile(r"/" + _Y + r"-(\d\d)-(\d\d)/"),                         # /c/2023-01-29/6650991.shtml
    re.compile(r"/" + _Y + r"-(\d\d)/(\d\d)/"),                         # gov.cn /gzdt/2010-04/06/content_…
    re.compile(r"/" + _Y + r"/(\d\d)-(\d\d)/"),                         # fgw.henan /2023/01-19/2677014.html
    re.compile(r"/" + _Y + r"/(\d\d)/(\d\d)/"),                         # /col/…/2023/01/12/1673509194691.html
    re.compile(r"/" + _Y + r"(\d\d)/(\d\d)/"),                          # hebei /202308/21/<uuid>.html
    re.compile(r"/" + _Y + r"(\d\d)(\d\d)/"),                           # shanghai /nw12344/20230331/<uuid32>.html
]
_URL_MONTH = re.compile(r"/" + _Y + r"(\d\d)/")                   # /202401/<uuid32>.shtml, /202301/c01_…
_OBJECT_ID = re.compile(r"(?:^|[/_])([0-9a-f]{24})(?:\.s?html?|/|$)")   # 5fffe247f8fd1c59665bed07.html
_EPOCH_MS = re.compile(r"/(1[3-9]\d{11})\.s?html?$")                    # /1673509194691.html
_STAMP = re.compile(r"/" + _Y + r"(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\d{0,3}\.s?html?$")  # /20220124145934053.html


def _day(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def url_dates(url: str | None) -> dict[str, date]:
    """The dates a URL's path states: `url` (a day), `url_month`, `url_id` (a timestamp in an id)."""
    if not url:
        return {}
    path = urlsplit(url).path
    out: dict[str, date] = {}
    for rx in _URL_DAY:
        m = rx.search(path)
        if m and (d := _day(*m.groups())):
            out["url"] = d
            break
    if "url" not in out and (m := _URL_MONTH.search(path)) and (d := _day(m.group(1), m.group(2), "1")):
        out["url_month"] = d
    stamp = None
    if ids := _OBJECT_ID.findall(path):  # the last one names the document (earlier ones: channels)
        stamp = datetime.fromtimestamp(int(ids[-1][:8], 16), UTC).date()
    elif m := _EPOCH_MS.search(path):
        stamp = datetime.fromtimestamp(int(m.group(1)) / 1000, UTC).date()
    elif m := _STAMP.search(path):
        stamp = _day(*m.groups()[:3])
    if stamp and 2000 <= stamp.year <= 2100:
        out["url_id"] = stamp
    return out


def choose(candidates: dict[str, date | None], report_year: int | None) -> tuple[date | None, str | None]:
    """(published_at, source) by the rule in the module docstring."""
    bound = date(report_year + 1, 1, 1) if report_year else date.min
    for group in (DAY_SOURCES, WEAK_SOURCES):
        ok = [(d, SOURCES.index(s), s) for s in group if (d := candidates.get(s)) and d >= bound]
        if ok:
            d, _, s = min(ok)
            return d, s
    bounds = [(d, SOURCES.index(s), s) for s in UPPER_BOUNDS if (d := candidates.get(s))]
    if bounds:  # both are upper bounds: the earlier one is the tighter
        d, _, s = min(bounds)
        return d, s
    return None, None
