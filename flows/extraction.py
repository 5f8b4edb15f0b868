"""Extract one stored document, at most once per (sha256, extractor version).

The cache is the output file itself: data/extracted/<version>/<sha256>.json holds
extract_bytes()'s JSON, and survives across runs, so an unchanged document is never extracted
twice. A document the extractor cannot read gets a quarantine record for the same key instead,
so it is not retried every night either (a new extractor version retries it).

Each document runs in a child process (flows.extract_worker) in its own session: the time limit
kills the whole process group (readers may start LibreOffice or tesseract), and a crash costs
only that document.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .datadir import DataDir
from . import quarantine

# Above the extractor's own deadline (extract.limits.TIME_LIMIT), so a slow document normally
# stops itself with a clean reason; this one catches what a deadline cannot (a hung C call).
DEFAULT_TIMEOUT = float(os.environ.get("OGI_DOC_TIMEOUT", "180"))

# The crawler's sniffed content_type → a file-name extension for extract_bytes(): the bytes
# decide the format, the name only breaks ties (an OLE file from WPS vs Word).
_EXT = {"html": "html", "pdf": "pdf", "docx": "docx", "doc": "doc", "wps": "wps", "xls": "xls",
        "xlsx": "xlsx", "et": "et", "text": "txt"}


def current_version() -> str:
    from extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def doc_name(sha256: str, content_type: str | None) -> str:
    """The `name` passed to extract_bytes: derived from the bytes' identity only, so the cached
    output depends on nothing but (sha256, extractor version)."""
    ext = _EXT.get((content_type or "").lower())
    return f"{sha256}.{ext}" if ext else sha256


def cache_path(dd: DataDir, sha256: str, version: str) -> Path:
    return dd.extracted(version) / f"{sha256}.json"


def is_done(dd: DataDir, sha256: str, version: str) -> bool:
    """Extracted, or already known to fail, for this extractor version."""
    return cache_path(dd, sha256, version).exists() or quarantine.exists(dd, sha256, version)


class TransientFailure(RuntimeError):
    """A timeout or a crash: worth one more try before the document is quarantined."""


@dataclass
class Outcome:
    sha256: str
    status: str  # extracted | cached | failed
    reason: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def write_json_atomic(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)  # readers never see half a file, even if this process dies here


def _run_worker(blob: Path, name: str, timeout: float) -> tuple[int | None, bytes, str]:
    """(returncode or None on timeout, stdout, first stderr line)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.extract_worker", str(blob), name],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        start_new_session=True, cwd=str(Path(__file__).resolve().parent.parent),
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        return None, b"", f"timed out after {timeout:g}s"
    finally:
        _kill_group(proc)  # grandchildren (soffice, tesseract) never outlive the document
    lines = err.decode("utf-8", "replace").strip().splitlines()
    return proc.returncode, out, (lines[-1] if lines else "")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is None:
        proc.wait()


def extract_document(data_dir, sha256: str, content_type: str | None = None, *, version: str | None = None,
                     timeout: float = DEFAULT_TIMEOUT, final_attempt: bool = True, url: str | None = None) -> Outcome:
    """Extract one blob into the cache, or quarantine it. Never raises for a bad document;
    raises TransientFailure for a timeout or crash unless this is the final attempt."""
    dd = DataDir.of(data_dir)
    version = version or current_version()
    if cache_path(dd, sha256, version).exists():
        return Outcome(sha256, "cached")
    if quarantine.exists(dd, sha256, version):
        return Outcome(sha256, "failed", quarantine.reason(dd, sha256, version))
    blob = dd.blob(sha256)
    started = time.monotonic()
    if not blob.exists():
        reason = f"blob missing: {blob.relative_to(dd.root)}"
        quarantine.record(dd, sha256, version, reason, url=url)
        return Outcome(sha256, "failed", reason)
    code, out, err = _run_worker(blob, doc_name(sha256, content_type), timeout)
    seconds = round(time.monotonic() - started, 3)
    if code == 0:
        try:
            result = json.loads(out)
        except ValueError:
            code, err = -1, "extractor printed no valid JSON"
        else:
            write_json_atomic(cache_path(dd, sha256, version), result)
            return Outcome(sha256, "extracted", None, seconds)
    transient = code is None or code < 0
    if code is not None and code < 0:
        err = f"extractor crashed ({signal.Signals(-code).name})" if -code in signal.valid_signals() \
            else f"extractor crashed (signal {-code})"
    reason = err or f"extractor exited with code {code}"
    if transient and not final_attempt:
        raise TransientFailure(reason)
    quarantine.record(dd, sha256, version, reason, url=url, exit_code=code)
    return Outcome(sha256, "failed", reason, seconds)
