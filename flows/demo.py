"""`make demo` / `ogi demo`: the whole pipeline on the simulated government web.

Starts SimWeb (thirteen simulated government sites with real-looking names on one 127.0.0.1 port,
~230 reports in HTML, PDF, DOCX, DOC and WPS), writes its registry (homepages only) and its
resolve map (names → 127.0.0.1, passed to the crawl as OGI_RESOLVE), runs the nightly flow through Prefect, then prints the run
summary, two sample queries, and where the DuckDB file and the snapshot are and how to open them.

The simulated web gets new ports on every start, and some of its pages (so their bytes and
sha256) change with them, so a previous demo's crawl and extractions would linger beside the new
ones. The demo therefore starts from a clean dataset each time (crawl, raw, extracted, tables,
database; the render cache, the Prefect history and dated snapshots stay). It refuses a data
directory that holds anything else: documents from anywhere but the simulated web (a real crawl),
or extractions without a crawl.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from .datadir import DataDir
from .errors import UserError

DEMO_ENV = {"OGI_FAST": "1", "OGI_ALLOW_LOOPBACK": "1"}  # the simulated web is on loopback, and ours


def _loopback(url: str, simulated: frozenset[str] = frozenset()) -> bool:
    """True for a URL of the simulated web: loopback, or a name its resolve map sends there."""
    from urllib.parse import urlsplit

    host = urlsplit(url or "").hostname
    return host in ("127.0.0.1", "localhost", "::1") or host in simulated


def _simulated_hosts(dd: DataDir) -> frozenset[str]:
    """The host names the previous demo's simulated web served (its resolve map, all 127.0.0.1)."""
    import json

    path = dd.cache / "simweb" / "resolve.json"
    try:
        names = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(h for h, ip in names.items() if ip == "127.0.0.1") if isinstance(names, dict) else frozenset()


DERIVED = ("crawl", "raw", "extracted", "tables", "cache/pipeline", "ogi.duckdb")


def reset(dd: DataDir) -> None:
    """Remove the previous demo's dataset (its web's ports are gone)."""
    from . import documents

    rows = documents.read_rows(dd)
    simulated = _simulated_hosts(dd)
    real = [r["url"] for r in rows if not _loopback(r.get("url"), simulated)]
    hint = "run the demo on its own data directory: OGI_DATA=/tmp/ogi-demo make demo"
    if real:
        raise UserError(f"{dd.root} holds a real crawl ({len(real)} documents, e.g. {real[0]}); {hint}")
    if not rows and any((dd.root / sub).exists() for sub in ("extracted", "tables", "ogi.duckdb")):
        raise UserError(f"{dd.root} holds extractions or tables without a crawl; {hint}")
    for sub in DERIVED:
        path = dd.root / sub
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def sample_queries(dd: DataDir, console) -> tuple[str, int] | None:
    """Print the two demo queries; returns (agency, year) of a report that fails a check."""
    from rich.table import Table

    from . import query as q
    from .sqlfiles import sql

    example = None
    for name, title in (("demo_by_year", "Applications received and granted, by report year"),
                        ("demo_failed_checks", "Reports whose own arithmetic does not add up (kept as published)")):
        text = sql(name)
        columns, rows, _ = q.run(text, dd.duckdb)
        t = Table(*columns, title=title, title_justify="left")
        for r in rows:
            t.add_row(*["" if v is None else str(v) for v in r])
        console.print(t)
        console.print(f"[dim]{_sql_body(text)}[/]\n", highlight=False)
        if name == "demo_failed_checks" and rows:
            example = (rows[0][0], rows[0][1])
    return example


def _sql_body(text: str) -> str:
    return " ".join(" ".join(line for line in text.splitlines() if not line.startswith("--")).split())


