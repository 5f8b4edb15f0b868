"""Where each stage's files live inside a data directory (docs/INTERFACES.md)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_data_dir() -> Path:
    return Path(os.environ.get("OGI_DATA", "data"))


@dataclass(frozen=True)
class Paths:
    root: Path

    @classmethod
    def of(cls, data_dir: str | os.PathLike | None = None) -> Paths:
        return cls(Path(data_dir) if data_dir is not None else default_data_dir())

    @property
    def registry(self) -> Path:
        return self.root / "registry"

    @property
    def crawled_registry(self) -> Path:
        """The registry files the last crawl ran on (written by the flows): coverage is measured
        against the sites actually crawled, e.g. the demo's simulated web, not every committed CSV."""
        return self.root / "crawl" / "registry"

    @property
    def sites_registry(self) -> Path:
        return self.crawled_registry if any(self.crawled_registry.glob("*.csv")) else self.registry

    @property
    def regions_csv(self) -> Path:
        return self.registry / "regions.csv"

    @property
    def renamings_csv(self) -> Path:
        return self.registry / "agency_renamings.csv"

    @property
    def documents(self) -> Path:
        return self.root / "crawl" / "documents.parquet"

    @property
    def crawl_sites(self) -> Path:
        return self.root / "crawl" / "sites.parquet"

    @property
    def extracted(self) -> Path:
        return self.root / "extracted"

    @property
    def tables(self) -> Path:
        return self.root / "tables"

    @property
    def stage(self) -> Path:
        # Parsed extraction JSON, kept so a load only parses new or re-extracted documents.
        return self.root / "cache" / "pipeline"

    @property
    def database(self) -> Path:
        return self.root / "ogi.duckdb"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"
