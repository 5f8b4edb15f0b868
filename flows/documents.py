"""The crawler's documents.parquet, read for planning: what changed, what needs extraction."""
from __future__ import annotations

from dataclasses import dataclass

from .datadir import DataDir
from .extraction import is_done


def read_rows(dd: DataDir) -> list[dict]:
    if not dd.documents.exists():
        return []
    import pyarrow.parquet as pq

    return pq.read_table(dd.documents).to_pylist()


def url_index(rows: list[dict]) -> dict[str, str]:
    return {r["url"]: r["sha256"] for r in rows if r.get("sha256")}


@dataclass
class Delta:
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


def delta(before: dict[str, str], after: dict[str, str]) -> Delta:
    """Documents (by URL) new since `before`, with different bytes, or the same."""
    d = Delta()
    for url, sha in after.items():
        old = before.get(url)
        if old is None:
            d.new += 1
        elif old != sha:
            d.changed += 1
        else:
            d.unchanged += 1
    return d


@dataclass(frozen=True)
class Todo:
    sha256: str
    content_type: str | None
    url: str | None


def pending(dd: DataDir, version: str, rows: list[dict]) -> list[Todo]:
    """One Todo per distinct blob not yet extracted (nor quarantined) by this extractor version,
    in a stable order (sha256) so runs are reproducible."""
    seen: dict[str, Todo] = {}
    for r in rows:
        sha = r.get("sha256")
        if not sha or sha in seen:
            continue
        seen[sha] = Todo(sha, r.get("content_type"), r.get("url"))
    return [t for sha, t in sorted(seen.items()) if not is_done(dd, sha, version)]
