"""The nightly run: crawl → extract new or changed documents → validate → load → publish →
summary. One run per data directory at a time (flows.lock)."""
from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, get_run_logger

from . import documents, progress
from .datadir import DataDir
from .extraction import DEFAULT_TIMEOUT, current_version
from .lock import DataLock
from .registry import registry_files, site_count
from .steps import extract_and_publish, now_iso
from .summary import Summary
from .tasks import crawl_task


@flow(name="nightly")
def nightly(data_dir: str | None = None, registry: list[str] | None = None, sites: list[str] | None = None,
            dask_address: str | None = None, workers: int | None = None, date: str | None = None,
            crawl_env: dict | None = None, crawl_settings: dict | None = None,
            crawl_timeout: float = 6 * 3600, doc_timeout: float = DEFAULT_TIMEOUT, crawl: bool = True,
            expand: bool = False) -> dict:
    """Bring the dataset in `data_dir` up to date with the web.

    registry: registry CSV files (default: every site registry under <data>/registry);
    sites: only these site_ids; dask_address: run extraction on that Dask scheduler;
    date: snapshot date (default today); crawl_env/crawl_settings: passed to the Scrapy process
    (environment / -s settings); crawl=False: skip the crawl, bring what is stored up to date;
    expand=True: first grow the registry from its root rows (flows/expand.py) and crawl the sites
    found too (off by default: the demo registry is the whole simulated web)."""
    t0 = time.monotonic()
    dd = DataDir.of(data_dir)
    with DataLock(dd, "nightly"):
        return _nightly(dd, registry, sites, dask_address, workers, date, crawl_env, crawl_settings,
                        crawl_timeout, doc_timeout, t0, crawl, expand)


def _nightly(dd, registry, sites, dask_address, workers, date, crawl_env, crawl_settings, crawl_timeout,
             doc_timeout, t0, crawl, expand=False) -> dict:
    logger = get_run_logger()
    version = current_version()
    summary = Summary(flow="nightly", data_dir=str(dd.root), started=now_iso(), extractor_version=version)
    before = documents.url_index(documents.read_rows(dd))
    report = progress.get()
    report.start("crawl", total=None)
    if crawl:
        files = registry_files(dd, registry)
        if expand:
            files = _expand(dd, files, crawl_env, summary, logger)
        summary.sites = site_count(files, sites)
        crawled = crawl_task(str(dd.root), [str(f) for f in files], sites, None, crawl_settings, crawl_env,
                             crawl_timeout)
        summary.crawl = {"seconds": crawled["seconds"], **crawled["stats"]}
        summary.site_problems = crawled["problems"]
        summary.site_outcomes = crawled.get("site_outcomes") or {}
    else:
        summary.notes.append("crawl skipped: processed the documents already stored")
    rows = documents.read_rows(dd)
    delta = documents.delta(before, documents.url_index(rows))
    summary.documents = delta.as_dict()
    report.finish("crawl", f"{delta.new} new, {delta.changed} changed, {delta.unchanged} unchanged")
    logger.info("crawl: %d documents new, %d changed, %d unchanged", delta.new, delta.changed, delta.unchanged)
    return extract_and_publish(summary, dd, rows, version, dask_address=dask_address, workers=workers,
                               doc_timeout=doc_timeout, date=date, t0=t0).as_dict()


def _expand(dd, files, crawl_env, summary, logger) -> list:
    """The expand step: discovered/sites.csv is crawled with the hand-kept files (which win)."""
    from .expand import run_expand, site_lists

    out = dd.root / "registry" / "discovered" / "sites.csv"
    files = [f for f in files if Path(f).resolve() != out.resolve()]  # rewritten by this step
    found = run_expand(dd, site_lists(files), env=crawl_env)
    logger.info("registry expansion: %d sites found, %d flagged, %d conflicts in %.0fs", found["sites"],
                len(found["flagged"]), len(found["conflicts"]), found["seconds"])
    summary.notes.append(f"registry expansion: {found['sites']} sites found ({len(found['flagged'])} flagged)")
    return list(files) + ([out] if found["sites"] else [])
