"""The truth manifest of the simulated web: the answer key of every crawl and extraction run
against it (also written as root/truth.json). Schema in docs/simweb.md:

  reports        one entry per report DOCUMENT (an HTML article and its PDF share a report_key)
  never_request  URLs robots.txt disallows (with never_request_prefixes, the disallowed paths)
  never_keep     noise documents (政府工作报告, 部门决算, …) that must not enter the dataset
  carriers       article pages that only link a report's attachment (no report text themselves)
  listings       per site: every listing request and exactly the item URLs it exposes
  broken, redirects, sites
"""
from __future__ import annotations

import hashlib
from collections import Counter

from simweb import generator as gen

from .sites.base import Item, Site
from .web import WEB_VERSION, Web


def _sha(site: Site, path: str) -> str | None:
    res = site.files.get(path)
    return hashlib.sha256(res.body).hexdigest() if res is not None and res.status == 200 else None


def _column_of(site: Site, item: Item):
    for col in site.columns():
        if col.key == item.column:
            return col
    return None


def report_entries(site: Site, item: Item) -> list[dict]:
    """The manifest entries of one report: its article (when the page holds the report) and each
    attachment."""
    truth = item.truth
    col = _column_of(site, item)
    common = {
        "site_id": site.info.site_id, "agency": item.agency, "region_code": item.region_code, "level": item.level,
        "year": item.year, "report_key": item.key, "templates": truth["templates"], "facts": truth["facts"],
        "failed_checks": truth["failed_checks"], "title": item.title, "title_shape": item.shape,
        "published": item.published.date().isoformat(),
        "listed": item.listed.date().isoformat() if item.listed and item.listed.date() != item.published.date() else None,
        "url_date": item.url_date.date().isoformat()
        if item.url_date and item.url_date.date() != item.published.date() else None,
        "platform_agency": col.agency if col is not None else site.info.agency,
        "column_url": site.url(col.path) if col is not None else None,
        "seed": item.seed_id,
    }
    article = site.url(item.article_path)
    out = []
    if item.in_article:
        out.append({"url": article, "format": "html", "role": "article", "parent_url": None,
                    "link_url": site.url(item.link_path), "content_type": site.html_type, "charset": item.charset,
                    "content_disposition": None, "note": "lying_meta" if "lying_meta" in item.flags else "",
                    "sha256": _sha(site, item.article_path), "continued": [site.url(p) for p in item.continued],
                    "viewer_url": None, **common})
    for a in item.attachments:
        out.append({"url": site.url(a.path), "format": a.fmt, "role": "attachment", "parent_url": article,
                    "link_url": site.url(a.href) if a.href.startswith("/") else site.url(a.path),
                    "content_type": a.content_type, "charset": None, "content_disposition": a.disposition,
                    "note": a.note, "sha256": _sha(site, a.path), "continued": [],
                    "viewer_url": site.url(item.viewer) if item.viewer else None, **common})
    return out


def _listing(site: Site) -> dict:
    pages = []
    for p in site.listing_pages():
        page = {"url": site.url(p["path"]), "method": p["method"], "items": [site.url(x) for x in p["items"]]}
        if "form" in p:
            page["form"] = dict(p["form"])
        pages.append(page)
    cols = []
    for col in site.columns():
        cols.append({"url": site.url(col.path), "agency": col.agency, "level": col.level, "trail": list(col.trail),
                     "reports": sum(1 for it in col.items if it.kind == "report")})
    out = {"style": site.style, "column_url": site.url(site.column_path) if site.column_path else cols[0]["url"],
           "columns": cols, "pages": pages, "items": [u for p in pages for u in p["items"]]}
    if hasattr(site, "browser_pages"):
        out["browser_pages"] = [site.url(p) for p in site.browser_pages()]
    return out


def build(web: Web, seed: int) -> dict:
    reports, never_keep, never_request, prefixes, carriers, broken, redirects, forms = [], [], [], [], [], [], [], []
    listings, sites = {}, {}
    for site_id, site in web.sites.items():
        blocked = site.info.outcome == "robots"  # Disallow: / — a polite crawler fetches nothing
        with site.lock:
            for it in site.items:
                if it.kind == "report" and not blocked:
                    reports += report_entries(site, it)
                    if not it.in_article:
                        carriers.append(site.url(it.article_path))
                elif it.kind == "noise":
                    never_keep.append(site.url(it.article_path))
                    never_keep += [site.url(a.path) for a in it.attachments]
            ex = site.extras()
            listings[site_id] = _listing(site)
        never_request += [site.url(p) for p in ex["never_request"]]
        prefixes += [site.url(p) for p in ex.get("never_request_prefixes", [])]
        broken += [{"url": site.url(b["path"]), "status": b["status"]} for b in ex["broken"]]
        redirects += [{"url": site.url(r["path"]), "chain": [site.url(c) for c in r["chain"]],
                       "statuses": r["statuses"]} for r in ex["redirects"]]
        forms += [site.url(p) for p in ex.get("forms", [])]
        i = site.info
        home = web.homepage_site(site_id)
        sites[site_id] = {"name": i.name, "agency": i.agency, "region_code": i.region_code, "level": i.level,
                          "style": site.style, "js": i.js, "charset": site.charset,
                          "homepage_url": web.registry_homepage(site_id), "http_homepage_url": home.origin + "/",
                          "hosts": sorted(h for h, s in web.hosts.items() if s.info.site_id == site_id),
                          "platform_url": site.url(site.platform_path),
                          "column_url": listings[site_id]["column_url"],
                          "column_urls": [c["url"] for c in listings[site_id]["columns"]],
                          "outcome": i.outcome}
    never_keep += forms
    return {"web_version": WEB_VERSION, "generator_version": gen.GENERATOR_VERSION, "seed": seed,
            "sites": sites, "reports": reports, "never_request": never_request,
            "never_request_prefixes": prefixes, "never_keep": never_keep, "forms": forms, "carriers": carriers,
            "listings": listings, "broken": broken, "redirects": redirects}


def summary(truth: dict) -> dict:
    reps = truth["reports"]
    keys = {r["report_key"]: r for r in reps}
    return {
        "sites": len(truth["sites"]),
        "reports": len(keys),
        "documents": len(reps),
        "by_format": dict(sorted(Counter(r["format"] for r in reps).items())),
        "by_role": dict(sorted(Counter(r["role"] for r in reps).items())),
        "by_year": dict(sorted(Counter(r["year"] for r in keys.values()).items())),
        "by_site": dict(sorted(Counter(r["site_id"] for r in keys.values()).items())),
        "failing_balance": sum(1 for r in keys.values() if any(c.startswith("t3.balance") for c in r["failed_checks"])),
        "seeds": sorted({r["seed"] for r in reps if r["seed"]}),
        "never_keep": len(truth["never_keep"]),
        "never_request": len(truth["never_request"]),
        "listing_pages": sum(len(x["pages"]) for x in truth["listings"].values()),
    }


def format_summary(s: dict) -> str:
    lines = [f"{s['reports']} reports in {s['documents']} documents on {s['sites']} sites"]
    for key in ("by_site", "by_year", "by_format", "by_role"):
        lines.append(f"  {key[3:]:<7} " + "  ".join(f"{k}={v}" for k, v in s[key].items()))
    lines.append(f"  failing t3.balance: {s['failing_balance']}   seeds: {', '.join(s['seeds'])}")
    lines.append(f"  noise documents (never_keep): {s['never_keep']}   robots-disallowed URLs: {s['never_request']}"
                 f"   listing requests: {s['listing_pages']}")
    return "\n".join(lines)
