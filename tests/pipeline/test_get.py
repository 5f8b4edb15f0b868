"""`ogi get URL DIR`: a published snapshot served by a real static server on loopback (Twisted,
which answers byte ranges), downloaded, interrupted by kill -9 in the middle, and run again: the
copy verifies and is byte-identical to the source, and nothing was ever half-written under a
final name (issue 14)."""
from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.publish import publish
from pipeline.remote import PARTIAL_DIR
from tests.netutil import listening_socket, twist_web

ROOT = Path(__file__).resolve().parents[2]
OGI = [sys.executable, "-m", "flows"]


@pytest.fixture(scope="module")
def served(loaded, tmp_path_factory):
    src = tmp_path_factory.mktemp("get-src") / "data"
    shutil.copytree(loaded[0], src, symlinks=True)
    snap = publish(src, date="2025-03-01")
    twist = shutil.which("twist", path=str(Path(sys.executable).parent))
    sock = listening_socket()
    port = sock.getsockname()[1]
    proc = twist_web(twist, str(snap.parent), sock, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sock.close()  # the server holds its own copy of the listening socket
    url = f"http://127.0.0.1:{port}/{snap.name}/"
    try:
        deadline = time.monotonic() + 60
        while True:  # the socket already listens: the first request waits until twist accepts it
            try:
                with urllib.request.urlopen(url + "manifest.json", timeout=60) as r:
                    assert r.status == 200
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "twist web did not start"
                time.sleep(0.2)
        yield snap, url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _tree(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def test_get_interrupted_by_kill_9_resumes_and_verifies(served, tmp_path):
    snap, url = served
    dest = tmp_path / "copy"
    source = _tree(snap)
    # slowly (so the kill lands mid-file), then killed as soon as a partial file has data
    proc = subprocess.Popen([*OGI, "get", url, str(dest), "--limit-rate", "100000", "--workers", "2"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    partial = dest / PARTIAL_DIR
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        parts = [p for p in partial.rglob("*") if p.is_file() and p.stat().st_size > 150_000] if partial.exists() else []
        if parts:
            break
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # mid-download: partial files exist, the manifest (written last) does not, and every file
    # under its final name is already whole and exact
    left = [p for p in partial.rglob("*") if p.is_file()]
    assert left and any(p.stat().st_size > 0 for p in left)
    assert not (dest / "manifest.json").exists()
    finals = {rel: p for rel, p in _tree(dest).items() if not rel.startswith(PARTIAL_DIR + "/")}
    assert len(finals) < len(source)
    for rel, p in finals.items():
        assert filecmp.cmp(p, source[rel], shallow=False), rel

    again = subprocess.run([*OGI, "get", url, str(dest)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                           check=False)
    assert again.returncode == 0, again.stderr
    m = re.search(r"(\d+) files verified \(([\d,]+) bytes fetched, (\d+) already here, (\d+) resumed\)",
                  " ".join(again.stdout.split()))
    assert m, again.stdout
    files, fetched, reused, resumed = int(m[1]), int(m[2].replace(",", "")), int(m[3]), int(m[4])
    assert files == len(source) - 1  # the manifest lists every file but itself
    assert reused == len(finals) and resumed >= 1  # kept what was whole, continued by Range
    assert fetched < sum(p.stat().st_size for p in source.values())
    assert not partial.exists()
    check = subprocess.run([*OGI, "verify", str(dest)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                           check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    copy = _tree(dest)
    assert copy.keys() == source.keys()
    for rel in source:
        assert filecmp.cmp(copy[rel], source[rel], shallow=False), rel


def test_get_refuses_a_manifest_that_escapes_the_directory(tmp_path):
    import http.server
    import json
    import threading
    from functools import partial

    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text(json.dumps({"snapshot": "x", "files": [
        {"path": "../evil.txt", "bytes": 1, "sha256": "0" * 64}]}))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(http.server.SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = subprocess.run([*OGI, "get", f"http://127.0.0.1:{server.server_address[1]}/", str(tmp_path / "d")],
                             cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    finally:
        server.shutdown()
        server.server_close()
    assert out.returncode == 1
    assert "unsafe path: '../evil.txt'" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "evil.txt").exists()


def test_the_cards_python_and_sql_run_as_written(served):
    """The snapshot card's "Query it" snippets, copied out of README.md as a researcher would,
    run in a fresh interpreter inside the snapshot directory and agree with each other."""
    snap, _ = served
    card = (snap / "README.md").read_text("utf-8")
    python = re.search(r"```python\n(.*?)```", card, re.DOTALL)[1]
    sql = re.search(r'```sh\nduckdb -c "(.*?)"\n```', card, re.DOTALL)[1]
    assert "library(duckdb)" in card and "dbGetQuery" in card and "arrow::read_parquet" in card
    assert "ogi get URL-OF-THIS-DIRECTORY" in card
    out = subprocess.run([sys.executable, "-c", python], cwd=snap, capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr
    probe = f"import duckdb, json; print(json.dumps(duckdb.sql({sql!r}).fetchall()))"
    rows = subprocess.run([sys.executable, "-c", probe], cwd=snap, capture_output=True, text=True, timeout=120,
                          check=True)
    import json

    per_year = json.loads(rows.stdout)
    assert len(per_year) >= 3 and sum(v for _, v in per_year) > 0
    printed = dict(re.findall(r"^(\d{4})\s+([\d.]+)$", out.stdout, re.MULTILINE))
    assert {int(y): float(v) for y, v in printed.items()} == {y: float(v) for y, v in per_year}
