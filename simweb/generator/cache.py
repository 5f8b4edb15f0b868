"""An on-disk cache of rendered documents, keyed by sha256 of (the generator's source files, the
spec, the format), under a GENERATOR_VERSION sub-directory.

LibreOffice conversions take a noticeable fraction of a second per file; the simulated web
renders the same reports on every start, so it keeps them under a directory it chooses
(data/cache/simweb/). The key holds a hash of every file of simweb/generator/, so any change to
the generator renders anew: no test reads bytes made by older code, and nobody has to remember
to bump a version."""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

GENERATOR_DIR = Path(__file__).resolve().parent


@functools.cache
def generator_digest(root: Path = GENERATOR_DIR) -> str:
    """sha256 over the generator's own files (names and bytes), computed once per process."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".tmp"):
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


class RenderCache:
    def __init__(self, root: str | os.PathLike, version: str):
        self.root = Path(root) / f"v{version}"

    def key(self, spec, fmt: str) -> str:
        return hashlib.sha256(f"{generator_digest()}:{spec.digest()}:{fmt}".encode()).hexdigest()

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
