"""Extract one stored document, at most once per (sha256, extractor version).

The cache is the output file itself: data/extracted/<version>/<sha256>.json holds
extract_bytes()'s JSON, and survives across runs, so an unchanged document is never extracted
twice. A document the extractor cannot read gets a quarantine record for the same key instead,
so it is not retried every night either (a new extractor version retries it).

Each document runs in a child process (flows.extractor_process): the hard time limit kills the
child's whole process group (readers may start LibreOffice or tesseract), and a crash costs only
that document.
"""
from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from extract.errors import EXIT_TIMEOUT
from extract.limits import settings

from . import quarantine
from .datadir import DataDir
from .extractor_process import for_this_thread

# The extractor's time limit (OGI_EXTRACT_SECONDS, default 60 s; OGI_DOC_TIMEOUT still wins).
# The child's own deadline fires a little earlier with a clean reason; this one catches what a
# deadline cannot (a hung C call) by killing the child's process group.
DEFAULT_TIMEOUT = float(os.environ.get("OGI_DOC_TIMEOUT") or settings().seconds)

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
    """Extracted, or already known to fail (a quarantine record sits at the same path), for this
    extractor version."""
    return cache_path(dd, sha256, version).exists()


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


def extract_document(data_dir, sha256: str, content_type: str | None = None, *, version: str | None = None,
                     timeout: float = DEFAULT_TIMEOUT, final_attempt: bool = True, url: str | None = None) -> Outcome:
    """Extract one blob into the cache, or quarantine it. Never raises for a bad document;
    raises TransientFailure for a timeout or crash unless this is the final attempt."""
    dd = DataDir.of(data_dir)
    version = version or current_version()
    if cache_path(dd, sha256, version).exists():
        if quarantine.exists(dd, sha256, version):
            return Outcome(sha256, "failed", quarantine.reason(dd, sha256, version))
        return Outcome(sha256, "cached")
    blob = dd.blob(sha256)
    name = doc_name(sha256, content_type)
    started = time.monotonic()
    if not blob.exists():
        reason = f"blob missing: {blob.relative_to(dd.root)}"
        quarantine.record(dd, sha256, version, reason, url=url, name=name)
        return Outcome(sha256, "failed", reason)
    reply = for_this_thread().extract(blob, name, timeout)
    seconds = round(time.monotonic() - started, 3)
    code, transient = reply.code, False
    if code == 0 and isinstance(reply.result, dict):
        write_json_atomic(cache_path(dd, sha256, version), reply.result)
        return Outcome(sha256, "extracted", None, seconds)
    if code is None:  # our hard time limit
        transient, code, reason = True, EXIT_TIMEOUT, reply.error
    elif code < 0:  # killed by a signal: a segfault, the OOM killer
        sig = signal.Signals(-code).name if -code in signal.valid_signals() else f"signal {-code}"
        transient, code, reason = True, None, f"extractor crashed ({sig})"
    else:
        reason = reply.error or f"extractor exited with code {code}"
    if transient and not final_attempt:
        raise TransientFailure(reason)
    quarantine.record(dd, sha256, version, reason, url=url, exit_code=code, name=name)
    return Outcome(sha256, "failed", reason, seconds)
