"""Where things live under the data directory (OGI_DATA, spider arg `data=`, default ./data)."""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get("OGI_DATA") or "data").resolve()


def worker_name() -> str:
    """Unique per process: names its WARC files and its journal, so processes never share one."""
    host = socket.gethostname().split(".")[0] or "host"
    return f"{host}-{os.getpid()}"


@dataclass(frozen=True)
class DataDir:
    root: Path

    @classmethod
    def at(cls, explicit: str | os.PathLike | None = None) -> DataDir:
        d = cls(data_dir(explicit))
        for sub in (d.warc_dir, d.blob_dir, d.journal_dir, d.crawl_dir):
            sub.mkdir(parents=True, exist_ok=True)
        return d

    @property
    def warc_dir(self) -> Path:
        return self.root / "raw" / "warc"

    @property
    def blob_dir(self) -> Path:
        return self.root / "raw" / "blobs"

    @property
    def crawl_dir(self) -> Path:
        return self.root / "crawl"

    @property
    def journal_dir(self) -> Path:
        return self.root / "crawl" / "journal"

    @property
    def documents(self) -> Path:
        return self.root / "crawl" / "documents.parquet"

    @property
    def sites(self) -> Path:
        return self.root / "crawl" / "sites.parquet"

    @property
    def state_db(self) -> Path:
        return self.root / "crawl" / "state.sqlite"

    def blob_path(self, sha256: str) -> Path:
        return self.blob_dir / sha256[:2] / sha256
