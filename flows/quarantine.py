"""Quarantine records for documents the extractor could not read.

The record takes the place of the extraction output, at the same path
(data/extracted/<version>/<sha256>.json, as {"error": {"code", "message"}}; pipeline/extractions.py
reads it and publishes it in the `quarantine` table). So the record is itself the "already tried"
mark for that extractor version: the document is not retried every night, and a new extractor
version tries it again. It holds no timestamp: the same input gives byte-identical records.
"""
from __future__ import annotations

import json
from pathlib import Path

from .datadir import DataDir


def path(dd: DataDir, sha256: str, version: str) -> Path:
    return dd.extracted(version) / f"{sha256}.json"


def read(dd: DataDir, sha256: str, version: str) -> dict | None:
    """The error of a quarantined document, else None."""
    try:
        doc = json.loads(path(dd, sha256, version).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    err = doc.get("error") if isinstance(doc, dict) else None
    if not err:
        return None
    return err if isinstance(err, dict) else {"code": None, "message": str(err)}


def exists(dd: DataDir, sha256: str, version: str) -> bool:
    return read(dd, sha256, version) is not None


def reason(dd: DataDir, sha256: str, version: str) -> str:
    err = read(dd, sha256, version) or {}
    return err.get("message") or "unknown"


def record(dd: DataDir, sha256: str, version: str, reason: str, *, url: str | None = None,
           exit_code: int | None = None, name: str = "") -> Path:
    from .extraction import write_json_atomic

    p = path(dd, sha256, version)
    write_json_atomic(p, {"source": name, "sha256": sha256, "extractor_version": version, "reports": [],
                          "error": {"code": exit_code, "message": reason}})
    return p
