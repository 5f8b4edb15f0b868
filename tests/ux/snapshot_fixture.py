"""A small data directory as the crawler and extractor leave it, turned into a snapshot by the
real pipeline (pipeline.load + pipeline.publish): the five real seed reports (their exact
expected facts) plus deterministic synthetic reports over six years, six provinces, the central
level and every other level, with a few reports that break the 勾稽关系 on purpose (as real ones
do), one without table 4, one whose table-3 row （二）部分公开 was not read (incomplete: its checks
are published with ok NULL) and one unreadable document.

`truth()` keeps every fact it wrote, so tests can compare the figures and the explorer with plain
Python sums as well as with DuckDB.
"""
from __future__ import annotations

import csv
import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extract import schema

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "expected"

# (region_code, province, city, county, level, agency)
AGENCIES = [
    (None, None, None, None, "central", "国家示范部"),
    ("110000", "北京市", None, None, "province", "北京市人民政府办公厅"),
    ("110000", "北京市", None, None, "department", "北京市财政局"),
    ("440000", "广东省", None, None, "province", "广东省人民政府办公厅"),
    ("440100", "广东省", "广州市", None, "city", "广州市人民政府办公厅"),
    ("440103", "广东省", "广州市", "荔湾区", "county", "广州市荔湾区人民政府"),
    ("440103", "广东省", "广州市", "荔湾区", "township", "荔湾区沙面街道办事处"),
    ("630100", "青海省", "西宁市", None, "department", "西宁经济技术开发区管理委员会办公室"),
    ("630100", "青海省", "西宁市", None, "township", "党政办公室"),
    ("130300", "河北省", "秦皇岛市", None, "department", "秦皇岛经济技术开发区管理委员会"),
    ("410303", "河南省", "洛阳市", "西工区", "department", "西工区民营经济发展局"),
    ("630200", "青海省", "海东市", None, "department", "海东工业园区管理委员会综合办公室"),
]
YEARS = range(2019, 2025)
SNAPSHOT_DATE = "2025-04-01"


@dataclass
class Report:
    report_id: str
    sha256: str
    year: int
    agency_idx: int
    templates: dict
    has_t4: bool
    facts: dict = field(default_factory=dict)


