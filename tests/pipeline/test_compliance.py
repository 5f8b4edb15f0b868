"""Publication dates and the compliance marts on a small hand-made world whose answers are
written out below by hand (deadlines: departments 31 January, governments 31 March, townships
none — 条例 第四十九/五十条)."""
from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flows.cli import app
from pipeline.duck import connect
from pipeline.load import load

from .corpus import Doc, Report, extraction_json, synthetic_facts

R21 = {"t2": "2021", "t3": "2021"}
R19 = {"t2": "2019", "t3": "2019"}
REGIONS = [("410000", "河南省", "province", ""), ("410300", "洛阳市", "city", "410000"),
           ("410303", "西工区", "county", "410300"), ("630000", "青海省", "province", ""),
           ("630100", "西宁市", "city", "630000")]
SITES = [  # site_id, name, region, level, first_year
    ("xg-gov", "洛阳市西工区人民政府", "410303", "county", "2023"),
    ("xg-edu", "洛阳市西工区教育局", "410303", "department", "2023"),
    ("xg-town", "西工区凯旋东路街道办事处", "410303", "township", "2023"),
    ("ly-gov", "洛阳市人民政府", "410300", "city", "2023"),
    ("xn-gov", "西宁市人民政府", "630100", "city", "2023"),
]
H = "http://www.xigong.gov.cn:8080"


def _doc(key, site, agency, year, url, *, templates=R21, role="article", parent=None, listing=None, page=None,
         modified=None, fetched="2025-05-20T08:00:00Z", fmt="html"):
    rng = random.Random(key)
    d = Doc(key, site, fmt, [Report(agency, year, templates, synthetic_facts(templates, rng))], role=role, year=year)
    row = {"url": url, "final_url": url, "listing_url": H + "/zwgk/zfxxgknb/index.html", "site_id": site,
           "agency": agency, "region_code": None, "level": None, "title": f"{agency}{year}年政府信息公开工作年度报告",
           "year": year, "published_date": listing or page, "content_type": fmt, "size": 10, "sha256": d.sha256,
           "fetched_at": fetched, "status": 200, "warc_file": "w.warc.gz", "warc_offset": 0, "role": role,
           "parent_url": parent, "listing_date": listing, "page_date": page, "last_modified": modified}
    return d, row


def _world():
    regions = {s[0]: (s[2], s[3]) for s in SITES}
    docs = [
        # on time (page date 2024-03-18 is the earliest the site states; URL agrees)
        _doc("g23", "xg-gov", "洛阳市西工区人民政府", 2023, H + "/zfxxgknb/202403/t20240318_11.html",
             listing="2024-03-20", page="2024-03-18"),
        # late by 10 days; a repost of the same report on 2025-05-02 does not move the first publication
        _doc("g24", "xg-gov", "洛阳市西工区人民政府", 2024, H + "/zfxxgknb/202504/t20250410_12.html",
             listing="2025-04-10"),
        _doc("g24-repost", "xg-gov", "洛阳市西工区人民政府", 2024, H + "/zfxxgknb/202505/t20250502_13.html",
             page="2025-05-02", fmt="pdf"),
        # a department: page 2024-01-20 (on time); the URL is a later repost date
        _doc("e23", "xg-edu", "洛阳市西工区教育局", 2023, H + "/jyj/zfxxgknb/202402/t20240205_14.html",
             page="2024-01-20"),
        # a township: no deadline
        _doc("t24", "xg-town", "西工区凯旋东路街道办事处", 2024, H + "/kxdl/ndbg/202502/t20250210_15.html",
             page="2025-02-10"),
        # no date on the site at all: first seen 2024-05-01 (an upper bound) → late; old layouts
        _doc("c23", "ly-gov", "洛阳市人民政府", 2023, "http://www.ly.gov.cn:8080/content.jsp?id=99",
             templates=R19, fetched="2024-05-01T09:00:00Z"),
        # published by an agency the registry does not list
        _doc("x24", "xn-gov", "西宁市城西区某局", 2024, "http://www.xining.gov.cn:8080/zwgk/202501/t20250115_16.html",
             page="2025-01-15"),
    ]
    for _d, row in docs:
        row["region_code"], row["level"] = regions[row["site_id"]]
        if row["site_id"] == "xg-edu" or row["agency"] == "西宁市城西区某局":
            row["level"] = "department"
    return docs


