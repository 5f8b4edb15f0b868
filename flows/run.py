"""Run a flow from Python (the CLI, the demo, the tests): lock the data directory first (a
refused run exits before Prefect starts), make sure a Prefect API is there, report progress."""
from __future__ import annotations

from .datadir import DataDir
from .lock import DataLock
from .prefect_env import configure

FLOWS = ("nightly", "reextract", "backfill")


def run_flow(name: str, data_dir=None, *, reporter=None, quiet: bool = False, **params) -> dict:
    """Run flow `name` ("nightly", "reextract", "backfill") on `data_dir`; returns its summary dict.
    Raises LockBusy at once when another run holds the data directory."""
    if name not in FLOWS:
        raise ValueError(f"unknown flow {name!r}: one of {', '.join(FLOWS)}")
    dd = DataDir.of(data_dir)
    configure(dd.root, quiet=quiet)
    with DataLock(dd, name):
        preflight(name, dd, params)
        from . import progress
        from .prefect_env import api

        fl = _flow(name)
        with progress.use(reporter or progress.Reporter()) as report:
            report.start("prefect")  # the first start of a local API migrates its database: seconds
            with api() as url:
                report.finish("prefect", f"API {url}")
                return fl(data_dir=str(dd.root), **params)


def preflight(name: str, dd: DataDir, params: dict) -> None:
    """Refuse bad input before Prefect starts: a run that fails on it would end in a failed flow
    run and a traceback in the log instead of one clear line."""
    if name in ("nightly", "backfill") and params.get("crawl", True):
        from .registry import registry_files, site_count

        files = registry_files(dd, params.get("registry"))
        wanted = params.get("sites")
        if site_count(files, wanted) == 0:
            from .errors import UserError

            what = f"none of the sites {', '.join(wanted)} is" if wanted else "no site is"
            raise UserError(f"{what} in the registry ({', '.join(str(f) for f in files)})")


def _flow(name: str):
    if name == "nightly":
        from .nightly import nightly

        return nightly
    if name == "reextract":
        from .reextract import reextract

        return reextract
    from .backfill import backfill

    return backfill
