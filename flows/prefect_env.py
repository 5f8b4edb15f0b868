"""Prefect without setup: a local API on demand, state kept under the data directory, quiet and
offline.

`configure()` must run before `prefect` is first imported (Prefect reads its settings from the
environment at import). `api()` yields with PREFECT_API_URL pointing at a server: the one the
user configured (PREFECT_API_URL, e.g. a `prefect server start` or Prefect Cloud), else a local
subprocess server that this process starts once and stops at exit. Starting it here, rather than
letting Prefect start one lazily, puts its URL into the settings context, which Prefect ships to
Dask workers with every task; otherwise each worker would start an API server of its own.
"""
from __future__ import annotations

import atexit
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .datadir import DataDir

DEFAULTS = {
    # Nothing leaves the machine: no telemetry (it also fails noisily offline).
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # the client side of the same (and its console notice)
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    # A busy two-core machine needs longer than the default 20 s for the first migration.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # Results are files in the data directory; Prefect need not pickle them.
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}


def configure(data_dir=None, *, quiet: bool = False) -> None:
    """Point Prefect's home (its SQLite database, logs, profiles) at <data>/cache/prefect unless
    PREFECT_HOME is set, and set offline-friendly defaults. `quiet` keeps Prefect's log lines off
    the console (the CLI draws progress bars and prints the summary or a one-line error instead;
    every log line still reaches the API and the run's page)."""
    os.environ.setdefault("PREFECT_HOME", str(DataDir.of(data_dir).cache / "prefect"))
    # The server's SQLite file goes there; a missing directory fails only after the start-up timeout.
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    if "prefect" in sys.modules:
        # Too late for the environment; the settings context still works for the API URL.
        logging.getLogger(__name__).debug("prefect imported before flows.prefect_env.configure()")


def configured_api_url() -> str | None:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def local_server(timeout: int | None = None):
    """The process-wide local API server (started once, stopped at interpreter exit)."""
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    if not server.running:
        # Its start-up banner goes to the "prefect" logger at INFO; one line of ours is enough.
        logger = logging.getLogger("prefect")
        level = logger.level
        logger.setLevel(logging.WARNING)
        try:
            server.start(timeout=timeout or int(DEFAULTS["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
        finally:
            logger.setLevel(level)
        atexit.register(_stop_quietly, server)  # runs before Prefect's own (noisy) atexit stop
    return server


def _stop_quietly(server) -> None:
    logging.getLogger("prefect").setLevel(logging.WARNING)
    server.stop()


@contextmanager
def api() -> Iterator[str]:
    """Yield the API URL in force: the configured server, else a local one."""
    url = configured_api_url()
    if url:
        yield url
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = local_server()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url
