"""Bounds on what one document may cost: bytes in, bytes unzipped, seconds spent.

A crawler feeds the extractor whatever the web serves, so every reader works inside these bounds:
- `check_size`: files over `MAX_BYTES` (50 MB) are refused with TooLarge before any parsing.
- `open_zip`: DOCX/XLSX are ZIPs; a zip bomb (huge declared uncompressed size, absurd compression
  ratio, or a flood of members) is refused with Unreadable from the central directory alone,
  before a byte is inflated. zipfile never inflates past a member's declared size (and fails
  its CRC if the data lies), so checking the declared sizes bounds the real work.
- `time_limit`: a per-document deadline. In the main thread SIGALRM interrupts pure-Python work;
  readers also call `check_deadline()` between pages, which works in any thread and covers time
  spent in C libraries (pdfium) that a signal cannot interrupt.
"""
from __future__ import annotations

import contextvars
import io
import signal
import threading
import time
import zipfile
from contextlib import contextmanager

from .errors import TimedOut, TooLarge, Unreadable

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_UNZIPPED = 256 * MB  # a 300-page DOCX full of photos stays well under this
MAX_RATIO = 100  # XML compresses ~10-20×; a bomb compresses ~1000×
RATIO_FLOOR = 10 * MB  # small archives may compress as well as they like
MAX_MEMBERS = 10_000
TIME_LIMIT = 120.0  # seconds per document

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("extract_deadline", default=None)


def check_size(data: bytes, limit: int = MAX_BYTES) -> None:
    if len(data) > limit:
        raise TooLarge(f"file is {len(data) / MB:.1f} MB, over the {limit / MB:.0f} MB limit")


def open_zip(data: bytes, what: str = "ZIP") -> zipfile.ZipFile:
    """A ZipFile over `data` once its central directory promises a bounded amount of work."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise Unreadable(f"corrupt {what}: {_one_line(e)}") from None
    if len(infos) > MAX_MEMBERS:
        raise Unreadable(f"{what} has {len(infos)} members, over the {MAX_MEMBERS} limit (zip bomb?)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise Unreadable(
            f"{what} unpacks to {total / MB:.0f} MB, over the {MAX_UNZIPPED / MB:.0f} MB limit (zip bomb?)"
        )
    if total > RATIO_FLOOR and total > MAX_RATIO * max(len(data), 1):
        raise Unreadable(f"{what} compression ratio {total / max(len(data), 1):.0f}:1 is over "
                         f"{MAX_RATIO}:1 (zip bomb?)")
    return zf


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
