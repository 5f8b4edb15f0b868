"""data/crawl/sites.parquet: what the last crawl of each registry site found, one row per site
(docs/INTERFACES.md). Written at spider close: rows of the sites this crawl covered replace their
previous rows; other sites' rows are kept (a crawl of a subset loses nothing). Temp file + rename
under crawl/.compact.lock, like documents.parquet.

status: ok (≥ 1 年报 column found) · no column found · budget exhausted (the per-site request
budget ran out before a column was found) · blocked (a JavaScript challenge or 403 the crawler
could not pass) · robots (robots.txt disallows the homepage) · unreachable (the homepage could
not be fetched: DNS, connection, TLS on both schemes, timeouts, 5xx).
"""
from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

STATUSES = ("ok", "no column found", "budget exhausted", "blocked", "robots", "unreachable")

COLUMN = pa.struct([
    ("url", pa.string()),
    ("agency", pa.string()),  # the sub-platform's / sub-column's agency; null: the site's own
    ("path", pa.string()),  # the links followed from the homepage: "text <url> › text <url> …"
    ("reports", pa.int32()),  # report entries its listing pages held
])

SCHEMA = pa.schema([
    ("site_id", pa.string()),
    ("name", pa.string()),
    ("homepage_url", pa.string()),
    ("verified", pa.string()),  # date (UTC, YYYY-MM-DD) of the crawl this row describes
    ("status", pa.string()),
    ("reason", pa.string()),  # why not ok, in words (null when ok)
    ("columns", pa.list_(COLUMN)),
    ("n_columns", pa.int32()),
    ("reports_found", pa.int32()),  # report entries in all its columns (before dedup by URL)
    ("documents_new", pa.int32()),  # documents archived by this crawl
    ("requests", pa.int32()),  # discovery + column requests spent (the budget counts these)
    ("budget", pa.int32()),
    ("http_fallback", pa.bool_()),  # https failed, http:// used on the same host and port
    ("challenge", pa.string()),  # null · solved · failed (JavaScript cookie challenge)
    ("robots_disallowed", pa.int32()),  # requests robots.txt forbade
    ("failures", pa.list_(pa.string())),  # up to 20 "url (why)" the crawler gave up on
    ("crawled_at", pa.string()),
])


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return pq.read_table(path).to_pylist()


def write(path: Path, rows: list[dict]) -> int:
    """Merge `rows` (this crawl's sites) into sites.parquet; returns the number of rows kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".compact.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        by_site = {r["site_id"]: r for r in read(path)}
        for row in rows:
            by_site[row["site_id"]] = row
        ordered = [by_site[k] for k in sorted(by_site)]
        table = pa.Table.from_pylist([{c: r.get(c) for c in SCHEMA.names} for r in ordered], schema=SCHEMA)
        fd, tmp = tempfile.mkstemp(prefix=".sites-", suffix=".parquet", dir=path.parent)
        os.close(fd)
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return len(ordered)
