"""A realistic input tree for the dataset stage, written the way the crawler and the extractor
write theirs (docs/INTERFACES.md): data/registry/*.csv, data/crawl/documents.parquet and
data/extracted/<extractor_version>/<sha256>.json.

Real reports come from tests/fixtures/corpus (their exact facts, their real prose); the others
are built with extract.schema.codes_for + run_checks. The set covers: several agencies, years
and layouts (t2/t3 2019 and 2021, mixed), a report failing t3.balance (seed 002, as published),
the same report as HTML and PDF, a renamed agency, a name with a full-width space, a report
without table 4, a document holding two reports, an OCR report, an agency without a region, a
noise page, an unreadable file, a 404, a malformed extraction file, an unknown fact code, and a
document the extractor has not reached yet.
"""
from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extract import schema
from pipeline.codes import render

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
V1, V2 = "0.1.0", "0.2.0"


def seed(name: str) -> dict:
    (path,) = ROOT.glob(f"expected/{name}_*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def seed_sections(name: str) -> dict[str, str]:
    (path,) = ROOT.glob(f"seeds/{name}_*.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    out: dict[str, str] = {}
    starts = {"一": r"^一、.*总体情况", "五": r"五、存在.*问题", "六": r"^六、其他"}
    stops = {"一": r"^二、", "五": r"^六、", "六": r"^$x"}
    for sec, pat in starts.items():
        idx = next((i for i, line in enumerate(lines) if re.search(pat, line)), None)
        if idx is None:
            continue
        body = []
        for line in lines[idx + 1:]:
            if re.search(stops[sec], line):
                break
            body.append(line)
        text = "\n".join(body).strip()
        if text:
            out[sec] = text
    return out


def synthetic_facts(templates: dict, rng: random.Random, t4: bool = True) -> dict:
    """Facts for one report that pass every check (callers break one on purpose)."""
    codes = schema.codes_for(templates, t4=t4)
    facts = {c: 0 for c in codes}
    for c in codes:
        info = schema.code_info(c)
        if info.table == "t2":
            facts[c] = round(rng.uniform(0, 900), 2) if info.unit == "万元" else rng.choice([0, 0, 1, 3, 12, 250])
    if templates.get("t3"):
        rows = schema.T3_ROWS[templates["t3"]]
        for r in rows:
            if r.outcome:
                for col in schema.T3_PARTY_COLUMNS:
                    facts[f"t3.{r.key}.{col}"] = rng.choice([0, 0, 0, 1, 2, 5]) if col in ("natural", "commercial") else 0
        parties = schema.T3_PARTY_COLUMNS
        for col in parties:
            facts[f"t3.total.{col}"] = sum(facts[f"t3.{r.key}.{col}"] for r in rows if r.outcome)
            facts[f"t3.carried_in.{col}"] = min(1, facts[f"t3.total.{col}"])
            facts[f"t3.carried_out.{col}"] = rng.choice([0, 1])
            facts[f"t3.new.{col}"] = (facts[f"t3.total.{col}"] + facts[f"t3.carried_out.{col}"]
                                      - facts[f"t3.carried_in.{col}"])
        for r in rows:
            facts[f"t3.{r.key}.total"] = sum(facts[f"t3.{r.key}.{c}"] for c in parties)
    if t4:
        for g in schema.T4_GROUPS:
            parts = [c.key for c in schema.T4_COLUMNS if c.key != "total"]
            for p in parts:
                facts[f"t4.{g.key}.{p}"] = rng.choice([0, 0, 1, 2])
            facts[f"t4.{g.key}.total"] = sum(facts[f"t4.{g.key}.{p}"] for p in parts)
    return facts


def _confidence(agency: str, code: str) -> float:
    # Deterministic per cell: rewriting the tree must not change an existing extraction file.
    return 0.6 + int(hashlib.md5(f"{agency}|{code}".encode()).hexdigest()[:4], 16) % 390 / 1000


@dataclass
class Report:
    agency: str
    year: int
    templates: dict
    facts: dict
    texts: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)  # code → printed text where it is not the canonical one
    ocr: bool = False
    page: int | None = None

    def checks(self) -> list[dict]:
        return [c.as_dict() for c in schema.run_checks(self.facts)]

    def json(self) -> dict:
        prov = {}
        for i, code in enumerate(self.facts):
            info = schema.code_info(code)
            # labels as the extractor reports them; one real misprint (seed 000's 本年度止件数)
            column = "本年度止件数" if code == "t2.normative.repealed" else info.column
            prov[code] = {"raw": self.raw.get(code, render(self.facts[code])), "row": info.row, "column": column,
                          "page": self.page, "bbox": None,
                          "confidence": _confidence(self.agency, code) if self.ocr else None}
        return {"agency": self.agency, "year": self.year, "templates": self.templates, "facts": self.facts,
                "checks": self.checks(), "warnings": [], "provenance": prov, "texts": self.texts,
                "period": {"from": f"{self.year}-01-01", "to": f"{self.year}-12-31"}, "ocr": self.ocr}


@dataclass
class Doc:
    key: str
    site_id: str | None
    fmt: str  # html | pdf | docx | …
    reports: list[Report] = field(default_factory=list)
    role: str = "article"
    status: int = 200
    extraction: str = "reports"  # reports | noise | error | malformed | none
    extra_reports: list[dict] = field(default_factory=list)  # raw report objects (bad ones)
    version: str = V1
    year: int | None = None
    published: str | None = None

    @property
    def body(self) -> bytes:
        return f"{self.fmt}:{self.key}".encode()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:8001/{self.site_id or 'nosite'}/{self.key}.{self.fmt}"


REGIONS = [
    ("130000", "河北省", "province", ""), ("130300", "秦皇岛市", "city", "130000"),
    ("130371", "秦皇岛经济技术开发区", "county", "130300"),
    ("410000", "河南省", "province", ""), ("410300", "洛阳市", "city", "410000"),
    ("410303", "西工区", "county", "410300"),
    ("630000", "青海省", "province", ""), ("630100", "西宁市", "city", "630000"),
    ("630200", "海东市", "city", "630000"),
]
SITES = [
    ("qhd-etdz", "秦皇岛经济技术开发区管理委员会", "130371", "county"),
    ("ly-xigong", "洛阳市西工区人民政府", "410303", "county"),
    ("xn-etdz", "西宁经济技术开发区管理委员会", "630100", "city"),
    ("hd-park", "海东工业园区管理委员会", "630200", "city"),
    ("town-x", "某镇人民政府", "", "township"),
    ("hb-gov", "河北省人民政府", "130000", "province"),
]
RENAMINGS = [("410303", "西工区工业和信息化局", "西工区民营经济发展局", "2021", "机构改革更名")]


def _seed_report(name: str, raw: dict | None = None, page: int | None = None) -> Report:
    s = seed(name)
    return Report(s["agency"], s["year"], s["templates"], s["facts"], seed_sections(name), raw or {}, page=page)


def documents(stage: int = 1) -> list[Doc]:
    rng = random.Random(7)
    r21 = {"t2": "2021", "t3": "2021"}
    r19 = {"t2": "2019", "t3": "2019"}
    raw002 = {"t2.licensing.decisions": "30,556", "t3.denied_secret.natural": "", "t3.denied_law.natural": "—"}
    xigong_2020 = Report("西工区工业和信息化局", 2020, r19, synthetic_facts(r19, rng),
                         {"一": "2020年，我局认真贯彻《条例》。",
                          "五": "存在的主要问题：依申请公开答复质量有待提高。改进措施：加强培训。"})
    xigong_2023 = Report("西工区\u3000民营经济发展局", 2023, r21, synthetic_facts(r21, rng, t4=False),
                         {"五": "依申请办理，请公示结果，公开透明。"}, raw={"t2.fees.amount": "１２.５"})
    xigong_2023.facts["t2.fees.amount"] = 12.5
    finance = Report("洛阳市西工区财政局", 2022, r21, synthetic_facts(r21, rng),
                     {"五": "主要问题是依申请\n公开工作人员力量不足。"}, page=3)
    education = Report("洛阳市西工区教育局", 2022, r21, synthetic_facts(r21, rng),
                       {"五": "信息更新不够及时。"}, ocr=True, page=7)
    health = Report("西工区卫生健康委员会", 2022, {"t2": "2021", "t3": "2019"},
                    synthetic_facts({"t2": "2021", "t3": "2019"}, rng), {"六": "无。"})
    docs = [
        Doc("xn-2024", "xn-etdz", "html", [_seed_report("000")], year=2024, published="2025-01-20"),
        Doc("qhd-2024", "qhd-etdz", "html", [_seed_report("002", raw002)], year=2024, published="2025-01-25"),
        Doc("qhd-2024-att", "qhd-etdz", "pdf", [_seed_report("002", raw002, page=2)], role="attachment",
            year=2024, published="2025-01-25"),
        Doc("xigong-2024", "ly-xigong", "pdf", [_seed_report("003", page=1)], year=2024, published="2025-01-15"),
        Doc("xigong-2020", "ly-xigong", "html", [xigong_2020], year=2020, published="2021-01-30"),
        Doc("xigong-2023", "ly-xigong", "docx", [xigong_2023], role="attachment", year=2023),
        Doc("haidong-2021", "hd-park", "docx", [_seed_report("004")], year=2021, published="2022-01-28"),
        Doc("town-2024", "town-x", "html", [_seed_report("001")], year=2024, published="2025-02-01"),
        Doc("xigong-2022-bundle", "ly-xigong", "pdf", [finance, education], year=2022, published="2023-01-31"),
        Doc("xigong-2022-health", "ly-xigong", "html", [health],
            extra_reports=[{"agency": "西工区某局", "year": 2022, "templates": r21,
                            "facts": {"t3.bogus.total": 1}, "checks": []}], year=2022),
        Doc("qhd-notice", "qhd-etdz", "html", extraction="noise"),
        Doc("xn-scan", "xn-etdz", "pdf", extraction="error", role="attachment"),
        Doc("xn-gone", "xn-etdz", "html", status=404, extraction="none"),
        Doc("hd-broken", "hd-park", "html", extraction="malformed"),
        Doc("hd-2024", "hd-park", "pdf", extraction="none", year=2024),
    ]
    if stage >= 2:
        # new: the pending document got extracted; re-extracted: the 2024 西工区 report by 0.2.0
        hd = Report("海东工业园区管理委员会综合办公室", 2024, r21, synthetic_facts(r21, rng),
                    {"五": "依申请公开办理规范化程度仍需提升。"})
        docs[-1] = Doc("hd-2024", "hd-park", "pdf", [hd], year=2024)
        re_extracted = _seed_report("003", page=1)
        re_extracted.facts = dict(re_extracted.facts, **{"t2.fees.amount": 8.25})
        docs[3] = Doc("xigong-2024", "ly-xigong", "pdf", [re_extracted], year=2024, published="2025-01-15",
                      version=V2)
    return docs


def extraction_json(doc: Doc) -> bytes:
    top = {"source": f"{doc.key}.{doc.fmt}", "sha256": doc.sha256, "extractor_version": doc.version,
           "kind": doc.fmt, "reason": None}
    if doc.extraction == "noise":
        top.update(reports=[], reason="no annual report found (no statistical table, no report title)")
    elif doc.extraction == "error":
        top.update(reports=[], error={"code": 3, "message": "PDF is encrypted"})
    elif doc.extraction == "malformed":
        return b'{"sha256": "' + doc.sha256.encode() + b'", "reports": [ {"agency": '
    else:
        top["reports"] = [r.json() for r in doc.reports] + doc.extra_reports
    return json.dumps(top, ensure_ascii=False, indent=1).encode("utf-8")


def write_tree(root: Path, stage: int = 1, keep_old_versions: bool = True) -> list[Doc]:
    """Write (or update, for stage 2) the whole input tree under root. Returns the documents."""
    reg = root / "registry"
    reg.mkdir(parents=True, exist_ok=True)
    with open(reg / "regions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent"])
        w.writerows(REGIONS)
    with open(reg / "sites.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["site_id", "name", "region_code", "level", "homepage_url", "column_url", "cms_hint",
                    "js", "verified"])
        for sid, name, region, level in SITES:
            w.writerow([sid, name, region, level, f"http://127.0.0.1:8001/{sid}/", f"http://127.0.0.1:8001/{sid}/ndbg/",
                        "", "0", ""])
    with open(reg / "agency_renamings.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["region_code", "old_name", "new_name", "year", "note"])
        w.writerows(RENAMINGS)

    docs = documents(stage)
    for d in docs:
        if d.extraction == "none":
            continue
        path = root / "extracted" / d.version / f"{d.sha256}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(extraction_json(d))
    if not keep_old_versions:
        for d in docs:
            if d.version != V1:
                (root / "extracted" / V1 / f"{d.sha256}.json").unlink(missing_ok=True)

    site_meta = {s[0]: s for s in SITES}
    rows = []
    for i, d in enumerate(docs):
        site = site_meta.get(d.site_id)
        rows.append({
            "url": d.url, "final_url": d.url, "listing_url": f"http://127.0.0.1:8001/{d.site_id}/ndbg/",
            "site_id": d.site_id, "agency": site[1] if site else None,
            "region_code": (site[2] or None) if site else None, "level": site[3] if site else None,
            "title": f"{d.year or ''}年政府信息公开工作年度报告", "year": d.year, "published_date": d.published,
            "content_type": d.fmt, "size": len(d.body), "sha256": d.sha256,
            "fetched_at": f"2025-03-0{1 + i % 9}T08:00:00Z", "status": d.status,
            "warc_file": "data/raw/warc/crawl-0001.warc.gz", "warc_offset": 1000 * i, "role": d.role,
            "parent_url": docs[1].url if d.key == "qhd-2024-att" else None,
        })
    (root / "crawl").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), root / "crawl" / "documents.parquet")
    return docs


def kept_reports(docs: list[Doc]) -> dict[str, Report]:
    """report_id → Report for every report the dataset must carry (the dedup and quarantine rules
    applied by hand: the PDF copy of seed 002 loses to the HTML)."""
    out = {}
    for d in docs:
        if d.status != 200 or d.extraction != "reports" or d.key == "qhd-2024-att":
            continue
        for pos, r in enumerate(d.reports):
            out[f"{d.sha256[:16]}-{pos}"] = r
    return out


def by_key(docs: list[Doc]) -> dict[str, Doc]:
    return {d.key: d for d in docs}
