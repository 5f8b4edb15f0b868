"""build_explorer(snapshot_dir): put the browser explorer into snapshot_dir/explorer/.

The page and its DuckDB-WASM engine are copied from pipeline/explorer/static/ (built by
explorer-src/, committed), the .wasm decompressed and checked against vendor.json; labels.json
(printed rows and columns of every table layout, from extract/schema.py) and tables.json (which
Parquet files of the snapshot make up each table, relative to the snapshot root) are generated.
The page reads those Parquet files over HTTP from the server the snapshot is served by.
"""
from __future__ import annotations

import hashlib
import json
import lzma
import os
import shutil
from pathlib import Path

import pyarrow as pa

from ..card.snapshot import snapshot_date
from ..fsutil import replace_dir
from ..parquet_io import table_files
from ..schemas import TABLES
from .labels import labels

STATIC = Path(__file__).with_name("static")
EXPLORER_DIR = "explorer"
COPIED = ("index.html", "style.css", "app.js", "duckdb-browser-eh.worker.js", "THIRD_PARTY_LICENSES.txt")


class ExplorerBuildError(RuntimeError):
    pass


def _vendor() -> dict:
    try:
        return json.loads((STATIC / "vendor.json").read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise ExplorerBuildError(f"explorer assets missing in {STATIC} ({e}): "
                                 "run `npm ci && npm run build` in explorer-src/") from None


def _copy_engine(out: Path, vendor: dict) -> None:
    for name, info in vendor["files"].items():
        src = STATIC / info.get("from", name)
        if not src.exists():
            raise ExplorerBuildError(f"explorer asset {src.name} missing: run `npm run build` in explorer-src/")
        dst = out / name
        if src.suffix == ".xz":
            with lzma.open(src) as fin, open(dst, "wb") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
        else:
            shutil.copyfile(src, dst)
        digest = hashlib.sha256(dst.read_bytes()).hexdigest()
        if digest != info["sha256"]:
            raise ExplorerBuildError(f"explorer asset {name}: sha256 {digest[:16]}… differs from vendor.json "
                                     f"({info['sha256'][:16]}…): rebuild explorer-src/")


def duck_type(t: pa.DataType) -> str:
    """The DuckDB type of a published column, for the empty view of a table without files."""
    for test, name in ((pa.types.is_string, "VARCHAR"), (pa.types.is_int16, "SMALLINT"),
                       (pa.types.is_int32, "INTEGER"), (pa.types.is_int64, "BIGINT"),
                       (pa.types.is_floating, "DOUBLE"), (pa.types.is_boolean, "BOOLEAN"),
                       (pa.types.is_date, "DATE"), (pa.types.is_timestamp, "TIMESTAMPTZ")):
        if test(t):
            return name
    if pa.types.is_list(t) and pa.types.is_string(t.value_type):
        return "VARCHAR[]"
    return "VARCHAR"  # nested structs: an empty table never holds one


def tables_json(root: Path, date: str) -> dict:
    """Which files make up each table. A table without files (facts of an empty snapshot) still
    gets a view, empty, with its published columns, so every query of the page runs."""
    tables = []
    for name, table in TABLES.items():
        files = [p.relative_to(root).as_posix() for p in table_files(root, table)]
        tables.append({"name": name, "title": f"{table.zh} / {table.en}", "files": files,
                       "partition_by": table.partition_by,
                       "columns": [[f.name, duck_type(f.type)] for f in table.schema]})
    return {"snapshot": date, "root": "../", "tables": tables}


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def build_explorer(snapshot_dir: str | os.PathLike, date: str | None = None) -> list[Path]:
    """Write snapshot_dir/explorer/ (replacing any previous one as a whole); returns its files."""
    root = Path(snapshot_dir)
    if not (root / "reports.parquet").exists():
        raise ExplorerBuildError(f"{root} is not a snapshot: reports.parquet is missing")
    vendor = _vendor()
    tmp = root / f".{EXPLORER_DIR}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        for name in COPIED:
            shutil.copyfile(STATIC / name, tmp / name)
        shutil.copyfile(STATIC / "vendor.json", tmp / "vendor.json")
        _copy_engine(tmp, vendor)
        (tmp / "labels.json").write_text(_json(labels()), encoding="utf-8")
        (tmp / "tables.json").write_text(_json(tables_json(root, date or snapshot_date(root))), encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    target = root / EXPLORER_DIR
    replace_dir(tmp, target)
    return sorted(p for p in target.rglob("*") if p.is_file())
