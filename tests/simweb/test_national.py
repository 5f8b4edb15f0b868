"""simweb.national: the tree's shape, its truth, and what the server answers (real HTTP)."""
from __future__ import annotations

import collections
import http.client
import json
import re

import pytest

from crawler.registry import load, load_regions
from simweb.national import NationalWeb
from simweb.national.tree import REGIONS_CSV


@pytest.fixture(scope="module")
def web():
    with NationalWeb() as w:
        yield w


def get(web, url: str) -> tuple[int, str, str]:
    m = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    c = http.client.HTTPConnection("127.0.0.1", web.port, timeout=10)
    c.request("GET", m.group(3), headers={"Host": f"{m.group(1)}:{m.group(2)}"})
    r = c.getresponse()
    return r.status, r.getheader("Content-Type"), r.read().decode("utf-8")


def test_tree_shape(web):
    truth = web.truth()
    levels = collections.Counter(s["level"] for s in truth["sites"])
    assert levels == {"central": 1, "province": 3, "city": 5, "county": 19, "department": 43, "township": 10}
    regions = load_regions(REGIONS_CSV)
    for s in truth["sites"]:
        assert s["region_code"] == "100000" or s["region_code"] in regions
        if s["level"] in ("province", "city", "county"):
            assert s["name"] == regions[s["region_code"]]["name"] + "人民政府"
    by = {s["site_id"]: s for s in truth["sites"]}
    assert (by["hongze.gov.cn"]["region_code"], by["hongze.gov.cn"]["link_text"]) == ("320813", "洪泽县人民政府")
    assert by["dachang.gov.cn"]["region_code"] == "131028"
    assert regions["131028"]["type"] == "自治县" and regions["150724"]["type"] == "自治旗"
    assert regions["131082"]["type"] == "县级市" and regions["320813"]["type"] == "市辖区"
    assert len(by["dingzhou.gov.cn"]["parent_urls"]) == 2


def test_registry_and_resolve_files(web, tmp_path):
    roots = load(web.write_registry(tmp_path / "roots.csv"))
    assert [(s.site_id, s.level, s.region_code) for s in roots] == [("gov.cn", "central", "100000")]
    every = load(web.write_registry(tmp_path / "all.csv", everything=True))
    assert len(every) == 81
    resolve = json.loads(web.write_resolve(tmp_path / "resolve.json").read_text("utf-8"))
    assert resolve["www.huaian.gov.cn"] == "127.0.0.1" and resolve["xxgk.huaian.gov.cn"] == "127.0.0.1"
    assert "www.huaianrd.gov.cn" not in resolve  # linked, never served: not a site


def test_report_truth_follows_the_deadlines(web):
    truth = web.truth()
    levels = {s["site_id"]: s["level"] for s in truth["sites"]}
    statuses = collections.Counter(r["status"] for r in truth["reports"])
    assert set(statuses) == {"on_time", "late", "duplicate", "not_due"}
    assert truth["missing"]
    for r in truth["reports"]:
        level = levels[r["site_id"]]
        if level == "township":
            assert (r["deadline"], r["status"]) == (None, "not_due")
            continue
        assert r["deadline"] == f"{r['year'] + 1}-{'01-31' if level == 'department' else '03-31'}"
        if r["status"] == "on_time":
            assert r["published"] <= r["deadline"]
        else:
            assert r["published"] > r["deadline"]
    keys = collections.Counter((r["site_id"], r["year"]) for r in truth["reports"])
    dup = {(r["site_id"], r["year"]) for r in truth["reports"] if r["status"] == "duplicate"}
    assert {k for k, n in keys.items() if n == 2} == dup
    assert not {(m["site_id"], m["year"]) for m in truth["missing"]} & set(keys)


def test_pages_served(web):
    truth = web.truth()
    r = next(r for r in truth["reports"] if r["site_id"] == "hongze.gov.cn")
    status, ctype, body = get(web, r["url"])
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert f"发布日期：{r['published']}" in body
    assert f"洪泽区人民政府{r['year']}年政府信息公开工作年度报告" in body
    column = r["url"].rsplit("/", 2)[0] + "/index.html"
    status, _, listing = get(web, column)
    assert status == 200 and r["url"].rsplit("/", 2)[1] in listing
    status, _, js = get(web, f"http://www.hebei.gov.cn:{web.port}/js/link.js")
    assert status == 200 and "document.writeln" in js and ">定州市</a>" in js
    status, _, home = get(web, f"http://www.gov.cn:{web.port}/index.html")
    assert status == 200 and "onchange=" in home and f'<option value="http://www.jiangsu.gov.cn:{web.port}/">江苏</option>' in home
    assert get(web, f"http://www.gov.cn:{web.port}/nope.html")[0] == 404
    assert get(web, f"http://unknown.gov.cn:{web.port}/")[0] == 404
