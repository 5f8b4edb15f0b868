"""The incremental stage: extraction files parsed once, kept as Parquet under data/cache/pipeline/.

A load parses only the (document, extractor version) pairs it has not seen; every other
document's rows come from the previous stage. Per document the stage holds the rows of its
*current* extraction — the highest extractor version with a file on disk (a document whose files
were all removed keeps what the stage had). `history` records every version ever seen, so the
published `extractions` table keeps the history even after old files are pruned. By the
extractor's contract a (document, version) pair never changes (the version keys its cache).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .duck import quote_literal
from .extractions import parse_file, scan, version_key
from .fsutil import replace_dir
from .paths import Paths

S, I16, I32, F64, B = pa.string(), pa.int16(), pa.int32(), pa.float64(), pa.bool_()
STAGE_SCHEMAS = {
    "history": pa.schema([("sha256", S), ("extractor_version", S), ("kind", S), ("n_reports", I16),
                          ("reason", S), ("error", S), ("json_sha256", S), ("status", S), ("problem", S)]),
    "reports": pa.schema([("sha256", S), ("position", I16), ("extractor_version", S), ("problem", S),
                          ("agency", S), ("year", I16), ("t2_layout", S), ("t3_layout", S),
                          ("has_t4", B), ("ocr", B), ("period", S), ("warnings", pa.list_(S)),
                          ("n_facts", I16), ("n_checks", I16), ("n_failed_checks", I16),
                          ("failed_checks", pa.list_(S)), ("complete", B), ("missing", pa.list_(S))]),
    "facts": pa.schema([("sha256", S), ("position", I16), ("code", S), ("code_order", I16),
                        ("value", F64), ("raw", S), ("row", S), ("column", S), ("page", I32),
                        ("confidence", F64)]),
    "checks": pa.schema([("sha256", S), ("position", I16), ("check_id", S), ("check_order", I16),
                         ("lhs", F64), ("rhs", F64), ("ok", B), ("missing", pa.list_(S))]),
    "texts": pa.schema([("sha256", S), ("position", I16), ("section", S), ("text", S)]),
    "current": pa.schema([("sha256", S), ("extractor_version", S)]),
}
ROW_TABLES = ("reports", "facts", "checks", "texts")


@dataclass
class StageStats:
    files_on_disk: int = 0
    parsed: int = 0  # extraction files read this time
    documents: int = 0  # documents with a current extraction in the stage
    replaced: int = 0  # documents whose current extraction changed (new or re-extracted)


def stage_file(paths: Paths, name: str) -> Path:
    return paths.stage / f"{name}.parquet"


def _read(paths: Paths, name: str) -> pa.Table:
    p = stage_file(paths, name)
    return pq.read_table(p) if p.exists() else STAGE_SCHEMAS[name].empty_table()


def _rows_table(name: str, rows: list[dict]) -> pa.Table:
    schema = STAGE_SCHEMAS[name]
    return pa.table({f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in schema}, schema=schema)


def _compatible(paths: Paths) -> bool:
    """Whether the stage on disk has this code's table shapes (a column added since it was
    written means every extraction file is read again, not that old rows lose the column)."""
    for name, schema in STAGE_SCHEMAS.items():
        p = stage_file(paths, name)
        if p.exists() and not pq.read_schema(p).remove_metadata().equals(schema):
            return False
    return True


def update(paths: Paths, con) -> StageStats:
    """Bring the stage up to date with data/extracted/. `con` is a DuckDB connection used to merge
    the (possibly large) previous stage with the new rows without loading it into Python."""
    stats = StageStats()
    if paths.stage.exists() and not _compatible(paths):
        shutil.rmtree(paths.stage)
    on_disk = scan(paths.extracted)
    stats.files_on_disk = len(on_disk)
    history = _read(paths, "history")
    known = set(zip(history.column("sha256").to_pylist(), history.column("extractor_version").to_pylist()))
    old_current = _read(paths, "current")
    stage_current = dict(zip(old_current.column("sha256").to_pylist(),
                             old_current.column("extractor_version").to_pylist()))

    versions: dict[str, list[str]] = {}
    for sha, ver in on_disk:
        versions.setdefault(sha, []).append(ver)
    disk_current = {sha: max(vs, key=version_key) for sha, vs in versions.items()}
    replaced = {sha for sha, ver in disk_current.items() if stage_current.get(sha) != ver}
    to_parse = sorted(pair for pair in on_disk
                      if pair not in known or (pair[0] in replaced and disk_current[pair[0]] == pair[1]))
    parsed = {pair: parse_file(on_disk[pair], *pair) for pair in to_parse}
    stats.parsed = len(parsed)
    stats.replaced = len(replaced)
    current = {**stage_current, **disk_current}
    stats.documents = len(current)
    if not parsed and not replaced:
        return stats

    new_rows: dict[str, list[dict]] = {name: [] for name in ROW_TABLES}
    new_rows["history"] = [p.extraction for pair, p in parsed.items() if pair not in known]
    new_rows["current"] = [{"sha256": s, "extractor_version": current[s]} for s in sorted(current)]
    for (sha, ver), p in parsed.items():
        if sha in replaced and disk_current[sha] == ver:
            for r in p.reports:
                r["extractor_version"] = ver
            for name in ROW_TABLES:
                new_rows[name].extend(getattr(p, name))

    tmp = paths.stage.with_name(f".{paths.stage.name}.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    con.register("stage_drop", pa.table({"sha256": pa.array(sorted(replaced), pa.string())}))
    for name in STAGE_SCHEMAS:
        con.register("stage_add", _rows_table(name, new_rows[name]))
        old = stage_file(paths, name)
        if old.exists() and name != "current":
            keep = "" if name == "history" else " WHERE sha256 NOT IN (SELECT sha256 FROM stage_drop)"
            query = f"SELECT * FROM read_parquet({quote_literal(old)}){keep} UNION ALL SELECT * FROM stage_add"
        else:
            query = "SELECT * FROM stage_add"
        con.execute(f"COPY ({query}) TO {quote_literal(tmp / (name + '.parquet'))} "
                    "(FORMAT parquet, COMPRESSION zstd)")
        con.unregister("stage_add")
    con.unregister("stage_drop")
    paths.stage.parent.mkdir(parents=True, exist_ok=True)
    replace_dir(tmp, paths.stage)
    return stats
