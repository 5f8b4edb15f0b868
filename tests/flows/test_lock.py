"""Two runs writing one data directory cannot overlap: the second is refused at once, with the
holder named, before Prefect even starts."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flows.lock import DataLock, LockBusy
from flows.run import run_flow

from .helpers import HOLD_LOCK

OGI = Path(sys.executable).with_name("ogi")


@pytest.fixture
def held(tmp_path):
    """Another process (as a running nightly would) holds the data directory's lock."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield tmp_path, proc.pid
    proc.kill()
    proc.wait()


def test_cli_run_is_refused_while_another_run_holds_the_directory(held):
    data, pid = held
    out = subprocess.run([str(OGI), "--data", str(data), "run"], capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 3
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == (f"ogi: data directory {data} is in use by pid {pid} (nightly, since "
                        f"{lines[0].split('since ')[1].split(')')[0]}); wait for it to finish (lock file "
                        f"{data / '.ogi.lock'})")


def test_flow_run_is_refused_in_process(held):
    data, pid = held
    with pytest.raises(LockBusy, match=f"in use by pid {pid}"):
        run_flow("nightly", data, crawl=False)


def test_lock_is_free_again_when_the_holder_dies(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    proc.kill()  # no clean-up code runs: the kernel drops the lock
    proc.wait()
    with DataLock(tmp_path, "test") as lock:
        assert lock.path.exists()


def test_lock_is_reentrant_within_a_process(tmp_path):
    with DataLock(tmp_path, "outer"), DataLock(tmp_path, "inner"):
        pass
    with DataLock(tmp_path, "again"):  # released when the outermost holder leaves
        pass
