"""Acceptance: real nightly runs (Prefect, Scrapy subprocess, extractor processes, pipeline) on
the simulated web, checked against the web's truth."""
from __future__ import annotations

from pipeline.verify import verify

from .conftest import FIRST, SECOND, THIRD, subset_truth
from .helpers import data_file_hashes, db_facts, log_key, truth_facts


def test_first_run_publishes_the_truth(run1, sites):
    want = subset_truth(None, sites, run1["truth"]["reports"])
    got = db_facts(run1["data"])
    assert sorted(got) == sorted(want)  # every report, and nothing else
    for key, entry in want.items():
        assert got[key] == truth_facts(entry), key
    snap = run1["data"] / "snapshots" / FIRST
    result = verify(snap)
    assert result.ok, str(result)
    assert result.files_checked > 0


def test_first_run_summary_counts(run1, sites):
    s = run1["summary"]
    docs = [r for r in run1["truth"]["reports"] if r["site_id"] in sites]
    reports = subset_truth(None, sites, run1["truth"]["reports"])
    assert s["sites"] == len(sites)
    assert s["documents"] == {"new": len(docs), "changed": 0, "unchanged": 0, "total": len(docs), "failed": 0}
    assert s["extraction"] == {"extracted": len(docs), "cached": 0, "failed": 0}
    assert s["reports"] == len(reports)
    assert s["facts"] == sum(len(r["facts"]) for r in reports.values())
    assert s["failed_checks"] == sum(len(r["failed_checks"]) for r in reports.values())
    assert s["snapshot"] == str(run1["data"] / "snapshots" / FIRST)
    assert s["verified"] is True
    assert s["snapshot_bytes"] == sum(p.stat().st_size for p in (run1["data"] / "snapshots" / FIRST).rglob("*")
                                      if p.is_file())


def test_second_run_downloads_and_extracts_nothing(run1, run2, sites):
    docs = {log_key(r["url"]) for r in run1["truth"]["reports"] if r["site_id"] in sites}
    fetched = [e for e in run2["log"] if (e["path"], e["query"]) in docs]
    assert all(e["status"] == 304 for e in fetched)  # revalidated at most, never downloaded
    s = run2["summary"]
    assert s["extraction"] == {"extracted": 0, "cached": 0, "failed": 0}
    assert s["documents"]["new"] == 0 and s["documents"]["changed"] == 0
    assert s["documents"]["unchanged"] == len(docs)
    assert run2["extracted"] == run1["extracted"]  # no output written, none rewritten
    first = data_file_hashes(run1["data"] / "snapshots" / FIRST)
    second = data_file_hashes(run1["data"] / "snapshots" / SECOND)
    assert first and second == first


def test_publish_one_adds_exactly_that_report(run1, run3, sites):
    entry = run3["entry"]
    assert entry["site_id"] in sites
    s = run3["summary"]
    assert s["documents"]["new"] == 1 and s["documents"]["changed"] == 0
    assert s["extraction"] == {"extracted": 1, "cached": 0, "failed": 0}
    assert s["reports"] == run3["before"]["reports"] + 1
    assert s["facts"] == run3["before"]["facts"] + len(entry["facts"])
    got = db_facts(run1["data"])
    want = subset_truth(None, sites, run1["truth"]["reports"])
    assert (entry["agency"], entry["year"]) not in want
    want[(entry["agency"], entry["year"])] = entry
    assert sorted(got) == sorted(want)
    for key, e in want.items():
        assert got[key] == truth_facts(e), key
    new = [e for e in run3["log"] if e["status"] == 200 and (e["path"], e["query"]) == log_key(entry["url"])]
    assert len(new) == 1  # the new document was downloaded once
    assert verify(run1["data"] / "snapshots" / THIRD).ok
