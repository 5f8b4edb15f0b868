"""The simulated web as an HTTP server: named hosts on one port (resolve map), every manifest
document served with its generator bytes, sha256 and content type, revalidation, robots.txt, rate
limiting, redirects, the request log, publish_one, the registry, the CLI and a clean shutdown.
Real HTTP on loopback throughout (HostSession: 127.0.0.1 with the URL's Host header)."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests

from extract import schema
from simweb import generator as gen
from simweb.server import REGISTRY_COLUMNS, SimWeb
from simweb.sites.trscols import split_fragment

from .hostclient import HostSession

EXPECTED = Path(__file__).parents[1] / "fixtures" / "corpus" / "expected"
MAGIC = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "doc": b"\xd0\xcf\x11\xe0", "wps": b"\xd0\xcf\x11\xe0"}


def decoded(resp: requests.Response, charset: str) -> str:
    return resp.content.decode(charset)


# ---------------------------------------------------------------------- documents
def test_every_host_has_a_real_looking_name_on_one_port(simweb, simweb_truth, tmp_path):
    origins = list(simweb.sites.values())
    assert len(origins) == 14 and all(o == f"http://{o[7:].split(':')[0]}:{simweb.port}" for o in origins)
    names = set(simweb.resolve)
    assert all(n.endswith(".gov.cn") and n.count(".") >= 3 for n in names)
    assert {n.split(".")[0] for n in names} == {"www", "xxgk", "gk", "rst"}
    assert set(simweb.resolve.values()) == {"127.0.0.1"} and len(names) == 16
    assert names == {h for s in simweb_truth["sites"].values() for h in s["hosts"]}
    path = simweb.write_resolve(tmp_path / "resolve.json")
    assert json.loads(path.read_text("utf-8")) == simweb.resolve
    # the platform of two sites lives on another host of the same registered domain
    assert simweb_truth["sites"]["xining"]["hosts"] == ["www.xining.gov.cn", "xxgk.xining.gov.cn"]
    assert simweb_truth["sites"]["xining"]["platform_url"].startswith(f"http://xxgk.xining.gov.cn:{simweb.port}/")
    assert simweb_truth["sites"]["yinan"]["hosts"] == ["gk.yinan.gov.cn", "www.yinan.gov.cn"]
    # a name the web does not serve, or no name at all, is a 404 of the front, not a site's page
    with requests.Session() as s:
        r = s.get(f"http://127.0.0.1:{simweb.port}/", headers={"Host": "www.example.gov.cn"})
        assert (r.status_code, r.text) == (404, "404 Not Found: no site www.example.gov.cn here")
    assert simweb.request_log[-1]["host"] == "www.example.gov.cn" and simweb.request_log[-1]["site_id"] == ""


def test_https_is_refused_by_the_handshake_and_logged_with_its_server_name(simweb, simweb_truth):
    import ssl

    site = next(v for v in simweb_truth["sites"].values() if v["outcome"] == "https-fallback")
    assert site["homepage_url"] == site["http_homepage_url"].replace("http://", "https://")
    host = site["hosts"][0]
    ctx = ssl.create_default_context()
    with socket.create_connection(("127.0.0.1", simweb.port), timeout=10) as raw:
        try:
            ctx.wrap_socket(raw, server_hostname=host)
            raise AssertionError("the TLS handshake must fail: only plain HTTP answers")
        except ssl.SSLError as exc:  # the plain server's "HTTP/1.1 400" is no ServerHello
            assert "WRONG_VERSION_NUMBER" in str(exc) or "wrong version number" in str(exc), exc
    deadline = time.monotonic() + 5
    while not [e for e in simweb.request_log if e["method"] == "TLS" and e["host"] == host]:
        assert time.monotonic() < deadline, "the refused handshake is not in the request log"
        time.sleep(0.05)
    entry = [e for e in simweb.request_log if e["method"] == "TLS" and e["host"] == host][-1]
    assert (entry["site_id"], entry["status"], entry["path"]) == ("qingxi", 400, "")
    # the same host and port answer plain HTTP
    assert HostSession().get(site["http_homepage_url"]).status_code == 200


def test_every_report_document_is_served_with_its_type_and_the_generators_bytes(simweb, simweb_truth, simweb_client):
    # the rate-limited site is fetched at its pace in a thread while the others are checked
    slow = [e["url"] for e in simweb_truth["reports"] if e["url"].startswith(simweb_client.guarded)]
    with ThreadPoolExecutor(1) as pool:
        paced = dict(zip(slow, pool.map(simweb_client.get, slow)))
        fast = simweb_client.session
        fetched = {e["url"]: fast.get(e["url"]) for e in simweb_truth["reports"] if e["url"] not in paced}
    fetched.update(paced)
    fresh_docx = split = 0
    for entry in simweb_truth["reports"]:
        r = fetched[entry["url"]]
        assert r.status_code == 200, entry["url"]
        assert r.headers["Content-Type"] == entry["content_type"], entry["url"]
        assert hashlib.sha256(r.content).hexdigest() == entry["sha256"], entry["url"]
        spec = simweb.web.item(entry["report_key"]).spec
        if entry["format"] == "html" and entry["continued"]:
            # a long TRS article: the fragment's two halves on t…_{id}.html and t…_{id}_1.html
            first, rest = split_fragment(gen.render_html_fragment(spec))
            (more,) = entry["continued"]
            assert more == entry["url"].rsplit(".", 1)[0] + "_1." + entry["url"].rsplit(".", 1)[1]
            assert first in decoded(r, entry["charset"]) and rest not in decoded(r, entry["charset"])
            assert rest in decoded(fast.get(more), entry["charset"])
            split += 1
            continue
        if entry["format"] == "html":
            # the article page wraps the generator's fragment in the site's template
            assert gen.render_html_fragment(spec) in decoded(r, entry["charset"]), entry["url"]
            continue
        assert r.content.startswith(MAGIC[entry["format"]]), entry["url"]
        assert r.content == gen.render_many([(spec, entry["format"])], cache_dir=simweb.render_cache)[0]
        if entry["format"] == "docx" and fresh_docx < 2:  # DOCX is deterministic: re-render without cache
            assert r.content == gen.render(spec, "docx")
            fresh_docx += 1
    assert fresh_docx == 2 and split >= 3


def test_manifest_reports_carry_the_spec_truth_and_the_seeds_exact_facts(simweb, simweb_truth):
    by_key: dict[str, list[dict]] = {}
    for e in simweb_truth["reports"]:
        by_key.setdefault(e["report_key"], []).append(e)
        truth = simweb.web.item(e["report_key"]).spec.truth()
        assert (e["agency"], e["year"], e["templates"], e["facts"]) == (
            truth["agency"], truth["year"], truth["templates"], truth["facts"])
        assert e["failed_checks"] == schema.failed_check_ids(e["facts"])
        assert set(e["facts"]) == set(schema.codes_for(e["templates"]))
    for path in sorted(EXPECTED.glob("*.json")):
        want = json.loads(path.read_text("utf-8"))
        docs = [e for e in simweb_truth["reports"] if e["seed"] == path.name[:3]]
        assert docs, path.name
        for e in docs:
            assert (e["agency"], e["year"], e["templates"], e["facts"], e["failed_checks"]) == (
                want["agency"], want["year"], want["templates"], want["facts"], want["failed_checks"])
    seed_formats = {e["format"] for e in simweb_truth["reports"] if e["seed"]}
    assert seed_formats == {"html", "pdf", "docx", "doc"}
    assert 210 <= len(by_key) <= 260
    failing = [k for k, docs in by_key.items() if any(c.startswith("t3.balance.") for c in docs[0]["failed_checks"])]
    assert 0.03 <= len(failing) / len(by_key) <= 0.08
    years = {docs[0]["year"] for docs in by_key.values()}
    assert years == set(range(2019, 2025))
    assert {docs[0]["templates"]["t2"] for docs in by_key.values() if docs[0]["year"] <= 2020} == {"2019"}


def test_one_report_two_documents_share_a_report_key(simweb_truth):
    by_key: dict[str, list[dict]] = {}
    for e in simweb_truth["reports"]:
        by_key.setdefault(e["report_key"], []).append(e)
    pairs = [d for d in by_key.values() if len(d) == 2]
    html_pdf = [d for d in pairs if sorted(x["format"] for x in d) == ["html", "pdf"]]
    assert len(html_pdf) >= 10
    for article, attachment in (sorted(d, key=lambda x: x["role"]) for d in pairs):
        assert (article["role"], attachment["role"]) == ("article", "attachment")
        assert attachment["parent_url"] == article["url"]
        assert article["facts"] == attachment["facts"]
    formats = {e["format"] for e in simweb_truth["reports"]}
    assert formats == {"html", "pdf", "docx", "doc", "wps"}
    only_attachment = [d for d in by_key.values() if [x["role"] for x in d] == ["attachment"]]
    assert {d[0]["format"] for d in only_attachment} >= {"pdf", "docx"}
    carriers = set(simweb_truth["carriers"])
    assert {d[0]["parent_url"] for d in only_attachment} == carriers


def test_noise_is_served_and_never_in_reports(simweb_truth, simweb_client):
    report_urls = {e["url"] for e in simweb_truth["reports"]}
    assert len(simweb_truth["never_keep"]) >= 20
    assert not report_urls & set(simweb_truth["never_keep"])
    titles = []
    for url in simweb_truth["never_keep"]:
        r = simweb_client.get(url)
        assert r.status_code == 200, url
        if r.headers["Content-Type"].startswith("text/html"):
            charset = r.headers["Content-Type"].split("charset=")[1]
            titles.append(r.content.decode("gbk" if charset == "gb2312" else charset))
    text = "\n".join(titles)
    for marker in ("政府工作报告", "部门决算", "法治政府建设年度报告", "政府信息公开指南", "年度报告编制",
                   "文字解读：", "政府信息公开工作要点落实情况的函"):
        assert marker in text, marker
    # the sidebar's application form is a real Word 97 file, and never a report
    assert simweb_truth["forms"] and set(simweb_truth["forms"]) <= set(simweb_truth["never_keep"])
    for url in simweb_truth["forms"]:
        r = simweb_client.get(url)
        assert r.content.startswith(MAGIC["doc"]) and r.headers["Content-Type"] == "application/msword"


# ---------------------------------------------------------------------- HTTP mechanics
def test_revalidation_answers_304_for_etag_and_last_modified(simweb_truth, simweb_client):
    t = simweb_truth
    urls = [t["sites"]["xining"]["homepage_url"], t["listings"]["xining"]["pages"][1]["url"],
            t["listings"]["xigong"]["pages"][0]["url"], t["listings"]["yinan"]["pages"][2]["url"],
            next(e["url"] for e in t["reports"] if e["format"] == "pdf"),
            next(e["url"] for e in t["reports"] if e["format"] == "html" and e["site_id"] == "haidong")]
    for url in urls:
        first = simweb_client.get(url)
        etag, lm = first.headers["ETag"], first.headers["Last-Modified"]
        assert first.status_code == 200 and etag.startswith('"') and parsedate_to_datetime(lm).tzinfo
        by_etag = simweb_client.get(url, headers={"If-None-Match": etag})
        assert (by_etag.status_code, by_etag.content, by_etag.headers["ETag"]) == (304, b"", etag)
        assert simweb_client.get(url, headers={"If-None-Match": f'W/"x", {etag}'}).status_code == 304
        by_date = simweb_client.get(url, headers={"If-Modified-Since": lm})
        assert (by_date.status_code, by_date.headers["Last-Modified"]) == (304, lm)
        assert simweb_client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status_code == 200
        # a stale ETag wins over a fresh date (RFC 9110 13.2.2)
        stale = simweb_client.get(url, headers={"If-None-Match": '"stale"', "If-Modified-Since": lm})
        assert stale.status_code == 200 and stale.content == first.content
        head = simweb_client.request("HEAD", url)
        assert (head.status_code, head.content, head.headers["ETag"]) == (200, b"", etag)
        assert head.headers["Content-Length"] == str(len(first.content))


def test_every_response_has_etag_and_last_modified(simweb, simweb_truth, simweb_client):
    t = simweb_truth
    for url in (t["sites"]["jiangsu"]["homepage_url"] + "robots.txt",  # 404
                t["broken"][0]["url"], t["broken"][1]["url"], t["redirects"][0]["url"],
                t["sites"]["xigong"]["homepage_url"] + "api/list?page=x"):
        r = simweb_client.get(url)
        assert r.status_code in (301, 400, 404, 500), url
        assert r.headers["ETag"] and r.headers["Last-Modified"], url
    put = HostSession().put(t["sites"]["xining"]["homepage_url"], data=b"x")
    assert (put.status_code, put.headers["Allow"]) == (405, "GET, HEAD, POST") and put.headers["ETag"]
    assert simweb.request_log[-1]["method"] == "PUT"


def test_robots_txt_disallows_the_draft_reports_and_nothing_the_dataset_needs(simweb_truth, simweb_client):
    site = next(k for k, v in simweb_truth["sites"].items() if v["style"] == "guarded")
    base = simweb_truth["sites"][site]["homepage_url"]
    r = simweb_client.get(base + "robots.txt")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/plain"
    assert r.text.splitlines()[:3] == ["User-agent: *", "Disallow: /zfxxgk/preview/", "Disallow: /search/"]
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(r.text.splitlines())
    never = [u for u in simweb_truth["never_request"] if u.startswith(base)]
    assert len(never) == 5 and all(not rp.can_fetch("ogi-crawler", u) for u in never)
    assert [p for p in simweb_truth["never_request_prefixes"] if p.startswith(base)] == [
        base + "zfxxgk/preview/", base + "search/"]
    wanted = [e["url"] for e in simweb_truth["reports"] if e["site_id"] == site] + [
        p["url"] for p in simweb_truth["listings"][site]["pages"]]
    assert all(rp.can_fetch("ogi-crawler", u) for u in wanted)
    # the disallowed drafts are linked where a crawler will see them: homepage and the column itself
    home = simweb_client.get(base).text
    assert "/zfxxgk/preview/index.html" in home
    assert set(never) & set(simweb_truth["listings"][site]["items"])
    draft = simweb_client.get(next(u for u in never if u.endswith("ndbg_00.html")))
    assert draft.status_code == 200 and "政府信息公开工作年度报告" in draft.text


def test_hammering_gets_429_with_retry_after_and_polite_requests_get_200(simweb_truth):
    base = next(v for v in simweb_truth["sites"].values() if v["style"] == "guarded")["homepage_url"]
    time.sleep(2.1)  # let earlier tests' requests leave the window
    with HostSession() as s:
        statuses = [s.get(base + "zfxxgk/index.html") for _ in range(6)]
        codes = [r.status_code for r in statuses]
        first = codes.index(429)  # the third request within 0.95 s (later on a very slow machine)
        assert 2 <= first <= 4 and codes[:first] == [200] * first and codes[first:] == [429] * (6 - first)
        blocked = statuses[first:]
        assert all(1 <= int(r.headers["Retry-After"]) <= 2 for r in blocked)
        assert "text/html" in blocked[0].headers["Content-Type"]
        time.sleep(int(blocked[-1].headers["Retry-After"]) + 0.1)
        polite = []
        for _ in range(5):
            polite.append(s.get(base + "zfxxgk/index.html").status_code)
            time.sleep(0.6)
        assert polite == [200] * 5


def test_redirect_chain_reaches_a_report(simweb_truth, simweb_client):
    (red,) = simweb_truth["redirects"]
    assert red["statuses"] == [301, 302, 200]
    url = red["url"]
    seen = []
    for _ in range(3):
        r = simweb_client.get(url)
        seen.append(r.status_code)
        if r.status_code in (301, 302):
            url = requests.compat.urljoin(url, r.headers["Location"])
    assert seen == [301, 302, 200] and url == red["chain"][-1]
    report = next(e for e in simweb_truth["reports"] if e["url"] == url)
    assert report["link_url"] == red["url"] and red["url"] in simweb_truth["listings"][report["site_id"]]["items"]


def test_broken_links_answer_404_and_500(simweb_truth, simweb_client):
    got = {b["url"]: simweb_client.get(b["url"]).status_code for b in simweb_truth["broken"]}
    assert got == {b["url"]: b["status"] for b in simweb_truth["broken"]}
    assert sorted(got.values()) == [404, 500]


def test_request_log_records_every_request_thread_safely(simweb, simweb_truth):
    base = simweb_truth["sites"]["xining"]["homepage_url"]
    proxy = simweb_truth["listings"]["jiangsu"]["pages"][1]
    simweb.clear_log()
    assert simweb.request_log == []
    client = HostSession()
    r = client.get(base + "index.html?from=test", headers={"X-Probe": "log-me"})
    p = client.post(proxy["url"], data=proxy["form"])
    log = simweb.request_log
    assert [(e["site_id"], e["host"], e["method"], e["path"], e["query"], e["status"]) for e in log] == [
        ("xining", "www.xining.gov.cn", "GET", "/index.html", "from=test", 200),
        ("jiangsu", "www.jiangsu.gov.cn", "POST", "/module/web/jpage/dataproxy.jsp", proxy["url"].split("?", 1)[1],
         200)]
    assert log[0]["request_headers"]["Host"] == f"www.xining.gov.cn:{simweb.port}"
    assert log[0]["request_headers"]["X-Probe"] == "log-me"
    assert log[0]["response_headers"]["ETag"] == r.headers["ETag"]
    assert log[0]["response_headers"]["Content-Type"] == "text/html; charset=utf-8"
    assert "columnid=1571" in log[1]["body"] and log[1]["response_headers"]["ETag"] == p.headers["ETag"]
    assert log[0]["time"] <= log[1]["time"] <= time.time()
    simweb.clear_log()

    def hit(n):
        with HostSession() as s:
            for _ in range(n):
                s.get(base + "index.html")

    threads = [threading.Thread(target=hit, args=(25,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log = simweb.request_log
    assert len(log) == 200 and {e["status"] for e in log} == {200}


def test_write_registry_lists_homepages_only(simweb, tmp_path):
    path = simweb.write_registry(tmp_path / "demo.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert tuple(rows[0]) == REGISTRY_COLUMNS and len(rows) == 14
    truth = simweb.truth()
    # no row tells the crawler where the 年报 column is, which CMS runs the site or that it needs JS
    assert [(r["column_url"], r["cms_hint"], r["js"]) for r in rows] == [("", "", "")] * 14
    assert {r["site_id"]: r["homepage_url"] for r in rows} == {k: v["homepage_url"] for k, v in truth["sites"].items()}
    https = {r["site_id"] for r in rows if r["homepage_url"].startswith("https://")}
    assert https == {"qingxi"}
    for r in rows:
        if r["site_id"] not in https:
            assert r["homepage_url"] == simweb.sites[r["site_id"]] + "/"
        assert r["level"] in ("central", "province", "city", "county", "township", "department")
        assert len(r["region_code"]) == 6 and r["region_code"].isdigit()


def test_truth_json_is_written_under_root(simweb):
    on_disk = json.loads((simweb.root / "truth.json").read_text("utf-8"))
    assert on_disk == simweb.truth()


# ---------------------------------------------------------------------- a second instance
def _listing_state(truth: dict, session) -> dict[str, tuple[str, str]]:
    out = {}
    for L in truth["listings"].values():
        for p in L["pages"]:
            r = session.post(p["url"], data=p["form"]) if p["method"] == "POST" else session.get(p["url"])
            assert r.status_code == 200
            out[p["url"]] = (r.headers["ETag"], r.headers["Last-Modified"])
    return out


def test_publish_one_adds_exactly_one_report_and_changes_only_its_column(tmp_path, simweb_cache_dir,
                                                                          simweb_clearance):
    # its own SimWeb: publishing must not disturb the session's web (warm start from the shared cache)
    with SimWeb(tmp_path / "pub", cache_dir=simweb_cache_dir) as web, HostSession() as s:
        before = web.truth()
        challenge = next(v for v in before["sites"].values() if v["style"] == "challenge")
        s.cookies_for[challenge["hosts"][0]] = simweb_clearance  # same host, same clearance
        # the guarded site limits the pace; publish_one never lands there if the stream says so
        state = _listing_state(_without_guarded(before), s)
        doc_etags = {e["url"]: s.get(e["url"]).headers["ETag"] for e in before["reports"][::7]
                     if e["site_id"] != "qhdkfq"}
        entry = web.publish_one()
        after = web.truth()
        site = entry["site_id"]
        new_docs = [e for e in after["reports"] if e not in before["reports"]]
        assert new_docs == [entry] and len(after["reports"]) == len(before["reports"]) + 1
        assert entry["year"] == 2024 and entry["failed_checks"] == schema.failed_check_ids(entry["facts"])
        r = s.get(entry["url"])
        assert r.status_code == 200 and r.headers["Content-Type"] == entry["content_type"]
        # new entry at the top of its column; that column's entries shift down by one
        link = entry["link_url"] if entry["role"] == "article" else entry["parent_url"]
        old_items, new_items = before["listings"][site]["items"], after["listings"][site]["items"]
        assert sorted(new_items) == sorted(old_items + [link])
        (top,) = [p for p in after["listings"][site]["pages"] if link in p["items"]]
        assert top["items"][0] == link
        old_top = next(p for p in before["listings"][site]["pages"] if p["url"] == top["url"])
        assert top["items"][1:] == old_top["items"][:len(top["items"]) - 1]
        state_after = _listing_state(_without_guarded(after), s)
        changed = {u for u in state if state_after[u] != state[u]}
        assert top["url"] in changed and changed <= {p["url"] for p in after["listings"][site]["pages"]}
        for url in changed:
            etag, lm = state[url]
            assert state_after[url][0] != etag, url
            assert parsedate_to_datetime(state_after[url][1]) > parsedate_to_datetime(lm), url
        # other columns of the same site keep their bytes and their Last-Modified
        others = [u for u in state if u not in changed and u in {p["url"] for p in after["listings"][site]["pages"]}]
        assert others or len(after["listings"][site]["columns"]) == 1
        for url, etag in doc_etags.items():
            assert s.get(url, headers={"If-None-Match": etag}).status_code == 304, url
        # the truth file follows
        assert json.loads((web.root / "truth.json").read_text("utf-8")) == after
        second = web.publish_one()
        assert second["report_key"] != entry["report_key"] and second["url"] != entry["url"]


def _without_guarded(truth: dict) -> dict:
    return {**truth, "listings": {k: v for k, v in truth["listings"].items() if v["style"] != "guarded"}}


def test_warm_start_renders_nothing_and_gives_the_same_web(tmp_path, simweb, simweb_cache_dir):
    files = sorted((simweb_cache_dir / "render").rglob("*"))
    t0 = time.monotonic()
    with SimWeb(tmp_path / "again", cache_dir=simweb_cache_dir) as web:
        print(f"\nsimweb warm start: {time.monotonic() - t0:.2f}s")
        mine = json.dumps(web.truth()).replace(f".gov.cn:{web.port}", ".gov.cn:PORT")
        theirs = json.dumps(simweb.truth()).replace(f".gov.cn:{simweb.port}", ".gov.cn:PORT")
        assert mine == theirs
    after = sorted((simweb_cache_dir / "render").rglob("*"))
    assert after == files


def test_stop_frees_ports_and_threads_even_with_open_connections(tmp_path, simweb_cache_dir):
    baseline = {t.ident for t in threading.enumerate()}
    web = SimWeb(tmp_path / "stop", cache_dir=simweb_cache_dir).start()
    ports = sorted({int(u.rsplit(":", 1)[1]) for u in web.sites.values()})
    assert ports == [web.port]
    keep = HostSession()
    keep.get(web.sites["xining"] + "/")  # a keep-alive connection left open
    idle = socket.create_connection(("127.0.0.1", web.port))  # and one that never sends a byte
    t0 = time.monotonic()
    web.stop()
    print(f"\nsimweb stop with open connections: {time.monotonic() - t0:.2f}s")
    idle.close()
    keep.close()
    assert web.sites == {} and not web.running
    assert {t.ident for t in threading.enumerate()} <= baseline
    for port in ports:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            refused = False
        except ConnectionRefusedError:
            refused = True
        assert refused, port
    try:
        web.truth()
        raise AssertionError("truth() on a stopped SimWeb must fail")
    except RuntimeError as exc:
        assert "not running" in str(exc)


# ---------------------------------------------------------------------- CLI
def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "simweb", *args]


def test_cli_summary_and_serve(tmp_path, simweb_cache_dir):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    out = subprocess.run(_cli("summary", "--root", str(tmp_path / "cli"), "--cache", str(simweb_cache_dir)),
                         capture_output=True, text=True, env=env, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    truth = json.loads((tmp_path / "cli" / "truth.json").read_text("utf-8"))
    keys = {e["report_key"] for e in truth["reports"]}
    assert first == f"{len(keys)} reports in {len(truth['reports'])} documents on 14 sites"
    proc = subprocess.Popen(_cli("serve", "--root", str(tmp_path / "cli"), "--cache", str(simweb_cache_dir),
                                 "--registry", str(tmp_path / "reg.csv"), "--resolve", str(tmp_path / "resolve.json")),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = []
        while not lines or lines[-1] != "serving; Ctrl-C to stop":
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line.rstrip("\n"))
        urls = dict(line.split() for line in lines[:14])
        assert set(urls) == {"xining", "jiangsu", "xigong", "yinan", "haidong", "qhdkfq", "qinglan", "qingxi",
                             "yunling", "rst", "shunhe", "meijiang", "xiyue", "tonghe"}
        assert HostSession().get(urls["yinan"]).status_code == 200
        assert (tmp_path / "reg.csv").exists()
        assert json.loads((tmp_path / "resolve.json").read_text("utf-8"))["gk.yinan.gov.cn"] == "127.0.0.1"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_cli_reports_a_bad_root_in_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    out = subprocess.run(_cli("summary", "--root", str(blocker / "sub")), capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}, check=False)
    assert out.returncode == 1
    assert out.stderr.startswith("simweb: cannot build the web:") and len(out.stderr.strip().splitlines()) == 1
