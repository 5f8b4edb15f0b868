"""One registry site during one crawl: its bounded search (visited URLs, request budget), the
年报 columns found with the path taken, what went wrong; and at the end its row of
data/crawl/sites.parquet (crawler/storage/sites.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.discovery import registered_domain
from crawler.registry import Site


@dataclass
class SiteRun:
    site: Site
    budget: int
    visited: set[str] = field(default_factory=set)
    requests: int = 0  # discovery + column requests spent
    exhausted: bool = False
    columns: dict[str, dict] = field(default_factory=dict)  # url → {url, agency, path, reports}
    failures: list[str] = field(default_factory=list)
    robots: int = 0
    dropped: int = 0
    http_fallback: bool = False
    challenge: str | None = None
    home_error: str | None = None  # why the homepage gave nothing
    home_dropped: bool = False  # another process of a shared frontier has this site
    documents_new: int = 0
    channels: dict[str, str] = field(default_factory=dict)  # host + TRS ChnlId → the column URL seen with it
    names: dict[str, str] = field(default_factory=dict)  # column URL → the link text it was found by

    @property
    def domain(self) -> str:
        return registered_domain(urlsplit(self.site.homepage_url).hostname or "")

    def spend(self) -> bool:
        """Take one request from the budget; False (and `exhausted`) when none is left."""
        if self.requests >= self.budget:
            self.exhausted = True
            return False
        self.requests += 1
        return True

    def add_column(self, url: str, agency: str | None, path: str) -> None:
        self.columns.setdefault(url, {"url": url, "agency": agency, "path": path, "reports": 0})

    def alias_of(self, url: str, host: str, chnl: str | None) -> str | None:
        """Another column URL of this site with the same TRS channel id (…/zfxxgknb/ and
        …/zfxxgknb/index.html are one column): that URL; else None (and remember this one)."""
        if not chnl:
            return None
        first = self.channels.setdefault(f"{host} {chnl}", url)
        return first if first != url else None

    def drop_column(self, url: str) -> None:
        self.columns.pop(url, None)

    def count_reports(self, column: str, n: int) -> None:
        if column in self.columns:
            self.columns[column]["reports"] += n

    def note(self, request, response=None) -> None:
        """What the middlewares learned about this request (http fallback, JS challenge)."""
        meta = (response.meta if response is not None else request.meta) if (request or response) else {}
        if meta.get("ogi_http_fallback"):
            self.http_fallback = True
        if meta.get("ogi_challenge"):
            self.challenge = meta["ogi_challenge"] if self.challenge != "failed" else self.challenge

    # ------------------------------------------------------------ outcome
    def status(self) -> tuple[str, str | None]:
        if self.columns:
            if not any(c["reports"] for c in self.columns.values()):
                return "ok", "年报 column found, but its listing showed no report entry"
            return "ok", None
        if self.home_error == "robots":
            return "robots", "robots.txt disallows the homepage"
        if self.home_error == "blocked" or self.challenge == "failed":
            return "blocked", "JavaScript challenge not passed" if self.challenge == "failed" else "403 on the homepage"
        if self.home_error:
            if self.home_error.startswith("homepage"):
                return "no column found", self.home_error
            return "unreachable", self.home_error
        if self.exhausted:
            return "budget exhausted", f"no 年报 column within {self.budget} requests"
        why = "no 年报 column found"
        if self.robots:
            why += f" ({self.robots} pages forbidden by robots.txt)"
        return "no column found", why

    def row(self, now: dt.datetime) -> dict:
        status, reason = self.status()
        cols = sorted(self.columns.values(), key=lambda c: c["url"])
        return {
            "site_id": self.site.site_id,
            "name": self.site.name,
            "homepage_url": self.site.homepage_url,
            "verified": now.date().isoformat(),
            "status": status,
            "reason": reason,
            "columns": cols,
            "n_columns": len(cols),
            "reports_found": sum(c["reports"] for c in cols),
            "documents_new": self.documents_new,
            "requests": self.requests,
            "budget": self.budget,
            "http_fallback": self.http_fallback,
            "challenge": self.challenge,
            "robots_disallowed": self.robots,
            "failures": self.failures[:20],
            "crawled_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        }
