"""Crawl benchmark: throughput of a full crawl of the simulated web with politeness off (OGI_FAST:
no AutoThrottle, no delay; the guarded site is left out because it enforces 2 requests/s by
design), then the cost of a no-op re-crawl of the unchanged web (requests, how many 304).

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
    from simweb.server import SimWeb
    from tests.crawler.crawlkit import documents, run_crawl

    cache = Path(os.environ.get("OGI_SIMWEB_TEST_CACHE") or REPO / "data" / "cache" / "simweb")
    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        with SimWeb(tmp / "web", cache_dir=cache) as web:
            print(f"simulated web up in {time.perf_counter() - t0:.1f} s")
            registry = web.write_registry(tmp / "registry.csv")
            truth = web.truth()
            sites = ",".join(k for k, v in truth["sites"].items() if v["style"] != "guarded")
            data = tmp / "data"

            web.clear_log()
            t0 = time.perf_counter()
            run_crawl(registry, data, sites=sites, log=tmp / "full.log")
            wall = time.perf_counter() - t0
            log = web.request_log
            span = max(e["time"] for e in log) - min(e["time"] for e in log)
            rows = documents(data)
            size = sum(r["size"] for r in rows)
            print(f"full crawl ({sites}): {len(log)} requests, {len(rows)} documents, {size / 1e6:.1f} MB")
            print(f"  {len(log) / span:.1f} requests/s over the crawl ({span:.1f} s), "
                  f"{len(log) / wall:.1f} requests/s including process start ({wall:.1f} s)")

            web.clear_log()
            t0 = time.perf_counter()
            run_crawl(registry, data, sites=sites, log=tmp / "noop.log")
            wall = time.perf_counter() - t0
            log = web.request_log
            statuses = collections.Counter(e["status"] for e in log)
            print(f"no-op re-crawl: {len(log)} requests ({dict(sorted(statuses.items()))}) in {wall:.1f} s, "
                  f"{len(documents(data)) - len(rows)} new documents")


if __name__ == "__main__":
    main()