def _sha(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _t3_facts(rng: random.Random, layout: str) -> dict:
    rows = schema.T3_ROWS[layout]
    outcome_rows = [r.key for r in rows if r.outcome]
    codes = schema.layout_codes("t3", layout)
    cols = [c.key for c in schema.T3_COLUMNS]
    per_row = len(cols)
    by_rc = {(rows[i // per_row].key, cols[i % per_row]): code for i, code in enumerate(codes)}
    f: dict[str, int] = {}
    for col in schema.T3_PARTY_COLUMNS:
        heavy = col in ("natural", "commercial")
        outs = {r: (rng.randint(0, 12 if heavy else 2) if rng.random() < 0.6 else 0) for r in outcome_rows}
        total = sum(outs.values())
        carried_in = rng.randint(0, 3) if heavy else 0
        carried_out = rng.randint(0, 3) if heavy else 0
        new = total + carried_out - carried_in
        if new < 0:
            carried_out -= new
            new = 0
        vals = dict(outs, total=total, new=new, carried_in=carried_in, carried_out=carried_out)
        for r in rows:
            f[by_rc[(r.key, col)]] = vals[r.key]
    for r in rows:
        f[by_rc[(r.key, "total")]] = sum(f[by_rc[(r.key, c)]] for c in schema.T3_PARTY_COLUMNS)
    return f


def _t4_facts(rng: random.Random) -> dict:
    f = {}
    codes = schema.layout_codes("t4", "2021")
    n = len(schema.T4_COLUMNS)
    for g in range(len(schema.T4_GROUPS)):
        group_codes = codes[g * n:(g + 1) * n]
        parts = [rng.randint(0, 3) if rng.random() < 0.5 else 0 for _ in group_codes[:-1]]
        f.update(zip(group_codes, parts + [sum(parts)]))
    return f


def _t2_facts(rng: random.Random, layout: str) -> dict:
    out = {}
    for code in schema.layout_codes("t2", layout):
        unit = schema.code_info(code).unit
        out[code] = round(rng.uniform(0, 500), 2) if unit == "万元" else rng.randint(0, 40)
    return out


def _seed_reports() -> dict[str, dict]:
    return {json.loads(p.read_text("utf-8"))["agency"]: json.loads(p.read_text("utf-8"))
            for p in sorted(CORPUS.glob("*.json"))}


def make_reports() -> list[Report]:
    rng = random.Random(20250401)
    seeds = _seed_reports()
    reports: list[Report] = []
    for idx, (_rc, _p, _c, _co, _level, name) in enumerate(AGENCIES):
        for year in YEARS:
            seed = seeds.get(name)
            if seed and seed["year"] == year:
                facts = dict(seed["facts"])
                templates = dict(seed["templates"])
            elif seed or (idx * 7 + year) % 6 == 0:  # gaps: not every agency's report was found
                continue
            else:
                new_layout = "2021" if year >= 2021 else "2019"
                t3 = "2019" if (idx == 3 and year >= 2023) else new_layout  # real 2023 reports still print 2019 t3
                templates = {"t2": new_layout, "t3": t3}
                facts = {**_t2_facts(rng, new_layout), **_t3_facts(rng, t3), **_t4_facts(rng)}
            sha = _sha(name, year)
            reports.append(Report(f"{sha[:16]}-0", sha, year, idx, templates, True, facts))
    # Real reports break their own arithmetic; these do so on purpose, in different ways.
    by_key = {(AGENCIES[r.agency_idx][5], r.year): r for r in reports}

    def bump(name, year, table, row_label_index, col_index, delta):
        r = by_key[(name, year)]
        codes = schema.layout_codes(table, r.templates.get(table, "2021"))
        per_row = len(schema.T3_COLUMNS) if table == "t3" else len(schema.T4_COLUMNS)
        code = codes[row_label_index * per_row + col_index]
        r.facts[code] += delta

    bump("北京市人民政府办公厅", 2022, "t3", 0, 0, 3)    # new.natural: balance + row total break
    bump("广州市人民政府办公厅", 2021, "t3", 2, 6, 1)    # granted.total: outcomes + row total break
    bump("国家示范部", 2020, "t4", 0, 4, 2)            # review.total: t4 sum breaks
    missing = by_key[("广东省人民政府办公厅", 2020)]     # a report without table 4
    missing.has_t4 = False
    missing.facts = {k: v for k, v in missing.facts.items() if schema.table_of(k) != "t4"}
    holed = by_key[INCOMPLETE]  # a row not read: its seven codes are missing, not zero
    holed.facts = {k: v for k, v in holed.facts.items() if not k.startswith("t3.partial.")}
    return reports


INCOMPLETE = ("广州市人民政府办公厅", 2022)


REGIONS = {  # code: (name, level, parent) — the part of the region table the fixture uses
    "110000": ("北京市", "province", ""), "440000": ("广东省", "province", ""),
    "440100": ("广州市", "city", "440000"), "440103": ("荔湾区", "county", "440100"),
    "630000": ("青海省", "province", ""), "630100": ("西宁市", "city", "630000"),
    "630200": ("海东市", "city", "630000"), "130000": ("河北省", "province", ""),
    "130300": ("秦皇岛市", "city", "130000"), "410000": ("河南省", "province", ""),
    "410300": ("洛阳市", "city", "410000"), "410303": ("西工区", "county", "410300"),
}
EXTRACTOR_VERSION = "0.0.0-fixture"


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_inputs(data_dir: Path) -> None:
    """What the crawler and the extractor would have left in a data directory: the registry,
    documents.parquet and one extraction JSON per document (plus one unreadable document)."""
    _write_csv(data_dir / "registry" / "regions.csv", ["code", "name", "level", "parent"],
               [[c, *REGIONS[c]] for c in sorted(REGIONS)])
    _write_csv(data_dir / "registry" / "sites.csv",
               ["site_id", "name", "region_code", "level", "homepage_url", "column_url", "verified"],
               [[f"site{i:02d}", a[5], a[0] or "", a[4], f"http://127.0.0.1/site{i:02d}/", "", ""]
                for i, a in enumerate(AGENCIES)])
    docs = []
    out = data_dir / "extracted" / EXTRACTOR_VERSION
    out.mkdir(parents=True, exist_ok=True)
    for r in make_reports():
        rc, _p, _c, _co, level, name = AGENCIES[r.agency_idx]
        url = f"http://127.0.0.1/site{r.agency_idx:02d}/{r.year}.html"
        docs.append(_doc_row(url, r.agency_idx, name, rc, level, r.year, r.sha256))
        report = {"agency": name, "year": r.year, "templates": r.templates, "facts": r.facts,
                  "checks": [c.as_dict() for c in schema.run_checks(r.facts)], "warnings": [],
                  "texts": {sec: f"{name}{r.year}年{schema.SECTION_TITLES[sec]}。" for sec in schema.TEXT_SECTIONS}}
        doc = {"source": url, "sha256": r.sha256, "extractor_version": EXTRACTOR_VERSION, "kind": "html",
               "reason": None, "reports": [report]}
        (out / f"{r.sha256}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    broken = _sha("broken")
    docs.append(_doc_row("http://127.0.0.1/site01/broken.pdf", 1, AGENCIES[1][5], AGENCIES[1][0],
                         AGENCIES[1][4], 2023, broken))
    (out / f"{broken}.json").write_text(json.dumps(
        {"sha256": broken, "error": {"code": 3, "message": "unreadable: truncated PDF"}}), encoding="utf-8")
    crawl = data_dir / "crawl" / "documents.parquet"
    crawl.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(docs), crawl)


def _doc_row(url, idx, name, rc, level, year, sha) -> dict:
    return {"url": url, "final_url": url, "listing_url": f"http://127.0.0.1/site{idx:02d}/list.html",
            "site_id": f"site{idx:02d}", "agency": name, "region_code": rc, "level": level,
            "title": f"{name}{year}年政府信息公开工作年度报告", "year": year, "published_date": f"{year + 1}-01-20",
            "content_type": "html", "size": 1000, "sha256": sha, "fetched_at": "2025-03-31T00:00:00+00:00",
            "status": 200, "warc_file": None, "warc_offset": None, "role": "article", "parent_url": None}


def publish_snapshot(data_dir: Path) -> Path:
    """The fixture through the real pipeline: load, then publish (SNAPSHOT_DATE)."""
    from pipeline.load import load
    from pipeline.publish import publish

    write_inputs(data_dir)
    load(data_dir, build_database=False)
    return publish(data_dir, date=SNAPSHOT_DATE)


def truth() -> list[dict]:
    """Every report of the fixture as plain Python: agency, region, level, year, facts."""
    out = []
    for r in make_reports():
        _rc, province, city, _county, level, name = AGENCIES[r.agency_idx]
        out.append({"report_id": r.report_id, "agency": name, "province": province, "city": city, "level": level, "year": r.year,
                    "templates": r.templates, "facts": r.facts,
                    "failed_checks": schema.failed_check_ids(r.facts)})
    return out
