"""Stage + crawl table + registry → the published Parquet tables (data/tables/).

The joins, deduplication and quarantine rules are SQL (pipeline/sql/tables_*.sql); Python only
conforms the inputs, computes agency ids (Unicode normalization, renamings) and streams the
results through the schema-driven writers.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import agencies, dates, registry
from .codes import codes_table
from .datapackage import write_descriptor
from .duck import quote_literal, run_sql, sql_text
from .extractions import version_key
from .fsutil import fsync_tree, replace_dir
from .parquet_io import write_table
from .paths import Paths
from .schemas import (
    AGENCIES,
    CHECKS,
    CODES,
    COMPLIANCE,
    CRAWL_SITES,
    DOCUMENTS,
    EXTRACTIONS,
    FACTS,
    QUARANTINE,
    REGION_COMPLIANCE,
    REGIONS,
    REPORTS,
    SITES,
    TEXTS,
)
from .stage import STAGE_SCHEMAS, stage_file

# Crawl columns as INTERFACES.md lists them (the first fields of the documents table).
CRAWL_FIELDS = [f for f in DOCUMENTS.schema if f.name not in
                ("extractor_version", "n_reports", "report_ids", "duplicate_of", "load_status")]
DUCK_TYPES = {pa.string(): "VARCHAR", pa.int16(): "SMALLINT", pa.int64(): "BIGINT", pa.date32(): "DATE",
              pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ"}
# Preference among copies of one report (see tables_20_outputs.sql): HTML first.
FORMAT_RANK = ("html", "docx", "doc", "wps", "pdf", "xlsx", "xls", "text", "image", "other")


@dataclass
class AssembleStats:
    rows: dict[str, int] = field(default_factory=dict)


class InputError(ValueError):
    pass


def _register_crawl(con, path: Path) -> None:
    """documents.parquet conformed to the documented columns (missing ones null, bad values null)."""
    if path.exists():
        try:
            crawl = pq.read_table(path)
        except (OSError, pa.ArrowException) as e:
            raise InputError(f"{path}: not a readable Parquet file ({e})") from None
        con.register("crawl_raw", crawl)
        present = {c[0] for c in con.execute("DESCRIBE crawl_raw").fetchall()}
    else:
        present = set()
    cols = []
    for f in CRAWL_FIELDS:
        typ = DUCK_TYPES[f.type]
        cols.append(f'TRY_CAST("{f.name}" AS {typ}) AS "{f.name}"' if f.name in present
                    else f'NULL::{typ} AS "{f.name}"')
    source = "crawl_raw" if path.exists() else "(SELECT 1)"
    where = " WHERE sha256 IS NOT NULL" if "sha256" in present else " WHERE false"
    con.execute(f"CREATE OR REPLACE TEMP TABLE crawl AS SELECT {', '.join(cols)} FROM {source}{where}")
    if path.exists():
        con.unregister("crawl_raw")


def _register_stage(con, paths: Paths) -> None:
    for name, schema in STAGE_SCHEMAS.items():
        p = stage_file(paths, name)
        if p.exists():
            con.execute(f"CREATE OR REPLACE TEMP VIEW stage_{name} AS SELECT * FROM read_parquet({quote_literal(p)})")
        else:
            con.register(f"stage_{name}", schema.empty_table())


def _register_agency_keys(con, paths: Paths) -> None:
    renamings = agencies.Renamings(registry.read_renamings(paths.renamings_csv))
    rows = con.execute("SELECT sha256, position, agency, region_code, site_id FROM candidates").fetchall()
    memo: dict[tuple, tuple[str, str]] = {}
    out = {"sha256": [], "position": [], "agency_id": [], "normalized_name": []}
    for sha, pos, name, region, site in rows:
        key = (name, region, site)
        if key not in memo or not agencies.normalize_name(name):
            memo[key] = agencies.identify(name, region, site, renamings, f"{sha}-{pos}")
        aid, norm = memo[key]
        out["sha256"].append(sha)
        out["position"].append(pos)
        out["agency_id"].append(aid)
        out["normalized_name"].append(norm)
    con.register("agency_keys", pa.table(out, schema=pa.schema(
        [("sha256", pa.string()), ("position", pa.int16()), ("agency_id", pa.string()),
         ("normalized_name", pa.string())])))


def _register_report_dates(con) -> None:
    """Every candidate report's publication-date candidates and the one the rule picks
    (pipeline/dates.py): one row per (sha256, position)."""
    rows = con.execute("SELECT sha256, position, year, dated_url, page_date, listing_date, site_date, "
                       "last_modified, first_seen FROM candidates").fetchall()
    out = {"sha256": [], "position": [], "published_at": [], "published_source": [], "date_candidates": []}
    for sha, pos, year, url, page, listing, site, modified, first_seen in rows:
        cands = {"page": page, "listing": listing, "site": site, **dates.url_dates(url),
                 "last_modified": modified, "first_seen": first_seen}
        when, source = dates.choose(cands, year)
        out["sha256"].append(sha)
        out["position"].append(pos)
        out["published_at"].append(when)
        out["published_source"].append(source)
        out["date_candidates"].append([{"source": s, "date": cands[s], "url": url}
                                       for s in dates.SOURCES if cands.get(s)])
    con.register("report_dates", pa.table(out, schema=pa.schema(
        [("sha256", pa.string()), ("position", pa.int16()), ("published_at", pa.date32()),
         ("published_source", pa.string()), ("date_candidates", REPORTS.schema.field("date_candidates").type)])))


def _with_first_years(sites: pa.Table, new_units: dict[str, int]) -> pa.Table:
    """A site without its own first_year whose region is a unit created after 2019 owes reports
    from that unit's first year."""
    if not new_units:
        return sites
    years = [y if y is not None else new_units.get(code) for y, code in
             zip(sites["first_year"].to_pylist(), sites["region_code"].to_pylist())]
    i = sites.schema.get_field_index("first_year")
    return sites.set_column(i, sites.schema.field(i), pa.array(years, pa.int16()))


