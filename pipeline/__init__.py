"""The dataset stage: extracted reports → Parquet tables → DuckDB (data/ogi.duckdb) → published,
verifiable snapshots.

Public entry points (plain functions; the CLI is built on top of them):
    pipeline.load.load(data_dir)                  build data/tables/*.parquet and data/ogi.duckdb
    pipeline.publish.publish(data_dir, date=None) write data/snapshots/<date>/ and move `latest`
    pipeline.verify.verify(target)                check a snapshot directory or http(s) URL
"""
