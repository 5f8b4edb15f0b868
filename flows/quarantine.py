"""Quarantine records: a document the extractor could not read, with the reason.

One JSON file per (extractor version, sha256), next to the cache it stands in for, so the
record is itself the "already tried" marker and a new extractor version tries again.
The record holds no timestamp: the same input gives byte-identical records (and snapshots).
"""
from __future__ import annotations

import json
from pathlib import Path

from .datadir import DataDir


def path(dd: DataDir, sha256: str, version: str) -> Path:
    return dd.extracted(version) / "quarantine" / f"{sha256}.json"


def exists(dd: DataDir, sha256: str, version: str) -> bool:
    return path(dd, sha256, version).exists()


def read(dd: DataDir, sha256: str, version: str) -> dict:
    return json.loads(path(dd, sha256, version).read_text("utf-8"))


def reason(dd: DataDir, sha256: str, version: str) -> str:
    try:
        return read(dd, sha256, version).get("reason") or "unknown"
    except (OSError, ValueError):
        return "unknown"


def record(dd: DataDir, sha256: str, version: str, reason: str, *, stage: str = "extract",
           url: str | None = None, exit_code: int | None = None) -> Path:
    from .extraction import write_json_atomic

    p = path(dd, sha256, version)
    write_json_atomic(p, {"sha256": sha256, "extractor_version": version, "stage": stage,
                          "reason": reason, "url": url, "exit_code": exit_code})
    return p
