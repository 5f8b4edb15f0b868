"""The dataset card of a snapshot: figures (PNG + the CSV of their numbers) and README.md /
index.html whose every number comes from DuckDB queries over the snapshot's own Parquet.

    pipeline.card.figures.make_figures(snapshot_dir) -> list[Figure]
    pipeline.card.card.write_card(snapshot_dir) -> list[Path]   (figures, README.md, index.html)
"""
