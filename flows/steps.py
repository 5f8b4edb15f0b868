"""Steps every flow shares after its documents are known: extract what is new → validate → load →
publish → verify → summary (printed, saved, and a Prefect markdown artifact)."""
from __future__ import annotations

import datetime as dt
import time

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from . import documents, progress
from .datadir import DataDir
from .extract_flow import run_extract
from .extraction import DEFAULT_TIMEOUT
from .summary import Summary, dir_bytes
from .tasks import load_task, publish_task, validate_task, verify_task


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def extract_and_publish(summary: Summary, dd: DataDir, rows: list[dict], version: str, *,
                        todo: list[documents.Todo] | None = None, dask_address: str | None = None,
                        workers: int | None = None, doc_timeout: float = DEFAULT_TIMEOUT,
                        date: str | None = None, t0: float | None = None) -> Summary:
    report = progress.get()
    todo = documents.pending(dd, version, rows) if todo is None else todo
    ext = run_extract(str(dd.root), todo, version, dask_address=dask_address, workers=workers, timeout=doc_timeout)
    summary.extraction = {k: ext[k] for k in ("extracted", "cached", "failed")}
    summary.quarantine = list(ext["failures"])

    report.start("validate", total=None)
    extracted_now = sorted({t.sha256 for t in todo})
    now = set(extracted_now)
    years = {r["sha256"]: r["year"] for r in rows if r.get("sha256") in now and r.get("year")}
    val = validate_task(str(dd.root), extracted_now, version, years)
    url_of = {r["sha256"]: r.get("url") for r in rows if r.get("sha256")}
    summary.quarantine += [{"sha256": b["sha256"], "url": url_of.get(b["sha256"]), "reason": b["reason"]}
                           for b in val["invalid"]]
    report.finish("validate", f"{val['reports']} reports in {val['with_reports']} new documents")

    summary.documents["total"] = len({r["sha256"] for r in rows if r.get("sha256")})
    summary.documents["failed"] = len(summary.quarantine)

    report.start("load", total=None)
    loaded = load_task(str(dd.root))
    totals = loaded["totals"]
    summary.reports = int(totals["reports"])
    summary.facts = int(totals["facts"])
    summary.failed_checks = int(totals["failed_checks"])
    report.finish("load", f"{summary.reports} reports, {summary.facts} facts")

    report.start("publish", total=None)
    pub = publish_task(str(dd.root), date)
    summary.snapshot = pub.get("path")
    if summary.snapshot:
        summary.snapshot_bytes = dir_bytes(summary.snapshot)
        ver = verify_task(summary.snapshot)
        summary.verified = bool(ver.get("ok", True))
    report.finish("publish", summary.snapshot or "")
    summary.seconds = round(time.monotonic() - t0, 1) if t0 else 0.0
    return emit(summary, dd)


def emit(summary: Summary, dd: DataDir) -> Summary:
    logger = get_run_logger()
    logger.info("summary\n%s", summary.text())
    create_markdown_artifact(summary.markdown(), key=f"{summary.flow}-summary",
                             description=f"{summary.flow}: {summary.reports} reports, snapshot {summary.snapshot}")
    summary.save(dd, flow_run.get_id() or "local")
    return summary
