"""Crash-safe file operations: write beside, fsync, rename.

A reader (or a crash) must never see half a file or half a directory: everything is written to a
temporary name in the same directory, flushed to disk, then renamed over the target.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
from pathlib import Path


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """fsync every file and directory under root (bottom-up, so names are durable too)."""
    for dirpath, _dirs, files in os.walk(root, topdown=False):
        for f in files:
            p = Path(dirpath, f)
            if not p.is_symlink():
                fsync_file(p)
        fsync_dir(Path(dirpath))


def sha256_file(path: Path, bufsize: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(bufsize):
            h.update(chunk)
    return h.hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def atomic_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` (relative), replacing any previous link in one rename."""
    tmp = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is not None:
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


def replace_dir(new: Path, target: Path) -> None:
    """Make the complete directory `new` appear at `target`.

    When `target` already exists the two are swapped with renameat2(RENAME_EXCHANGE), so at every
    instant `target` is either the old or the new complete tree; the old tree is then deleted.
    Where the kernel or file system cannot exchange, the old tree is moved aside first (a short
    window in which `target` is missing, never half-written)."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        fsync_dir(target.parent)
        return
    fn = _renameat2()
    if fn is not None and fn(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE) == 0:
        fsync_dir(target.parent)
        shutil.rmtree(new)  # `new` now holds the old tree
        return
    aside = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, aside)
    os.rename(new, target)
    fsync_dir(target.parent)
    shutil.rmtree(aside)


def remove_stale_temps(directory: Path, prefix: str = ".") -> None:
    """Delete leftovers of writers that were killed (hidden temp files and directories)."""
    if not directory.is_dir():
        return
    for p in directory.iterdir():
        if p.name.startswith(prefix) and (".tmp-" in p.name or ".old-" in p.name):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


@contextlib.contextmanager
def exclusive(lock_path: Path):
    """Serialize writers of one data directory (two loads would share temporary names)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)
