"""Snapshots: atomic publish, verification of every file, and DuckDB over HTTP."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline import remote
from pipeline.duck import connect, quote_literal
from pipeline.publish import PublishError, publish
from pipeline.verify import verify

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def published(loaded, tmp_path_factory):
    """A copy of the loaded tree with one snapshot published (2025-04-01)."""
    root = tmp_path_factory.mktemp("snap") / "data"
    shutil.copytree(loaded[0], root, symlinks=True)
    publish(root, date="2025-04-01")
    return root


def test_publish_writes_a_verifiable_snapshot(published):
    snap = published / "snapshots" / "2025-04-01"
    assert os.readlink(published / "snapshots" / "latest") == "2025-04-01"
    assert (published / "snapshots" / "LATEST").read_text() == "2025-04-01\n"
    manifest = json.loads((snap / "manifest.json").read_text("utf-8"))
    files = {f["path"]: f for f in manifest["files"]}
    assert files["reports.parquet"]["rows"] == 10
    assert sum(f["rows"] for p, f in files.items() if p.startswith("facts/")) == manifest["coverage"]["facts"] == 1955
    assert manifest["coverage"]["reports_failing_checks"] == 1
    assert manifest["extractor_versions"] == {"0.1.0": 10}
    assert {"datapackage.json", "README.md"} <= set(files)
    result = verify(published / "snapshots" / "latest")
    assert result.ok, str(result)
    assert result.files_checked == len(files)
    card = (snap / "README.md").read_text("utf-8")
    assert "**10** 份年度报告 reports, from **8** 个机关 agencies" in card
    assert {"index.html", "explorer/index.html"} <= set(files)


def test_tampered_or_truncated_files_are_named(published, tmp_path):
    snap = tmp_path / "snap"
    shutil.copytree(published / "snapshots" / "2025-04-01", snap)
    data = bytearray((snap / "checks.parquet").read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte changed
    (snap / "checks.parquet").write_bytes(bytes(data))
    part = snap / "facts" / "year=2024" / "part-0.parquet"
    part.write_bytes(part.read_bytes()[:-100])
    result = verify(snap)
    assert not result.ok
    assert result.bad_files == ["checks.parquet", "facts/year=2024/part-0.parquet"]
    messages = [str(p) for p in result.problems]
    assert any(m.startswith("checks.parquet: sha256 ") for m in messages)
    assert any(m.startswith("facts/year=2024/part-0.parquet: size ") for m in messages)
    assert any(m.startswith("facts/year=2024/part-0.parquet: not a readable Parquet file") for m in messages)


def test_missing_manifest_and_stray_files(published, tmp_path):
    snap = tmp_path / "snap"
    shutil.copytree(published / "snapshots" / "2025-04-01", snap)
    (snap / "extra.parquet").write_bytes(b"PAR1")
    assert verify(snap).bad_files == ["extra.parquet"]
    (snap / "manifest.json").unlink()
    result = verify(snap)
    assert not result.ok and result.bad_files == ["manifest.json"]


KILLER = """
import os, sys, time
from pipeline.publish import publish
def hook(point):
    if point == sys.argv[3]:
        print(point, flush=True)
        time.sleep(120)
publish(sys.argv[1], date=sys.argv[2], hook=hook)
"""


@pytest.mark.parametrize("point", ["copied", "synced"])
def test_a_killed_publish_leaves_the_previous_snapshot(published, copy_of, point):
    root = copy_of(published)
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(root), "2025-05-01", point],
                            cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == point  # the writer is parked at the hook point
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    snaps = root / "snapshots"
    assert os.readlink(snaps / "latest") == "2025-04-01"
    assert not (snaps / "2025-05-01").exists()
    assert any(p.name.startswith(".2025-05-01.tmp-") for p in snaps.iterdir())  # the half-written one
    assert verify(snaps / "latest").ok
    # the next publish cleans up and completes
    publish(root, date="2025-05-01")
    assert os.readlink(snaps / "latest") == "2025-05-01"
    assert sorted(p.name for p in snaps.iterdir()) == ["2025-04-01", "2025-05-01", "LATEST", "latest"]
    assert verify(snaps / "latest").ok and verify(snaps / "2025-04-01").ok


def test_republishing_a_date_replaces_it_whole(published, copy_of):
    root = copy_of(published)
    (root / "tables" / "sites.parquet").unlink()  # a later load changed the tables
    shutil.copy(published / "tables" / "sites.parquet", root / "tables" / "sites.parquet")
    publish(root, date="2025-04-01")
    assert verify(root / "snapshots" / "2025-04-01").ok
    assert sorted(p.name for p in (root / "snapshots").iterdir()) == ["2025-04-01", "LATEST", "latest"]
    with pytest.raises(PublishError, match="YYYY-MM-DD"):
        publish(root, date="April 1st")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def http_snapshots(published):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(published / "snapshots")))
    server.handle_error = lambda request, address: None  # DuckDB drops connections it has read enough of
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


QUERIES = [
    "SELECT year, count(*), sum(value) FROM facts WHERE code = 't3.new.total' GROUP BY year ORDER BY year",
    "SELECT report_id, agency, year, status, failed_checks FROM reports ORDER BY report_id",
    "SELECT count(*), sum(value), count(raw) FROM facts",
    "SELECT check_id, count(*) FILTER (WHERE NOT ok) FROM checks GROUP BY 1 ORDER BY 1",
]


def test_duckdb_over_http_equals_local_files(published, http_snapshots):
    url = http_snapshots + "/latest/"
    assert verify(url).ok, str(verify(url))
    over_http = remote.connect(url)
    local = connect()
    snap = published / "snapshots" / "2025-04-01"
    for name in ("reports", "checks"):
        local.execute(f"CREATE VIEW {name} AS FROM read_parquet({quote_literal(snap / (name + '.parquet'))})")
    local.execute(f"CREATE VIEW facts AS FROM read_parquet({quote_literal(snap / 'facts' / '*' / '*.parquet')}, "
                  "hive_partitioning = true, hive_types = {'year': SMALLINT})")
    for q in QUERIES:
        assert over_http.execute(q).fetchall() == local.execute(q).fetchall(), q
    assert over_http.execute("SELECT count(*) FROM facts").fetchone() == (1955,)
    over_http.close()
    local.close()


def test_verify_over_http_names_a_tampered_file(published, http_snapshots):
    part = published / "snapshots" / "2025-04-01" / "texts.parquet"
    original = part.read_bytes()
    try:
        part.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
        result = verify(http_snapshots + "/2025-04-01/manifest.json")
        assert result.bad_files == ["texts.parquet"]
    finally:
        part.write_bytes(original)
