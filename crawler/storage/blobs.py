"""Content-addressed blobs: data/raw/blobs/<sha[:2]>/<sha256>, each distinct body stored once.

Written to a temporary file in the same directory and renamed over the target (os.replace is
atomic), so a crash never leaves a truncated blob under its final name."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class BlobStore:
    """`fsync=True` also survives power loss (each blob reaches the disk before its rename);
    kill -9 needs no fsync: the kernel keeps what was written, and the rename is atomic."""

    def __init__(self, root: Path, fsync: bool = False):
        self.root = Path(root)
        self.fsync = fsync

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def get(self, sha256: str) -> bytes | None:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, body: bytes) -> tuple[str, bool]:
        """Store body; returns (sha256, newly_written)."""
        sha = hashlib.sha256(body).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha, False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
                if self.fsync:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha, True

    def sweep_temporaries(self) -> int:
        """Remove .tmp-<pid>- leftovers of writers that are gone (a kill -9 mid-write)."""
        n = 0
        for tmp in self.root.glob("*/.tmp-*"):
            try:
                pid = int(tmp.name.split("-")[1])
            except (IndexError, ValueError):
                continue
            if pid != os.getpid() and _alive(pid):
                continue
            tmp.unlink(missing_ok=True)
            n += 1
        return n


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
