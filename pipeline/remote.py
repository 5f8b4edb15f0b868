"""Query a published snapshot where it is served (any static HTTP server) with DuckDB's httpfs.

connect(url) reads the snapshot's manifest.json and creates one view per table over the files'
URLs, so `SELECT … FROM facts` works the same as on a local copy.
"""
from __future__ import annotations

import json
import urllib.request

from .duck import connect as duck_connect
from .duck import quote_literal
from .schemas import TABLES

TIMEOUT = 30


def supports_ranges(url: str) -> bool:
    """Whether the server answers byte-range requests (python's http.server does not: then each
    file is downloaded whole once instead of read in ranges)."""
    req = urllib.request.Request(url, headers={"Range": "bytes=0-3"})
    with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
        return r.status == 206


def connect(url: str):
    base = url if url.endswith("/") else url + "/"
    with urllib.request.urlopen(base + "manifest.json", timeout=TIMEOUT) as r:
        manifest = json.loads(r.read())
    con = duck_connect(extensions=("httpfs",))
    by_table: dict[str, list[str]] = {}
    for f in manifest["files"]:
        if f.get("table"):
            by_table.setdefault(f["table"], []).append(base + f["path"])
    first = next(iter(by_table.values()))[0]
    if not supports_ranges(first):
        con.execute("SET force_download = true")
    for name, urls in by_table.items():
        table = TABLES[name]
        files = "[" + ", ".join(quote_literal(u) for u in urls) + "]"
        hive = ", hive_partitioning = true, hive_types = {'year': SMALLINT}" if table.partition_by else ""
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files}{hive})")
    return con
