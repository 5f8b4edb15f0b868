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

from .datadir import DataDir

REPO = Path(__file__).resolve().parent.parent  # scrapy.cfg lives here
_STAT = re.compile(r"^\s*[{ ]?'([^']+)':\s*(-?\d+(?:\.\d+)?)[,}]?\s*$")


@dataclass
class CrawlResult:
    returncode: int | None  # None: killed at the time limit
    seconds: float
    stats: dict = field(default_factory=dict)
    tail: list[str] = field(default_factory=list)  # last lines, for the error message

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def error(self) -> str:
        if self.returncode is None:
            return f"crawl timed out after {self.seconds:.0f}s"
        last = next((l for l in reversed(self.tail) if l.strip()), "")
        return f"crawl exited with code {self.returncode}: {last.strip()[:300]}"


def command(data_dir: Path, registry: str | os.PathLike | list, *, sites: list[str] | None = None,
            spider_args: dict | None = None, settings: dict | None = None) -> list[str]:
    paths = registry if isinstance(registry, (list, tuple)) else [registry]
    cmd = [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"data={data_dir}",
           "-a", "registry=" + ",".join(str(Path(p).resolve()) for p in paths)]
    if sites:
        cmd += ["-a", "sites=" + ",".join(sites)]
    for k, v in (spider_args or {}).items():
        cmd += ["-a", f"{k}={v}"]
    for k, v in (settings or {}).items():
        cmd += ["-s", f"{k}={v}"]
    return cmd


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
              on_line: Callable[[str], None] | None = None) -> CrawlResult:
    dd = DataDir.of(data_dir)
    dd.root.mkdir(parents=True, exist_ok=True)
    cmd = command(dd.root, registry, sites=sites, spider_args=spider_args, settings=settings)
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
    return CrawlResult(returncode, round(time.monotonic() - started, 1), parse_stats(lines), lines[-20:])
