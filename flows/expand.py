"""The registry expansion stage: `scrapy crawl directory` in a subprocess (crawler/spiders/
directory.py), from the root rows to <data>/registry/discovered/sites.csv (docs/crawler.md,
data/registry/README.md). Used by `ogi registry expand` and by the nightly flow's expand step."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .crawl import REPO
from .datadir import DataDir
from .errors import CrawlFailed


def discovered_dir(dd: DataDir) -> Path:
    return dd.root / "registry" / "discovered"


def site_lists(files: list[Path]) -> list[Path]:
    """The registry files among `files` (a CSV with a site_id column); other tables kept in
    data/registry (agency_renamings.csv …) are not lists of sites."""
    out = []
    for f in files:
        with open(f, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
        if "site_id" in header:
            out.append(f)
    return out


def run_expand(data_dir, registry: list, out_dir: str | Path | None = None, *, resolve: str | None = None,
               env: dict | None = None, timeout: float = 6 * 3600,
               on_line: Callable[[str], None] | None = None) -> dict:
    """Expand from every row of `registry`; returns report.json's summary plus `seconds`."""
    dd = DataDir.of(data_dir)
    out = Path(out_dir) if out_dir else discovered_dir(dd)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "directory",
           "-a", "registry=" + ",".join(str(Path(p).resolve()) for p in registry), "-a", f"out={out.resolve()}"]
    if resolve:
        cmd += ["-a", f"resolve={Path(resolve).resolve()}"]
    proc_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
    started = time.monotonic()
    lines: list[str] = []
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=proc_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, errors="replace", timeout=timeout,
                              check=False)
        lines = proc.stdout.splitlines()
        code = proc.returncode
    except subprocess.TimeoutExpired:
        raise CrawlFailed(f"registry expansion timed out after {timeout:.0f}s") from None
    for line in lines:
        if on_line:
            on_line(line)
    if code != 0:
        last = next((l for l in reversed(lines) if l.strip()), "")
        raise CrawlFailed(f"registry expansion exited with code {code}: {last.strip()[:300]}")
    summary = json.loads((out / "report.json").read_text(encoding="utf-8"))
    summary["seconds"] = round(time.monotonic() - started, 1)
    summary["out"] = str(out)
    return summary
