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
    from pipeline.verify import verify as _verify

    return _as_dict(_verify(target))
