"""One writer per data directory: an fcntl lock on <data>/.ogi.lock.

The kernel drops the lock when the holder dies, so a crashed run never leaves a stale lock
behind. The file keeps the holder's pid and start time so the refusal can name it. Re-entrant
within a process: the CLI takes the lock before starting Prefect (so a refused run exits at
once), and the flow takes it again (so a deployment run is protected too).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
from pathlib import Path
from typing import Self

from .datadir import DataDir


class LockBusy(RuntimeError):
    """Another run is writing this data directory."""


_held: dict[Path, list] = {}  # path → [fd, depth]
_guard = threading.Lock()


def holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return {}


class DataLock:
    def __init__(self, data_dir, purpose: str = "run"):
        self.path = DataDir.of(data_dir).lock_file
        self.purpose = purpose

    def acquire(self) -> DataLock:
        with _guard:
            if self.path in _held:
                _held[self.path][1] += 1
                return self
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                info = holder(self.path)
                who = f"pid {info['pid']} ({info.get('purpose', 'run')}, since {info.get('since', '?')})" \
                    if info.get("pid") else "another process"
                raise LockBusy(f"data directory {self.path.parent} is in use by {who}; "
                               f"wait for it to finish (lock file {self.path})") from None
            os.ftruncate(fd, 0)
            stamp = {"pid": os.getpid(), "purpose": self.purpose,
                     "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            os.write(fd, json.dumps(stamp).encode())
            _held[self.path] = [fd, 1]
            return self

    def release(self) -> None:
        with _guard:
            entry = _held.get(self.path)
            if entry is None:
                return
            entry[1] -= 1
            if entry[1] == 0:
                fd = entry[0]
                os.ftruncate(fd, 0)  # no stale pid for the next reader
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
                del _held[self.path]

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

