"""verify(target): check a snapshot against its manifest — every file's bytes, SHA-256 and row
count — from a directory or over HTTP(S). Names every bad file; never raises on bad content."""
from __future__ import annotations

import hashlib
import io
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TIMEOUT = 60


@dataclass
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class VerifyResult:
    target: str
    snapshot: str | None = None
    files_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.files_checked > 0

    @property
    def bad_files(self) -> list[str]:
        return sorted({p.path for p in self.problems})

    def __str__(self) -> str:
        if self.ok:
            return f"OK {self.target}: snapshot {self.snapshot}, {self.files_checked} files verified"
        return f"FAILED {self.target}: " + "; ".join(str(p) for p in self.problems)


def _is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def _base(target: str) -> str:
    t = str(target)
    t = t.removesuffix("manifest.json")
    return t if t.endswith("/") or not _is_url(t) else t + "/"


def _fetch(base: str, rel: str) -> bytes:
    if _is_url(base):
        with urllib.request.urlopen(base + rel, timeout=TIMEOUT) as r:
            return r.read()
    return Path(base, rel).read_bytes()


def _rows(data: bytes) -> int:
    return pq.ParquetFile(io.BytesIO(data)).metadata.num_rows


def verify(target: str | os.PathLike) -> VerifyResult:
    base = _base(str(target))
    result = VerifyResult(str(target))
    try:
        manifest = json.loads(_fetch(base, "manifest.json"))
        files = manifest["files"]
    except (OSError, urllib.error.URLError, ValueError, KeyError, TypeError) as e:
        result.problems.append(Problem("manifest.json", f"unreadable ({e})"))
        return result
    result.snapshot = manifest.get("snapshot")
    for entry in files:
        rel = entry.get("path", "?")
        result.files_checked += 1
        try:
            data = _fetch(base, rel)
        except (OSError, urllib.error.URLError) as e:
            result.problems.append(Problem(rel, f"missing ({e})"))
            continue
        if len(data) != entry.get("bytes"):
            result.problems.append(Problem(rel, f"size {len(data)} bytes, manifest says {entry.get('bytes')}"))
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry.get("sha256"):
            result.problems.append(Problem(rel, f"sha256 {digest[:16]}…, manifest says {str(entry.get('sha256'))[:16]}…"))
        if entry.get("rows") is not None:
            try:
                rows = _rows(data)
            except (OSError, ValueError, pa.ArrowException) as e:  # the file is what is bad
                result.problems.append(Problem(rel, f"not a readable Parquet file ({e})"))
                continue
            if rows != entry["rows"]:
                result.problems.append(Problem(rel, f"{rows} rows, manifest says {entry['rows']}"))
    if not _is_url(base):  # a directory can also be checked for files the manifest does not know
        listed = {e.get("path") for e in files} | {"manifest.json"}
        root = Path(base)
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.relative_to(root).as_posix() not in listed:
                result.problems.append(Problem(p.relative_to(root).as_posix(), "not in the manifest"))
    return result
