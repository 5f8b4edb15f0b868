"""Shared, session-scoped fixtures of the UX tests: one snapshot made by the real pipeline
(load + publish) with its card and explorer, a static HTTP server on 127.0.0.1 serving it, and one
Chromium (Debian's, driven by Playwright)."""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from pipeline.card.card import write_card
from pipeline.explorer.build import build_explorer
from pipeline.fsutil import sha256_file
from tests.netutil import listening_socket, twist_web

from .snapshot_fixture import publish_snapshot, truth

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "ux"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


def _add_ux(snapshot: Path) -> None:
    """Card + explorer + their manifest entries, as publish does once it calls them (see the
    report to the lead); a no-op when publish already did."""
    if (snapshot / "explorer" / "index.html").exists():
        return
    written = write_card(snapshot) + build_explorer(snapshot)
    manifest_path = snapshot / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    for p in written:
        rel = p.relative_to(snapshot).as_posix()
        listed[rel] = {"path": rel, "table": None, "rows": None, "bytes": p.stat().st_size,
                       "sha256": sha256_file(p)}
    manifest["files"] = list(listed.values())
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ux-data")


@pytest.fixture(scope="session")
def snapshot(data_dir) -> Path:
    snap = publish_snapshot(data_dir)
    _add_ux(snap)
    return snap


@pytest.fixture(scope="session")
def fixture_truth() -> list[dict]:
    return truth()


@pytest.fixture()
def con(snapshot):
    """Plain DuckDB (Python) over the snapshot's Parquet: the tests' own reference queries."""
    c = duckdb.connect()
    yield c
    c.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Python's own static server (no byte ranges: the explorer then reads whole files) on an
    ephemeral port of 127.0.0.1; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def http_server(snapshot):
    """data/snapshots/ served, so the page is opened through the `latest` link as users do."""
    with serve(snapshot.parent) as url:
        yield url + "latest/"


@pytest.fixture(scope="session")
def empty_snapshot(tmp_path_factory) -> Path:
    """A snapshot of a data directory with nothing in it yet (a first publish)."""
    from pipeline.load import load
    from pipeline.publish import publish

    data = tmp_path_factory.mktemp("ux-empty")
    load(data, build_database=False)
    snap = publish(data, date="2025-01-01")
    _add_ux(snap)
    return snap


@pytest.fixture(scope="session")
def range_server(snapshot):
    """Twisted's static server (answers byte ranges, like nginx or any web host): the explorer
    then reads only the parts of each Parquet file a query needs. It listens on a socket bound
    here and handed over (tests/netutil.py), so no other process can take the port in between."""
    twist = shutil.which("twist", path=str(Path(sys.executable).parent))
    sock = listening_socket()
    port = sock.getsockname()[1]
    proc = twist_web(twist, str(snapshot.parent), sock, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sock.close()  # the server holds its own copy
    base = f"http://127.0.0.1:{port}/latest/"
    try:
        deadline = time.monotonic() + 30
        while True:  # connecting succeeds at once (the socket listens); wait for an answer
            try:
                with urllib.request.urlopen(base + "manifest.json", timeout=30):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("twist web did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium  # shared for the session: tests/conftest.py


class Page:
    """One explorer page plus what it asked the network for and what went wrong in it."""

    def __init__(self, browser, url: str, fragment: str = ""):
        self.context = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.ranges: dict[str, list[str | None]] = {}  # Range header of each request, by URL
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        self.page.goto(url + "explorer/index.html" + fragment)
        self.page.wait_for_selector("#status[data-state=ready], #status[data-state=error]", timeout=120_000)
        self.idle()

    def _request(self, r) -> None:
        self.requests.append(r.url)
        self.ranges.setdefault(r.url, []).append(r.headers.get("range"))

    def idle(self) -> None:
        self.page.wait_for_selector("body[data-busy='0']", timeout=120_000)

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self.idle()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def explorer(browser, http_server):
    page = Page(browser, http_server)
    yield page
    page.close()


def report_row(con, snapshot: Path, agency: str, year: int) -> dict:
    cur = con.execute(f"SELECT * FROM read_parquet('{snapshot}/reports.parquet') WHERE agency = ? AND year = ?",
                      [agency, year])
    cols = [d[0] for d in cur.description]
    return dict(zip(cols, cur.fetchone()))

