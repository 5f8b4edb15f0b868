"""Acceptance tests of the crawler against the running simulated web, asserted from the web's own
request log and truth manifest. One story, in order (module fixtures):

first crawl → re-crawl of the unchanged web → kill -9 and resume → two workers on one Redis
frontier → publish_one and crawl again. Politeness runs in the fast profile (OGI_FAST) except
Retry-After, which every profile honours; the guarded site enforces it."""
from __future__ import annotations

import collections
import subprocess
import time

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.crawler.crawlkit import (
    crawl_env,
    documents,
    journal_lines,
    kill_when,
    log_url,
    run_crawl,
    stable,
    start_crawl,
)

SUBSET = "xining,jiangsu,yinan,haidong"  # TRS, Hanweb, county ?page=N, GBK: the resume and Redis runs


def _stage(web, registry, data, logname, **kw):
    web.clear_log()
    text = run_crawl(registry, data, log=data.parent / logname, **kw)
    return {"log": web.request_log, "text": text}


@pytest.fixture(scope="module")
def first(crawl_web, crawl_registry, tmp_path_factory):
    data = tmp_path_factory.mktemp("crawl-a") / "data"
    truth = crawl_web.truth()
    stage = _stage(crawl_web, crawl_registry, data, "first.log")
    return {**stage, "data": data, "truth": truth, "rows": documents(data)}


@pytest.fixture(scope="module")
def second(first, crawl_web, crawl_registry):
    stage = _stage(crawl_web, crawl_registry, first["data"], "second.log")
    return {**stage, "rows": documents(first["data"])}


# ---------------------------------------------------------------------------------------- first
def test_recall_and_precision_of_report_documents(first):
    truth = first["truth"]
    rows = first["rows"]
    assert sorted(r["final_url"] for r in rows) == sorted(t["url"] for t in truth["reports"])
    assert sorted(r["url"] for r in rows) == sorted(t["link_url"] for t in truth["reports"])
    kept = {r["url"] for r in rows} | {r["final_url"] for r in rows}
    assert not kept & set(truth["never_keep"])
    assert not kept & set(truth["carriers"])


def test_every_site_outcome_and_every_column_found_from_homepages(first):
    """From homepages alone: every 年报 column the web has is found (sub-platforms and year /
    department sub-columns included), and each site's recorded outcome is the web's own."""
    import pyarrow.parquet as pq

    truth = first["truth"]
    rows = {r["site_id"]: r for r in pq.read_table(first["data"] / "crawl" / "sites.parquet").to_pylist()}
    assert sorted(rows) == sorted(truth["sites"])
    expect = {"ok": ("ok", None, False), "https-fallback": ("ok", None, True), "challenge": ("ok", "solved", False),
              "robots": ("robots", None, False)}
    for site_id, t in truth["sites"].items():
        r = rows[site_id]
        assert (r["status"], r["challenge"], r["http_fallback"]) == expect[t["outcome"]], site_id
        if t["outcome"] != "robots":
            found = {c["url"] for c in r["columns"]}
            assert set(t["column_urls"]) <= found, (site_id, set(t["column_urls"]) - found)


def test_document_rows_carry_the_truth(first):
    by_url = {r["final_url"]: r for r in first["rows"]}
    for t in first["truth"]["reports"]:
        r = by_url[t["url"]]
        assert (r["site_id"], r["agency"], r["region_code"], r["level"], r["year"], r["title"]) == (
            t["site_id"], t["agency"], t["region_code"], t["level"], t["year"], t["title"]), t["url"]
        assert (r["role"], r["parent_url"], r["content_type"]) == (t["role"], t["parent_url"], t["format"]), t["url"]
        # Dates (docs/INTERFACES.md): the page's own date is the publication date; the listing's
        # is the date it shows (truth `listed` where that differs, else the publication date).
        # The truth's `url_date` (a URL dated otherwise) is read from the URL by the pipeline.
        assert (r["page_date"], r["listing_date"]) == (t["published"], t["listed"] or t["published"]), t["url"]
        assert r["status"] == 200
        assert r["agency_source"] in ("title", "body", "publisher", "section", "site"), t["url"]


