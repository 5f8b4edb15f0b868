"""Running real crawls against the simulated web from tests: each crawl is a `python -m scrapy
crawl reports` subprocess (its own Twisted reactor), in the fast profile, with loopback allowed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[2]


def crawl_cmd(registry: Path, data: Path, *settings: str, sites: str = "") -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"registry={registry}", "-a", f"data={data}",
           "-s", "LOG_LEVEL=INFO"]
    if sites:
        cmd += ["-a", f"sites={sites}"]
    for s in settings:
        cmd += ["-s", s]
    return cmd


def crawl_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "OGI_FAST": "1", "OGI_ALLOW_LOOPBACK": "1", "OGI_DATA": "", **extra}


def start_crawl(registry: Path, data: Path, *settings: str, sites: str = "", log: Path, env=None) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    fh = open(log, "ab")  # noqa: SIM115 - handed to the child process
    return subprocess.Popen(crawl_cmd(registry, data, *settings, sites=sites), cwd=REPO, env=env or crawl_env(),
                            stdout=fh, stderr=subprocess.STDOUT)


def run_crawl(registry: Path, data: Path, *settings: str, sites: str = "", log: Path, env=None,
              timeout: float = 400) -> str:
    proc = start_crawl(registry, data, *settings, sites=sites, log=log, env=env)
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"crawl did not finish in {timeout}s; log {log}")
    text = log.read_text("utf-8", "replace")
    assert rc == 0, f"crawl exited {rc}: {text[-3000:]}"
    return text


def kill_when(proc: subprocess.Popen, condition, timeout: float = 300) -> None:
    """SIGKILL the crawl the moment `condition()` holds (polled every 20 ms)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("crawl ended before it could be killed")
        if condition():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("kill condition never held")


def journal_lines(data: Path) -> int:
    n = 0
    for p in (data / "crawl" / "journal").glob("*.jsonl"):
        n += p.read_bytes().count(b"\n")
    return n


def documents(data: Path) -> list[dict]:
    return pq.read_table(data / "crawl" / "documents.parquet").to_pylist()


def log_url(web_sites: dict[str, str], entry: dict) -> str:
    """The URL a request-log entry asked for. Named hosts (docs/hosts.md) share one port and
    every listener speaks plain http (the https-broken site too): http://<host>:<port><path>."""
    if entry.get("host"):
        from urllib.parse import urlsplit

        port = urlsplit(web_sites[entry["site_id"]]).port
        url = f"http://{entry['host']}:{port}{entry['path']}"
        return f"{url}?{entry['query']}" if entry["query"] else url
    url = web_sites[entry["site_id"]] + entry["path"]
    return f"{url}?{entry['query']}" if entry["query"] else url


# What identifies a document independently of when and into which WARC it was fetched.
STABLE = ("url", "final_url", "listing_url", "site_id", "agency", "region_code", "level", "title", "year",
          "published_date", "content_type", "size", "sha256", "status", "role", "parent_url")


def stable(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(r[k] for k in STABLE) for r in rows)
