"""Acceptance of registry-compliance on the simulated national tree: one nightly run that starts
from the root row (the national portal), grows the registry (expand), crawls every site found
from its homepage, extracts and loads — and the `compliance` table equals the tree's truth for
every agency and year: published or not, the publication date, on time or late (townships: no
deadline), complete.

Real everything: the national web's virtual-hosting server on loopback reached through the
resolve map, Scrapy in subprocesses, the Prefect nightly flow, DuckDB."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from flows.demo import DEMO_ENV
from pipeline.duck import connect
from simweb.national import NationalWeb

AS_OF = "2025-06-01"  # every 2024 deadline has passed, no 2025 deadline has


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    from flows.run import run_flow

    tmp = tmp_path_factory.mktemp("national")
    data = tmp / "data"
    (data / "registry").mkdir(parents=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("OGI_AS_OF", AS_OF)
    try:
        with NationalWeb() as web:
            roots = web.write_registry(data / "registry" / "roots.csv")
            resolve = web.write_resolve(tmp / "resolve.json")
            env = {**DEMO_ENV, "OGI_RESOLVE": str(resolve)}
            summary = run_flow("nightly", data, registry=[str(roots)], crawl_env=env, date="2025-06-01",
                               expand=True, quiet=True)
            truth = web.truth()
    finally:
        mp.undo()
    return data, summary, truth


def _discovered_homepages(data: Path) -> dict[str, str]:
    out = {}
    for path in sorted((data / "crawl" / "registry").glob("*.csv")):
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out.setdefault(row["site_id"], row["homepage_url"])
    return out


def test_compliance_is_the_national_truth(national):
    data, summary, truth = national
    sites = {s["homepage_url"]: s for s in truth["sites"]}
    homepage_of = _discovered_homepages(data)
    expected = {}  # (homepage, year) → (published_at, on_time)
    for s in truth["sites"]:
        if s["level"] == "central":
            continue  # the portal's own report lives elsewhere (not part of the tree)
        for year in range(truth["first_year"], truth["last_year"] + 1):
            expected[(s["homepage_url"], year)] = None
    for r in truth["reports"]:
        if r["status"] == "duplicate":
            continue  # a repost months later: the first publication counts
        home = next(s["homepage_url"] for s in truth["sites"] if s["site_id"] == r["site_id"])
        on_time = {"on_time": True, "late": False, "not_due": None}[r["status"]]
        expected[(home, r["year"])] = (date.fromisoformat(r["published"]), on_time)

    con = connect(data / "ogi.duckdb", read_only=True)
    try:
        rows = con.execute("""SELECT site_id, year, expected, published, published_at, on_time, complete, level,
                                     deadline FROM compliance WHERE expected""").fetchall()
        unregistered = con.execute("SELECT count(*) FROM compliance WHERE NOT expected").fetchone()[0]
    finally:
        con.close()
    got, incomplete = {}, []
    for site_id, year, _exp, published, published_at, on_time, complete, level, deadline in rows:
        home = homepage_of[site_id]
        if sites[home]["level"] == "central":
            continue
        got[(home, year)] = (published_at, on_time) if published else None
        if published and complete is not True:
            incomplete.append((home, year, complete))
        assert (deadline is None) == (level == "township"), (home, year, level)
    assert unregistered == 0  # every report was credited to a site the registry lists
    assert len(got) == len(expected) == 80 * 6
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, f"{len(wrong)} agency-years differ, e.g. {sorted(wrong.items())[:5]}"
    assert not incomplete, incomplete[:5]  # every report of the tree prints every table in full
    assert summary["documents"]["new"] >= len([v for v in expected.values() if v])
