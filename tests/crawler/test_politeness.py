"""Safety (schemes, addresses), Retry-After parsing and the per-host gate, file names from
Content-Disposition, content sniffing; and a real crawl that refuses loopback when not allowed."""
from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import time

import pytest
from scrapy.http import Request

from crawler.articles import content_type, disposition_filename, safe_filename
from crawler.middlewares.gate import HostGate, host_key
from crawler.middlewares.retry_after import parse_retry_after
from crawler.middlewares.safety import SafetyMiddleware, UnsafeRequest, address_allowed
from tests.crawler.crawlkit import crawl_env, run_crawl


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
    crawl_web.clear_log()
    env = crawl_env(OGI_ALLOW_LOOPBACK="")
    text = run_crawl(crawl_registry, tmp_path / "data", sites="xining", log=tmp_path / "refused.log", env=env)
    assert crawl_web.request_log == []
    assert "'ogi/unsafe_refused': " in text and "resolves to non-public address 127.0.0.1" in text
