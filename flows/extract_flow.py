"""The extract stage as a (sub)flow: one task per pending document, on local threads (each waits
on its own extractor process) or on a Dask cluster when an address is given."""
from __future__ import annotations

import os
from dataclasses import asdict

from prefect import flow, get_run_logger
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from . import progress
from .documents import Todo
from .extraction import DEFAULT_TIMEOUT
from .tasks import extract_task


def default_workers() -> int:
    return int(os.environ.get("OGI_WORKERS") or os.cpu_count() or 2)


def task_runner(dask_address: str | None = None, workers: int | None = None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=workers or default_workers())


@flow(name="extract-documents")
def extract_documents(data_dir: str, todo: list[dict], version: str,
                      timeout: float = DEFAULT_TIMEOUT) -> dict:
    """Extract every pending document; returns {extracted, cached, failed, failures: [...]}. A
    document's failure is recorded in quarantine by its task and never fails this flow."""
    logger = get_run_logger()
    out = {"extracted": 0, "cached": 0, "failed": 0, "failures": []}
    report = progress.get()
    report.start("extract", total=len(todo))
    if not todo:
        report.finish("extract", "nothing new")
        logger.info("nothing to extract: every document is cached for extractor %s", version)
        return out
    logger.info("extracting %d documents with extractor %s", len(todo), version)
    futures = [extract_task.submit(data_dir, t["sha256"], t.get("content_type"), version, t.get("url"), timeout)
               for t in todo]
    by_future = {f: t for f, t in zip(futures, todo)}
    for fut in as_completed(futures):
        t = by_future[fut]
        try:
            res = fut.result()
        except Exception as e:  # noqa: BLE001 - an orchestration error (a lost worker): the document waits for the next run
            res = {"sha256": t["sha256"], "status": "failed", "reason": f"task failed: {type(e).__name__}: {e}"}
        out[res["status"]] = out.get(res["status"], 0) + 1
        if res["status"] == "failed":
            out["failures"].append({"sha256": res["sha256"], "url": t.get("url"), "reason": res.get("reason")})
        report.advance("extract", note=res["status"])
    out["failures"].sort(key=lambda f: f["sha256"])
    report.finish("extract", f"{out['extracted']} extracted, {out['failed']} failed")
    logger.info("extract: %(extracted)d extracted, %(cached)d cached, %(failed)d failed", out)
    return out


def run_extract(data_dir: str, todo: list[Todo], version: str, *, dask_address: str | None = None,
                workers: int | None = None, timeout: float = DEFAULT_TIMEOUT) -> dict:
    """Call the subflow with the task runner for this run."""
    sub = extract_documents.with_options(task_runner=task_runner(dask_address, workers))
    return sub(data_dir, [asdict(t) for t in todo], version, timeout)