def where_things_are(dd: DataDir, summary, example, console) -> None:
    rel = _rel(dd.root)
    snap = summary.get("snapshot") or str(dd.snapshots / "latest")
    agency, year = example or ("西宁市人民政府", 2023)
    ogi = _command("ogi")
    py = _rel(Path(sys.executable))
    console.print(f"""[bold]Where things are[/]
  DuckDB database  {_rel(dd.duckdb)}   (views reports, facts, checks, texts, agencies, quarantine, …)
      {ogi} query "SELECT agency, year, status FROM reports LIMIT 5"
      {ogi} show {agency} {year}      (that report's three tables, the failed checks in red)
      {py} -c "import duckdb; \\
          con = duckdb.connect('{_rel(dd.duckdb)}', read_only=True); print(con.sql('FROM facts LIMIT 5'))"
      (the facts are stored in the file itself: it opens from any directory, in any DuckDB client)
  Snapshot         {_rel(Path(snap))}   (Parquet tables, manifest.json, datapackage.json, README.md)
      {ogi} verify {_rel(dd.snapshots / 'latest')}
      {py} -c "import duckdb; print(duckdb.sql(\\"FROM '{_rel(dd.snapshots / 'latest')}/reports.parquet' LIMIT 5\\"))"
  Prefect run      history, logs and this summary as an artifact: {rel}/cache/prefect; to browse them
      PREFECT_HOME={rel}/cache/prefect {_command("prefect")} server start   → http://127.0.0.1:4200
  On a schedule    {ogi} schedule   (nightly at 02:00 Asia/Shanghai; docs/flows.md)""",
                  highlight=False, soft_wrap=True)


def _command(name: str) -> str:
    """`ogi` when it is on PATH, else its path in this virtualenv."""
    here = Path(sys.executable).with_name(name)
    found = shutil.which(name)
    if found and Path(found).resolve() == here.resolve():
        return name
    return _rel(here) if here.exists() else name


def _rel(p: Path) -> str:
    """`p` relative to the working directory when it is inside it (symlinks kept: a venv's python)."""
    path = Path(os.path.abspath(p))
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(data_dir=None, verbose: bool = False) -> int:
    from .prefect_env import configure

    dd = DataDir.of(data_dir)
    configure(dd.root, quiet=not verbose)
    from simweb.server import SimWeb

    from .console import RichReporter, console, summary_table
    from .lock import DataLock
    from .run import run_flow
    from .summary import Summary

    with DataLock(dd, "demo"):  # refuse at once if a run holds the directory
        reset(dd)
        root = dd.cache / "simweb"
        first = not (root / "cache").exists()
        note = " (first start: rendering ~90 documents with LibreOffice, a minute or two)" if first else ""
        t0 = time.monotonic()
        with console.status(f"starting the simulated government web{note}"):
            web = SimWeb(root).start()
        try:
            registry = web.write_registry(root / "registry.csv")
            # the sites have real-looking names; the crawler resolves them to loopback through this
            # map (docs/hosts.md: OGI_RESOLVE, like curl's --resolve)
            resolve = web.write_resolve(root / "resolve.json")
            truth = web.truth()
            # The simulated web's "today" is the day after its newest publication (its reports run
            # to 2024): compliance is judged as of then, not as of the real date, when every 2025
            # report would count as owed and missing (docs/dataset.md, "Compliance": OGI_AS_OF).
            newest = max(r["published"] for r in truth["reports"] if r.get("published"))
            os.environ.setdefault("OGI_AS_OF", (date.fromisoformat(newest) + timedelta(days=1)).isoformat())
            console.print(f"simulated web: {len(web.sites)} sites, {len(truth['reports'])} reports, "
                          f"started in {time.monotonic() - t0:.0f}s; registry {_rel(registry)}")
            with RichReporter() as reporter:
                out = run_flow("nightly", dd.root, reporter=reporter, quiet=not verbose,
                               registry=[str(registry)], crawl_env={**DEMO_ENV, "OGI_RESOLVE": str(resolve)})
        finally:
            web.stop()
    console.print()
    console.print(summary_table(Summary.from_dict(out)))
    console.print()
    example = sample_queries(dd, console)
    where_things_are(dd, out, example, console)
    return 0


if __name__ == "__main__":
    from .cli import app

    sys.exit(app(["demo"]))
