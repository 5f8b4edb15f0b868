"""Scale benchmark: the crawl of a generated national tree of ≥ 2,000 small sites (simweb.national,
one virtual-hosting server on loopback, names through the resolve map) by two `scrapy crawl
reports` workers sharing one Redis frontier (a real redis-server on a free port).

Prints sites/hour, peak memory per worker, the frontier's peak size, requests per site, and the
extrapolation to 14,000 sites at 1 request/s per host. Politeness is off (OGI_FAST): this
measures the crawler's own cost; the extrapolation adds the politeness a real crawl keeps.

`python -m tests.bench scale` (OGI_SCALE_SITES=N for another size)."""
from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGET_SITES = 14_000
PER_WORKER = 16  # CONCURRENT_REQUESTS of crawler/settings.py


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def _expand(web, tmp: Path) -> str:
    """`scrapy crawl directory` from the root row of the same tree: found / exact / time."""
    import csv

    roots = web.write_registry(tmp / "roots.csv")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "directory", "-a", f"registry={roots}",
                           "-a", f"out={tmp / 'discovered'}", "-a", f"resolve={tmp / 'resolve.json'}",
                           "-s", "LOG_LEVEL=WARNING"], cwd=REPO, env={**os.environ, "OGI_FAST": "1"},
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return f"expansion failed: {proc.stderr.strip().splitlines()[-1:]}"
    truth = {s["homepage_url"]: s for s in web.truth()["sites"][1:]}
    ids = {s["homepage_url"]: s["site_id"] for s in web.truth()["sites"]}
    rows = list(csv.DictReader((tmp / "discovered" / "sites.csv").read_text("utf-8").splitlines()))
    exact = sum(1 for r in rows if r["homepage_url"] in truth
                and (r["region_code"], r["level"]) == (truth[r["homepage_url"]]["region_code"], truth[r["homepage_url"]]["level"])
                and r["parents"].split(";") == sorted(ids[u] for u in truth[r["homepage_url"]]["parent_urls"]))
    false = sum(1 for r in rows if r["homepage_url"] not in truth)
    return (f"expansion of the same tree from its root row (1 process): {len(rows)} of {len(truth)} sites found, "
            f"{exact} with the right region code, level and parent, {false} false; {wall:.0f} s "
            f"({len(truth) / wall * 3600:,.0f} sites/hour)")


def main() -> None:
    import pyarrow.parquet as pq
    import redis

    from simweb.national import NationalWeb

    n_sites = int(os.environ.get("OGI_SCALE_SITES", "2000"))
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        tmp = Path(tmp)
        port = _free_port()
        rproc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", str(tmp)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=port)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        try:
            t0 = time.perf_counter()
            web = NationalWeb(n_sites=n_sites).start()
            try:
                levels = collections.Counter(n.level for n in web.nodes)
                print(f"national tree: {len(web.nodes)} sites ({', '.join(f'{k} {v}' for k, v in sorted(levels.items()))}),"
                      f" {len(web.reports)} reports, {len(web.pages)} pages; up in {time.perf_counter() - t0:.1f} s")
                registry = web.write_registry(tmp / "registry.csv", everything=True, columns=False)
                resolve = web.write_resolve(tmp / "resolve.json")
                crawl_id = f"scale-{int(time.time())}"
                env = {**os.environ, "OGI_FAST": "1", "OGI_DATA": "", "PYTHONUNBUFFERED": "1"}
                cmd = [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"registry={registry}",
                       "-a", f"data={tmp / 'data'}", "-a", f"resolve={resolve}", "-a", "browser=0",
                       "-s", f"OGI_REDIS_URL=redis://127.0.0.1:{port}/0", "-s", f"OGI_CRAWL_ID={crawl_id}",
                       "-s", "LOG_LEVEL=WARNING"]
                t0 = time.perf_counter()
                logs = [open(tmp / f"w{i}.log", "wb") for i in range(2)]  # noqa: SIM115 - the workers' stdout
                workers = [subprocess.Popen(cmd, cwd=REPO, env=env, stdout=logs[i], stderr=subprocess.STDOUT)
                           for i in range(2)]
                peak_mem = [0, 0]
                cpu = [0.0, 0.0]
                peak_frontier = 0
                key = f"ogi:{crawl_id}:reports:requests"
                while any(w.poll() is None for w in workers):
                    for i, w in enumerate(workers):
                        if w.poll() is None:
                            peak_mem[i] = max(peak_mem[i], _hwm_kib(w.pid))
                            cpu[i] = max(cpu[i], _cpu_seconds(w.pid))
                    try:
                        kind = client.type(key).decode()
                        size = client.zcard(key) if kind == "zset" else client.llen(key) if kind == "list" else 0
                        peak_frontier = max(peak_frontier, size)
                    except redis.RedisError:
                        pass
                    time.sleep(0.25)
                wall = time.perf_counter() - t0
                seen = client.scard(f"ogi:{crawl_id}:reports:dupefilter")
                codes = [w.returncode for w in workers]
                for fh in logs:
                    fh.close()
                requests = list(web.requests)
                expansion = _expand(web, tmp)
            finally:
                web.stop()
            docs = pq.read_table(tmp / "data" / "crawl" / "documents.parquet").to_pylist() \
                if (tmp / "data" / "crawl" / "documents.parquet").exists() else []
        finally:
            rproc.terminate()
            rproc.wait(timeout=10)

    sites = len(web.nodes)
    expected_docs = len(web.reports)
    with_docs = len({d["site_id"] for d in docs})
    owing = len({r.site_id for r in web.reports})
    n_req = len(requests)
    per_site = n_req / sites
    print(f"workers exit codes {codes}; {n_req} requests served ({per_site:.1f} per site, "
          f"{sum(1 for r in requests if r[1] == '/robots.txt')} robots.txt), "
          f"{len(docs)} of {expected_docs} report documents, {with_docs} of {owing} sites with reports")
    print(f"wall {wall:.1f} s → {sites / wall * 3600:,.0f} sites/hour, {n_req / wall:.0f} requests/s "
          f"(2 workers, politeness off, one 2-core machine shared with the web server)")
    print("peak memory per worker (VmHWM): " + ", ".join(f"{m / 1024:.0f} MiB" for m in peak_mem)
          + "; CPU per worker: " + ", ".join(f"{c:.0f} s" for c in cpu))
    print(f"frontier (Redis): peak {peak_frontier} queued requests, {seen} fingerprints at the end")
    # Extrapolation: 14,000 sites with this many requests each, at 1 request/s per host.
    total = TARGET_SITES * per_site
    cpu_per_req = sum(cpu) / max(n_req, 1)
    for w in (2, 4, 8):
        # Assumption: a real government server answers in about 1 s, so each of a worker's 16
        # request slots turns over about once a second, on hosts that each see ≤ 1 request/s.
        rate = min(PER_WORKER * w, TARGET_SITES)
        hours = total / rate / 3600
        print(f"extrapolation, {TARGET_SITES:,} sites × {per_site:.1f} requests at 1 request/s per host, {w} workers: "
              f"{total:,.0f} requests, ~{hours:.1f} h wall (~{rate} requests/s at ~1 s per response), "
              f"CPU {total * cpu_per_req / 3600:.1f} core-hours, frontier ~{peak_frontier * TARGET_SITES / sites:,.0f}")
    print(expansion)
    print(f"per host: {per_site:.0f} requests at 1/s → ≥ {per_site:.0f} s per site; memory grows with the "
          f"frontier and the dupefilter (Redis), not with the worker (peaks above at {sites} sites)")


if __name__ == "__main__":
    main()
