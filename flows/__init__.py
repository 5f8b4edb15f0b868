"""Orchestration: the Prefect flows (nightly, reextract, backfill), the `ogi` CLI and `make demo`.

Every stage's work lives in its own package (crawler/, extract/, pipeline/); this package only
decides what runs when, where (local processes or a Dask cluster), and what gets reported.
"""
