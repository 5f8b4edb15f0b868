"""Frictionless Data Package descriptor (datapackage.json) generated from pipeline.schemas."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from extract.schema import SCHEMA_VERSION

from .fsutil import atomic_write_bytes, sha256_file
from .parquet_io import table_files
from .schemas import DATASET_SCHEMA_VERSION, TABLES, Table

LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}


def frictionless_type(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "string"
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return "number"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_timestamp(t):
        return "datetime"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return "array"
    if pa.types.is_struct(t):
        return "object"
    raise TypeError(f"no Frictionless type for {t}")


def field_descriptor(f: pa.Field) -> dict:
    meta = {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
    d = {"name": f.name, "type": frictionless_type(f.type),
         "title": meta.get("description_en", ""),
         "description": f"{meta.get('description_zh', '')} / {meta.get('description_en', '')}",
         "description_zh": meta.get("description_zh", ""),
         "description_en": meta.get("description_en", ""),
         "parquet_type": str(f.type)}
    if "unit" in meta:
        d["unit"] = meta["unit"]
    if not f.nullable:
        d["constraints"] = {"required": True}
    return d


def resource_descriptor(table: Table, root: Path, with_hashes: bool) -> dict:
    files = table_files(root, table)
    rel = [p.relative_to(root).as_posix() for p in files]
    res = {
        "name": table.name,
        "title": f"{table.zh} / {table.en}",
        "description": f"{table.zh} / {table.en}",
        "path": rel if table.partition_by else (rel[0] if rel else f"{table.name}.parquet"),
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "encoding": "utf-8",
        "schema": {"fields": [field_descriptor(f) for f in table.schema]},
        "sortedBy": list(table.sort_by),
    }
    if table.primary_key:
        res["schema"]["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        res["schema"]["foreignKeys"] = [
            {"fields": f, "reference": {"resource": t, "fields": rf}} for f, t, rf in table.foreign_keys]
    if table.partition_by:
        res["partitionedBy"] = {"field": table.partition_by, "style": "hive",
                                "note": "the partition column is in the path, not in the files"}
    if with_hashes and files:
        sizes = [p.stat().st_size for p in files]
        res["bytes"] = sum(sizes)
        if len(files) == 1:
            res["hash"] = "sha256:" + sha256_file(files[0])
        else:  # a multipart resource: one hash per part, in path order
            res["hashes"] = ["sha256:" + sha256_file(p) for p in files]
    return res


def descriptor(root: Path, with_hashes: bool = False, name: str = "ogi-annual-reports",
               version: str | None = None) -> dict:
    d = {
        "profile": "data-package",
        "name": name,
        "title": "政府信息公开工作年度报告数据集 / China OGI annual reports dataset",
        "description": ("全国各级行政机关政府信息公开工作年度报告中三张统计表的全部数字、出处与勾稽校验。 / "
                        "Every number of the three statistical tables of China's open-government-"
                        "information annual reports, with provenance and consistency checks."),
        "licenses": [LICENSE],
        "dataset_schema_version": DATASET_SCHEMA_VERSION,
        "fact_schema_version": SCHEMA_VERSION,
        "resources": [resource_descriptor(t, root, with_hashes) for t in TABLES.values()],
    }
    if version:
        d["version"] = version
    return d


def write_descriptor(root: Path, **kw) -> Path:
    path = root / "datapackage.json"
    text = json.dumps(descriptor(root, **kw), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
    return path
