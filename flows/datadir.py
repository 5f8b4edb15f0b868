"""Where things live inside one data directory (docs/INTERFACES.md, "Data directory")."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path("data")


def resolve(data_dir: str | os.PathLike | None = None) -> Path:
    """The data directory: the argument, else $OGI_DATA, else ./data; always absolute so a
    subprocess or a Dask worker started elsewhere sees the same files."""
    return Path(data_dir or os.environ.get("OGI_DATA") or DEFAULT_DATA).expanduser().resolve()


@dataclass(frozen=True)
class DataDir:
    root: Path

    @classmethod
    def of(cls, data_dir: str | os.PathLike | DataDir | None = None) -> DataDir:
        return data_dir if isinstance(data_dir, DataDir) else cls(resolve(data_dir))

    @property
    def documents(self) -> Path:
        return self.root / "crawl" / "documents.parquet"

    def blob(self, sha256: str) -> Path:
        return self.root / "raw" / "blobs" / sha256[:2] / sha256

    def extracted(self, version: str) -> Path:
        return self.root / "extracted" / version

    @property
    def extracted_root(self) -> Path:
        return self.root / "extracted"

    @property
    def tables(self) -> Path:
        return self.root / "tables"

    @property
    def duckdb(self) -> Path:
        return self.root / "ogi.duckdb"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def lock_file(self) -> Path:
        return self.root / ".ogi.lock"

    @property
    def runs(self) -> Path:
        """One JSON summary per finished run (the CLI's `ogi show-run` and the demo read them)."""
        return self.root / "cache" / "runs"
