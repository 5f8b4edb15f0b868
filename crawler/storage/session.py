"""One storage session per crawler process: blobs, WARC writer, journal and state, opened
lazily from whichever component needs them first and closed when the spider closes."""
from __future__ import annotations

import logging

from scrapy import signals

from crawler.storage.blobs import BlobStore
from crawler.storage.manifest import Journal, compact, known_rows
from crawler.storage.paths import DataDir, worker_name
from crawler.storage.state import CrawlState
from crawler.storage.warc import WarcStore

log = logging.getLogger(__name__)


class StorageSession:
    def __init__(self, data: DataDir, warc_max_bytes: int, fsync: bool = False):
        self.data = data
        self.worker = worker_name()
        self.blobs = BlobStore(data.blob_dir, fsync=fsync)
        swept = self.blobs.sweep_temporaries()
        if swept:
            log.warning("removed %d unfinished blob temporaries of a killed run", swept)
        self.warc = WarcStore(data.warc_dir, self.worker, max_bytes=warc_max_bytes)
        self.state = CrawlState(data.state_db)
        self.journal = Journal(data.journal_dir, self.worker)
        self.closed = False

    def known_documents(self) -> list[dict]:
        return known_rows(self.data.documents, self.data.journal_dir)

    def close(self) -> int:
        """Close files and compact the journals into documents.parquet."""
        if self.closed:
            return 0
        self.closed = True
        self.warc.close()
        self.journal.close()
        self.state.close()
        n = compact(self.data.documents, self.data.journal_dir)
        log.info("documents.parquet: %d rows", n)
        return n


def get_session(crawler) -> StorageSession:
    session = getattr(crawler, "_ogi_storage", None)
    if session is None:
        spider = getattr(crawler, "spider", None)
        explicit = getattr(spider, "data", None) or crawler.settings.get("OGI_DATA")
        session = StorageSession(
            DataDir.at(explicit),
            warc_max_bytes=crawler.settings.getint("OGI_WARC_MAX_BYTES", 1 << 30),
            fsync=crawler.settings.getbool("OGI_FSYNC"),
        )
        crawler._ogi_storage = session
        crawler.signals.connect(lambda spider, reason: session.close(), signal=signals.spider_closed, weak=False)
    return session
