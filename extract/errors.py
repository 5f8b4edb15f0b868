"""Why a document could not be read, with the exit code `python -m extract` uses for it."""
from __future__ import annotations

import re

# Documented exit codes of `python -m extract` (docs/extract.md).
EXIT_OK = 0
EXIT_USAGE = 2  # bad arguments, file not found
EXIT_UNREADABLE = 3  # corrupt, truncated, encrypted, zip bomb, not a regular file, reader crash
EXIT_TOO_LARGE = 4  # over the size, memory or output limit
EXIT_TIMEOUT = 5  # over the per-document time limit (wall clock or CPU)


class ExtractError(Exception):
    """A document that cannot be read. `str(err)` is the one-line message for stderr."""

    def __init__(self, exit_code: int, message: str):
        super().__init__(message)
        self.exit_code = exit_code
        self.message = message


class Unreadable(ExtractError):
    def __init__(self, message: str):
        super().__init__(EXIT_UNREADABLE, message)


class TooLarge(ExtractError):
    def __init__(self, message: str):
        super().__init__(EXIT_TOO_LARGE, message)


class TimedOut(ExtractError):
    def __init__(self, message: str):
        super().__init__(EXIT_TIMEOUT, message)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, limit: int = 1000) -> str:
    """`text` as one line of valid UTF-8: newlines, control characters and a file name's
    undecodable bytes written as escapes (\\n, \\x1b, \\xff), cut at `limit` characters."""
    text = _UNPRINTABLE.sub(_escape, str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def source_name(path) -> str:
    """A path as text that is always valid UTF-8: bytes that are not UTF-8 become \\xNN."""
    import os

    return os.fsencode(path).decode("utf-8", "backslashreplace")
