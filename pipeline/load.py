"""load(data_dir): extracted JSON + crawl table + registry → data/tables/*.parquet → data/ogi.duckdb.

Idempotent (same inputs → byte-identical Parquet) and incremental (only new or re-extracted
documents are parsed; see pipeline.stage).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from .assemble import assemble
from .database import build
from .duck import connect
from .fsutil import exclusive, remove_stale_temps
from .paths import Paths
from .stage import StageStats, update


@dataclass
class LoadResult:
    stage: StageStats
    rows: dict[str, int] = field(default_factory=dict)
    tables_dir: str = ""
    database: str = ""


def load(data_dir: str | os.PathLike | None = None, build_database: bool = True) -> LoadResult:
    paths = Paths.of(data_dir)
    with exclusive(paths.root / ".pipeline.lock"):
        for d in (paths.root, paths.stage.parent):
            remove_stale_temps(d)
        con = connect(extensions=())
        try:
            stats = update(paths, con)
            rows = assemble(paths, con).rows
        finally:
            con.close()
        if build_database:
            build(paths.tables, paths.database)
    return LoadResult(stats, rows, str(paths.tables), str(paths.database) if build_database else "")
