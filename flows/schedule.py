"""`ogi schedule`: serve the nightly deployment, cron "0 2 * * *" in Asia/Shanghai (02:00 Beijing
time, when government sites are quietest).

Scheduled runs need a Prefect server with its scheduler service; the throw-away API of a one-off
run has none. With PREFECT_API_URL set (a `prefect server start` elsewhere, or Prefect Cloud)
the deployment is registered there; otherwise this starts `prefect server start` on loopback with
its database under <data>/cache/prefect, and stops it on exit.
"""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .datadir import DataDir

CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"
DEPLOYMENT = "ogi-nightly"
DEFAULT_PORT = 4200


def deployment(data_dir, *, cron: str = CRON, timezone: str = TIMEZONE, **params):
    """The nightly flow as a RunnerDeployment; params are nightly()'s parameters."""
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from .nightly import nightly

    return nightly.to_deployment(
        name=DEPLOYMENT,
        # "flows.nightly.nightly", not a file path relative to where `ogi schedule` was started
        entrypoint_type=EntrypointType.MODULE_PATH,
        schedule=Cron(cron, timezone=timezone),
        parameters={"data_dir": str(DataDir.of(data_dir).root), **{k: v for k, v in params.items() if v is not None}},
        description="Crawl → extract → validate → load → publish the OGI annual reports dataset.",
        tags=["ogi"],
    )


def _die_with_parent() -> None:
    # The server must not outlive `ogi schedule`, even if that is killed with SIGKILL.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_server(port: int, timeout: float = 120) -> subprocess.Popen:
    """`prefect server start` on 127.0.0.1:port, returned once its API answers."""
    env = {**os.environ, "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port)}
    env.pop("PREFECT_API_URL", None)
    log_path = Path(os.environ.get("PREFECT_HOME", ".")) / "server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:  # a file, not a pipe: nobody drains a pipe while we serve
        proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                 "--port", str(port)], env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                preexec_fn=_die_with_parent)  # noqa: PLW1509 - prctl only
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/api/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"prefect server exited with code {proc.returncode}: {tail[-1] if tail else ''} "
                               f"(log: {log_path})")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"prefect server did not answer on port {port} within {timeout:.0f}s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
