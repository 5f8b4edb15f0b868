"""The validate stage names exactly the reports the load then keeps out of the dataset (checked
against the real pipeline.load on extraction outputs of the seed reports, some made invalid)."""
from __future__ import annotations

import copy
import hashlib
import json

import pyarrow as pa
import pyarrow.parquet as pq

from crawler.storage.manifest import SCHEMA
from extract.api import extract_bytes
from flows.extraction import current_version
from flows.validate import validate

from .helpers import db_rows


def test_validate_agrees_with_the_load(seeds, tmp_path):
    version = current_version()
    base = extract_bytes(seeds[0][0].read_bytes(), seeds[0][0].name)
    code = next(iter(base["reports"][0]["facts"]))

    def variant(change):
        out = copy.deepcopy(base)
        change(out["reports"][0])
        return out

    cases = {  # name → (extraction output, the listing's year)
        "ok": (base, 2024),
        "unknown_code": (variant(lambda r: r["facts"].update({"t9.nothing.here": 1})), 2024),
        "not_a_number": (variant(lambda r: r["facts"].update({code: "12"})), 2024),
        "no_year_anywhere": (variant(lambda r: r.update(year=None)), None),
        "no_year_but_listed": (variant(lambda r: r.update(year=None)), 2024),
        "no_agency": (variant(lambda r: r.update(agency=None)), 2024),
    }
    rows, sha_of = [], {}
    for name, (result, year) in cases.items():
        sha = hashlib.sha256(name.encode()).hexdigest()
        sha_of[name] = sha
        result = {**result, "sha256": sha}
        out = tmp_path / "extracted" / version / f"{sha}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False), "utf-8")
        rows.append({c: None for c in SCHEMA.names} | {
            "url": f"http://127.0.0.1:1/{name}.html", "site_id": f"s-{name}", "agency": f"机关{name}",
            "region_code": "630100", "level": "city", "title": name, "year": year, "content_type": "html",
            "size": 1, "sha256": sha, "status": 200, "role": "article"})
    (tmp_path / "crawl").mkdir()
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), tmp_path / "crawl" / "documents.parquet")

    years = {r["sha256"]: r["year"] for r in rows if r["year"]}
    v = validate(tmp_path, list(sha_of.values()), version, years)
    name_of = {sha: name for name, sha in sha_of.items()}
    assert {name_of[b["sha256"]]: b["reason"] for b in v.invalid} == {
        "unknown_code": "report 0: unknown fact code t9.nothing.here",
        "not_a_number": f"report 0: fact {code} is not a number ('12')",
        "no_year_anywhere": "report 0: no year",
    }
    assert sorted((name_of[w["sha256"]], w["reason"]) for w in v.warnings) == [
        ("no_agency", "report 0: no agency in the report"),
        ("no_year_but_listed", "report 0: no year in the report (the listing says 2024)"),
    ]

    from pipeline.load import load

    load(tmp_path)
    kept_out = {name_of[sha] for sha, stage, _, _ in db_rows(tmp_path, "quarantine") if stage == "load"}
    assert kept_out == {name_of[b["sha256"]] for b in v.invalid}
