"""The browser explorer shipped in every snapshot (snapshot/explorer/index.html): DuckDB-WASM
over the snapshot's own Parquet files, served by any static HTTP server.

    pipeline.explorer.build.build_explorer(snapshot_dir) -> list[Path]

Sources and the npm build: explorer-src/ (see docs/explorer.md).
"""
