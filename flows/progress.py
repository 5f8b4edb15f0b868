"""Stage progress from a run to whoever watches it in this process (the CLI's progress bars).

The flows call `progress.get()`; with nobody watching it is a no-op. Only the driver process
reports (it sees Dask futures complete too), so this works the same on a Dask cluster.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Reporter:
    def start(self, stage: str, total: int | None = None) -> None: ...

    def advance(self, stage: str, n: int = 1, note: str | None = None) -> None: ...

    def finish(self, stage: str, note: str | None = None) -> None: ...


_current: Reporter = Reporter()


def get() -> Reporter:
    return _current


@contextmanager
def use(reporter: Reporter) -> Iterator[Reporter]:
    global _current
    previous, _current = _current, reporter
    try:
        yield reporter
    finally:
        _current = previous
