"""Crawler test fixtures: one simulated web for the whole crawler suite, and the demo registry.

The rendered-document cache (LibreOffice output) is the slow part of starting the web: it lives
in OGI_SIMWEB_TEST_CACHE=DIR when set (the variable tests/simweb reads too, to keep it between
runs), else in one directory under the session's base temp dir."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from simweb.server import SimWeb


@pytest.fixture(scope="session")
def crawl_web(tmp_path_factory):
    keep = os.environ.get("OGI_SIMWEB_TEST_CACHE")
    cache = Path(keep) if keep else tmp_path_factory.getbasetemp() / "simweb-render-cache"
    with SimWeb(tmp_path_factory.mktemp("crawl-simweb"), cache_dir=cache) as web:
        yield web


@pytest.fixture(scope="session")
def crawl_registry(crawl_web, tmp_path_factory) -> Path:
    """The web's registry; its resolve map (named hosts on 127.0.0.1, docs/hosts.md) goes to every
    crawl of the session through OGI_RESOLVE (crawlkit.crawl_env copies the environment)."""
    where = tmp_path_factory.mktemp("registry")
    os.environ["OGI_RESOLVE"] = str(crawl_web.write_resolve(where / "resolve.json"))
    return crawl_web.write_registry(where / "demo.csv")
