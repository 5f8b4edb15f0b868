"""Bounds on what one document may cost: bytes in, bytes unzipped, memory, seconds spent.

A crawler feeds the extractor whatever the web serves, so every reader works inside these bounds.
Two layers: the operating system's (a worker process under RLIMIT_AS / RLIMIT_CPU and a wall
clock, see extract/worker.py) binds whatever a parser forgets; the parsers' own (below) refuse
early with a precise reason, before the OS must.
- `Settings`: the limits, from OGI_EXTRACT_* environment variables (docs/extract.md).
- `open_document`: opens a path, refuses anything but a regular file (a FIFO, /dev/zero behind a
  symlink) and files over the size limit from fstat on the open descriptor, before any read.
- `check_size`: files over `MAX_BYTES` (50 MB) are refused with TooLarge before any parsing.
- `open_zip`: DOCX/XLSX are ZIPs; a zip bomb (huge declared uncompressed size, absurd compression
  ratio, or a flood of members) is refused with Unreadable from the central directory alone.
- `unpack_zip`: the declared sizes can lie, and zipfile's read() inflates a whole member in one
  call, so members are inflated in chunks with a running count and refused once over the limit;
  readers get a rebuilt, stored (uncompressed) ZIP of the parts they need, so python-docx and
  openpyxl never inflate anything themselves.
- `time_limit`: a per-document deadline. In the main thread SIGALRM interrupts pure-Python work;
  readers also call `check_deadline()` between pages, which works in any thread and covers time
  spent in C libraries (pdfium) that a signal cannot interrupt.
"""
from __future__ import annotations

import contextvars
import io
import os
import signal
import stat
import threading
import time
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import TimedOut, TooLarge, Unreadable

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_UNZIPPED = 256 * MB  # a 300-page DOCX full of photos stays well under this
MAX_RATIO = 100  # XML compresses ~10-20×; a bomb compresses ~1000×
RATIO_FLOOR = 10 * MB  # small archives may compress as well as they like
MAX_MEMBERS = 10_000
MAX_PART = 64 * MB  # one XML part (document.xml, a sheet): a 300-page report's is under 10 MB
TIME_LIMIT = 60.0  # seconds per document, below any caller's (a crawl or flow gives 180 s)
MEMORY_LIMIT = 1024 * MB  # address space of the worker process
MAX_OUTPUT = 64 * MB  # JSON out of one document (a report's is a few hundred kB)
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Settings:
    """The limits one document is read under. Every field is a setting: an environment variable
    (read by `settings()`), a `python -m extract` flag, or an argument."""

    max_bytes: int = MAX_BYTES  # OGI_EXTRACT_MAX_MB
    memory: int = MEMORY_LIMIT  # OGI_EXTRACT_MEMORY_MB: RLIMIT_AS of the worker
    seconds: float = TIME_LIMIT  # OGI_EXTRACT_SECONDS: wall clock (and CPU) per document
    max_output: int = MAX_OUTPUT  # OGI_EXTRACT_MAX_OUTPUT_MB

    @property
    def inner_seconds(self) -> float:
        """The extractor's own deadline: a little under the hard one, so a slow document
        normally stops itself with a clean reason before the worker is killed."""
        return max(self.seconds - min(5.0, self.seconds * 0.1), self.seconds * 0.5)


def _env_number(name: str, default: float, scale: float = 1) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default * scale
    try:
        value = float(raw) * scale
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


def settings(**overrides) -> Settings:
    """The limits from the environment, with explicit overrides (None: keep)."""
    base = Settings(
        max_bytes=int(_env_number("OGI_EXTRACT_MAX_MB", MAX_BYTES / MB, MB)),
        memory=int(_env_number("OGI_EXTRACT_MEMORY_MB", MEMORY_LIMIT / MB, MB)),
        seconds=_env_number("OGI_EXTRACT_SECONDS", TIME_LIMIT),
        max_output=int(_env_number("OGI_EXTRACT_MAX_OUTPUT_MB", MAX_OUTPUT / MB, MB)),
    )
    return Settings(**{**base.__dict__, **{k: v for k, v in overrides.items() if v is not None}})


