"""A long-lived extractor child per thread (flows.extract_worker --serve), with a hard time
limit per document.

Starting Python and importing the extractor costs ~0.3 s, as much as extracting a typical HTML
report, so the child serves many documents; isolation is kept because a timeout kills the
child's whole process group (readers start LibreOffice and tesseract) and a crash only ends the
child, and the next document gets a fresh one. The child is also replaced every RECYCLE
documents so that a slow leak in a native library cannot build up.
"""
from __future__ import annotations

import json
import os
import resource
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from extract.limits import Settings, settings, worker_env

REPO = Path(__file__).resolve().parent.parent
RECYCLE = 200


class WorkerBroken(RuntimeError):
    """The extractor process cannot run at all (e.g. an import error): fail the task, blame no
    document."""


class Reply:
    def __init__(self, code: int | None, result: dict | None = None, error: str = ""):
        self.code = code  # extractor exit code; None: killed at the time limit; < 0: died of a signal
        self.result = result
        self.error = error


class ExtractorProcess:
    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.stderr = None
        self.served = 0
        self._buf = b""

    def _start(self) -> None:
        # A file, not a pipe: nobody drains a pipe mid-document. Closed in close().
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115
        limits = settings()
        self.proc = subprocess.Popen([sys.executable, "-m", "flows.extract_worker", "--serve"], cwd=REPO,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     start_new_session=True, env=worker_env(),
                                     preexec_fn=lambda: _limit_memory(limits.memory))  # noqa: PLW1509
        self.served = 0
        self._buf = b""

    def close(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the child and anything it started
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.stderr):
            try:
                f.close()
            except OSError:
                pass
        self.proc = None

    def _last_stderr_line(self) -> str:
        try:
            self.stderr.seek(0)
            lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return lines[-1] if lines else ""

    def extract(self, blob: Path, name: str, timeout: float) -> Reply:
        if self.proc is None or self.proc.poll() is not None or self.served >= RECYCLE:
            self.close()
            self._start()
        # The extractor's own deadline fires first and gives a clean reason; ours catches what a
        # deadline cannot interrupt (a hung C call).
        req = {"blob": str(blob), "name": name, "time_limit": Settings(seconds=timeout).inner_seconds}
        try:
            self.proc.stdin.write((json.dumps(req) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return self._died()
        line = self._read_line(time.monotonic() + timeout)
        if line is None:  # timed out
            self.close()
            return Reply(None, error=f"timed out after {timeout:g}s")
        if line == b"":
            return self._died()
        self.served += 1
        try:
            msg = json.loads(line)
        except ValueError:
            self.close()
            return Reply(3, error="extractor sent a malformed reply")
        return Reply(msg["code"], msg.get("result"), msg.get("error", ""))

    def _died(self) -> Reply:
        code = self.proc.wait()
        err = self._last_stderr_line()
        self.close()
        if code >= 0:  # exited on its own before answering: broken, not the document's fault
            raise WorkerBroken(f"extractor process exited with code {code}: {err}")
        return Reply(code, error=err)

    def _read_line(self, deadline: float) -> bytes | None:
        """One reply line; b"" at EOF (the child died); None at the deadline."""
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b""
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line


def _limit_memory(memory: int) -> None:
    """The extractor's address-space limit (extract.limits), set in the child before exec. Not
    RLIMIT_CPU: this child serves many documents; the wall clock here bounds each one."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


_local = threading.local()


def for_this_thread() -> ExtractorProcess:
    """Each thread (a local task-runner thread, a Dask worker thread) has its own child."""
    proc = getattr(_local, "proc", None)
    if proc is None:
        proc = _local.proc = ExtractorProcess()
    return proc
