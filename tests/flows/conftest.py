"""Fixtures of the flow tests: one simulated web, and one chain of real nightly runs on it.

Prefect runs against its local API with PREFECT_HOME in a session tmp dir (set here, before
anything imports prefect), so the tests never touch ~/.prefect. The runs crawl two of the
simulated web's sites — the one that `publish_one()` publishes on first, and the smallest other
one — to keep the suite within a few minutes; every assertion compares against the web's truth.

The render cache of the simulated web is the slow part of a cold start (LibreOffice); set
OGI_SIMWEB_TEST_CACHE=DIR (as tests/simweb and tests/crawler do) to keep it between runs.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="ogi-flows-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
# Registered before the local API server starts, so it runs after that server's own atexit stop.
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")

from flows.prefect_env import configure

configure(_PREFECT_HOME)

from flows.demo import DEMO_ENV
from simweb.server import SimWeb

FIRST, SECOND, THIRD = "2025-04-01", "2025-04-02", "2025-04-03"  # snapshot dates of the chain


@pytest.fixture(scope="session")
def web_cache(tmp_path_factory) -> Path:
    keep = os.environ.get("OGI_SIMWEB_TEST_CACHE")
    return Path(keep) if keep else tmp_path_factory.mktemp("flows-simweb-cache")


@pytest.fixture(scope="session")
def web(tmp_path_factory, web_cache):
    with SimWeb(tmp_path_factory.mktemp("flows-simweb"), cache_dir=web_cache) as w:
        yield w


@pytest.fixture(scope="session")
def registry(web, tmp_path_factory) -> Path:
    path = web.write_registry(tmp_path_factory.mktemp("flows-registry") / "demo.csv")
    web.write_resolve(path.with_name("resolve.json"))  # the names of the simulated hosts → 127.0.0.1
    return path


@pytest.fixture(scope="session")
def publish_site(web, web_cache, tmp_path_factory) -> str:
    """The site the web's first publish_one() goes to (same seed → same publication), found on a
    throw-away twin so the real web stays unpublished until the test that publishes."""
    with SimWeb(tmp_path_factory.mktemp("flows-simweb-twin"), cache_dir=web_cache) as twin:
        return twin.publish_one()["site_id"]


@pytest.fixture(scope="session")
def sites(web, publish_site) -> list[str]:
    """The publish site and the smallest other one, leaving out the rate-limited (guarded) site:
    it answers 429 to more than two requests a second, which makes every crawl of it slow."""
    truth = web.truth()
    counts: dict[str, int] = {}
    for r in truth["reports"]:
        counts[r["site_id"]] = counts.get(r["site_id"], 0) + 1
    others = [s for s in counts if s != publish_site and truth["sites"][s]["style"] != "guarded"
              and truth["sites"][s]["outcome"] == "ok"]
    smallest = min(others, key=lambda s: (counts[s], s))
    return sorted({publish_site, smallest})


def nightly(data: Path, registry: Path, sites: list[str], date: str, **kw) -> dict:
    from flows.run import run_flow

    env = {**DEMO_ENV, "OGI_RESOLVE": str(registry.with_name("resolve.json"))}
    return run_flow("nightly", data, registry=[str(registry)], sites=sites, crawl_env=env, date=date, **kw)


@pytest.fixture(scope="session")
def run1(tmp_path_factory, web, registry, sites):
    """The first nightly on an empty data directory. Also keeps a copy of what the crawl stored
    (crawl/, raw/) so other tests can replay the same documents."""
    data = tmp_path_factory.mktemp("flows-data")
    web.clear_log()
    summary = nightly(data, registry, sites, FIRST)
    stored = tmp_path_factory.mktemp("flows-stored")
    for sub in ("crawl", "raw"):
        shutil.copytree(data / sub, stored / sub)
    return {"data": data, "summary": summary, "stored": stored, "log": web.request_log, "truth": web.truth(),
            "extracted": extracted_files(data)}


@pytest.fixture(scope="session")
def run2(run1, web, registry, sites):
    """A second nightly with nothing changed on the web."""
    web.clear_log()
    summary = nightly(run1["data"], registry, sites, SECOND)
    return {"summary": summary, "log": web.request_log, "extracted": extracted_files(run1["data"])}


@pytest.fixture(scope="session")
def run3(run2, run1, web, registry, sites):
    """publish_one(), then a third nightly."""
    from flows.stages import totals

    before = totals(run1["data"])
    entry = web.publish_one()
    web.clear_log()
    summary = nightly(run1["data"], registry, sites, THIRD)
    return {"summary": summary, "entry": entry, "before": before, "log": web.request_log}


def extracted_files(data: Path) -> dict[str, int]:
    """Every extraction output, with its modification time (a rewrite would change it)."""
    root = data / "extracted"
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(root.rglob("*.json"))}


def subset_truth(entries: list[dict], sites: list[str]) -> dict[tuple[str, int], list[dict]]:
    """{(agency, year): [truth entry per distinct report]} of the reports on `sites`.

    The dataset holds one report per agency and year (条例 第五十条; pipeline dedup), and so does
    the simulated web (a real seed takes the place of the site's drawn report of its year): each
    list holds exactly one report, published as one or more documents."""
    out: dict[tuple[str, int], dict[str, dict]] = {}
    for r in entries:
        if r["site_id"] in sites:
            out.setdefault((r["agency"], r["year"]), {})[r["report_key"]] = r
    assert all(len(v) == 1 for v in out.values()), "the simulated web has two reports for one agency-year"
    return {k: list(v.values()) for k, v in out.items()}


@pytest.fixture(scope="session")
def small_stored(run1, tmp_path_factory) -> dict:
    """crawl/ and raw/ of a small data directory: three documents of the first run (an HTML
    article and two attachments of other formats) plus a PDF cut in half — a document the
    extractor cannot read. Returns {"root", "broken": {sha256, bytes, url}, "rows"}."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    from crawler.storage.manifest import SCHEMA

    stored = run1["stored"]
    rows = pq.read_table(stored / "crawl" / "documents.parquet").to_pylist()
    picked, kinds = [], set()
    for r in sorted(rows, key=lambda r: r["url"]):
        if r["content_type"] not in kinds:
            kinds.add(r["content_type"])
            picked.append(r)
        if len(picked) == 3:
            break
    pdf = next(r for r in rows if r["content_type"] == "pdf")
    blob = lambda sha: stored / "raw" / "blobs" / sha[:2] / sha
    data = blob(pdf["sha256"]).read_bytes()
    broken = data[: len(data) // 2]
    sha = hashlib.sha256(broken).hexdigest()
    bad = {**pdf, "url": pdf["url"].rsplit("/", 1)[0] + "/broken.pdf", "sha256": sha, "size": len(broken),
           "role": "attachment"}
    root = tmp_path_factory.mktemp("flows-small")
    for r in picked + [bad]:
        dst = root / "raw" / "blobs" / r["sha256"][:2] / r["sha256"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(broken if r is bad else blob(r["sha256"]).read_bytes())
    (root / "crawl").mkdir()
    pq.write_table(pa.Table.from_pylist(picked + [bad], schema=SCHEMA), root / "crawl" / "documents.parquet")
    return {"root": root, "rows": picked, "broken": {"sha256": sha, "bytes": broken, "url": bad["url"]}}


def copy_stored(src: Path, dst: Path) -> Path:
    for sub in ("crawl", "raw"):
        shutil.copytree(src / sub, dst / sub)
    return dst


@pytest.fixture(scope="session")
def quarantine_run(small_stored, tmp_path_factory):
    """A nightly without crawl over small_stored: three good documents and one unreadable."""
    from flows.run import run_flow

    data = copy_stored(small_stored["root"], tmp_path_factory.mktemp("flows-quarantine"))
    summary = run_flow("nightly", data, crawl=False, date="2025-04-01")
    return {"data": data, "summary": summary}
