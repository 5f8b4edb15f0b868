"""From a homepage to the 年报 column: find the 政府信息公开 platform link, then the column link
(text 政府信息公开年报 / 信息公开年度报告 / 年报 …, URL zfxxgknb / xxgknb / ndbg …).

Links are scored; a report title (it names a year) is never taken for the column."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.listings.base import Page, absolute, clean_text
from crawler.titles import normalize, report_year

_COLUMN_TEXT = (
    (re.compile(r"^(政府)?信息公开(工作)?(年度报告|年报)(专栏)?$"), 10),
    (re.compile(r"^政务公开(工作)?(年度报告|年报)$"), 9),
    (re.compile(r"(政府)?信息公开.*(年度报告|年报)"), 7),
    (re.compile(r"^(年度报告|年报|工作年报)$"), 6),
)
_COLUMN_URL = re.compile(r"(zfxxgknb|xxgknb|gknb|zwgknb|ndbg|xxgkndbg|gkndbg|/nb/|_nb\b|nianbao)", re.IGNORECASE)
_PLATFORM_TEXT = (
    (re.compile(r"^(政府)?信息公开(平台|专栏|目录)?$"), 8),
    (re.compile(r"^政务公开$"), 7),
    (re.compile(r"(政府信息公开|政务公开)"), 4),
)
_PLATFORM_URL = re.compile(r"(zfxxgk|xxgk|zwgk|gkml|govinfo|openness|public)", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    url: str
    text: str
    score: int


def _links(page: Page):
    host = urlsplit(page.url).netloc
    for a in page.selector.css("a[href]"):
        url = absolute(page.url, a.attrib.get("href"))
        if not url or urlsplit(url).netloc != host:
            continue
        text = normalize(clean_text(a.attrib.get("title")) or clean_text(" ".join(a.css("::text").getall())))
        yield url, text


def _best(page: Page, text_rules, url_rule, url_weight: int) -> Candidate | None:
    best: Candidate | None = None
    for url, text in _links(page):
        if report_year(text) is not None:
            continue  # "2023年政府信息公开工作年度报告" is a report, not the column
        score = max((w for rx, w in text_rules if rx.search(text)), default=0)
        if url_rule.search(urlsplit(url).path):
            score += url_weight
        if score and (best is None or score > best.score):
            best = Candidate(url, text, score)
    return best


def find_column(page: Page) -> Candidate | None:
    """The link to the OGI annual-report column on this page, if any."""
    cand = _best(page, _COLUMN_TEXT, _COLUMN_URL, 5)
    return cand if cand and cand.score >= 6 else None


def find_platform(page: Page) -> Candidate | None:
    """The link to the 政府信息公开 platform (where the column lives)."""
    cand = _best(page, _PLATFORM_TEXT, _PLATFORM_URL, 3)
    return cand if cand and cand.score >= 4 else None
