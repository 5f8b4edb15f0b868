"""Crawl storage: WARC files, content-addressed blobs, the documents journal/manifest and the
crawl state (validators for conditional requests, per-site hints). Layout in docs/crawler.md."""
from crawler.storage.paths import DataDir, data_dir

__all__ = ["DataDir", "data_dir"]
