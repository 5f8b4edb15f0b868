"""Crawl state that outlives a run, in SQLite (WAL: crash-safe, shared by several processes).

- validators: per request fingerprint, the ETag / Last-Modified of the last 200 and the sha256 of
  its (decoded) body in the blob store, so the next run can ask "changed since?" and replay the
  body on 304.
- carriers: article pages that only link a report's attachments (not documents themselves):
  fetched once, their attachments re-read from the stored page on later runs.
- revalidated: when an archived document was last confirmed (304, or the same bytes), so the
  schedule (OGI_REVALIDATE_DAYS) counts from then, not from its first fetch.
- hints: per site, things learned by crawling (the discovered 年报 column, the JSON endpoints a
  browser revealed) so the next run goes straight there.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS validators (
    fingerprint TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT NOT NULL,
    headers TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS carriers (
    url TEXT PRIMARY KEY,
    final_url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    info TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revalidated (
    url TEXT PRIMARY KEY,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS hints (
    site_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (site_id, name)
);
"""


class CrawlState:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def validator(self, fingerprint: str) -> dict | None:
        row = self.db.execute(
            "SELECT url, etag, last_modified, sha256, headers FROM validators WHERE fingerprint = ?",
            (fingerprint,),
        ).fetchone()
        if row is None:
            return None
        url, etag, last_modified, sha, headers = row
        return {"url": url, "etag": etag, "last_modified": last_modified, "sha256": sha,
                "headers": json.loads(headers)}

    def set_validator(self, fingerprint: str, url: str, etag: str | None, last_modified: str | None,
                      sha256: str, headers: dict[str, str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO validators VALUES (?, ?, ?, ?, ?, ?, ?)",
            (fingerprint, url, etag, last_modified, sha256, json.dumps(headers), time.time()),
        )

    def carrier(self, url: str) -> dict | None:
        row = self.db.execute("SELECT final_url, sha256, info FROM carriers WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return {"url": url, "final_url": row[0], "sha256": row[1], **json.loads(row[2])}

    def set_carrier(self, url: str, final_url: str, sha256: str, info: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO carriers VALUES (?, ?, ?, ?)",
                        (url, final_url, sha256, json.dumps(info, ensure_ascii=False)))

    def revalidated_at(self, url: str) -> float | None:
        row = self.db.execute("SELECT at FROM revalidated WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def set_revalidated(self, url: str, at: float | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO revalidated VALUES (?, ?)", (url, time.time() if at is None else at))

    def hint(self, site_id: str, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM hints WHERE site_id = ? AND name = ?", (site_id, name)).fetchone()
        return row[0] if row else None

    def set_hint(self, site_id: str, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO hints VALUES (?, ?, ?)", (site_id, name, value))

    def close(self) -> None:
        self.db.close()
