"""Completeness end to end: a report the extractor reads with a row missing enters the dataset as
incomplete (reports.complete/missing/status), its unknown checks as ok NULL with the missing
codes; `ogi show` marks it, and the card counts it (issue #11)."""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from rich.console import Console

from extract import EXTRACTOR_VERSION
from extract.api import extract_bytes
from flows.show import find, render
from pipeline.card.figures import query_rows
from pipeline.card.snapshot import connect as card_connect
from pipeline.duck import connect
from pipeline.load import load
from tests.extract.test_never_invent import MISSING_PARTIAL, html_report

from . import corpus

UNKNOWN = sorted(["t3.row_total.partial"] + [f"t3.outcomes.{c}" for c in
                                              ("natural", "commercial", "research", "social", "legal",
                                               "other_org", "total")])


@pytest.fixture(scope="module")
def with_incomplete(tmp_path_factory):
    root = tmp_path_factory.mktemp("ogi-incomplete") / "data"
    corpus.write_tree(root)
    data = html_report(skip_t3_row="partial")
    sha = hashlib.sha256(data).hexdigest()
    result = extract_bytes(data, "r.html")  # the real extractor's output for the document
    out = root / "extracted" / EXTRACTOR_VERSION / f"{sha}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    load(root)
    yield root, sha
    shutil.rmtree(root)


def test_incomplete_report_in_the_reports_table(with_incomplete):
    root, sha = with_incomplete
    db = connect(root / "ogi.duckdb", read_only=True)
    try:
        row = db.execute("SELECT agency, year, complete, missing, status, n_failed_checks FROM reports "
                         "WHERE sha256 = ?", [sha]).fetchone()
        assert row == ("测试县", 2022, False, MISSING_PARTIAL, "incomplete", 0)
        # every other report of the corpus is complete or lacks a whole table (then missing is empty)
        others = db.execute("SELECT status, complete, missing FROM reports WHERE sha256 <> ? "
                            "ORDER BY report_id", [sha]).fetchall()
        assert {(s, c, tuple(m)) for s, c, m in others} == {("ok", True, ()), ("failed_checks", True, ()),
                                                            ("missing_tables", False, ())}
    finally:
        db.close()


def test_unknown_checks_are_published_with_null_ok(with_incomplete):
    root, sha = with_incomplete
    db = connect(root / "ogi.duckdb", read_only=True)
    try:
        rows = db.execute("SELECT c.check_id, c.ok, c.lhs, c.rhs, c.missing FROM checks c JOIN reports r "
                          "USING (report_id) WHERE r.sha256 = ? AND c.ok IS NULL ORDER BY c.check_id",
                          [sha]).fetchall()
        assert [r[0] for r in rows] == UNKNOWN
        assert all(r[1:4] == (None, None, None) for r in rows)
        assert {r[0]: r[4] for r in rows}["t3.outcomes.legal"] == ["t3.partial.legal"]
        assert {r[0]: r[4] for r in rows}["t3.row_total.partial"] == MISSING_PARTIAL
        n_checks = db.execute("SELECT count(*) FROM checks c JOIN reports r USING (report_id) "
                              "WHERE r.sha256 = ?", [sha]).fetchone()[0]
        assert n_checks == 7 + 7 + 25 + 3  # none left out
        # the marts count an unknown check as neither checked nor failed
        unknown = db.execute("SELECT sum(reports_unknown) FROM checks_summary "
                             "WHERE check_id = 't3.row_total.partial'").fetchone()[0]
        assert unknown == 1
    finally:
        db.close()


def test_ogi_show_marks_the_incomplete_report(with_incomplete):
    root, _ = with_incomplete
    db = connect(root / "ogi.duckdb", read_only=True)
    try:
        view = find(db, "测试县", 2022)
    finally:
        db.close()
    assert (view.complete, view.missing, view.status) == (False, MISSING_PARTIAL, "incomplete")
    assert sorted(c["id"] for c in view.unknown) == UNKNOWN and view.failed == []
    console = Console(record=True, width=250, color_system=None)
    render(view, console)
    out = console.export_text()
    assert "incomplete: 7 cell(s) of its layouts not read (shown ?); 8 check(s) could not be made" in out
    assert "? t3.row_total.partial: not checked, missing t3.partial.commercial" in out
    partial_line = next(line for line in out.splitlines() if "部分公开" in line)
    assert partial_line.count("?") == 7


def test_the_card_counts_incomplete_reports(with_incomplete):
    root, _ = with_incomplete
    con = card_connect(root / "tables")
    try:
        _, (summary,) = query_rows(con, "summary")
        _, failures = query_rows(con, "check_failures")
    finally:
        con.close()
    # the corpus has one report without table 4 (incomplete: a table missing) and ours
    assert summary["reports_incomplete"] == 2
    assert summary["checks_unknown"] == 8
    partial = next(r for r in failures if r["check_id"] == "t3.row_total.partial")
    assert partial["reports_unknown"] == 1
