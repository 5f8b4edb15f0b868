"""Acceptance: real nightly runs (Prefect, Scrapy subprocess, extractor processes, pipeline) on
the simulated web, checked against the web's truth."""
from __future__ import annotations

from pipeline.verify import verify

from .conftest import FIRST, SECOND, THIRD, subset_truth
from .helpers import data_file_hashes, db_facts, log_key, truth_facts


def assert_dataset_is(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)  # every report, and nothing else
    for key, entries in want.items():
        candidates = [truth_facts(e) for e in entries]
        if len(candidates) == 1:
            assert got[key] == candidates[0], key
        else:
            assert got[key] in candidates, key


def test_first_run_publishes_the_truth(run1, sites):
    assert_dataset_is(db_facts(run1["data"]), subset_truth(run1["truth"]["reports"], sites))
    snap = run1["data"] / "snapshots" / FIRST
    result = verify(snap)
    assert result.ok, str(result)
    assert result.files_checked > 0


def test_first_run_summary_counts(run1, sites):
    s = run1["summary"]
    docs = [r for r in run1["truth"]["reports"] if r["site_id"] in sites]
    reports = subset_truth(run1["truth"]["reports"], sites)
    kept = {k: v[0] for k, v in reports.items() if len(v) == 1}
    twins = [v for v in reports.values() if len(v) > 1]
    assert s["sites"] == len(sites)
    assert s["documents"] == {"new": len(docs), "changed": 0, "unchanged": 0, "total": len(docs), "failed": 0}
    assert s["extraction"] == {"extracted": len(docs), "cached": 0, "failed": 0}
    assert s["reports"] == len(reports)
    facts = sum(len(r["facts"]) for r in kept.values())
    failed = sum(len(r["failed_checks"]) for r in kept.values())
    assert s["facts"] - facts in [sum(len(r["facts"]) for r in pick) for pick in _choices(twins)]
    assert s["failed_checks"] - failed in [sum(len(r["failed_checks"]) for r in pick) for pick in _choices(twins)]
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
    want = subset_truth(run1["truth"]["reports"], sites)
    assert (entry["agency"], entry["year"]) not in want
    want[(entry["agency"], entry["year"])] = [entry]
    assert_dataset_is(db_facts(run1["data"]), want)
    new = [e for e in run3["log"] if e["status"] == 200 and (e["path"], e["query"]) == log_key(entry["url"])]
    assert len(new) == 1  # the new document was downloaded once
    assert verify(run1["data"] / "snapshots" / THIRD).ok


def _choices(groups: list[list[dict]]) -> list[tuple[dict, ...]]:
    """Every way to keep one report of each group."""
    import itertools

    return list(itertools.product(*groups))


def test_run_ends_with_a_markdown_artifact_and_a_saved_summary(run1):
    import json
    import urllib.request

    from flows.prefect_env import api
    from flows.summary import Summary

    summary = Summary.from_dict(run1["summary"])
    body = {"artifacts": {"key": {"any_": ["nightly-summary"]}}, "limit": 50, "offset": 0, "sort": "CREATED_DESC"}
    with api() as url:
        req = urllib.request.Request(f"{url}/artifacts/filter", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            artifacts = json.loads(r.read())
    assert summary.markdown() in [a["data"] for a in artifacts]
    assert {a["type"] for a in artifacts} == {"markdown"}
    saved = [json.loads(p.read_text("utf-8")) for p in sorted((run1["data"] / "cache" / "runs").glob("*-nightly-*.json"))]
    assert saved[0] == run1["summary"]
