"""The explorer's compliance view in Debian's Chromium: every number shown while drilling down
from the nation to a county's agencies equals what DuckDB (Python) reads from the snapshot's
compliance tables for the same year and level."""
from __future__ import annotations

from .test_figures import src


def shown_regions(page) -> dict[str, list[str]]:
    return {r[0]: r[1:] for r in page.eval_on_selector_all(
        "#c-region-table tbody tr", "rs => rs.map(r => [...r.children].map(c => c.textContent))")}


def expected_regions(con, snapshot, year: int, level: str, where: str, params: list) -> dict[str, list[str]]:
    rows = con.execute(f"""
        SELECT coalesce(county, city, province), owed, published, on_time, late, complete, sound,
               published_unregistered, published_share, on_time_share, complete_share, sound_share
        FROM {src(snapshot, 'region_compliance')} WHERE year = ? AND level = ? AND {where}""",
                       [year, level, *params]).fetchall()
    pct = lambda v: "" if v is None else f"{round(v * 100)}%"
    return {r[0]: [str(v) for v in r[1:8]] + [pct(v) for v in r[8:]] for r in rows}


def click_region(explorer, name: str) -> None:
    explorer.page.click(f"#c-region-table tr[data-region='{name}'] a")
    explorer.idle()


def test_compliance_drill_down_is_duckdb(explorer, snapshot, con, artifacts):
    page = explorer.page
    years = con.execute(f"SELECT DISTINCT year FROM {src(snapshot, 'region_compliance')} WHERE owed > 0 "
                        "ORDER BY year DESC").fetchall()
    assert page.eval_on_selector_all("#c-year option", "os => os.map(o => Number(o.value))") == [y for (y,) in years]
    year = 2023
    explorer.select("#c-year", str(year))
    nation = expected_regions(con, snapshot, year, "all", "region_level = 'province'", [])
    assert len(nation) >= 4 and shown_regions(page) == nation

    click_region(explorer, "广东省")
    assert shown_regions(page) == expected_regions(
        con, snapshot, year, "all", "province = ? AND region_level IN ('province', 'city')", ["广东省"])
    click_region(explorer, "广州市")
    assert shown_regions(page) == expected_regions(
        con, snapshot, year, "all", "province = ? AND city = ? AND region_level IN ('city', 'county')", ["广东省", "广州市"])
    # the city's own agencies (no county) are listed under the regions
    city_agencies = con.execute(f"""SELECT agency, expected, published FROM {src(snapshot, 'compliance')}
        WHERE year = ? AND province = '广东省' AND city = '广州市' AND county IS NULL""", [year]).fetchall()
    shown = page.eval_on_selector_all("#c-agency-table tbody tr", "rs => rs.map(r => r.dataset.agency)")
    assert sorted(shown) == sorted(a for a, _e, _p in city_agencies) and shown

    click_region(explorer, "荔湾区")
    county = con.execute(f"""SELECT agency, published_at, deadline, days_after_deadline, on_time
        FROM {src(snapshot, 'compliance')}
        WHERE year = ? AND province = '广东省' AND city = '广州市' AND county = '荔湾区' ORDER BY agency""",
                         [year]).fetchall()
    rows = {r["agency"]: r for r in page.eval_on_selector_all("#c-agency-table tbody tr", """rs => rs.map(r => ({
        agency: r.dataset.agency,
        published_at: r.querySelector("[data-col=published_at]").textContent,
        deadline: r.querySelector("[data-col=deadline]").textContent,
        days: r.querySelector("[data-col=days]").textContent,
        on_time: r.querySelector("[data-col=on_time]").textContent}))""")}
    assert sorted(rows) == [a for a, *_ in county]
    for agency, published_at, deadline, days, on_time in county:
        r = rows[agency]
        assert r["published_at"] == (published_at.isoformat() if published_at else "未发布 missing")
        assert r["deadline"] == (deadline.isoformat() if deadline else "无 none")
        assert r["days"] == ("" if days is None else str(days))
        assert r["on_time"] == {True: "是 yes", False: "否 no", None: ""}[on_time]
    page.screenshot(path=str(artifacts / "compliance-county.png"), full_page=True)

    # back up the breadcrumbs, then one level of agency only
    page.click("#c-crumbs a[data-crumb='全国 nation']")
    explorer.idle()
    explorer.select("#c-level", "department")
    assert shown_regions(page) == expected_regions(con, snapshot, year, "department", "region_level = 'province'", [])
    explorer.select("#c-level", "all")
