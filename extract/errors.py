"""Why a document could not be read, with the exit code `python -m extract` uses for it."""
from __future__ import annotations

# Documented exit codes of `python -m extract` (docs/extract.md).
EXIT_OK = 0
EXIT_USAGE = 2  # bad arguments, file not found
EXIT_UNREADABLE = 3  # corrupt, truncated, encrypted, zip bomb, unsupported
EXIT_TOO_LARGE = 4  # over the size limit
EXIT_TIMEOUT = 5  # over the per-document time limit


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
