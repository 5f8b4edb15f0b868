"""The committed registry (data/registry/): sites, the region-code table and agency renamings.

Every file is optional: without sites there is no coverage baseline, without regions.csv the
province/city/county names stay empty, without agency_renamings.csv names are only normalized.
A file that is present but malformed is a clear one-line error.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

from .schemas import REGIONS, SITES

SITE_COLUMNS = ("site_id", "name", "region_code", "level", "homepage_url", "column_url", "verified", "first_year")
REGION_COLUMNS = ("code", "name", "level")  # + "parent" (or "parent_code")
RENAMING_COLUMNS = ("region_code", "old_name", "new_name", "year", "note")
OWN_FILES = {"regions.csv", "agency_renamings.csv"}
# regions.csv calls the 地级 level "prefecture"; the dataset's column is `city`
LEVEL_ALIASES = {"prefecture": "city"}
# data/registry/README.md: 100000 stands for the whole country (central portal, State Council
# departments); it is not a GB/T 2260 code, so it is added when the table lacks it
NATIONAL = {"code": "100000", "name": "全国", "level": "country", "parent": ""}


class RegistryError(ValueError):
    pass


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise RegistryError(f"{path}: missing column(s) {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _blank_none(v: str | None) -> str | None:
    return v if v else None


def new_units(registry: Path) -> dict[str, int]:
    """region code → first report year of a unit created after 2019 (history/region_changes.csv,
    rows with an empty old_code): such a unit owes reports from that year."""
    path = registry / "history" / "region_changes.csv"
    if not path.exists():
        return {}
    out: dict[str, int] = {}
    for row in _rows(path, ("old_code", "new_code", "year")):
        if not row["old_code"] and row["new_code"] and row["year"].isdigit() and int(row["year"]) > 2019:
            out[row["new_code"]] = int(row["year"])
    return out


def read_sites(registry: Path) -> pa.Table:
    """Every site CSV in the registry (any *.csv with a site_id column), one row per site_id."""
    seen: dict[str, dict] = {}
    if registry.is_dir():
        for path in sorted(registry.glob("*.csv")):
            if path.name in OWN_FILES:
                continue
            with open(path, newline="", encoding="utf-8-sig") as f:
                header = next(csv.reader(f), [])
            if "site_id" not in header:
                continue
            for row in _rows(path, ("site_id",)):
                if row.get("site_id"):
                    seen.setdefault(row["site_id"], row)
    rows = [seen[k] for k in sorted(seen)]
    for r in rows:
        if r.get("first_year") and not (r["first_year"].isdigit() and 1990 <= int(r["first_year"]) <= 2100):
            raise RegistryError(f"site {r['site_id']}: first_year {r['first_year']!r} is not a year")
    cols = {c: pa.array([_blank_none(r.get(c)) for r in rows], pa.string()) for c in SITE_COLUMNS}
    cols["agency_id"] = pa.nulls(len(rows), pa.string())  # set by the assembly (agency identity rule)
    return pa.table(cols).cast(SITES.schema)


def read_regions(path: Path) -> pa.Table:
    """regions.csv with each code's province/city/county resolved through the parent chain."""
    rows = _rows(path, REGION_COLUMNS) if path.exists() else []
    for r in rows:
        r["parent"] = r.get("parent") or r.get("parent_code") or ""
    if rows and not any("parent" in r or "parent_code" in r for r in rows[:1]):
        raise RegistryError(f"{path}: missing column(s) parent")
    by_code = {r["code"]: r for r in rows if r["code"]}
    if by_code:
        by_code.setdefault(NATIONAL["code"], dict(NATIONAL))
    out = {c: [] for c in REGIONS.schema.names}
    for code in sorted(by_code):
        r = by_code[code]
        found: dict[str, dict] = {}
        node, hops = r, 0
        while node is not None and hops < 10:  # a cycle in parent links cannot loop forever
            found.setdefault(LEVEL_ALIASES.get(node["level"], node["level"]), node)
            node = by_code.get(node["parent"]) if node["parent"] != node["code"] else None
            hops += 1
        out["code"].append(code)
        out["name"].append(_blank_none(r["name"]))
        out["level"].append(_blank_none(r["level"]))
        out["parent"].append(_blank_none(r["parent"]))
        for lvl in ("province", "city", "county"):
            n = found.get(lvl)
            out[f"{lvl}_code"].append(n["code"] if n else None)
            out[lvl].append(_blank_none(n["name"]) if n else None)
    return pa.table(out, schema=REGIONS.schema)


def read_renamings(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    rows = _rows(path, ("old_name", "new_name"))
    for i, r in enumerate(rows, start=2):
        if not r.get("old_name") or not r.get("new_name"):
            raise RegistryError(f"{path}:{i}: old_name and new_name are both required")
    return rows


def read_crawl_sites(path: Path) -> pa.Table:
    """crawl/sites.parquet (the crawler's per-site outcome) as the crawl_sites table; empty when
    no crawl wrote it."""
    from .schemas import CRAWL_SITES

    if not path.exists():
        return CRAWL_SITES.schema.empty_table()
    import datetime as dt

    import pyarrow.parquet as pq

    rows = []
    for r in pq.read_table(path).to_pylist():
        cols = r.get("columns") or []
        rows.append({
            "site_id": r["site_id"],
            "verified": dt.date.fromisoformat(r["verified"]) if r.get("verified") else None,
            "status": r.get("status"), "reason": r.get("reason"),
            "columns": [c["url"] for c in cols], "column_agencies": [c.get("agency") for c in cols],
            "reports_found": r.get("reports_found"), "http_fallback": r.get("http_fallback"),
            "challenge": r.get("challenge"),
        })
    return pa.Table.from_pylist(rows, schema=CRAWL_SITES.schema)
