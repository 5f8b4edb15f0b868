"""Reading a run's results back for the flow tests."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

SQL = Path(__file__).with_name("sql")


def sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text("utf-8")


def db_rows(data: Path, name: str) -> list[tuple]:
    from flows.query import connect

    con = connect(Path(data) / "ogi.duckdb")
    try:
        return con.execute(sql(name)).fetchall()
    finally:
        con.close()


def db_facts(data: Path) -> dict[tuple[str, int], dict[str, float]]:
    out: dict[tuple[str, int], dict[str, float]] = {}
    for agency, year, code, value in db_rows(data, "facts_by_report"):
        out.setdefault((agency, year), {})[code] = value
    return out


def truth_facts(entry: dict) -> dict[str, float]:
    return {c: float(v) for c, v in entry["facts"].items()}


def data_file_hashes(snapshot: Path) -> dict[str, str]:
    """sha256 of every Parquet file a snapshot's manifest lists (the data, not the dated card)."""
    manifest = json.loads((Path(snapshot) / "manifest.json").read_text("utf-8"))
    return {f["path"]: f["sha256"] for f in manifest["files"] if f["path"].endswith(".parquet")}


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def log_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.path, parts.query


# A process holding a data directory's lock, as a running nightly does.
HOLD_LOCK = ("import sys, time\nfrom flows.lock import DataLock\n"
             "DataLock(sys.argv[1], 'nightly').acquire()\nprint('locked', flush=True)\ntime.sleep(300)\n")
