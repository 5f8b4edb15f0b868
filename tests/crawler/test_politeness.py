"""Safety (schemes, addresses), Retry-After parsing and the per-host gate, file names from
Content-Disposition, content sniffing; and a real crawl that refuses loopback when not allowed."""
from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from scrapy.http import Request

from crawler.articles import content_type, disposition_filename, safe_filename
from crawler.middlewares.gate import HostGate, host_key
from crawler.middlewares.retry_after import parse_retry_after
from crawler.middlewares.safety import SafetyMiddleware, UnsafeRequest, address_allowed
from tests.crawler.crawlkit import crawl_env, documents, run_crawl


def run_coroutine(coro):
    """Run a coroutine on a fresh loop in its own thread: a session fixture (the shared Playwright
    browser) may keep an event loop running in the main thread, where asyncio.run() refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.mark.parametrize("url, allow_loopback, refused", [
    ("http://8.8.8.8/zwgk/", False, False),
    ("https://[2001:4860:4860::8888]/", False, False),
    ("http://127.0.0.1:8080/", False, True),
    ("http://127.0.0.1:8080/", True, False),
    ("http://localhost/", False, True),
    ("http://10.1.2.3/", True, True),
    ("http://192.168.0.1/", False, True),
    ("http://169.254.169.254/latest/meta-data/", True, True),
    ("http://[::ffff:127.0.0.1]/", False, True),
    ("file:///etc/passwd", True, True),
    ("ftp://8.8.8.8/report.pdf", True, True),
])
def test_safety_middleware(url, allow_loopback, refused):
    mw = SafetyMiddleware(allow_loopback)
    request = Request(url) if url.startswith("http") else Request("http://8.8.8.8/").replace(url=url)
    if refused:
        with pytest.raises(UnsafeRequest):
            run_coroutine(mw.process_request(request))
    else:
        assert run_coroutine(mw.process_request(request)) is None


def test_address_allowed():
    assert address_allowed("114.114.114.114", False)
    assert not address_allowed("0.0.0.0", True)
    assert not address_allowed("::1", False) and address_allowed("::1", True)


def test_parse_retry_after():
    assert parse_retry_after(b"2") == 2.0
    assert parse_retry_after("120") == 120.0
    now = time.time()
    when = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= parse_retry_after(when, now=now) <= 30
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert parse_retry_after(b"soon") is None and parse_retry_after(None) is None


def test_gate_blocks_then_spaces_requests():
    gate = HostGate(min_interval=0.05)
    key = host_key("http://127.0.0.1:8080/x")
    assert key == "127.0.0.1:8080" and host_key("https://www.gov.cn/") == "www.gov.cn:443"
    gate.block(key, 0.1, slow_down=True)
    gate.block(key, 0.1, slow_down=True)  # a second 429 from the same burst does not double it
    assert gate._interval[key] == 0.05

    async def three():
        return [await gate.wait(key) for _ in range(3)]

    waits = run_coroutine(three())
    assert waits[0] > 0 and waits[1] > 0 and gate.remaining(key) == 0
    assert run_coroutine(HostGate().wait("other:80")) == 0.0


def test_content_disposition_names_are_sanitized():
    assert disposition_filename('attachment; filename="../../etc/passwd.pdf"') == "passwd.pdf"
    assert disposition_filename("attachment; filename=\"a.pdf\"; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf") == "年报.pdf"
    assert disposition_filename('attachment; filename="年报.doc"'.encode("gbk")) == "年报.doc"
    assert disposition_filename(b"attachment; filename=..\\..\\win.ini") == "win.ini"
    assert disposition_filename(None) is None
    assert safe_filename("..") == "download" and safe_filename(".hidden") == "hidden"
    assert safe_filename("a\x00b:c.pdf") == "a_b_c.pdf"
    assert len(safe_filename("长" * 200 + ".pdf").encode()) <= 200


def test_content_type_is_sniffed_not_trusted():
    assert content_type(b"%PDF-1.7\n...", "http://x/report.doc") == "pdf"
    assert content_type(b"<html><body>x</body></html>", "http://x/a") == "html"
    assert content_type(b"\x89PNG\r\n\x1a\n" + b"0" * 20, "http://x/a.png") == "image"
    assert content_type(b"\x00\x01binary", "http://x/a.bin") == "other"


def test_loopback_is_refused_unless_allowed(crawl_web, crawl_registry, tmp_path):
    """The web's own names are exempt through its resolve map (in the environment); the same
    server addressed as a bare 127.0.0.1 is not."""
    from urllib.parse import urlsplit

    port = urlsplit(next(iter(crawl_web.sites.values()))).port
    registry = tmp_path / "bare.csv"
    registry.write_text("site_id,name,region_code,level,homepage_url,column_url,cms_hint,js,verified\n"
                        f"bare,西宁市人民政府,630100,city,http://127.0.0.1:{port}/,,,0,\n", "utf-8")
    crawl_web.clear_log()
    env = crawl_env(OGI_ALLOW_LOOPBACK="")
    text = run_crawl(registry, tmp_path / "data", log=tmp_path / "refused.log", env=env)
    assert crawl_web.request_log == []
    assert "'ogi/unsafe_refused': " in text and "resolves to non-public address 127.0.0.1" in text


# ---------------------------------------------------------------- the resolve map (docs/hosts.md)
from crawler.middlewares.resolve import ResolveMapError, install_map, load_map
from crawler.spiders.browser import host_resolver_rules
from tests.crawler.loopweb import LoopWeb, html, links

PDF = b"%PDF-1.4\n% made-up report bytes\n%%EOF\n"


def _wuyou_web() -> LoopWeb:
    """A made-up county on a made-up name, one report as a PDF attachment."""
    return LoopWeb({
        "www.wuyouxian.gov.cn": {
            "/": html(links(("/zwdt/", "政务动态"), ("/xxgk/", "政府信息公开"))),
            "/xxgk/": html(links(("/xxgknb/index.html", "政府信息公开年报"))),
            "/xxgknb/index.html": html(links(("/xxgknb/202401/t20240120_7.html", "无忧县2023年政府信息公开工作年度报告"))),
            "/xxgknb/202401/t20240120_7.html": html('<div id="zoom"><p>全文见附件</p>'
                                                     '<a href="/u/P020240120.pdf">年度报告.pdf</a></div>'),
            "/u/P020240120.pdf": PDF,
        },
    })


def test_resolve_map_file_is_validated(tmp_path):
    good = tmp_path / "r.json"
    good.write_text('{"WWW.A.gov.cn.": "127.0.0.1"}')
    assert load_map(good) == {"www.a.gov.cn": "127.0.0.1"}
    bad = tmp_path / "bad.json"
    bad.write_text('{"www.a.gov.cn": "localhost"}')
    with pytest.raises(ResolveMapError, match="'localhost' is not an IP address"):
        load_map(bad)
    bad.write_text("[]")
    with pytest.raises(ResolveMapError, match="expected a JSON object"):
        load_map(bad)
    assert host_resolver_rules({"b.gov.cn": "127.0.0.1", "a.gov.cn": "127.0.0.1"}) == \
        "--host-resolver-rules=MAP a.gov.cn 127.0.0.1, MAP b.gov.cn 127.0.0.1"
    assert host_resolver_rules({}) is None
    from crawler.spiders.browser import launch_args
    assert launch_args(["--no-sandbox"], {}) == ["--no-sandbox"]
    assert launch_args(["--no-sandbox"], {"a.gov.cn": "127.0.0.1"})[:2] == [
        "--no-sandbox", "--host-resolver-rules=MAP a.gov.cn 127.0.0.1"]


def test_mapped_names_are_exempt_from_the_address_rule_and_nothing_else():
    install_map({"www.mapped-only.gov.cn": "127.0.0.1"})
    mw = SafetyMiddleware(allow_loopback=False)
    assert run_coroutine(mw.process_request(Request("http://www.mapped-only.gov.cn:8080/"))) is None
    with pytest.raises(UnsafeRequest, match="non-public address 127.0.0.1"):
        run_coroutine(mw.process_request(Request("http://127.0.0.1:8080/")))
    with pytest.raises(UnsafeRequest, match="non-public address"):
        run_coroutine(mw.process_request(Request("http://localhost:8080/")))


def test_crawl_reaches_made_up_names_through_the_resolve_map(tmp_path):
    """A real Scrapy crawl against made-up names on 127.0.0.1, loopback NOT allowed: without the
    map nothing reaches the server; with OGI_RESOLVE or `-a resolve=FILE` the site is crawled."""
    with _wuyou_web() as web:
        registry = web.registry(tmp_path / "reg.csv", [("wuyou", "无忧县人民政府", "http://www.wuyouxian.gov.cn/")],
                                level="county")
        resolve = web.write_resolve(tmp_path / "resolve.json")
        env = crawl_env(OGI_ALLOW_LOOPBACK="")
        run_crawl(registry, tmp_path / "none", log=tmp_path / "none.log", env=env)
        assert web.requests() == []
        run_crawl(registry, tmp_path / "data", f"OGI_RESOLVE={resolve}", log=tmp_path / "mapped.log", env=env)
        assert web.requests() == [
            "www.wuyouxian.gov.cn/robots.txt",
            "www.wuyouxian.gov.cn/",
            "www.wuyouxian.gov.cn/xxgk/",
            "www.wuyouxian.gov.cn/xxgknb/index.html",
            "www.wuyouxian.gov.cn/xxgknb/202401/t20240120_7.html",
            "www.wuyouxian.gov.cn/u/P020240120.pdf",
        ]
        web.clear()
        # the spider argument does the same as the setting
        import subprocess

        from tests.crawler.crawlkit import crawl_cmd
        cmd = crawl_cmd(registry, tmp_path / "data2") + ["-a", f"resolve={resolve}"]
        out = subprocess.run(cmd, cwd=str(Path(__file__).resolve().parents[2]), env=env, capture_output=True,
                             text=True, timeout=120, check=False)
        assert out.returncode == 0, out.stderr[-2000:]
        assert web.requests()[-1] == "www.wuyouxian.gov.cn/u/P020240120.pdf" and len(web.requests()) == 6


# ---------------------------------------------------------------- network as it is
from tests.crawler.loopweb import Resp

CHALLENGE = (b'<html><body><script>document.cookie="__jsl_clearance=1700000000.1|0|ok; path=/";'
             b"location.reload();</script></body></html>")


def _guarded(page: bytes, ctype: str = "text/html; charset=utf-8"):
    """A page behind a 521 JavaScript cookie challenge (the clearance cookie set by its script)."""
    def serve(handler, hit):
        if "__jsl_clearance=1700000000.1|0|ok" in hit.headers.get("cookie", ""):
            return Resp(200, page, {"Content-Type": ctype})
        return Resp(521, CHALLENGE, {"Content-Type": "text/html", "Set-Cookie": "__jsluid_h=abc; path=/"})
    return serve


def test_challenge_solved_once_in_chromium_https_fallback_and_cookies(tmp_path):
    """Site 1 answers 521 + script until its cookie is set: Chromium solves it once (through the
    resolve map), Scrapy sends the cookies on every later request. Site 2 is listed as https://
    but speaks plain http: the TLS failure switches it to http:// on the same port."""
    guarded = {
        "/": _guarded(html(links(("/xxgk/", "政府信息公开")))),
        "/xxgk/": _guarded(html(links(("/xxgk/nb/", "政府信息公开年报")))),
        "/xxgk/nb/": _guarded(html(links(("/u/r2023.pdf", "挑战县2023年政府信息公开工作年度报告")))),
        "/u/r2023.pdf": _guarded(PDF, "application/pdf"),
    }
    plain = {"/": html(links(("/zfxxgknb/", "政府信息公开年报"))),
             "/zfxxgknb/": html(links(("/u/p2023.pdf", "明文县2023年政府信息公开工作年度报告"))),
             "/u/p2023.pdf": PDF + b"plain"}
    with LoopWeb({"www.tiaozhanxian.gov.cn": guarded, "www.mingwenxian.gov.cn": plain}) as web:
        registry = web.registry(tmp_path / "reg.csv", [
            ("tiaozhan", "挑战县人民政府", "http://www.tiaozhanxian.gov.cn/"),
            ("mingwen", "明文县人民政府", "https://www.mingwenxian.gov.cn/"),
        ], level="county")
        resolve = web.write_resolve(tmp_path / "resolve.json")
        data = tmp_path / "data"
        run_crawl(registry, data, f"OGI_RESOLVE={resolve}", log=tmp_path / "crawl.log",
                  env=crawl_env(OGI_ALLOW_LOOPBACK=""))
        # Chromium sends Scrapy's user agent too (clearances are bound to it); its navigations
        # carry Upgrade-Insecure-Requests, Scrapy's requests never do.
        assert all("ogi-reports/0.2 (+https://" in h.headers.get("user-agent", "") for h in web.log)
        browser_hits = [h for h in web.log if "upgrade-insecure-requests" in h.headers or h.path == "/favicon.ico"]
        scrapy_hits = [h for h in web.log if h not in browser_hits]
        t = "www.tiaozhanxian.gov.cn"
        assert [(h.path, "__jsl_clearance" in h.headers.get("cookie", ""))
                for h in scrapy_hits if h.host == t] == [
            ("/robots.txt", False), ("/", False),  # 521: the challenge
            ("/", True), ("/xxgk/", True), ("/xxgk/nb/", True), ("/u/r2023.pdf", True)]
        # Chromium: the challenge page, then the reload with its cookie (and perhaps a favicon)
        nav = [(h.path, "__jsl_clearance" in h.headers.get("cookie", "")) for h in browser_hits
               if h.path != "/favicon.ico"]
        assert nav == [("/", False), ("/", True)]
        assert all(h.host == t for h in browser_hits)
        m = "www.mingwenxian.gov.cn"
        assert [h.path for h in scrapy_hits if h.host == m] == ["/robots.txt", "/", "/zfxxgknb/", "/u/p2023.pdf"]
        sites = {r["site_id"]: r for r in pq.read_table(data / "crawl" / "sites.parquet").to_pylist()}
        assert (sites["tiaozhan"]["status"], sites["tiaozhan"]["challenge"], sites["tiaozhan"]["http_fallback"]) == \
            ("ok", "solved", False)
        assert (sites["mingwen"]["status"], sites["mingwen"]["challenge"], sites["mingwen"]["http_fallback"]) == \
            ("ok", None, True)
        assert sorted(d["url"].rsplit("/", 1)[1] for d in documents(data)) == ["p2023.pdf", "r2023.pdf"]
