"""A published snapshot where it is served (any static HTTP server): query it in place, or get it.

connect(url) reads the snapshot's manifest.json and creates one view per table over the files'
URLs with DuckDB's httpfs, so `SELECT … FROM facts` works the same as on a local copy.
get(url, dir) downloads it (`ogi get`): manifest first, files in parallel, resumable, verified.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .duck import connect as duck_connect
from .duck import quote_literal
from .schemas import TABLES

TIMEOUT = 30


def supports_ranges(url: str) -> bool:
    """Whether the server answers byte-range requests (python's http.server does not: then each
    file is downloaded whole once instead of read in ranges)."""
    req = urllib.request.Request(url, headers={"Range": "bytes=0-3"})
    with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
        return r.status == 206


def connect(url: str):
    base = url if url.endswith("/") else url + "/"
    with urllib.request.urlopen(base + "manifest.json", timeout=TIMEOUT) as r:
        manifest = json.loads(r.read())
    con = duck_connect(extensions=("httpfs",))
    by_table: dict[str, list[str]] = {}
    for f in manifest["files"]:
        if f.get("table"):
            by_table.setdefault(f["table"], []).append(base + f["path"])
    first = next(iter(by_table.values()))[0]
    if not supports_ranges(first):
        con.execute("SET force_download = true")
    for name, urls in by_table.items():
        table = TABLES[name]
        files = "[" + ", ".join(quote_literal(u) for u in urls) + "]"
        hive = ", hive_partitioning = true, hive_types = {'year': SMALLINT}" if table.partition_by else ""
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files}{hive})")
    return con


# --- ogi get: download a published snapshot ----------------------------------------------------

PARTIAL_DIR = ".ogi-get"  # partial downloads, resumable; removed once every file is verified
CHUNK = 1 << 16


class GetError(RuntimeError):
    """The snapshot could not be downloaded whole (one line: which file and why)."""


@dataclass
class GetResult:
    snapshot: str | None
    directory: Path
    files: int = 0
    downloaded: int = 0  # bytes fetched in this run
    reused: int = 0  # files already complete and verified
    resumed: int = 0  # files continued from a partial download (HTTP Range)


def _safe_rel(rel: str) -> PurePosixPath:
    """A manifest path that stays inside the target directory (no absolute path, no '..')."""
    p = PurePosixPath(rel)
    if not rel or p.is_absolute() or any(part in ("", ".", "..") for part in p.parts) or "\\" in rel \
            or p.parts[0] == PARTIAL_DIR or rel == "manifest.json":
        raise GetError(f"manifest lists an unsafe path: {rel!r}")
    return p


def _sha256_of(path: Path) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


def get(url: str, directory: str | os.PathLike, workers: int = 4, rate_limit: float | None = None,
        progress=None) -> GetResult:
    """Download the snapshot published at `url` into `directory`: the manifest first, then its
    files in parallel, each into <dir>/.ogi-get/<path> and renamed to its final name only once its
    size and SHA-256 match the manifest (so a final name never holds half a file). A rerun after an
    interruption (even kill -9) keeps verified files, continues partial ones with an HTTP Range
    request (from the start when the server ignores ranges), and writes manifest.json last.
    `rate_limit`: bytes per second per file (None: as fast as the network goes)."""
    base = url.removesuffix("manifest.json")
    base = base if base.endswith("/") else base + "/"
    try:
        with urllib.request.urlopen(base + "manifest.json", timeout=TIMEOUT) as r:
            raw_manifest = r.read()
        manifest = json.loads(raw_manifest)
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise GetError(f"{base}manifest.json: {_reason(e)}") from None
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    partial = root / PARTIAL_DIR
    entries = [(_safe_rel(str(f.get("path", ""))), f) for f in files]
    result = GetResult(manifest.get("snapshot"), root, files=len(entries))
    lock = threading.Lock()

    def one(item) -> None:
        rel, entry = item
        final = root / rel
        want_sha, want_bytes = entry.get("sha256"), entry.get("bytes")
        if final.is_file() and _sha256_of(final) == (want_sha, want_bytes):
            with lock:
                result.reused += 1
            return
        part = partial / rel
        part.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):  # a partial file that turns out wrong is fetched again, once
            fetched, resumed = _download(base + quote(str(rel)), part, want_bytes, rate_limit)
            sha, size = _sha256_of(part)
            with lock:
                result.downloaded += fetched
                result.resumed += resumed
            if (sha, size) == (want_sha, want_bytes):
                break
            part.unlink()
            if attempt:
                raise GetError(f"{rel}: sha256 {sha[:16]}… ({size} bytes) does not match the manifest")
        with open(part, "rb") as f:
            os.fsync(f.fileno())
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, final)
        if progress:
            progress(str(rel))

    with ThreadPoolExecutor(max(1, workers)) as pool:
        for fut in [pool.submit(one, item) for item in entries]:
            fut.result()
    tmp = root / f".manifest.json.{os.getpid()}.tmp"
    tmp.write_bytes(raw_manifest)
    os.replace(tmp, root / "manifest.json")
    shutil.rmtree(partial, ignore_errors=True)
    return result


def _download(url: str, part: Path, size: int | None, rate_limit: float | None) -> tuple[int, int]:
    """Fetch `url` into `part`, continuing what is there. Returns (bytes fetched, 1 if resumed)."""
    have = part.stat().st_size if part.exists() else 0
    if size is not None and have > size:
        part.unlink()
        have = 0
    if size is not None and have == size:
        return 0, 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    req = urllib.request.Request(url, headers=headers)
    fetched, t0 = 0, time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            resumed = have > 0 and r.status == 206
            mode = "ab" if resumed else "wb"  # 200 to a Range request: the server sends it all
            with open(part, mode) as f:
                while chunk := r.read(CHUNK):
                    f.write(chunk)
                    fetched += len(chunk)
                    if rate_limit:
                        ahead = fetched / rate_limit - (time.monotonic() - t0)
                        if ahead > 0:
                            time.sleep(ahead)
    except urllib.error.HTTPError as e:
        if e.code == 416 and have:  # asked past the end: the partial file is whole or wrong
            return 0, 0
        raise GetError(f"{url}: HTTP {e.code}") from None
    except OSError as e:
        raise GetError(f"{url}: {_reason(e)}") from None
    return fetched, int(resumed)


def _reason(e: BaseException) -> str:
    return " ".join(str(getattr(e, "reason", None) or e).split())[:200] or type(e).__name__
