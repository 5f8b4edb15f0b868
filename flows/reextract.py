"""Re-extract every stored document whose extraction is from an older extractor version, then
reload and republish. No crawl: the bytes are already in data/raw/blobs."""
from __future__ import annotations

import time

from prefect import flow, get_run_logger

from . import documents
from .datadir import DataDir
from .extraction import DEFAULT_TIMEOUT, current_version
from .lock import DataLock
from .steps import extract_and_publish, now_iso
from .summary import Summary


def older_versions(dd: DataDir, version: str) -> list[str]:
    root = dd.extracted_root
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != version) if root.exists() else []


def stale(dd: DataDir, version: str, rows: list[dict]) -> list[documents.Todo]:
    """Documents extracted (or quarantined) by some older version but not by this one."""
    old = older_versions(dd, version)
    done_before = set()
    for v in old:
        d = dd.extracted(v)
        done_before |= {p.stem for p in d.glob("*.json")}
        done_before |= {p.stem for p in (d / "quarantine").glob("*.json")}
    return [t for t in documents.pending(dd, version, rows) if t.sha256 in done_before]


@flow(name="reextract")
def reextract(data_dir: str | None = None, dask_address: str | None = None, workers: int | None = None,
              date: str | None = None, doc_timeout: float = DEFAULT_TIMEOUT) -> dict:
    t0 = time.monotonic()
    dd = DataDir.of(data_dir)
    with DataLock(dd, "reextract"):
        version = current_version()
        rows = documents.read_rows(dd)
        todo = stale(dd, version, rows)
        get_run_logger().info("%d documents extracted by older versions (%s) need extractor %s",
                              len(todo), ", ".join(older_versions(dd, version)) or "none", version)
        summary = Summary(flow="reextract", data_dir=str(dd.root), started=now_iso(), extractor_version=version,
                          documents={"new": 0, "changed": 0, "unchanged": len({r['sha256'] for r in rows})})
        return extract_and_publish(summary, dd, rows, version, todo=todo, dask_address=dask_address,
                                   workers=workers, doc_timeout=doc_timeout, date=date, t0=t0).as_dict()
