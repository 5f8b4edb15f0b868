"""Acceptance: the explorer in Debian's Chromium against a snapshot made by pipeline.publish,
served by a static HTTP server on 127.0.0.1. Every number the page shows is compared with what
DuckDB (Python) returns for the same question on the same Parquet files. Screenshots go to
artifacts/ux/."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from pipeline.codes import render

from .conftest import Page, report_row, serve
from .test_figures import src

CASES = [  # region menu, city menu ('' = all), agency, year — what each case shows
    ("河北省", "秦皇岛市", "秦皇岛经济技术开发区管理委员会", 2024),  # real seed 002: fails t3.balance
    ("广东省", "广州市", "广州市人民政府办公厅", 2021),             # fails t3.outcomes.total
    ("广东省", "", "广东省人民政府办公厅", 2023),                  # a 2023 report printing the 2019 table 3
    ("中央 central", "", "国家示范部", 2020),                      # 2019 layout, fails t4.sum.review
    ("青海省", "海东市", "海东工业园区管理委员会综合办公室", 2021),    # real seed 004: 2021 t2 + 2019 t3
    ("广东省", "", "广东省人民政府办公厅", 2020),                  # no table 4
]


def choose(page: Page, region: str, city: str, agency_id: str, year: int) -> None:
    page.select("#region", region)
    if city:
        page.select("#city", city)
    page.select("#agency", agency_id)
    page.select("#year", str(year))


def shown_cells(page: Page) -> dict[str, str]:
    return dict(page.page.eval_on_selector_all(
        "#report td[data-code]", "els => els.map(e => [e.dataset.code, e.textContent])"))


def test_explorer_loads_offline(explorer, snapshot, con, artifacts):
    page = explorer.page
    assert page.get_attribute("#status", "data-state") == "ready", page.inner_text("#status")
    hosts = {urlparse(u).hostname for u in explorer.requests if u.startswith("http")}
    assert hosts == {"127.0.0.1"}  # the engine, the page and the data all come from the snapshot
    assert explorer.errors == []
    assert any(u.endswith("/latest/explorer/duckdb-eh.wasm") for u in explorer.requests)
    reports, agencies, y0, y1 = con.execute(
        f"SELECT count(*), count(DISTINCT agency_id), min(year), max(year) FROM {src(snapshot, 'reports')}").fetchone()
    assert page.inner_text("#snapshot") == \
        f"快照 snapshot 2025-04-01 · {reports} 份报告 reports · {agencies} 个机关 agencies · {y0}–{y1}"
    regions = con.execute(f"""
        SELECT CASE WHEN province IS NOT NULL THEN province WHEN level = 'central' THEN '中央 central'
                    ELSE '未定位 unplaced' END AS region, count(DISTINCT agency_id)
        FROM {src(snapshot, 'reports')} GROUP BY region""").fetchall()
    options = page.eval_on_selector_all("#region option", "os => os.map(o => [o.value, o.textContent])")
    assert sorted((v, t) for v, t in options) == sorted((r, f"{r}（{k}）") for r, k in regions)
    page.screenshot(path=str(artifacts / "explorer-start.png"), full_page=True)


@pytest.mark.parametrize("region,city,agency,year", CASES)
def test_report_shows_duckdb_numbers(explorer, snapshot, con, fixture_truth, artifacts, region, city, agency, year):
    row = report_row(con, snapshot, agency, year)
    choose(explorer, region, city, row["agency_id"], year)
    facts = dict(con.execute(f"SELECT code, value FROM {src(snapshot, 'facts')} WHERE report_id = ?",
                             [row["report_id"]]).fetchall())
    cells = shown_cells(explorer)
    assert {c: t for c, t in cells.items() if t} == {c: render(v) for c, v in facts.items()}
    truth = next(t for t in fixture_truth if t["agency"] == agency and t["year"] == year)
    assert {c: float(t) for c, t in cells.items() if t} == {c: float(v) for c, v in truth["facts"].items()}

    page = explorer.page
    assert page.inner_text("#report h3") == f"{agency} · {year}"
    assert page.inner_text("#report-status") == row["status"]
    checks = dict(con.execute(f"SELECT check_id, ok FROM {src(snapshot, 'checks')} WHERE report_id = ?",
                              [row["report_id"]]).fetchall())
    shown = dict(page.eval_on_selector_all("#checks li", "ls => ls.map(l => [l.dataset.check, l.dataset.ok === 'true'])"))
    assert shown == checks
    assert sorted(c for c, ok in shown.items() if not ok) == sorted(truth["failed_checks"])
    assert page.inner_text("#report-failed") == str(row["n_failed_checks"])
    labels = json.loads((snapshot / "explorer" / "labels.json").read_text("utf-8"))["checks"][row["t3_layout"]]
    bad = {code for c, ok in checks.items() if not ok for code in labels[c]["lhs"] + labels[c]["rhs"]}
    assert set(page.eval_on_selector_all("td.bad", "ts => ts.map(t => t.dataset.code)")) == bad
    assert page.get_attribute("#t3", "data-layout") == row["t3_layout"]
    if not row["has_t4"]:
        assert page.locator("#t4").count() == 0 and not any(c.startswith("t4.") for c in cells)
    if truth["failed_checks"]:
        page.hover(f"#checks li[data-check='{truth['failed_checks'][0]}']")
        page.screenshot(path=str(artifacts / f"report-{agency}-{year}.png"), full_page=True)


def test_incomplete_report_is_shown_as_such(explorer, snapshot, con, artifacts):
    from .snapshot_fixture import INCOMPLETE

    agency, year = INCOMPLETE
    row = report_row(con, snapshot, agency, year)
    assert (row["complete"], row["status"]) == (False, "incomplete")
    missing = [f"t3.partial.{c}" for c in ("commercial", "legal", "natural", "other_org", "research", "social",
                                          "total")]
    assert list(row["missing"]) == missing
    choose(explorer, "广东省", "广州市", row["agency_id"], year)
    page = explorer.page
    assert page.inner_text("#report-status") == "incomplete"
    assert page.inner_text("#report-incomplete") == \
        "不完整 incomplete: 7 个单元格未读出 cells not read (?); 8 项校验无法进行 checks could not be made"
    shown_missing = page.eval_on_selector_all("td.missing", "ts => ts.map(t => [t.dataset.code, t.textContent])")
    assert sorted(map(tuple, shown_missing)) == [(c, "?") for c in missing]
    unknown = con.execute(f"SELECT check_id, missing FROM {src(snapshot, 'checks')} "
                          "WHERE report_id = ? AND ok IS NULL ORDER BY check_id", [row["report_id"]]).fetchall()
    assert [c for c, _ in unknown] == sorted([f"t3.outcomes.{c}" for c in ("natural", "commercial", "research",
                                              "social", "legal", "other_org", "total")] + ["t3.row_total.partial"])
    shown = page.eval_on_selector_all("#checks li.unknown", "ls => ls.map(l => [l.dataset.check, l.dataset.ok,"
                                      " l.textContent])")
    assert sorted(c for c, _, _ in shown) == [c for c, _ in unknown]
    assert all(ok == "null" for _, ok, _ in shown)
    text = {c: t for c, _, t in shown}
    assert text["t3.outcomes.legal"] == "? t3.outcomes.legal 无法校验 not checked: 缺 missing t3.partial.legal"
    assert page.locator("td.bad").count() == 0  # nothing failed: unknown is not failed
    page.screenshot(path=str(artifacts / "report-incomplete.png"), full_page=True)


def test_shared_link_opens_the_report(browser, http_server, snapshot, con):
    row = report_row(con, snapshot, "广州市荔湾区人民政府", 2022)
    page = Page(browser, http_server, f"#agency={row['agency_id']}&year=2022")
    try:
        assert page.page.input_value("#region") == "广东省" and page.page.input_value("#city") == "广州市"
        assert page.page.input_value("#agency") == row["agency_id"] and page.page.input_value("#year") == "2022"
        assert page.page.inner_text("#report h3") == "广州市荔湾区人民政府 · 2022"
    finally:
        page.close()


def trend_rows(page: Page) -> list[tuple]:
    return [tuple(r) for r in page.page.eval_on_selector_all(
        "#trend-table tbody tr", "rs => rs.map(r => [...r.children].map(c => c.textContent))")]


def test_trend_across_years_is_duckdb(explorer, snapshot, con, artifacts):
    row = report_row(con, snapshot, "广州市人民政府办公厅", 2021)
    choose(explorer, "广东省", "广州市", row["agency_id"], 2021)
    metrics = explorer.page.eval_on_selector_all("#metric option", "os => os.map(o => o.value)")
    for code in (metrics[0], metrics[-1]):  # table 3 一 总计; table 4 复议后起诉 总计
        explorer.select("#metric", code)
        mine = dict(con.execute(f"""
            SELECT r.year, f.value FROM {src(snapshot, 'reports')} r
            LEFT JOIN {src(snapshot, 'facts')} f ON f.report_id = r.report_id AND f.code = ?
            WHERE r.agency_id = ?""", [code, row["agency_id"]]).fetchall())
        area = con.execute(f"""
            SELECT r.year, sum(f.value), count(*) FROM {src(snapshot, 'reports')} r
            LEFT JOIN {src(snapshot, 'facts')} f ON f.report_id = r.report_id AND f.code = ?
            WHERE r.city = '广州市' GROUP BY r.year ORDER BY r.year""", [code]).fetchall()
        expected = [(str(y), render(mine[y]) if mine.get(y) is not None else "", render(s), str(k)) for y, s, k in area]
        assert trend_rows(explorer) == expected, code
    explorer.page.locator("#trend").screenshot(path=str(artifacts / "trend.png"))


QUERY = """SELECT r.province, r.year, count(*) AS reports, sum(f.value) AS requests
FROM facts f JOIN reports r USING (report_id)
WHERE f.code = '{code}' AND r.province IS NOT NULL
GROUP BY ALL ORDER BY r.province, r.year"""


def test_sql_box_runs_and_downloads_csv(explorer, snapshot, con, artifacts):
    from pipeline.card.measures import REQUESTS_CODE

    page = explorer.page
    page.fill("#sql-input", QUERY.format(code=REQUESTS_CODE))
    page.click("#sql-run")
    explorer.idle()
    assert page.get_attribute("#sql-status", "data-state") == "done", page.inner_text("#sql-status")
    expected = con.execute(QUERY.format(code=REQUESTS_CODE)
                           .replace("FROM facts f", f"FROM {src(snapshot, 'facts')} f")
                           .replace("JOIN reports r", f"JOIN {src(snapshot, 'reports')} r")).fetchall()
    want = [[p, str(y), str(n), render(s)] for p, y, n, s in expected]
    assert page.eval_on_selector_all("#sql-table thead th", "ts => ts.map(t => t.textContent)") == \
        ["province", "year", "reports", "requests"]
    assert page.eval_on_selector_all("#sql-table tbody tr", "rs => rs.map(r => [...r.children].map(c => c.textContent))") \
        == want
    with page.expect_download() as dl:
        page.click("#sql-download")
    download = dl.value
    assert download.suggested_filename == "ogi-2025-04-01-query.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [["province", "year", "reports", "requests"]] + want
    page.locator("#sql").screenshot(path=str(artifacts / "sql.png"))

    page.fill("#sql-input", "SELECT no_such_column FROM reports")
    page.click("#sql-run")
    explorer.idle()
    assert page.get_attribute("#sql-status", "data-state") == "error"
    assert "no_such_column" in page.inner_text("#sql-status")
    assert page.locator("#sql-table").count() == 0 and page.is_disabled("#sql-download")


def test_range_server_reads_only_parts(browser, range_server, snapshot, con):
    """Served with byte ranges, the page reads Parquet in parts and shows the same numbers."""
    page = Page(browser, range_server)
    try:
        assert page.page.get_attribute("#status", "data-state") == "ready", page.page.inner_text("#status")
        row = report_row(con, snapshot, "北京市人民政府办公厅", 2022)
        choose(page, "北京市", "", row["agency_id"], 2022)
        facts = dict(con.execute(f"SELECT code, value FROM {src(snapshot, 'facts')} WHERE report_id = ?",
                                 [row["report_id"]]).fetchall())
        assert {c: t for c, t in shown_cells(page).items() if t} == {c: render(v) for c, v in facts.items()}
        parquet = {u: r for u, r in page.ranges.items() if u.endswith(".parquet")}
        assert len(parquet) == len(list(snapshot.rglob("*.parquet")))
        assert all(r and r.startswith("bytes=") for rs in parquet.values() for r in rs if r is not None)
        assert all(any(r and r != "bytes=0-" for r in rs) for rs in parquet.values())
        assert page.errors == []
    finally:
        page.close()


def test_empty_snapshot_opens_and_says_so(browser, empty_snapshot):
    with serve(empty_snapshot) as url:
        page = Page(browser, url)
        try:
            p = page.page
            assert p.get_attribute("#status", "data-state") == "ready", p.inner_text("#status")
            assert p.inner_text("#snapshot") == "快照 snapshot 2025-01-01 · 0 份报告 reports · 0 个机关 agencies · —"
            assert p.inner_text("#report") == "无报告 / no report"
            p.fill("#sql-input", "SELECT count(*) AS n FROM facts")
            p.click("#sql-run")
            page.idle()
            assert p.inner_text("#sql-table tbody") == "0"
            assert page.errors == []
        finally:
            page.close()