def _with_agency_ids(sites: pa.Table, renamings: agencies.Renamings) -> pa.Table:
    """The registry's sites with the agency id of their owner, by the same rule as reports, so
    that who owes a report (the registry) meets what was published (the reports)."""
    ids = [agencies.identify(name, region, site, renamings, f"site:{site}")[0]
           for name, region, site in zip(sites["name"].to_pylist(), sites["region_code"].to_pylist(),
                                         sites["site_id"].to_pylist())]
    i = sites.schema.get_field_index("agency_id")
    return sites.set_column(i, sites.schema.field(i), pa.array(ids, pa.string()))


def compliance_params(con) -> dict[str, str]:
    """as_of: the day compliance is judged on — OGI_AS_OF (YYYY-MM-DD) if set, else the day of the
    newest fetch (a deadline that had not passed when we looked is not yet owed)."""
    as_of = os.environ.get("OGI_AS_OF")
    if as_of:
        try:
            as_of_sql = f"DATE '{date.fromisoformat(as_of).isoformat()}'"
        except ValueError:
            raise ValueError(f"OGI_AS_OF={as_of!r} is not a date (YYYY-MM-DD)") from None
    else:
        newest = con.execute("SELECT max(fetched_at)::DATE FROM crawl_ok").fetchone()[0]
        as_of_sql = f"DATE '{newest.isoformat()}'" if newest else "current_date"
    columns = {r[0] for r in con.execute("DESCRIBE out_reports").fetchall()}
    return {"as_of": as_of_sql, "complete": "r.complete" if "complete" in columns else "NULL::BOOLEAN"}


def _register_orders(con) -> None:
    versions = [r[0] for r in con.execute("SELECT DISTINCT extractor_version FROM stage_history").fetchall()]
    versions.sort(key=version_key)
    con.register("version_order", pa.table({"extractor_version": pa.array(versions, pa.string()),
                                            "ord": pa.array(range(len(versions)), pa.int32())}))
    con.register("format_rank", pa.table({"content_type": list(FORMAT_RANK),
                                          "rank": list(range(len(FORMAT_RANK)))}))


def assemble(paths: Paths, con) -> AssembleStats:
    """Write every published table to a fresh directory, then swap it in for data/tables."""
    sites = _with_agency_ids(_with_first_years(registry.read_sites(paths.sites_registry),
                                               registry.new_units(paths.registry)),
                             agencies.Renamings(registry.read_renamings(paths.renamings_csv)))
    regions = registry.read_regions(paths.regions_csv)
    codes = codes_table()
    con.register("sites", sites)
    con.register("regions", regions)
    con.register("codes", codes)
    _register_crawl(con, paths.documents)
    _register_stage(con, paths)
    _register_orders(con)
    run_sql(con, "tables_10_candidates")
    _register_agency_keys(con, paths)
    _register_report_dates(con)
    run_sql(con, "tables_20_outputs")
    run_sql(con, "tables_40_compliance", **compliance_params(con))
    dup = con.execute("SELECT count(*) - count(DISTINCT report_id) FROM candidates").fetchone()[0]
    if dup:
        raise RuntimeError(f"{dup} report ids collide (two documents share a 16-digit sha256 prefix)")

    out = paths.tables.with_name(f".{paths.tables.name}.tmp")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    stats = AssembleStats()

    def put(table, data):
        written = write_table(table, data, out)
        stats.rows[table.name] = sum(written.values())

    put(SITES, sites)
    put(CRAWL_SITES, registry.read_crawl_sites(paths.crawl_sites))
    put(REGIONS, regions)
    put(CODES, codes)
    for table, source in ((REPORTS, "out_reports"), (AGENCIES, "out_agencies"), (DOCUMENTS, "out_documents"),
                          (QUARANTINE, "out_quarantine"), (EXTRACTIONS, "out_extractions"),
                          (COMPLIANCE, "out_compliance"), (REGION_COMPLIANCE, "out_region_compliance")):
        put(table, con.execute(f"SELECT * FROM {source}").fetch_record_batch())
    for table, query in ((FACTS, "tables_30_facts"), (CHECKS, "tables_30_checks"), (TEXTS, "tables_30_texts")):
        put(table, con.execute(sql_text(query)).fetch_record_batch(1 << 18))
    write_descriptor(out)
    fsync_tree(out)
    paths.tables.parent.mkdir(parents=True, exist_ok=True)
    replace_dir(out, paths.tables)
    return stats