@pytest.fixture(scope="module")
def compliance_db(tmp_path_factory, monkeypatch_module):
    root = tmp_path_factory.mktemp("compliance") / "data"
    reg = root / "registry"
    reg.mkdir(parents=True)
    with open(reg / "regions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent"])
        w.writerows(REGIONS)
    with open(reg / "sites.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["site_id", "name", "region_code", "level", "homepage_url", "first_year"])
        for sid, name, region, level, first in SITES:
            w.writerow([sid, name, region, level, f"http://{sid}.gov.cn/", first])
    docs = _world()
    for d, _row in docs:
        path = root / "extracted" / d.version / f"{d.sha256}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(extraction_json(d))
    (root / "crawl").mkdir()
    pq.write_table(pa.Table.from_pylist([row for _d, row in docs]), root / "crawl" / "documents.parquet")
    monkeypatch_module.setenv("OGI_AS_OF", "2025-06-01")
    load(root)
    con = connect(root / "ogi.duckdb", read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def compliance_data(compliance_db):
    return Path(compliance_db.execute("SELECT current_setting('file_search_path')").fetchone()[0].split(",")[0])


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_compliance_rows_are_the_hand_made_truth(compliance_db):
    got = compliance_db.execute("""
        SELECT agency, year, level, expected, named_by_art49, published, published_at, published_source,
               deadline, days_after_deadline, on_time, layout_current
        FROM compliance ORDER BY agency, year""").fetchall()
    D = date
    assert got == [
        ("洛阳市人民政府", 2023, "city", True, True, True, D(2024, 5, 1), "first_seen", D(2024, 3, 31), 31, False, False),
        ("洛阳市人民政府", 2024, "city", True, True, False, None, None, D(2025, 3, 31), None, None, None),
        ("洛阳市西工区人民政府", 2023, "county", True, True, True, D(2024, 3, 18), "page", D(2024, 3, 31), -13, True, True),
        ("洛阳市西工区人民政府", 2024, "county", True, True, True, D(2025, 4, 10), "listing", D(2025, 3, 31), 10, False,
         True),
        ("洛阳市西工区教育局", 2023, "department", True, True, True, D(2024, 1, 20), "page", D(2024, 1, 31), -11, True,
         True),
        ("洛阳市西工区教育局", 2024, "department", True, True, False, None, None, D(2025, 1, 31), None, None, None),
        ("西宁市人民政府", 2023, "city", True, True, False, None, None, D(2024, 3, 31), None, None, None),
        ("西宁市人民政府", 2024, "city", True, True, False, None, None, D(2025, 3, 31), None, None, None),
        ("西宁市城西区某局", 2024, "department", False, True, True, D(2025, 1, 15), "page", D(2025, 1, 31), -16, True,
         True),
        ("西工区凯旋东路街道办事处", 2023, "township", True, False, False, None, None, None, None, None, None),
        ("西工区凯旋东路街道办事处", 2024, "township", True, False, True, D(2025, 2, 10), "page", None, None, None, True),
    ]


def test_every_candidate_date_is_kept_with_its_source(compliance_db):
    (cands,) = compliance_db.execute("""
        SELECT r.date_candidates FROM raw.reports r
        WHERE r.agency = '洛阳市西工区人民政府' AND r.year = 2024""").fetchone()
    got = sorted((c["source"], c["date"].isoformat(), c["url"].rsplit("/", 1)[-1]) for c in cands)
    assert got == [("first_seen", "2025-05-20", "t20250410_12.html"), ("first_seen", "2025-05-20", "t20250502_13.html"),
                   ("listing", "2025-04-10", "t20250410_12.html"), ("page", "2025-05-02", "t20250502_13.html"),
                   ("url", "2025-04-10", "t20250410_12.html"), ("url", "2025-05-02", "t20250502_13.html")]


def test_region_compliance_shares(compliance_db):
    got = compliance_db.execute("""
        SELECT year, region_level, city, county, owed, published, on_time, late, published_unregistered,
               round(published_share, 4), round(on_time_share, 4)
        FROM region_compliance WHERE level = 'all' AND province = '河南省' ORDER BY year, city NULLS FIRST, county NULLS FIRST
    """).fetchall()
    assert got == [
        (2023, "province", None, None, 4, 3, 2, 1, 0, 0.75, 0.6667),
        (2023, "city", "洛阳市", None, 4, 3, 2, 1, 0, 0.75, 0.6667),
        (2023, "county", "洛阳市", "西工区", 3, 2, 2, 0, 0, 0.6667, 1.0),
        (2024, "province", None, None, 4, 2, 0, 1, 0, 0.5, 0.0),
        (2024, "city", "洛阳市", None, 4, 2, 0, 1, 0, 0.5, 0.0),
        (2024, "county", "洛阳市", "西工区", 3, 2, 0, 1, 0, 0.6667, 0.0),
    ]
    (qh,) = compliance_db.execute("""SELECT owed, published, published_unregistered FROM region_compliance
        WHERE level = 'all' AND province = '青海省' AND region_level = 'province' AND year = 2024""").fetchall()
    assert qh == (1, 0, 1)


# ---------------------------------------------------------------- ogi compliance


def ogi(data: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(app, ["--data", str(data), "compliance", *args], env={"COLUMNS": "250"})
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    if code:
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("ogi: "), result.stderr
    return result


def cells(output: str, label: str) -> list[str]:
    for line in output.splitlines():
        parts = [c.strip() for c in line.split("│")]
        if len(parts) > 2 and parts[1] == label:
            return parts[2:-1]
    raise AssertionError(f"no row {label!r} in\n{output}")


def test_ogi_compliance_nation_then_county(compliance_data):
    nation = ogi(compliance_data, "--year", "2024").stdout
    #                               owed published on-time late complete sound unregistered shares
    # both published reports carry every code of their layouts and pass every check (synthetic_facts)
    assert cells(nation, "河南省") == ["4", "2", "0", "1", "2", "2", "0", "50%", "0%", "50%", "50%"]
    assert cells(nation, "青海省") == ["1", "0", "0", "0", "0", "0", "1", "0%", "0%", "0%", "0%"]
    county = ogi(compliance_data, "410303", "--year", "2023").stdout
    assert cells(county, "西工区")[:4] == ["3", "2", "2", "0"]
    assert cells(county, "洛阳市西工区教育局")[:7] == ["department", "yes", "2024-01-20", "page", "2024-01-31",
                                                 "-11", "yes"]
    assert cells(county, "西工区凯旋东路街道办事处")[:5] == ["township", "yes", "missing", "", "none (township)"]
    city = ogi(compliance_data, "洛阳市", "--year", "2023", "--level", "city").stdout
    assert cells(city, "洛阳市人民政府")[:7] == ["city", "yes", "2024-05-01", "first_seen", "2024-03-31", "+31", "no"]


def test_ogi_compliance_bad_input(compliance_data, tmp_path):
    assert "unknown region '火星'" in ogi(compliance_data, "火星", code=1).stderr
    assert "unknown level 'ministry'" in ogi(compliance_data, "--level", "ministry", code=1).stderr
    assert "no agency in 全国 owed or published a report for 2011" in ogi(compliance_data, "--year", "2011", code=1).stderr
    assert "no database at" in ogi(tmp_path, code=1).stderr
