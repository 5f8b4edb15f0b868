"""An on-disk cache of rendered documents, keyed by (GENERATOR_VERSION, sha256 of spec + format).

LibreOffice conversions take a noticeable fraction of a second per file; the simulated web
renders the same reports on every start, so it keeps them under a directory it chooses
(data/cache/simweb/). A new GENERATOR_VERSION lands in a new sub-directory, so stale bytes are
never served."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


class RenderCache:
    def __init__(self, root: str | os.PathLike, version: str):
        self.root = Path(root) / f"v{version}"

    def key(self, spec, fmt: str) -> str:
        return hashlib.sha256(f"{spec.digest()}:{fmt}".encode()).hexdigest()

    def path(self, spec, fmt: str) -> Path:
        k = self.key(spec, fmt)
        return self.root / k[:2] / f"{k}.{fmt}"

    def get(self, spec, fmt: str) -> bytes | None:
        p = self.path(spec, fmt)
        return p.read_bytes() if p.exists() else None

    def put(self, spec, fmt: str, data: bytes) -> None:
        p = self.path(spec, fmt)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(p.suffix + f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, p)  # atomic: a reader never sees half a file
