"""`ogi registry expand` on the simulated national web: from the root row (the national portal)
it finds every site with the right region code, level and parent, and nothing else.

Real HTTP: the CLI runs `scrapy crawl directory` in a subprocess against simweb.national's
virtual-hosting server, reaching www.X.gov.cn names through the resolve map (no --allow-loopback:
mapped names are exempt from the loopback rule, nothing else is)."""
from __future__ import annotations

import csv
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.registry import load
from simweb.national import NationalWeb

REPO = Path(__file__).resolve().parents[2]


def ogi(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("expand")
    (tmp / "not-a-site-list.csv").write_text("region_code,old_name,new_name,year,note\n", encoding="utf-8")
    with NationalWeb() as web:
        roots = web.write_registry(tmp / "roots.csv")
        resolve = web.write_resolve(tmp / "resolve.json")
        proc = ogi("--data", str(tmp / "data"), "registry", "expand", "-r", str(roots), "--resolve", str(resolve),
                   "--fast")
        requests = list(web.requests)  # the first run's
        # a hand-kept row for 淮安 (another URL form of the same homepage, a column URL, another id)
        hand = tmp / "hand.csv"
        port = web.port
        hand.write_text("site_id,name,region_code,level,homepage_url,column_url,cms_hint,js,verified\n"
                        f"huaian-hand,淮安市人民政府,320800,city,http://www.huaian.gov.cn:{port}/index.html,"
                        f"http://xxgk.huaian.gov.cn:{port}/zfxxgknb/index.html,,0,2025-05-01\n", encoding="utf-8")
        proc_hand = ogi("--data", str(tmp / "data2"), "registry", "expand", "-r", str(roots), "-r", str(hand),
                        "--resolve", str(resolve), "--fast")
        # the nightly flow's expand step, the resolve map given the way crawls get it (OGI_RESOLVE)
        from flows.datadir import DataDir
        from flows.nightly import _expand
        from flows.summary import Summary

        summary = Summary(flow="nightly", data_dir=str(tmp / "data3"))
        step_files = _expand(DataDir.of(tmp / "data3"), [roots, tmp / "not-a-site-list.csv"],
                             {"OGI_FAST": "1", "OGI_RESOLVE": str(resolve)}, summary, logging.getLogger("test"))
        truth = web.truth()
        hosts = set(web.resolve)
    rows = list(csv.DictReader((tmp / "data/registry/discovered/sites.csv").read_text("utf-8").splitlines()))
    rows_hand = list(csv.DictReader((tmp / "data2/registry/discovered/sites.csv").read_text("utf-8").splitlines()))
    return {"step": (step_files, summary), "proc": proc, "proc_hand": proc_hand, "truth": truth, "rows": rows, "rows_hand": rows_hand,
            "requests": requests, "hosts": hosts, "tmp": tmp, "port": port}


def test_cli_prints_the_counts(run):
    p = run["proc"]
    assert p.returncode == 0, p.stderr
    out = " ".join(p.stdout.split())
    assert "80 sites found (city 5, county 19, department 43, province 3, township 10)" in out
    assert "1 listed by two parents (flagged, parent left empty): dingzhou.gov.cn" in out


def test_every_site_and_no_false_site(run):
    want = {s["homepage_url"] for s in run["truth"]["sites"][1:]}  # all but the root row
    got = [r["homepage_url"] for r in run["rows"]]
    assert len(got) == len(set(got)) == 80
    assert set(got) == want


def test_region_level_name_and_parent_of_every_site(run):
    truth = run["truth"]
    id_of = {s["homepage_url"]: s["site_id"] for s in truth["sites"]}
    rows = {r["homepage_url"]: r for r in run["rows"]}
    for s in truth["sites"][1:]:
        r = rows[s["homepage_url"]]
        assert (r["region_code"], r["level"], r["name"]) == (s["region_code"], s["level"], s["name"]), s["homepage_url"]
        parents = sorted(id_of[u] for u in s["parent_urls"])
        assert r["parents"].split(";") == parents, s["homepage_url"]
        if len(parents) == 1:
            assert (r["parent_site_id"], r["flag"]) == (parents[0], "")
        else:
            assert (r["parent_site_id"], r["flag"]) == ("", "two_parents")


def test_hand_checked_rows(run):
    p = run["port"]
    rows = {r["site_id"]: r for r in run["rows"]}

    def row(sid):
        r = rows[sid]
        return r["region_code"], r["level"], r["parent_site_id"], r["evidence_text"], r["name"]

    assert row("jiangsu.gov.cn") == ("320000", "province", "gov.cn", "江苏", "江苏省人民政府")  # footer <select>
    assert rows["jiangsu.gov.cn"]["evidence_url"] == f"http://www.gov.cn:{p}/"
    assert row("nmg.gov.cn") == ("150000", "province", "gov.cn", "内蒙古", "内蒙古自治区人民政府")
    assert row("huaian.gov.cn") == ("320800", "city", "jiangsu.gov.cn", "淮安市", "淮安市人民政府")
    # renamed 洪泽县 → 洪泽区 (320829 → 320813), found on 淮安's 政府网站 page
    assert row("hongze.gov.cn") == ("320813", "county", "huaian.gov.cn", "洪泽县人民政府", "洪泽区人民政府")
    assert rows["hongze.gov.cn"]["evidence_url"] == f"http://www.huaian.gov.cn:{p}/zfwz/index.html"
    assert row("dachang.gov.cn") == ("131028", "county", "lf.gov.cn", "大厂县", "大厂回族自治县人民政府")
    assert row("ewenke.gov.cn") == ("150724", "county", "hlbe.gov.cn", "鄂温克旗", "鄂温克族自治旗人民政府")
    assert row("sanhe.gov.cn") == ("131082", "county", "lf.gov.cn", "三河市人民政府", "三河市人民政府")
    assert row("ks.gov.cn") == ("320583", "county", "suzhou.gov.cn", "昆山市", "昆山市人民政府")
    assert row("gusu.gov.cn") == ("320508", "county", "suzhou.gov.cn", "姑苏区", "姑苏区人民政府")
    # 河北's 市县 list is written by /js/link.js
    assert row("baoding.gov.cn") == ("130600", "city", "hebei.gov.cn", "保定市", "保定市人民政府")
    assert rows["baoding.gov.cn"]["evidence_url"] == f"http://www.hebei.gov.cn:{p}/js/link.js"
    # 省直管 定州市: listed by 河北 and by 保定 — flagged, parent not guessed
    d = rows["dingzhou.gov.cn"]
    assert (d["region_code"], d["level"], d["parent_site_id"], d["parents"], d["flag"]) == (
        "130682", "county", "", "baoding.gov.cn;hebei.gov.cn", "two_parents")
    # departments: own host, platform member; townships on the county platform
    assert row("jyt.jiangsu.gov.cn") == ("320000", "department", "jiangsu.gov.cn", "省教育厅", "江苏省教育厅")
    # the link says 市发展改革委; the site's own title gives the full name the reports carry
    assert row("xxgk.huaian.gov.cn-bm-fgw") == ("320800", "department", "huaian.gov.cn", "市发展改革委",
                                                "淮安市发展和改革委员会")
    assert rows["xxgk.huaian.gov.cn-bm-fgw"]["homepage_url"] == f"http://xxgk.huaian.gov.cn:{p}/bm/fgw/"
    assert row("hongze.gov.cn-zfxxgk-xz-jb") == ("320813", "township", "hongze.gov.cn", "蒋坝镇", "蒋坝镇人民政府")
    assert row("ewenke.gov.cn-zfxxgk-xz-ym") == ("150724", "township", "ewenke.gov.cn", "伊敏苏木", "伊敏苏木")


def test_output_is_a_valid_registry(run):
    sites = load(run["tmp"] / "data" / "registry" / "discovered" / "sites.csv")
    assert len(sites) == 80
    report = json.loads((run["tmp"] / "data" / "registry" / "discovered" / "report.json").read_text("utf-8"))
    assert report["levels"] == {"city": 5, "county": 19, "department": 43, "province": 3, "township": 10}
    assert (report["flagged"], report["conflicts"], report["hand_kept"]) == (["dingzhou.gov.cn"], [], [])


def test_reads_directories_only(run):
    """Only mapped hosts are requested (never the 人大/政协/法院 or 政务服务 links), and no report
    column or article: the expansion reads homepages and their directory pages."""
    asked = {(h, p) for h, p, _ in run["requests"]}
    assert {h for h, _ in asked} <= run["hosts"]
    assert not [p for _, p in asked if "zfxxgknb" in p]
    # each site's homepage once; directory pages: 政府网站/站群导航 pages, platforms, link.js
    assert ("www.huaian.gov.cn", "/zfwz/index.html") in asked
    assert ("xxgk.huaian.gov.cn", "/") in asked
    assert ("www.hebei.gov.cn", "/js/link.js") in asked
    gets = [(h, p) for h, p, _ in run["requests"] if p != "/robots.txt"]
    assert len(gets) == len(set(gets))  # nothing fetched twice


def test_hand_kept_row_wins(run):
    p = run["proc_hand"]
    assert p.returncode == 0, p.stderr
    rows = {r["site_id"]: r for r in run["rows_hand"]}
    assert "huaian.gov.cn" not in rows and "huaian-hand" not in rows
    assert len(rows) == 79
    # its subordinates hang under the hand-kept id
    assert rows["hongze.gov.cn"]["parent_site_id"] == "huaian-hand"
    assert rows["xxgk.huaian.gov.cn-bm-fgw"]["parent_site_id"] == "huaian-hand"
    report = json.loads((run["tmp"] / "data2" / "registry" / "discovered" / "report.json").read_text("utf-8"))
    assert report["hand_kept"] == ["huaian-hand"]


def test_bad_input_is_one_line(tmp_path):
    p = ogi("--data", str(tmp_path), "registry", "expand", "-r", str(tmp_path / "none.csv"))
    assert p.returncode == 1
    assert p.stderr.strip().splitlines() == [f"ogi: no such registry file: {tmp_path / 'none.csv'}"]
    roots = tmp_path / "roots.csv"
    roots.write_text("site_id,name,region_code,level,homepage_url,column_url,cms_hint,js,verified\n"
                     "gov.cn,中央人民政府,100000,central,http://www.gov.cn/,,,,\n", encoding="utf-8")
    bad = tmp_path / "resolve.json"
    bad.write_text('{"www.gov.cn": "not-an-address"}', encoding="utf-8")
    p = ogi("--data", str(tmp_path), "registry", "expand", "-r", str(roots), "--resolve", str(bad))
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1
    assert "'www.gov.cn' → 'not-an-address' is not an IP address" in p.stderr


def test_nightly_expand_step(run):
    files, summary = run["step"]
    tmp = run["tmp"]
    discovered = tmp / "data3" / "registry" / "discovered" / "sites.csv"
    assert [Path(f) for f in files] == [tmp / "roots.csv", tmp / "not-a-site-list.csv", discovered]
    assert summary.notes == ["registry expansion: 80 sites found (1 flagged)"]
    from crawler.registry import load_many

    sites = load_many([tmp / "roots.csv", discovered])  # what the crawl then reads: no site twice
    assert len(sites) == 81
