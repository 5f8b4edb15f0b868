"""A document the extractor cannot read is quarantined with the extractor's reason, and the run
still completes; a hang or a crash in one document's extraction costs only that document."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from extract.api import extract_bytes
from extract.errors import ExtractError
from flows import extraction
from flows.datadir import DataDir
from flows.extractor_process import ExtractorProcess
from pipeline.verify import verify

from .helpers import db_rows


def test_unreadable_document_is_quarantined_and_the_run_completes(quarantine_run, small_stored, run1):
    broken = small_stored["broken"]
    with pytest.raises(ExtractError) as err:
        extract_bytes(broken["bytes"], broken["sha256"] + ".pdf")
    s = quarantine_run["summary"]
    assert s["extraction"] == {"extracted": 3, "cached": 0, "failed": 1}
    assert s["documents"]["failed"] == 1
    assert s["quarantine"] == [{"sha256": broken["sha256"], "url": broken["url"], "reason": err.value.message}]
    urls = {r["url"] for r in small_stored["rows"]}
    assert s["reports"] == len({(t["agency"], t["year"]) for t in run1["truth"]["reports"] if t["url"] in urls})
    rows = db_rows(quarantine_run["data"], "quarantine")
    assert len(rows) == 1
    sha, stage, reason, version = rows[0]
    assert (sha, stage, version) == (broken["sha256"], "extract", extraction.current_version())
    assert err.value.message in reason
    assert verify(s["snapshot"]).ok


def test_quarantined_document_is_not_retried(quarantine_run, small_stored):
    dd = DataDir.of(quarantine_run["data"])
    sha = small_stored["broken"]["sha256"]
    record = extraction.cache_path(dd, sha, extraction.current_version())
    stamp = record.stat().st_mtime_ns
    again = extraction.extract_document(dd.root, sha, "pdf")
    assert again.status == "failed" and again.reason == quarantine_run["summary"]["quarantine"][0]["reason"]
    assert record.stat().st_mtime_ns == stamp  # answered from the record, not extracted again


def test_hard_time_limit_kills_a_hung_extraction(tmp_path, seeds):
    """A FIFO with no writer blocks the child's read forever — a real hang the extractor's own
    deadline cannot interrupt; the parent kills the process group and the next document gets a
    fresh child."""
    fifo = tmp_path / "hang"
    os.mkfifo(fifo)
    proc = ExtractorProcess()
    try:
        reply = proc.extract(fifo, "hang.txt", timeout=3)
        assert reply.code is None and reply.error == "timed out after 3s"
        assert proc.proc is None  # killed
        path, expected = seeds[0]
        ok = proc.extract(path, path.name, timeout=60)
        assert ok.code == 0
        assert ok.result["reports"][0]["facts"] == expected["facts"]
    finally:
        proc.close()


def test_crash_is_reported_with_its_signal(tmp_path, seeds):
    fifo = tmp_path / "hang"
    os.mkfifo(fifo)
    proc = ExtractorProcess()
    result = {}
    worker = threading.Thread(target=lambda: result.update(r=proc.extract(fifo, "x.txt", timeout=60)))
    try:
        worker.start()
        deadline = time.monotonic() + 30
        while proc.proc is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # let the child reach the blocking read
        os.kill(proc.proc.pid, signal.SIGSEGV)
        worker.join(30)
        assert result["r"].code == -signal.SIGSEGV
    finally:
        proc.close()


def test_timeout_is_retried_then_quarantined(tmp_path, seeds):
    """extract_document on a document that outlives the hard limit: TransientFailure on a first
    attempt (Prefect retries the task), a quarantine record with the reason on the last one."""
    import hashlib

    path, _ = seeds[0]
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    dd = DataDir.of(tmp_path)
    blob = dd.blob(sha)
    blob.parent.mkdir(parents=True)
    os.mkfifo(blob)  # the stored blob hangs whoever reads it
    with pytest.raises(extraction.TransientFailure, match="timed out after 2s"):
        extraction.extract_document(dd.root, sha, "text", timeout=2, final_attempt=False)
    assert not extraction.cache_path(dd, sha, extraction.current_version()).exists()
    out = extraction.extract_document(dd.root, sha, "text", timeout=2, final_attempt=True)
    assert (out.status, out.reason) == ("failed", "timed out after 2s")
    from flows import quarantine

    assert quarantine.read(dd, sha, extraction.current_version()) == {"code": 5, "message": "timed out after 2s"}


def test_a_hung_document_is_retried_then_quarantined_in_a_real_run(small_stored, tmp_path):
    """In a real Prefect run: the extract task of a document that hangs times out, is retried
    once by Prefect, then quarantined; the other document is extracted and the run publishes."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    from crawler.storage.manifest import SCHEMA
    from flows.run import run_flow

    good = next(r for r in small_stored["rows"] if r["content_type"] == "html")
    src = small_stored["root"] / "raw" / "blobs" / good["sha256"][:2] / good["sha256"]
    dd = DataDir.of(tmp_path)
    dd.blob(good["sha256"]).parent.mkdir(parents=True)
    dd.blob(good["sha256"]).write_bytes(src.read_bytes())
    hung_sha = hashlib.sha256(b"a document that never finishes reading").hexdigest()
    dd.blob(hung_sha).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(dd.blob(hung_sha))
    hung = {**good, "url": good["url"] + "?hung", "sha256": hung_sha}
    dd.documents.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([good, hung], schema=SCHEMA), dd.documents)
    summary = run_flow("nightly", tmp_path, crawl=False, doc_timeout=6, date="2025-04-01")
    assert summary["extraction"] == {"extracted": 1, "cached": 0, "failed": 1}
    assert summary["quarantine"] == [{"sha256": hung_sha, "url": hung["url"], "reason": "timed out after 6s"}]
    assert summary["reports"] == 1 and summary["verified"] is True
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterName
    from prefect.client.schemas.sorting import TaskRunSort

    from flows.prefect_env import api

    with api(), get_client(sync_client=True) as client:
        runs = client.read_task_runs(task_run_filter=TaskRunFilter(
            name=TaskRunFilterName(any_=[f"extract-{hung_sha[:12]}"])), sort=TaskRunSort.EXPECTED_START_TIME_DESC,
            limit=10)
    assert [r.run_count for r in runs] == [2]  # the first attempt timed out, Prefect retried it
    assert runs[0].state.is_completed()
