"""The dataset stage (pipeline/) as the flows call it: load, publish, verify, with their results
normalised to plain dicts for the summary."""
from __future__ import annotations

from dataclasses import asdict, is_dataclass
from pathlib import Path


def _as_dict(obj) -> dict:
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return dict(obj)
    if is_dataclass(obj):
        return asdict(obj)
    if isinstance(obj, (str, Path)):
        return {"path": str(obj)}
    return {"result": repr(obj)}


def load(data_dir) -> dict:
    from pipeline.load import load as _load

    return _as_dict(_load(data_dir))


def publish(data_dir, date: str | None = None) -> dict:
    from pipeline.publish import publish as _publish

    return _as_dict(_publish(data_dir, date=date))


def verify(target) -> dict:
    """{ok, snapshot, files_checked, problems: ["path: message", …]}"""
    from pipeline.verify import verify as _verify

    r = _verify(str(target))
    return {"ok": r.ok, "snapshot": r.snapshot, "files_checked": r.files_checked,
            "problems": [str(p) for p in r.problems]}


def totals(data_dir) -> dict:
    """reports, facts, failed_checks, reports_failing_checks, quarantined: from the database the
    load just built."""
    from .datadir import DataDir
    from .query import connect
    from .sqlfiles import sql

    con = connect(DataDir.of(data_dir).duckdb)
    try:
        cur = con.execute(sql("totals"))
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchone()))
    finally:
        con.close()
