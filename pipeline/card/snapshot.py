"""A DuckDB connection over one snapshot directory: one view per published table, read from the
snapshot's own Parquet files (never from data/tables or ogi.duckdb), plus the card's lookup
tables derived from extract/schema.py."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pyarrow as pa

from ..duck import connect as duck_connect
from ..duck import quote_literal
from ..parquet_io import table_files
from ..schemas import TABLES
from . import measures

SQL_DIR = Path(__file__).with_name("sql")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class SnapshotError(ValueError):
    pass


def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def connect(snapshot_dir: str | Path) -> duckdb.DuckDBPyConnection:
    root = Path(snapshot_dir)
    if not (root / "reports.parquet").exists():
        raise SnapshotError(f"{root} is not a snapshot: reports.parquet is missing")
    con = duck_connect(extensions=())
    for name, table in TABLES.items():
        files = table_files(root, table)
        if not files:  # an absent table reads as empty, with its published columns
            con.register(f"_empty_{name}", table.schema.empty_table())
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM _empty_{name}")
            continue
        paths = "[" + ", ".join(quote_literal(p) for p in files) + "]"
        hive = (f", hive_partitioning = true, hive_types = {{'{table.partition_by}': SMALLINT}}"
                if table.partition_by else "")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({paths}{hive})")
    for name, rows in measures.lookup_tables().items():
        con.register(name, pa.Table.from_pylist(rows))
    con.execute(sql("macros"))
    return con


def snapshot_date(root: Path) -> str:
    """The snapshot's date: datapackage.json's version (publish writes it before the card, while
    the directory still has its temporary name), else the directory name."""
    try:
        version = json.loads((root / "datapackage.json").read_text("utf-8")).get("version")
    except (OSError, ValueError):
        version = None
    if isinstance(version, str) and DATE.fullmatch(version):
        return version
    m = DATE.search(root.resolve().name)
    return m.group(0) if m else root.name
