"""documents.parquet: an append-only JSON-lines journal per crawler process while crawling,
compacted into Parquet (docs/INTERFACES.md columns) at close.

A journal line is written only after the document's blob and WARC record are on disk, so a line
is a promise that both exist. A process killed mid-line leaves a torn last line, which readers
skip. Compaction merges documents.parquet with every journal, keeps one row per url (its highest
`version`: a document changed in place is fetched again as version 2, 3 …; of equal versions the
first fetched), writes Parquet to a temporary file and renames it, then deletes the journals it
folded in whose writers are gone (their flock is free). Crash at any point → nothing lost.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("listing_url", pa.string()),
        ("site_id", pa.string()),
        ("agency", pa.string()),
        ("region_code", pa.string()),
        ("level", pa.string()),
        ("title", pa.string()),
        ("year", pa.int32()),
        ("published_date", pa.string()),
        ("content_type", pa.string()),
        ("size", pa.int64()),
        ("sha256", pa.string()),
        ("fetched_at", pa.string()),
        ("status", pa.int32()),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("role", pa.string()),
        ("parent_url", pa.string()),
        # The article page's own fields (crawler.articles): 发布日期, 发布机构, 索引号; null when the
        # page prints none, and on rows journaled before they existed.
        ("page_date", pa.string()),
        ("publisher", pa.string()),
        ("index_no", pa.string()),
        # Publication-date candidates besides the page's (docs/dataset.md, "Publication dates"):
        # the date the listing shows, and the HTTP Last-Modified header (ISO dates).
        ("listing_date", pa.string()),
        ("last_modified", pa.string()),
        # 1 for the first fetch of a URL; +1 each time a revalidation found different bytes there
        ("version", pa.int32()),
        # Where `agency` came from (crawler.titles.attribute): title, body, publisher, section, site;
        # null on rows journaled before it was recorded.
        ("agency_source", pa.string()),
    ]
)
COLUMNS = tuple(SCHEMA.names)
OPTIONAL = ("page_date", "publisher", "index_no", "listing_date", "last_modified", "version", "agency_source")


def read_journal(path: Path) -> list[dict]:
    rows = []
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # torn last line of a killed writer
            try:
                rows.append(json.loads(raw))
            except json.JSONDecodeError:
                log.warning("%s: skipping a damaged journal line", path.name)
    return rows


class Journal:
    """This process's journal: crawl/journal/<worker>.jsonl, flocked while open."""

    def __init__(self, directory: Path, worker: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{worker}.jsonl"
        self._fh = open(self.path, "a+b")  # noqa: SIM115 - held (and flocked) for the whole crawl
        fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _drop_torn_tail(self._fh)  # a reused pid's leftover journal may end mid-line

    def append(self, row: dict) -> None:
        missing = [c for c in COLUMNS if c not in row and c not in OPTIONAL]
        if missing:
            raise ValueError(f"document row lacks {missing}")
        line = json.dumps({c: row.get(c) for c in COLUMNS}, ensure_ascii=False) + "\n"
        self._fh.write(line.encode("utf-8"))
        self._fh.flush()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


def _drop_torn_tail(fh) -> None:
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return
    fh.seek(0)
    data = fh.read()
    keep = data.rfind(b"\n") + 1
    if keep < size:
        fh.truncate(keep)
    fh.seek(0, os.SEEK_END)


def read_documents(parquet: Path) -> list[dict]:
    if not parquet.exists():
        return []
    return pq.read_table(parquet).to_pylist()


def known_rows(parquet: Path, journal_dir: Path) -> list[dict]:
    """Every document recorded so far: the compacted Parquet plus all journals (any writer)."""
    rows = read_documents(parquet)
    for path in sorted(journal_dir.glob("*.jsonl")):
        rows.extend(read_journal(path))
    return rows


def compact(parquet: Path, journal_dir: Path) -> int:
    """Fold journals into documents.parquet; returns the number of rows written.

    Serialised by crawl/.compact.lock. A journal whose writer is gone (flock free) is read whole
    and deleted after the Parquet is in place; a live writer's journal is read but kept."""
    parquet.parent.mkdir(parents=True, exist_ok=True)
    with open(parquet.parent / ".compact.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = read_documents(parquet)
        finished: list[tuple[Path, object]] = []
        try:
            for path in sorted(journal_dir.glob("*.jsonl")):
                fh = open(path, "rb")  # noqa: SIM115 - kept open (locked) until deleted
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    finished.append((path, fh))
                except BlockingIOError:
                    fh.close()  # a running crawler still appends to it: read, keep
                rows.extend(read_journal(path))
            by_url: dict[str, dict] = {}
            for row in rows:
                row.setdefault("version", 1)
                old = by_url.get(row["url"])
                if old is None or (row["version"] or 1) > (old["version"] or 1):
                    by_url[row["url"]] = row  # the current version of each URL
            ordered = sorted(by_url.values(), key=lambda r: (r["site_id"] or "", r["url"]))
            table = pa.Table.from_pylist([{c: r.get(c) for c in COLUMNS} for r in ordered], schema=SCHEMA)
            fd, tmp = tempfile.mkstemp(prefix=".documents-", suffix=".parquet", dir=parquet.parent)
            os.close(fd)
            try:
                pq.write_table(table, tmp)
                os.replace(tmp, parquet)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            for path, _fh in finished:
                path.unlink(missing_ok=True)
        finally:
            for _path, fh in finished:
                fh.close()
    return len(ordered)


def main(argv: list[str] | None = None) -> int:
    """`python -m crawler.storage.manifest [DATA_DIR]`: compact journals into documents.parquet."""
    import sys

    from crawler.storage.paths import DataDir

    args = sys.argv[1:] if argv is None else argv
    d = DataDir.at(args[0] if args else None)
    n = compact(d.documents, d.journal_dir)
    print(f"{n} documents in {d.documents}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