def apply_os_limits(s: Settings) -> None:
    """In a worker process: the kernel's bounds (address space, CPU seconds). Inherited by what
    the worker starts (LibreOffice, tesseract), which run fine under 1 GiB."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (s.memory, s.memory))
    cpu = int(s.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU, then SIGKILL
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def worker_env(base: dict | None = None) -> dict:
    """Environment for a worker: one math thread and two malloc arenas, since every thread's
    reserved arena counts against RLIMIT_AS while using no memory."""
    env = dict(os.environ if base is None else base)
    env.setdefault("MALLOC_ARENA_MAX", "2")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    env["PYTHONIOENCODING"] = "utf-8:backslashreplace"
    return env


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def open_document(path: str | os.PathLike | bytes, max_bytes: int = MAX_BYTES, wait: bool = False) -> int:
    """A read-only descriptor on a regular file of at most `max_bytes`, checked by fstat on the
    descriptor itself (no race with a file swapped after a check by name). O_NONBLOCK so that
    opening a FIFO cannot block; a FIFO, a device (/dev/zero behind a symlink), a socket or a
    directory is refused at once. Raises OSError (cannot open) or ExtractError.

    `wait=True` (the flows' blob store, which only ever holds regular files it wrote itself) opens
    blocking: a FIFO there is a hang that the flow's hard time limit ends and quarantines."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (0 if wait else os.O_NONBLOCK)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
            raise Unreadable(f"not a regular file ({kind})")
        if st.st_size > max_bytes:
            raise TooLarge(f"file is {st.st_size / MB:.1f} MB, over the {max_bytes / MB:.0f} MB limit")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd(fd: int, max_bytes: int = MAX_BYTES) -> bytes:
    """All bytes of an open file, refusing more than `max_bytes` (a file that grew after fstat)."""
    chunks, total = [], 0
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"file is over the {max_bytes / MB:.0f} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)


def read_document(path: str | os.PathLike | bytes, max_bytes: int = MAX_BYTES, wait: bool = False) -> bytes:
    fd = open_document(path, max_bytes, wait)
    try:
        return read_fd(fd, max_bytes)
    finally:
        os.close(fd)

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("extract_deadline", default=None)


def check_size(data: bytes, limit: int = MAX_BYTES) -> None:
    if len(data) > limit:
        raise TooLarge(f"file is {len(data) / MB:.1f} MB, over the {limit / MB:.0f} MB limit")


def open_zip(data: bytes, what: str = "ZIP", keep=None) -> zipfile.ZipFile:
    """A ZipFile over `data` once its central directory promises a bounded amount of work (for the
    members `keep(name)` accepts, when given: the others are never inflated)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise Unreadable(f"corrupt {what}: {_one_line(e)}") from None
    if len(infos) > MAX_MEMBERS:
        raise Unreadable(f"{what} has {len(infos)} members, over the {MAX_MEMBERS} limit (zip bomb?)")
    total = sum(i.file_size for i in infos if keep is None or keep(i.filename))
    if total > MAX_UNZIPPED:
        raise Unreadable(
            f"{what} unpacks to {total / MB:.0f} MB, over the {MAX_UNZIPPED / MB:.0f} MB limit (zip bomb?)"
        )
    if total > RATIO_FLOOR and total > MAX_RATIO * max(len(data), 1):
        raise Unreadable(f"{what} compression ratio {total / max(len(data), 1):.0f}:1 is over "
                         f"{MAX_RATIO}:1 (zip bomb?)")
    return zf


def unpack_zip(data: bytes, what: str, keep, max_total: int = MAX_UNZIPPED, max_part: int = MAX_PART) -> bytes:
    """A new ZIP (stored, not compressed) holding the members for which `keep(name)` is true,
    each inflated in chunks with a running count, whatever the headers say; other members are
    kept as empty entries so that relationships still resolve. Refuses with Unreadable once one
    part passes `max_part` or all pass `max_total`: a lying header costs at most one chunk."""
    zf = open_zip(data, what, keep)
    out = io.BytesIO()
    total = 0
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                if not keep(info.filename):
                    dst.writestr(info.filename, b"")
                    continue
                parts, size = [], 0
                try:
                    with zf.open(info) as src:
                        while chunk := src.read(_CHUNK):
                            size += len(chunk)
                            total += len(chunk)
                            if size > max_part:
                                raise Unreadable(f"{what} part {info.filename[:80]!r} inflates past the "
                                                 f"{max_part / MB:.0f} MB part limit (zip bomb?)")
                            if total > max_total:
                                raise Unreadable(f"{what} inflates past the {max_total / MB:.0f} MB "
                                                 "limit (zip bomb?)")
                            parts.append(chunk)
                except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
                        NotImplementedError, RuntimeError, zlib.error) as e:
                    raise Unreadable(f"corrupt {what}: {_one_line(e)}") from None
                dst.writestr(info.filename, b"".join(parts))
                check_deadline()
    finally:
        zf.close()
    return out.getvalue()


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:200]


def check_deadline() -> None:
    """Raise TimedOut when the current document is past its time limit (cheap; call per page)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TimedOut("over the per-document time limit")


@contextmanager
def time_limit(seconds: float | None = TIME_LIMIT):
    """Bound the work inside the block to `seconds` (None or <= 0: no bound)."""
    if not seconds or seconds <= 0:
        yield
        return
    deadline = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(deadline if outer is None else min(deadline, outer))
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    armed = [True]  # a late alarm, after the block is done, must not escape into the caller
    old_handler = None
    if use_alarm:
        remaining_outer = signal.getitimer(signal.ITIMER_REAL)[0]

        def _alarm(signum, frame):
            if armed[0]:
                raise TimedOut(f"over the {seconds:g} s per-document time limit")

        old_handler = signal.signal(signal.SIGALRM, _alarm)
        # Never extend an enclosing alarm.
        delay = seconds if not remaining_outer else min(seconds, remaining_outer)
        signal.setitimer(signal.ITIMER_REAL, delay)
    try:
        yield
    finally:
        while armed[0]:
            try:
                armed[0] = False
            except TimedOut:  # the alarm landed between the block's end and this line
                continue
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
            if outer is not None:  # re-arm the enclosing limit for what is left of it
                left = outer - time.monotonic()
                signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
        _deadline.reset(token)
