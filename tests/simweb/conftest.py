"""Fixtures of the simulated-web tests (test_server.py, test_sites.py). Every fixture here is named
simweb_*; the generator's tests keep theirs under their own names.

The session builds the web once on a tmp root; the rendered-document cache lives in one session
tmp dir shared by every SimWeb the tests start, so only the first start renders (LibreOffice).
Set OGI_SIMWEB_TEST_CACHE=DIR to keep that cache between local runs."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import requests

from simweb.server import SimWeb

from .hostclient import HostSession

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


@pytest.fixture(scope="session")
def simweb_cache_dir(tmp_path_factory) -> Path:
    keep = os.environ.get("OGI_SIMWEB_TEST_CACHE")
    return Path(keep) if keep else tmp_path_factory.mktemp("simweb-cache")


@pytest.fixture(scope="session")
def simweb(tmp_path_factory, simweb_cache_dir):
    t0 = time.monotonic()
    with SimWeb(tmp_path_factory.mktemp("simweb-root"), cache_dir=simweb_cache_dir) as web:
        print(f"\nsimweb: built and serving in {time.monotonic() - t0:.1f}s")
        yield web


@pytest.fixture(scope="session")
def simweb_truth(simweb) -> dict:
    return simweb.truth()


@pytest.fixture(scope="session")
def simweb_site_ids(simweb_truth) -> dict[str, str]:
    """{style: site_id}: trs, hanweb, jsonapi, county, legacy, guarded, hanweb-xxgk, gkmlpt, vsb,
    challenge, robots, uuid, objectid."""
    return {v["style"]: k for k, v in simweb_truth["sites"].items()}


class PoliteClient:
    """A HostSession (real HTTP to 127.0.0.1 with the URL's Host header) that keeps the guarded
    site's pace (at most 2 requests a second), honours Retry-After, and carries the challenge
    site's clearance cookie once a browser has solved the challenge. Redirects are not followed."""

    def __init__(self, truth: dict):
        self.session = HostSession()
        guarded = next(v for v in truth["sites"].values() if v["style"] == "guarded")
        self.guarded = guarded["http_homepage_url"].rstrip("/")
        self.last = 0.0

    def request(self, method: str, url: str, **kw) -> requests.Response:
        for _ in range(6):
            if url.startswith(self.guarded):
                wait = self.last + 0.6 - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                self.last = time.monotonic()
            r = self.session.request(method, url, **kw)
            if r.status_code != 429:
                return r
            time.sleep(float(r.headers["Retry-After"]))
        raise AssertionError(f"{url}: still 429 after honouring Retry-After")

    def get(self, url: str, **kw) -> requests.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> requests.Response:
        return self.request("POST", url, **kw)


@pytest.fixture(scope="session")
def simweb_browser(chromium, simweb):
    """Headless Chromium (the Debian build, Playwright) that resolves the web's names to
    127.0.0.1 (--host-resolver-rules, as the crawler's browser path does). A second browser of the
    session's Playwright: the shared one has no resolver rules."""
    rules = ",".join(f"MAP {h} 127.0.0.1" for h in simweb.resolve)
    browser = chromium.browser_type.launch(executable_path="/usr/bin/chromium",
                                           args=[*CHROMIUM_ARGS, f"--host-resolver-rules={rules}"])
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def simweb_clearance(simweb_browser, simweb_truth) -> dict[str, str]:
    """The challenge site's cookies as Chromium earns them by running the challenge script."""
    site = next(v for v in simweb_truth["sites"].values() if v["style"] == "challenge")
    ctx = simweb_browser.new_context()
    page = ctx.new_page()
    page.goto(site["http_homepage_url"])
    page.wait_for_load_state("load")
    page.wait_for_function("document.cookie.indexOf('__jsl_clearance_s=') >= 0")
    page.wait_for_selector("a")  # the reloaded page is the site's real homepage
    cookies = {c["name"]: c["value"] for c in ctx.cookies()}
    ctx.close()
    return cookies


@pytest.fixture(scope="session")
def simweb_client(simweb_truth, simweb_clearance) -> PoliteClient:
    client = PoliteClient(simweb_truth)
    host = next(v for v in simweb_truth["sites"].values() if v["style"] == "challenge")["hosts"][0]
    client.session.cookies_for[host] = simweb_clearance
    return client
