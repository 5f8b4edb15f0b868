"""Deterministic Parquet writers driven by pipeline.schemas.

Same rows in the same order → byte-identical files: fixed row-group boundaries (independent of
how the rows arrive in batches), fixed encodings, ZSTD, no timestamps in the footer. Strings are
dictionary-encoded (a fact code costs about one byte before compression), and the columns a
sorted table repeats (report_id, code, table, unit) collapse to run lengths.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .schemas import Table

ROW_GROUP_ROWS = 1 << 20
WRITE_OPTIONS = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_version": "2.0",
    "store_schema": True,
}


class SchemaMismatch(ValueError):
    pass


def _conform(batch: pa.RecordBatch, schema: pa.Schema, table_name: str) -> pa.RecordBatch:
    arrays = []
    for f in schema:
        idx = batch.schema.get_field_index(f.name)
        if idx < 0:
            raise SchemaMismatch(f"{table_name}: column {f.name!r} is missing")
        col = batch.column(idx)
        if col.type != f.type:
            col = col.cast(f.type)
        if not f.nullable and col.null_count:
            raise SchemaMismatch(f"{table_name}: column {f.name!r} has {col.null_count} nulls")
        arrays.append(col)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _batches(data) -> Iterator[pa.RecordBatch]:
    if isinstance(data, pa.Table):
        yield from data.to_batches()
    elif isinstance(data, pa.RecordBatch):
        yield data
    else:  # RecordBatchReader or any iterable of batches
        yield from data


class _GroupedWriter:
    """Writes row groups of exactly ROW_GROUP_ROWS rows whatever the incoming batch sizes."""

    def __init__(self, path: Path, schema: pa.Schema):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = schema
        self.writer = pq.ParquetWriter(path, schema, **WRITE_OPTIONS)
        self.pending: list[pa.RecordBatch] = []
        self.pending_rows = 0
        self.rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows == 0:
            return
        self.pending.append(batch)
        self.pending_rows += batch.num_rows
        while self.pending_rows >= ROW_GROUP_ROWS:
            t = pa.Table.from_batches(self.pending, self.schema)
            self.writer.write_table(t.slice(0, ROW_GROUP_ROWS), row_group_size=ROW_GROUP_ROWS)
            rest = t.slice(ROW_GROUP_ROWS)
            self.pending = rest.combine_chunks().to_batches() if rest.num_rows else []
            self.pending_rows = rest.num_rows
            self.rows += ROW_GROUP_ROWS

    def close(self) -> int:
        if self.pending_rows or self.rows == 0:
            t = pa.Table.from_batches(self.pending, self.schema)
            self.writer.write_table(t, row_group_size=ROW_GROUP_ROWS)
            self.rows += t.num_rows
        self.writer.close()
        with open(self.path, "rb") as f:
            os.fsync(f.fileno())
        return self.rows


def table_path(out_dir: Path, table: Table) -> Path:
    return out_dir / f"{table.name}.parquet"


def partition_path(out_dir: Path, table: Table, value) -> Path:
    return out_dir / table.name / f"{table.partition_by}={value}" / "part-0.parquet"


def write_table(table: Table, data, out_dir: Path) -> dict[Path, int]:
    """Write `data` (already in the table's sort order) as the table's Parquet file(s) under
    out_dir. A partitioned table must arrive sorted by its partition column. Returns
    {path: rows}."""
    written: dict[Path, int] = {}
    if not table.partition_by:
        w = _GroupedWriter(table_path(out_dir, table), table.schema)
        for b in _batches(data):
            w.add(_conform(b, table.schema, table.name))
        written[w.path] = w.close()
        return written

    file_schema = table.file_schema()
    key = table.partition_by
    current, w = None, None
    for b in _batches(data):
        if b.num_rows == 0:
            continue
        keys = b.column(b.schema.get_field_index(key)).to_numpy(zero_copy_only=False)
        # the rows arrive sorted by the partition value: split the batch where it changes
        cuts = [0, *(np.flatnonzero(keys[1:] != keys[:-1]) + 1).tolist(), len(keys)]
        for start, stop in itertools.pairwise(cuts):
            value = keys[start].item()
            if value != current:
                if w is not None:
                    written[w.path] = w.close()
                path = partition_path(out_dir, table, value)
                if path in written:
                    raise SchemaMismatch(f"{table.name}: rows not sorted by {key} ({value} seen twice)")
                current, w = value, _GroupedWriter(path, file_schema)
            w.add(_conform(b.slice(start, stop - start), file_schema, table.name))
    if w is not None:
        written[w.path] = w.close()
    return written


def table_files(tables_dir: Path, table: Table) -> list[Path]:
    """The files of one table in a tables directory (partitions in sorted order)."""
    if not table.partition_by:
        p = table_path(tables_dir, table)
        return [p] if p.exists() else []
    root = tables_dir / table.name
    return sorted(root.glob(f"{table.partition_by}=*/*.parquet")) if root.exists() else []


def parquet_rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows

