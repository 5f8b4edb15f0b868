"""Backfill: crawl a subset of the registry and extract the reports of a range of years (for
example a newly added province, or the years before the registry entry was verified)."""
from __future__ import annotations

import time

from prefect import flow, get_run_logger

from . import documents, progress
from .datadir import DataDir
from .extraction import DEFAULT_TIMEOUT, current_version
from .lock import DataLock
from .registry import registry_files, site_count
from .steps import extract_and_publish, now_iso
from .summary import Summary
from .tasks import crawl_task


def in_years(rows: list[dict], first: int | None, last: int | None) -> list[dict]:
    """Rows whose report year is in [first, last]; an attachment without a year of its own takes
    its article's."""
    year_of = {r["url"]: r.get("year") for r in rows}

    def year(r: dict):
        y = r.get("year")
        return y if y is not None else year_of.get(r.get("parent_url"))

    return [r for r in rows if (y := year(r)) is not None and (first is None or y >= first)
            and (last is None or y <= last)]


@flow(name="backfill")
def backfill(sites: list[str], first_year: int | None = None, last_year: int | None = None,
             data_dir: str | None = None, registry: list[str] | None = None, dask_address: str | None = None,
             workers: int | None = None, date: str | None = None, crawl_env: dict | None = None,
             crawl_settings: dict | None = None, crawl_timeout: float = 6 * 3600,
             doc_timeout: float = DEFAULT_TIMEOUT) -> dict:
    t0 = time.monotonic()
    dd = DataDir.of(data_dir)
    with DataLock(dd, "backfill"):
        logger = get_run_logger()
        version = current_version()
        files = registry_files(dd, registry)
        summary = Summary(flow="backfill", data_dir=str(dd.root), started=now_iso(), extractor_version=version,
                          sites=site_count(files, sites))
        before = documents.url_index(documents.read_rows(dd))
        report = progress.get()
        report.start("crawl", total=None)
        crawled = crawl_task(str(dd.root), [str(f) for f in files], sites, None, crawl_settings, crawl_env,
                             crawl_timeout)
        summary.crawl = {"seconds": crawled["seconds"], **crawled["stats"]}
        summary.site_problems = crawled["problems"]
        summary.site_outcomes = crawled.get("site_outcomes") or {}
        rows = [r for r in documents.read_rows(dd) if r.get("site_id") in set(sites)]
        chosen = in_years(rows, first_year, last_year)
        delta = documents.delta(before, documents.url_index(chosen))
        summary.documents = delta.as_dict()
        report.finish("crawl", f"{len(chosen)} documents of {first_year or '…'}–{last_year or '…'}")
        logger.info("backfill %s, years %s–%s: %d documents", ",".join(sites), first_year, last_year, len(chosen))
        todo = documents.pending(dd, version, chosen)
        return extract_and_publish(summary, dd, documents.read_rows(dd), version, todo=todo,
                                   dask_address=dask_address, workers=workers, doc_timeout=doc_timeout, date=date,
                                   t0=t0).as_dict()
