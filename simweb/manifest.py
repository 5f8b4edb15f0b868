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

from collections import Counter

from simweb import generator as gen

from .sites.base import Item, Site
from .web import WEB_VERSION, Web


def report_entries(site: Site, item: Item, base: str) -> list[dict]:
    """The manifest entries of one report: its article (when the page holds the report) and each
    attachment."""
    truth = item.truth
    common = {
        "site_id": site.info.site_id, "agency": item.agency, "region_code": item.region_code, "level": item.level,
        "year": item.year, "report_key": item.key, "templates": truth["templates"], "facts": truth["facts"],
        "failed_checks": truth["failed_checks"], "title": item.title, "published": item.published.date().isoformat(),
        "seed": item.seed_id,
    }
    article = base + item.article_path
    out = []
    if item.in_article:
        out.append({"url": article, "format": "html", "role": "article", "parent_url": None,
                    "link_url": base + item.link_path, "content_type": site.html_type, "charset": item.charset,
                    "content_disposition": None, "note": "lying_meta" if "lying_meta" in item.flags else "", **common})
    for a in item.attachments:
        out.append({"url": base + a.path, "format": a.fmt, "role": "attachment", "parent_url": article,
                    "link_url": base + a.path, "content_type": a.content_type, "charset": None,
                    "content_disposition": a.disposition, "note": a.note, **common})
    return out


def _listing(site: Site, base: str) -> dict:
    pages = []
    for p in site.listing_pages():
        page = {"url": base + p["path"], "method": p["method"], "items": [base + x for x in p["items"]]}
        if "form" in p:
            page["form"] = dict(p["form"])
        pages.append(page)
    out = {"style": site.style, "column_url": base + site.column_path, "pages": pages,
           "items": [u for p in pages for u in p["items"]]}
    if hasattr(site, "browser_pages"):
        out["browser_pages"] = [base + p for p in site.browser_pages()]
    return out


def build(web: Web, bases: dict[str, str], seed: int) -> dict:
    reports, never_keep, never_request, prefixes, carriers, broken, redirects = [], [], [], [], [], [], []
    listings, sites = {}, {}
    for site_id, site in web.sites.items():
        base = bases[site_id]
        with site.lock:
            for it in site.items:
                if it.kind == "report":
                    reports += report_entries(site, it, base)
                    if not it.in_article:
                        carriers.append(base + it.article_path)
                elif it.kind == "noise":
                    never_keep.append(base + it.article_path)
                    never_keep += [base + a.path for a in it.attachments]
            ex = site.extras()
            listings[site_id] = _listing(site, base)
        never_request += [base + p for p in ex["never_request"]]
        prefixes += [base + p for p in ex.get("never_request_prefixes", [])]
        broken += [{"url": base + b["path"], "status": b["status"]} for b in ex["broken"]]
        redirects += [{"url": base + r["path"], "chain": [base + c for c in r["chain"]], "statuses": r["statuses"]}
                      for r in ex["redirects"]]
        i = site.info
        sites[site_id] = {"name": i.name, "agency": i.agency, "region_code": i.region_code, "level": i.level,
                          "style": site.style, "cms_hint": i.cms_hint, "js": i.js, "charset": site.charset,
                          "homepage_url": base + "/", "platform_url": base + site.platform_path,
                          "column_url": base + site.column_path, "column_in_registry": i.column_in_registry}
    return {"web_version": WEB_VERSION, "generator_version": gen.GENERATOR_VERSION, "seed": seed,
            "sites": sites, "reports": reports, "never_request": never_request,
            "never_request_prefixes": prefixes, "never_keep": never_keep, "carriers": carriers,
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
