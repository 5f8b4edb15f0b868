"""The crawl stage: `scrapy crawl reports` in a subprocess.

A subprocess because Twisted's reactor can start only once per process and must not share a
process with Prefect's event loop or with Dask; each crawl gets a fresh one. Every output line is
handed to a callback (the flow logs it, the CLI counts it), and Scrapy's closing stats dump is
parsed into a dict of counters.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .datadir import DataDir

REPO = Path(__file__).resolve().parent.parent  # scrapy.cfg lives here
_STAT = re.compile(r"^\s*[{ ]?'([^']+)':\s*(-?\d+(?:\.\d+)?)[,}]?\s*$")


@dataclass
class CrawlResult:
    returncode: int | None  # None: killed at the time limit
    seconds: float
    stats: dict = field(default_factory=dict)
    tail: list[str] = field(default_factory=list)  # last lines, for the error message
    warnings: list[str] = field(default_factory=list)  # WARNING and ERROR lines

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def error(self) -> str:
        if self.returncode is None:
            return f"crawl timed out after {self.seconds:.0f}s"
        last = next((l for l in reversed(self.tail) if l.strip()), "")
        return f"crawl exited with code {self.returncode}: {last.strip()[:300]}"


def command(data_dir: Path, registry: str | os.PathLike | list, *, sites: list[str] | None = None,
            spider_args: dict | None = None, settings: dict | None = None,
            resolve: str | os.PathLike | None = None) -> list[str]:
    paths = registry if isinstance(registry, (list, tuple)) else [registry]
    cmd = [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"data={data_dir}",
           "-a", "registry=" + ",".join(str(Path(p).resolve()) for p in paths)]
    if sites:
        cmd += ["-a", "sites=" + ",".join(sites)]
    if resolve:
        cmd += ["-a", f"resolve={Path(resolve).resolve()}"]  # like curl --resolve (docs/hosts.md)
    for k, v in (spider_args or {}).items():
        cmd += ["-a", f"{k}={v}"]
    for k, v in (settings or {}).items():
        cmd += ["-s", f"{k}={v}"]
    return cmd


# The spider's own warnings about a site (crawler/spiders/reports.py) and Scrapy's log format.
_SITE_WARNING = re.compile(r"\] WARNING: (?P<site>[a-z0-9][a-z0-9._-]*): (?P<reason>(?:no 政府信息公开年报 column found|"
                           r"listing \S+ has no report entries).*)$")
_GAVE_UP = re.compile(r"\] WARNING: gave up on (?P<url>\S+) \((?P<why>[^)]*)\)\s*$")


def site_problems(lines: list[str], hosts: dict[str, str]) -> list[dict]:
    """[{site_id, reason}] from the crawl's warnings: a site whose 年报 column was not found or
    whose listing had no report, and every URL the crawler gave up on (its site found by host:
    `hosts` maps host:port to site_id). The documents of such a site that did come are kept."""
    out: list[dict] = []
    for line in lines:
        m = _SITE_WARNING.search(line)
        if m:
            out.append({"site_id": m["site"], "reason": m["reason"]})
            continue
        m = _GAVE_UP.search(line)
        if m:
            host = urlsplit(m["url"]).netloc
            out.append({"site_id": hosts.get(host, host), "reason": f"gave up on {m['url']} ({m['why']})"})
    return out


def site_outcomes(data_dir, site_ids: list[str] | None = None) -> list[dict]:
    """The crawl's per-site outcome rows (crawl/sites.parquet, docs/INTERFACES.md): status,
    reason, columns found; only `site_ids` when given."""
    path = DataDir.of(data_dir).root / "crawl" / "sites.parquet"
    if not path.exists():
        return []
    import pyarrow.parquet as pq

    wanted = set(site_ids or [])
    rows = pq.read_table(path, columns=["site_id", "status", "reason", "n_columns", "reports_found",
                                        "http_fallback", "challenge", "verified"]).to_pylist()
    return [r for r in rows if not wanted or r["site_id"] in wanted]


def outcome_counts(rows: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[r["status"]] = out.get(r["status"], 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (kv[0] != "ok", kv[0])))


def parse_stats(lines: list[str]) -> dict:
    """Numeric entries of Scrapy's "Dumping Scrapy stats:" block."""
    out: dict = {}
    inside = False
    for line in lines:
        if "Dumping Scrapy stats" in line:
            inside, out = True, {}
            continue
        if inside:
            m = _STAT.match(line)
            if m:
                value = m.group(2)
                out[m.group(1)] = float(value) if "." in value else int(value)
            if line.rstrip().endswith("}"):
                inside = False
    return out


def run_crawl(data_dir, registry, *, sites: list[str] | None = None, spider_args: dict | None = None,
              settings: dict | None = None, env: dict | None = None, timeout: float = 6 * 3600,
              on_line: Callable[[str], None] | None = None, resolve: str | os.PathLike | None = None) -> CrawlResult:
    dd = DataDir.of(data_dir)
    dd.root.mkdir(parents=True, exist_ok=True)
    cmd = command(dd.root, registry, sites=sites, spider_args=spider_args, settings=settings, resolve=resolve)
    proc_env = {**os.environ, **(env or {}), "OGI_DATA": str(dd.root), "PYTHONUNBUFFERED": "1"}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, env=proc_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True, text=True, errors="replace")
    lines: list[str] = []

    def pump() -> None:
        for line in proc.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            if on_line:
                on_line(line)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        returncode: int | None = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        returncode = None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM if proc.returncode is None else signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if proc.returncode is None:
            try:
                proc.wait(timeout=30)  # Scrapy closes its WARC and compacts the journal on SIGTERM
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    reader.join(timeout=10)
    warnings = [line for line in lines if "] WARNING: " in line or "] ERROR: " in line]
    return CrawlResult(returncode, round(time.monotonic() - started, 1), parse_stats(lines), lines[-20:], warnings)
