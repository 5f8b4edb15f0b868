"""data/ogi.duckdb from the Parquet tables: raw copies → staging views → marts → search table.

Every table, the facts included, is stored inside the file: it needs no Parquet file beside it and
opens from any directory in any DuckDB client.

The layers are the SQL files pipeline/sql/db_*.sql, run in order. The wide marts' columns are
generated here from extract/schema.py (the only place that spells codes). The database is built
under a temporary name and renamed over the old one, so readers never see a half-built file.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa

from extract import schema

from .codes import CODE_ORDER, wide_column
from .duck import connect, quote_literal, run_sql, sql_text
from .fsutil import fsync_dir
from .parquet_io import table_files
from .schemas import FACTS

WIDE_TABLES = {"t3_wide": ("t3", "r.t3_layout"), "t4_wide": ("t4", "CASE WHEN r.has_t4 THEN '2021' END")}


def wide_params(table: str, layout_expr: str, name: str) -> dict[str, str]:
    codes = sorted((c for c in CODE_ORDER if schema.table_of(c) == table), key=CODE_ORDER.get)
    shapes = [sorted(CODE_ORDER[c] for c in schema.layout_codes(table, layout))
              for layout in sorted(schema.LAYOUTS[table])]
    shape_sql = " ".join(f"WHEN o = {orders} THEN {i}" for i, orders in enumerate(shapes, 1))
    cols = []
    for code in codes:
        order = CODE_ORDER[code]
        branches = " ".join(
            f"WHEN {i} THEN v[{orders.index(order) + 1}]" if order in orders else f"WHEN {i} THEN NULL"
            for i, orders in enumerate(shapes, 1))
        cols.append(f"       CASE shape {branches} ELSE v[list_position(o, {order})] END"
                    f" AS {wide_column(code)}")
    return {"table": table, "layout": layout_expr, "shapes": shape_sql, "columns": ",\n".join(cols)}


def _t3_outcome_rows() -> list[schema.T3Row]:
    seen, rows = set(), []
    for layout in sorted(schema.LAYOUTS["t3"], reverse=True):
        for r in schema.T3_ROWS[layout]:
            if r.outcome and r.key not in seen:
                seen.add(r.key)
                rows.append(r)
    return rows


def marts_params() -> dict[str, str]:
    groups: dict[str, list[str]] = {}
    for r in _t3_outcome_rows():
        if r.key in ("granted", "partial"):
            continue
        groups.setdefault(r.key.split("_")[0], []).append(r.key)  # denied / unable / rejected / other
    counts = ["       CASE WHEN w.layout IS NOT NULL THEN "
              + " + ".join(f"coalesce(w.{k}_total, 0)" for k in keys) + f" END AS {g}"
              for g, keys in groups.items()]
    # one share per reason; the 2019 layout's single "other" row is already the "other" group
    shares = [f"       w.{r.key}_total / nullif(handled, 0) AS {r.key}_share"
              for r in _t3_outcome_rows() if r.key not in ("granted", "partial") and r.key not in groups]
    return {"group_counts": ",\n".join(counts), "row_shares": ",\n".join(shares)}


# How raw.facts is held (docs/dataset.md, "Facts inside the database"):
# - "table" (the default, and what is published): the facts are copied into the database, which
#   then opens from any directory in any DuckDB client (CLI, Python, R) and can be moved alone;
# - "view": a view over the Parquet files by a path relative to the database's directory. Smaller
#   and faster to build, but `FROM facts` fails in any client whose working directory is not the
#   database's own (DuckDB resolves view paths against the process's directory). Kept only so
#   tests/bench/dataset_bench.py can measure the trade-off.
FACTS_STORAGE = ("table", "view")


def _facts_statement(con, tables_dir: Path, db_dir: Path, storage: str = "table") -> str:
    if storage not in FACTS_STORAGE:
        raise ValueError(f"facts storage {storage!r}: one of {', '.join(FACTS_STORAGE)}")
    if table_files(tables_dir, FACTS):
        root = tables_dir.resolve()
        hive = "hive_partitioning = true, hive_types = {'year': SMALLINT}"
        if storage == "table":  # the files are sorted; insertion order keeps them so (zonemaps)
            glob = quote_literal(root / "facts" / "*" / "*.parquet")
            return f"CREATE OR REPLACE TABLE raw.facts AS FROM read_parquet({glob}, {hive})"
        try:  # relative to the database's directory, so data/ can move as a whole
            root = root.relative_to(db_dir.resolve())
        except ValueError:
            pass
        glob = quote_literal(root / "facts" / "*" / "*.parquet")
        return f"CREATE OR REPLACE VIEW raw.facts AS FROM read_parquet({glob}, {hive})"
    con.register("empty_facts", pa.schema(list(FACTS.schema)).empty_table())
    return "CREATE OR REPLACE TABLE raw.facts AS FROM empty_facts"


def build(tables_dir: Path, db_path: Path, facts_storage: str = "table") -> Path:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    for p in (tmp, tmp.with_name(tmp.name + ".wal")):
        p.unlink(missing_ok=True)
    con = connect(tmp)
    # bounded memory (spilling to disk beside the database) on a machine shared with other work
    con.execute(f"SET memory_limit = {quote_literal(os.environ.get('OGI_DUCKDB_MEMORY', '6GB'))}")
    con.execute(f"SET temp_directory = {quote_literal(tmp.with_name(tmp.name + '.spill'))}")
    try:
        run_sql(con, "db_00_raw", tables=quote_literal(tables_dir),
                facts=_facts_statement(con, tables_dir, db_path.parent, facts_storage))
        run_sql(con, "db_10_staging")
        years = [r[0] for r in con.execute("SELECT DISTINCT year FROM raw.reports ORDER BY year").fetchall()]
        for name, (table, layout) in WIDE_TABLES.items():
            params = wide_params(table, layout, name)
            for i, year in enumerate(years or [0]):  # one year at a time bounds the memory
                select = sql_text("db_20_wide", year=str(year), **params)
                head = f"CREATE OR REPLACE TABLE {name} AS " if i == 0 else f"INSERT INTO {name} "
                con.execute(head + select)
        run_sql(con, "db_30_marts", **marts_params())
        run_sql(con, "db_40_search")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    shutil.rmtree(tmp.with_name(tmp.name + ".spill"), ignore_errors=True)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
    return db_path
