"""The dataset card (README.md + index.html): its numbers are DuckDB's over the snapshot, its
links resolve inside the snapshot, and the snapshot with its card and explorer still verifies."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from pipeline.card import measures
from pipeline.card.card import write_card
from pipeline.card.snapshot import SnapshotError
from pipeline.explorer.build import ExplorerBuildError, build_explorer
from pipeline.verify import verify

from .test_figures import FIGURES, read_csv, src


def n(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.fixture(scope="module")
def readme(snapshot) -> str:
    return (snapshot / "README.md").read_text("utf-8")


@pytest.fixture(scope="module")
def html(snapshot) -> str:
    return (snapshot / "index.html").read_text("utf-8")


def test_headline_numbers_are_duckdb(snapshot, con, readme, html, fixture_truth):
    r, f, c = src(snapshot, "reports"), src(snapshot, "facts"), src(snapshot, "checks")
    reports, agencies = con.execute(f"SELECT count(*), count(DISTINCT agency_id) FROM {r}").fetchone()
    facts = con.execute(f"SELECT count(*) FROM {f}").fetchone()[0]
    checks, failed = con.execute(f"SELECT count(*), count(*) FILTER (WHERE NOT ok) FROM {c}").fetchone()
    failing = con.execute(f"SELECT count(*) FROM {r} WHERE n_failed_checks > 0").fetchone()[0]
    quarantined = con.execute(f"SELECT count(*) FROM {src(snapshot, 'quarantine')}").fetchone()[0]
    assert (reports, agencies, failing, quarantined) == (len(fixture_truth), 12, 4, 1)
    assert facts == sum(len(t["facts"]) for t in fixture_truth)
    m = re.search(r"\*\*([\d,]+)\*\* 份年度报告 reports, from \*\*([\d,]+)\*\* 个机关", readme)
    assert (n(m[1]), n(m[2])) == (reports, agencies)
    m = re.search(r"\*\*([\d,]+)\*\* 个数据项 facts.*?\*\*([\d,]+)\*\* 项勾稽校验 consistency checks run,\s+([\d,]+) of them"
                  r" fail; \*\*([\d,]+)\*\* reports \(([\d.]+)%\)", readme, re.DOTALL)
    assert (n(m[1]), n(m[2]), n(m[3]), n(m[4])) == (facts, checks, failed, failing)
    assert m[5] == f"{100 * failing / reports:.1f}"
    sites = re.search(r"Registry: (\d+) sites, (\d+) with at least one report", readme)
    assert (int(sites[1]), int(sites[2])) == con.execute(
        f"SELECT (SELECT count(*) FROM {src(snapshot, 'sites')}), count(DISTINCT site_id) FROM {r}").fetchone()
    incomplete = con.execute(f"SELECT count(*) FROM {r} WHERE NOT complete").fetchone()[0]
    assert incomplete == 2  # the report without table 4 and the one with a table-3 row not read
    assert n(re.search(r"\*\*([\d,]+)\*\* 份报告不完整", readme)[1]) == incomplete
    for key, value in {"reports": reports, "agencies": agencies, "facts": facts, "reports_failing": failing,
                       "quarantined": quarantined, "reports_incomplete": incomplete}.items():
        assert n(re.search(rf'data-n="{key}">([\d,]+)<', html)[1]) == value, key


def test_year_table_is_duckdb(snapshot, con, readme):
    rows = re.findall(r"^\| (\d{4}) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \(", readme, re.MULTILINE)
    expected = con.execute(f"""
        SELECT r.year, count(*), count(DISTINCT agency_id), count(DISTINCT province),
               coalesce(sum(f.value), 0)::BIGINT, count(*) FILTER (WHERE n_failed_checks > 0)
        FROM {src(snapshot, 'reports')} r
        LEFT JOIN (SELECT report_id, value FROM {src(snapshot, 'facts')} WHERE code = ?) f USING (report_id)
        GROUP BY r.year ORDER BY r.year""", [measures.REQUESTS_CODE]).fetchall()
    assert [tuple(map(n, row)) for row in rows] == expected


def test_file_table_rows_are_duckdb(snapshot, con, readme):
    rows = dict(re.findall(r"^\| `([^`]+)`[^|]*\|[^|]*\| ([\d,]+) \|", readme, re.MULTILINE))
    assert n(rows["facts/year=*/part-0.parquet"]) == con.execute(f"SELECT count(*) FROM {src(snapshot, 'facts')}").fetchone()[0]
    for table in ("reports", "checks", "texts", "agencies", "quarantine", "codes"):
        assert n(rows[f"{table}.parquet"]) == con.execute(f"SELECT count(*) FROM {src(snapshot, table)}").fetchone()[0]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v and not v.startswith(("http", "#", "data:")):
                self.links.append(v)


def test_links_resolve_inside_the_snapshot(snapshot, readme, html):
    md_links = re.findall(r"\]\(([^)]+)\)", readme)
    parser = _Links()
    parser.feed(html)
    assert len(md_links) == 12 and len(parser.links) >= 13  # 6 PNG + 6 CSV (+ the explorer)
    for link in md_links + parser.links:
        assert (snapshot / link).is_file(), link
    assert "explorer/index.html" in parser.links


def test_snapshot_with_card_and_explorer_verifies(snapshot):
    result = verify(snapshot)
    assert result.ok, str(result)
    assert result.files_checked == len([p for p in snapshot.rglob("*") if p.is_file()]) - 1  # all but manifest.json


def test_not_a_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(SnapshotError, match="not a snapshot: reports.parquet is missing"):
        write_card(tmp_path)
    with pytest.raises(ExplorerBuildError, match="not a snapshot: reports.parquet is missing"):
        build_explorer(tmp_path)


def test_card_of_an_empty_snapshot(empty_snapshot):
    readme = (empty_snapshot / "README.md").read_text("utf-8")
    assert "**0** 份年度报告 reports, from **0** 个机关 agencies, report years\n  —," in readme
    for name in FIGURES:
        rows = read_csv(empty_snapshot / "figures" / f"{name}.csv")
        assert rows == [], name
    assert verify(empty_snapshot).ok