def test_blobs_and_warc_records_back_every_row(first):
    data = first["data"]
    import hashlib

    for r in first["rows"]:
        blob = (data / "raw" / "blobs" / r["sha256"][:2] / r["sha256"]).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == r["sha256"] and len(blob) == r["size"]
        with open(data / "raw" / "warc" / r["warc_file"], "rb") as fh:
            fh.seek(r["warc_offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == r["final_url"]
            assert record.http_headers.get_statuscode() == "200"


def test_no_disallowed_url_requested(first):
    truth, web_sites = first["truth"], {k: v["homepage_url"].rstrip("/") for k, v in first["truth"]["sites"].items()}
    requested = {log_url(web_sites, e) for e in first["log"]}
    assert not requested & set(truth["never_request"])
    for prefix in truth["never_request_prefixes"]:  # robots.txt itself is what says so
        assert not [u for u in requested if u.startswith(prefix) and not u.endswith("/robots.txt")]
    guarded = next(k for k, v in truth["sites"].items() if v["style"] == "guarded")
    assert [e for e in first["log"] if e["site_id"] == guarded and e["path"] == "/robots.txt"]


def test_retry_after_honoured(first):
    """After a 429 with Retry-After: R at time t, the site sees no request in (t, t+R) except the
    one that was already on the wire (two requests per host at most)."""
    log = first["log"]
    blocked = [e for e in log if e["status"] == 429]
    assert blocked, "the guarded site never said 429: the test proves nothing"
    for e in blocked:
        until = e["time"] + float(e["response_headers"]["Retry-After"])
        inside = [x for x in log if x["site_id"] == e["site_id"] and e["time"] < x["time"] < until]
        assert len(inside) <= 1, (e["path"], [(x["path"], round(x["time"] - e["time"], 3)) for x in inside])
    # and every 429-ed URL was fetched in the end
    web_sites = {k: v["homepage_url"].rstrip("/") for k, v in first["truth"]["sites"].items()}
    final = {(log_url(web_sites, x)) for x in log if x["status"] in (200, 301, 302, 404, 500)}
    assert {log_url(web_sites, e) for e in blocked} <= final


def test_broken_links_and_redirect_chain(first):
    web_sites = {k: v["homepage_url"].rstrip("/") for k, v in first["truth"]["sites"].items()}
    statuses = collections.defaultdict(list)
    for e in first["log"]:
        statuses[log_url(web_sites, e)].append(e["status"])
    for b in first["truth"]["broken"]:
        assert b["status"] in statuses[b["url"]]
    for r in first["truth"]["redirects"]:
        got = [next(s for s in statuses[u] if s != 429) for u in r["chain"]]
        assert got == r["statuses"]


def _fetchable_listings(truth):
    """Every site's listing but those robots.txt forbids (test_no_disallowed_url_requested: never
    requested at all)."""
    return [listing for site_id, listing in truth["listings"].items() if truth["sites"][site_id]["outcome"] != "robots"]


def test_every_listing_page_fetched(first):
    web_sites = {k: v["homepage_url"].rstrip("/") for k, v in first["truth"]["sites"].items()}
    fetched = {(e["method"], log_url(web_sites, e)) for e in first["log"] if e["status"] == 200}
    for listing in _fetchable_listings(first["truth"]):
        for page in listing["pages"]:
            assert (page["method"], page["url"]) in fetched, page["url"]


# --------------------------------------------------------------------------------------- second
def test_recrawl_of_unchanged_web_downloads_nothing(first, second):
    truth = first["truth"]
    web_sites = {k: v["homepage_url"].rstrip("/") for k, v in truth["sites"].items()}
    documents_urls = {t["url"] for t in truth["reports"]} | {t["link_url"] for t in truth["reports"]}
    documents_urls |= set(truth["carriers"])
    requested = [log_url(web_sites, e) for e in second["log"]]
    assert not [u for u in requested if u in documents_urls]
    assert stable(second["rows"]) == stable(first["rows"])


def test_recrawl_revalidates_every_listing_with_304(first, second):
    truth = first["truth"]
    web_sites = {k: v["homepage_url"].rstrip("/") for k, v in truth["sites"].items()}
    got = collections.defaultdict(list)
    for e in second["log"]:
        got[(e["method"], log_url(web_sites, e))].append(e["status"])
    for listing in _fetchable_listings(truth):
        for page in listing["pages"]:
            if page["method"] == "GET":
                assert 304 in got[("GET", page["url"])], page["url"]
            else:
                # POST has no 304; the unchanged column page vouches for its groups
                assert ("POST", page["url"]) not in got
    assert not [k for k, s in got.items() if 200 in s and not k[1].endswith("/robots.txt")]


# ------------------------------------------------------------------------------ kill -9, resume
@pytest.fixture(scope="module")
def resumed(first, second, crawl_web, crawl_registry, tmp_path_factory):
    data = tmp_path_factory.mktemp("crawl-k") / "data"
    proc = start_crawl(crawl_registry, data, sites=SUBSET, log=data.parent / "killed.log")
    kill_when(proc, lambda: journal_lines(data) >= 40)
    rows_at_kill = journal_lines(data)
    run_crawl(crawl_registry, data, sites=SUBSET, log=data.parent / "resumed.log")
    return {"data": data, "rows": documents(data), "at_kill": rows_at_kill}


def test_resume_after_kill_equals_uninterrupted_crawl(first, resumed):
    subset = set(SUBSET.split(","))
    expected = [r for r in first["rows"] if r["site_id"] in subset]
    assert resumed["at_kill"] >= 40 and len(expected) > resumed["at_kill"]
    assert stable(resumed["rows"]) == stable(expected)


def test_resume_leaves_blobs_whole_and_warc_readable(resumed):
    import hashlib

    blobs = [p for p in (resumed["data"] / "raw" / "blobs").glob("*/*")]
    assert blobs and not [p for p in blobs if p.name.startswith(".tmp")]
    for p in blobs:
        assert hashlib.sha256(p.read_bytes()).hexdigest() == p.name
    warcs = sorted((resumed["data"] / "raw" / "warc").glob("*.warc.gz"))
    assert len(warcs) >= 2
    for path in warcs:
        with open(path, "rb") as fh:
            n = 0
            for record in ArchiveIterator(fh):
                record.content_stream().read()
                n += 1
            assert n >= 1 and fh.tell() == path.stat().st_size
    assert not list((resumed["data"] / "raw" / "warc" / ".open").iterdir())


# --------------------------------------------------------------------------------- Redis frontier
@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """Redis on a unix socket of its own (no TCP port at all, so none can be raced for)."""
    workdir = tmp_path_factory.mktemp("redis")
    sock = workdir / "redis.sock"
    proc = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
                             "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(unix_socket_path=str(sock))
    for _ in range(200):
        try:
            client.ping()
            break
        except (redis.ConnectionError, FileNotFoundError):
            time.sleep(0.05)
    yield f"unix://{sock}?db=0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def two_workers(first, resumed, crawl_web, crawl_registry, redis_url, tmp_path_factory):
    data = tmp_path_factory.mktemp("crawl-r") / "data"
    crawl_web.clear_log()
    env = crawl_env(OGI_REDIS_URL=redis_url)
    procs = [start_crawl(crawl_registry, data, "OGI_CRAWL_ID=test", sites=SUBSET, log=data.parent / f"w{i}.log",
                         env=env) for i in range(2)]
    codes = [p.wait(timeout=400) for p in procs]
    logs = [(data.parent / f"w{i}.log").read_text("utf-8", "replace") for i in range(2)]
    assert codes == [0, 0], logs[0][-2000:] + logs[1][-2000:]
    return {"log": crawl_web.request_log, "rows": documents(data), "logs": logs}


def test_two_workers_on_one_frontier_equal_one_crawl(first, two_workers):
    subset = set(SUBSET.split(","))
    expected = [r for r in first["rows"] if r["site_id"] in subset]
    assert stable(two_workers["rows"]) == stable(expected)
    # every document was fetched by exactly one of the two workers
    import re

    per_worker = [int(m.group(1)) if (m := re.search(r"'ogi/documents_new': (\d+)", t)) else 0
                  for t in two_workers["logs"]]
    assert sum(per_worker) == len(expected), per_worker


def test_two_workers_fetch_no_url_twice(first, two_workers):
    web_sites = {k: v["homepage_url"].rstrip("/") for k, v in first["truth"]["sites"].items()}
    counts = collections.Counter(
        (e["method"], log_url(web_sites, e), e["body"]) for e in two_workers["log"] if e["path"] != "/robots.txt")
    assert counts and [k for k, n in counts.items() if n > 1] == []


# ------------------------------------------------------------------------------------ publish_one
@pytest.fixture(scope="module")
def after_publish(first, second, resumed, two_workers, crawl_web, crawl_registry):
    entry = crawl_web.publish_one()
    truth = crawl_web.truth()
    stage = _stage(crawl_web, crawl_registry, first["data"], "third.log")
    return {**stage, "entry": entry, "truth": truth, "rows": documents(first["data"])}


def test_after_publish_one_the_next_crawl_downloads_exactly_it(first, after_publish):
    truth = after_publish["truth"]
    web_sites = {k: v["homepage_url"].rstrip("/") for k, v in truth["sites"].items()}
    key = after_publish["entry"]["report_key"]
    new_docs = [t for t in truth["reports"] if t["report_key"] == key]
    all_docs = {t["url"] for t in truth["reports"]} | {t["link_url"] for t in truth["reports"]} | set(truth["carriers"])
    carriers = set(truth["carriers"])
    expected = {t["url"] for t in new_docs} | {t["link_url"] for t in new_docs}
    expected |= {t["parent_url"] for t in new_docs if t["parent_url"] in carriers}  # "全文见附件" page
    fetched = {log_url(web_sites, e) for e in after_publish["log"] if e["status"] == 200}
    assert new_docs and fetched & all_docs == expected
    assert sorted(r["final_url"] for r in after_publish["rows"]) == sorted(t["url"] for t in truth["reports"])
