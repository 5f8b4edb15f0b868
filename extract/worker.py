"""One document read in a worker process under limits the operating system enforces.

`run(fd, name, settings)` (the parent side, used by `python -m extract`) starts
`python -m extract.worker` with the document's already-checked descriptor as its stdin and
before exec sets RLIMIT_AS (memory) and RLIMIT_CPU; the parent keeps a wall clock and a cap on
the bytes of output, and kills the worker's whole process group (LibreOffice, tesseract) at
either. A parser that forgets a bound therefore costs at most the limits, never the machine.

The worker prints the JSON (strict: no NaN/Infinity, always valid UTF-8) on stdout, or one line on
stderr and exits with the code of extract/errors.py. Outcomes the worker cannot report itself
are the parent's to name: killed at the wall clock or by SIGXCPU → 5, output over the cap → 4,
a crash of a native library (a signal) → 3.
"""
from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_TIMEOUT, EXIT_TOO_LARGE, EXIT_UNREADABLE, ExtractError, printable
from .limits import MB, Settings, apply_os_limits, read_fd, worker_env

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_MAX_STDERR = 64 * 1024


@dataclass
class Outcome:
    code: int
    output: bytes = b""  # the JSON line (code 0)
    error: str = ""  # one line (code != 0)
    peak_rss_mb: float | None = None


def run(fd: int, name: str, s: Settings, provenance: bool = False) -> Outcome:
    """Extract the open regular file `fd` in a bounded worker."""
    env = worker_env()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    cmd = [sys.executable, "-m", "extract.worker", name, "1" if provenance else "0",
           repr(s.inner_seconds), str(s.max_bytes), str(s.memory)]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=fd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            preexec_fn=lambda: apply_os_limits(s), start_new_session=True)  # noqa: PLW1509
    out, err = bytearray(), bytearray()
    killed: Outcome | None = None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, out)
    sel.register(proc.stderr, selectors.EVENT_READ, err)
    try:
        while sel.get_map():
            left = started + s.seconds - time.monotonic()
            if left <= 0:
                killed = Outcome(EXIT_TIMEOUT, error=f"over the {s.seconds:g} s time limit")
                break
            for key, _ in sel.select(left):
                chunk = os.read(key.fd, 1 << 20)
                if not chunk:
                    sel.unregister(key.fileobj)
                    continue
                buf = key.data
                if buf is err:
                    buf += chunk[: max(0, _MAX_STDERR - len(buf))]
                else:
                    buf += chunk
                    if len(buf) > s.max_output:
                        killed = Outcome(EXIT_TOO_LARGE, error=f"output over the {s.max_output / MB:.0f} MB limit")
                        break
            if killed:
                break
    finally:
        sel.close()
        if killed:
            _kill_group(proc)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        proc.stderr.close()
    peak = usage.ru_maxrss / 1024
    if killed:
        killed.peak_rss_mb = peak
        return killed
    _kill_group(proc)  # anything the worker left running (a hung soffice) dies with it
    code = proc.returncode
    last = next((l for l in reversed(err.decode("utf-8", "replace").splitlines()) if l.strip()), "")
    if code == 0:
        return Outcome(0, bytes(out), peak_rss_mb=peak)
    if code > 0:
        return Outcome(code, error=printable(last or f"extractor exited with code {code}"), peak_rss_mb=peak)
    sig = -code
    if sig in (signal.SIGXCPU, signal.SIGKILL):  # RLIMIT_CPU: soft limit, then the hard one
        return Outcome(EXIT_TIMEOUT, error=f"over the {s.seconds:g} s CPU time limit", peak_rss_mb=peak)
    name_ = signal.Signals(sig).name if sig in signal.valid_signals() else f"signal {sig}"
    return Outcome(EXIT_UNREADABLE, error=f"reader crashed ({name_})", peak_rss_mb=peak)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# --- the worker side ---------------------------------------------------------------------------

def dumps(obj) -> bytes:
    """Strict JSON as UTF-8: NaN/Infinity refused (ValueError); a lone surrogate (text a PDF's
    font map made up) becomes its JSON escape, so the bytes are always valid UTF-8 and valid JSON."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8", "backslashreplace")


def _fail(code: int, message: str) -> int:
    sys.stderr.buffer.write(printable(message).encode("utf-8", "backslashreplace") + b"\n")
    sys.stderr.flush()
    return code


def main(argv: list[str]) -> int:
    name, provenance, inner, max_bytes, memory = argv[0], argv[1] == "1", float(argv[2]), int(argv[3]), int(argv[4])
    try:
        from .api import extract_bytes, spec_view

        data = read_fd(0, max_bytes)
        result = extract_bytes(data, name, time_limit_s=inner)
        del data
        body = dumps(result if provenance else spec_view(result))
    except ExtractError as e:
        return _fail(e.exit_code, e.message)
    except MemoryError:
        return _fail(EXIT_TOO_LARGE, f"over the {memory / MB:.0f} MB memory limit")
    except RecursionError:
        return _fail(EXIT_UNREADABLE, "nested too deeply")
    except Exception as e:  # noqa: BLE001 - a reader bug is this document's failure, in one line
        return _fail(EXIT_UNREADABLE, f"internal error: {type(e).__name__}: {e}")
    sys.stdout.buffer.write(body + b"\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except MemoryError:  # while printing: still one line
        os.write(2, b"over the memory limit\n")
        os._exit(EXIT_TOO_LARGE)
