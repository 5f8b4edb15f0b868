"""Crawl benchmark: a full crawl of the simulated web from its registry with politeness off
(OGI_FAST: no AutoThrottle, no delay; the guarded site is left out because it enforces 2
requests/s by design) — throughput and requests per report found (discovery included) — then
the no-op re-crawl of the unchanged web: requests, document downloads (must be 0), and whether
every listing was answered 304 or from cache.

`python -m tests.bench crawl` (or `python -m tests.bench.crawl_bench`). The simulated web's
rendered documents are cached under OGI_SIMWEB_TEST_CACHE if set, else data/cache/simweb."""
from __future__ import annotations

import collections
import os
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    import pyarrow.parquet as pq

    from simweb.server import SimWeb
    from tests.crawler.crawlkit import crawl_env, documents, log_url, run_crawl

    cache = Path(os.environ.get("OGI_SIMWEB_TEST_CACHE") or REPO / "data" / "cache" / "simweb")
    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        with SimWeb(tmp / "web", cache_dir=cache) as web:
            print(f"simulated web up in {time.perf_counter() - t0:.1f} s")
            registry = web.write_registry(tmp / "registry.csv")
            extra = {}
            if hasattr(web, "write_resolve"):  # hosts with real-looking names (docs/hosts.md)
                extra["OGI_RESOLVE"] = str(web.write_resolve(tmp / "resolve.json"))
            env = crawl_env(**extra)
            truth = web.truth()
            sites = ",".join(k for k, v in truth["sites"].items() if v.get("style") != "guarded")
            data = tmp / "data"

            web.clear_log()
            t0 = time.perf_counter()
            run_crawl(registry, data, sites=sites, log=tmp / "full.log", env=env)
            wall = time.perf_counter() - t0
            log = web.request_log
            span = max(e["time"] for e in log) - min(e["time"] for e in log)
            rows = documents(data)
            size = sum(r["size"] for r in rows)
            found_urls = {r["final_url"] for r in documents(data)}
            reports = {r["report_key"] for r in truth["reports"]
                       if r["site_id"] in sites.split(",") and r["url"] in found_urls}
            outcome = pq.read_table(data / "crawl" / "sites.parquet").to_pylist()
            discovery = sum(r["requests"] for r in outcome)
            statuses = collections.Counter(r["status"] for r in outcome)
            print(f"full crawl ({sites}): {len(log)} requests, {len(rows)} documents, {size / 1e6:.1f} MB")
            print(f"  {len(log) / span:.1f} requests/s over the crawl ({span:.1f} s), "
                  f"{len(log) / wall:.1f} requests/s including process start ({wall:.1f} s)")
            print(f"  {len(log) / max(1, len(reports)):.1f} requests per report found ({len(reports)} reports found; "
                  f"{discovery} discovery/column requests); site outcomes {dict(statuses)}")

            web.clear_log()
            t0 = time.perf_counter()
            run_crawl(registry, data, sites=sites, log=tmp / "noop.log", env=env)
            wall = time.perf_counter() - t0
            log = web.request_log
            statuses = collections.Counter(e["status"] for e in log)
            hosts = {k: v["homepage_url"].rstrip("/") for k, v in truth["sites"].items()}
            doc_urls = {r["url"] for r in rows} | {r["final_url"] for r in rows}
            downloads = [e for e in log if e["status"] == 200 and log_url(hosts, e) in doc_urls]
            listing = [e for e in log if log_url(hosts, e) not in doc_urls and not e["path"].endswith("robots.txt")]
            not_304 = [e for e in listing if e["status"] != 304 and e["method"] == "GET"]
            print(f"no-op re-crawl: {len(log)} requests ({dict(sorted(statuses.items()))}) in {wall:.1f} s; "
                  f"{len(downloads)} document downloads, {len(documents(data)) - len(rows)} new documents; "
                  f"listing/discovery GETs not answered 304: {len(not_304)}")
            for e in not_304:
                print(f"  not 304: {e['status']} {log_url(hosts, e)}")


if __name__ == "__main__":
    main()
