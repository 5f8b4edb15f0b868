"""Scale-out: the same documents extracted on a Dask cluster (a real LocalCluster with two worker
processes) give byte-identical Parquet to the local run."""
from __future__ import annotations

import sys

import cloudpickle
import pytest
from distributed import Client, LocalCluster

from flows.run import run_flow

from .conftest import FIRST, copy_stored
from .helpers import data_file_hashes


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_dask_run_gives_identical_parquet(run1, cluster, tmp_path):
    data = copy_stored(run1["stored"], tmp_path)  # what the first run's crawl stored
    with Client(cluster) as client:
        before = client.run(_transitions)
    summary = run_flow("nightly", data, crawl=False, dask_address=cluster.scheduler_address, date=FIRST)
    assert summary["extraction"]["extracted"] == run1["summary"]["extraction"]["extracted"]
    assert summary["extraction"]["failed"] == 0
    local = data_file_hashes(run1["data"] / "snapshots" / FIRST)
    dask = data_file_hashes(data / "snapshots" / FIRST)
    assert local and dask == local
    # the extraction outputs themselves are the same bytes too
    ours = sorted((data / "extracted").rglob("*.json"))
    assert [p.read_bytes() for p in ours] == [
        (run1["data"] / "extracted" / p.relative_to(data / "extracted")).read_bytes() for p in ours]
    with Client(cluster) as client:
        after = client.run(_transitions)
    assert sorted(after) == sorted(before) and len(after) == 2  # no worker died
    assert all(after[w] > before[w] for w in after)  # both took extraction tasks


def _transitions(dask_worker) -> int:
    return dask_worker.state.transition_counter


# The workers cannot import the test package: ship this module's functions by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])
