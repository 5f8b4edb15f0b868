"""The card's figures: every number a figure draws (its CSV) equals an independent DuckDB query
on the same snapshot's Parquet, and a plain-Python sum over the facts the fixture fed in."""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from PIL import Image

from extract import schema
from pipeline.card import measures
from pipeline.card.figures import SPECS, make_figures

FIGURES = [s.name for s in SPECS]


def read_csv(path: Path) -> list[dict]:
    def value(v: str):
        try:
            return int(v)
        except ValueError:
            try:
                return float(v)
            except ValueError:
                return v
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: value(v) for k, v in row.items()} for row in csv.DictReader(f)]


def src(snapshot: Path, table: str) -> str:
    if table == "facts":
        return f"read_parquet('{snapshot}/facts/*/*.parquet', hive_partitioning = true)"
    return f"read_parquet('{snapshot}/{table}.parquet')"


def region_of(province, level) -> str:
    return province if province else ("中央 central" if level == "central" else "未定位 unplaced")


def test_every_figure_is_a_png_with_a_csv(snapshot):
    for name in FIGURES:
        png, table = snapshot / "figures" / f"{name}.png", snapshot / "figures" / f"{name}.csv"
        with Image.open(png) as im:
            assert im.format == "PNG" and im.width >= 600 and im.height >= 300
        assert read_csv(table), name


def test_coverage(snapshot, con, fixture_truth):
    got = read_csv(snapshot / "figures" / "coverage.csv")
    r = src(snapshot, "reports")
    expected = con.execute(f"""
        SELECT CASE WHEN province IS NOT NULL THEN province WHEN level = 'central' THEN '中央 central'
                    ELSE '未定位 unplaced' END AS region, year, count(*) AS reports, count(DISTINCT agency_id) AS agencies
        FROM {r} GROUP BY ALL""").fetchall()
    assert sorted((g["region"], g["year"], g["reports"], g["agencies"]) for g in got) == sorted(expected)
    by_cell = Counter((region_of(t["province"], t["level"]), t["year"]) for t in fixture_truth)
    assert {(g["region"], g["year"]): g["reports"] for g in got} == dict(by_cell)
    # Rows in the heatmap's order: central first, then provinces by region code.
    order = list(dict.fromkeys(g["region"] for g in got))
    assert order == ["中央 central", "北京市", "河北省", "河南省", "广东省", "青海省"]


def test_requests_by_level(snapshot, con, fixture_truth):
    got = read_csv(snapshot / "figures" / "requests_by_level.csv")
    expected = con.execute(f"""
        SELECT r.year, r.level, sum(f.value)::BIGINT, count(*)
        FROM {src(snapshot, 'facts')} f JOIN {src(snapshot, 'reports')} r USING (report_id)
        WHERE f.code = ? GROUP BY ALL""", [measures.REQUESTS_CODE]).fetchall()
    assert sorted((g["year"], g["level"], g["requests"], g["reports"]) for g in got) == sorted(expected)
    sums = defaultdict(int)
    for t in fixture_truth:
        sums[(t["year"], t["level"])] += t["facts"][measures.REQUESTS_CODE]
    assert {(g["year"], g["level"]): g["requests"] for g in got} == dict(sums)
    assert sum(g["requests"] for g in got if g["year"] == 2024) == 1330


def _outcome_category(row: schema.T3Row) -> str:
    family = row.key.split("_")[0]
    return row.key if row.group is None or family == "denied" else family


def test_outcome_mix(snapshot, con, fixture_truth):
    got = read_csv(snapshot / "figures" / "outcome_mix.csv")
    pairs = {measures.t3_code(layout, r.key): _outcome_category(r)
             for layout, rows in schema.T3_ROWS.items() for r in rows if r.outcome}
    con.execute("CREATE TEMP TABLE cat (code VARCHAR, category VARCHAR)")
    con.executemany("INSERT INTO cat VALUES (?, ?)", list(pairs.items()))
    expected = con.execute(f"""
        SELECT f.year, c.category, sum(f.value)::BIGINT AS n
        FROM {src(snapshot, 'facts')} f JOIN cat c USING (code) GROUP BY ALL""").fetchall()
    assert sorted((g["year"], g["category"], g["requests"]) for g in got) == sorted(expected)
    totals = defaultdict(int)
    for t in fixture_truth:
        for code, cat in pairs.items():
            totals[(t["year"], cat)] += t["facts"].get(code, 0)
    assert {(g["year"], g["category"]): g["requests"] for g in got} == {k: v for k, v in totals.items()}
    for year in {g["year"] for g in got}:
        rows = [g for g in got if g["year"] == year]
        assert all(g["share"] == round(g["requests"] / sum(x["requests"] for x in rows), 6) for g in rows)
    assert [g["category"] for g in got if g["year"] == 2019] == [
        "granted", "partial", "denied_secret", "denied_law", "denied_safety", "denied_third_party",
        "denied_internal", "denied_process", "denied_enforcement", "denied_query", "unable", "rejected", "other"]


def test_check_failures(snapshot, con, fixture_truth):
    got = read_csv(snapshot / "figures" / "check_failures.csv")
    expected = con.execute(f"""
        SELECT check_id, count(ok), count(*) FILTER (WHERE NOT ok), round(count(*) FILTER (WHERE NOT ok) / count(ok), 6)
        FROM {src(snapshot, 'checks')} GROUP BY check_id""").fetchall()
    assert sorted((g["check_id"], g["reports_checked"], g["reports_failed"], g["share_failed"]) for g in got) \
        == sorted(expected)
    ran, failed, unknown = Counter(), Counter(), Counter()
    for t in fixture_truth:
        for c in schema.run_checks(t["facts"]):
            ran[c.id] += c.ok is not None
            failed[c.id] += c.ok is False
            unknown[c.id] += c.ok is None
    assert {g["check_id"]: (g["reports_checked"], g["reports_failed"]) for g in got} == \
        {k: (ran[k], failed[k]) for k in ran}
    assert {g["check_id"]: g["reports_failed"] for g in got if g["reports_failed"]} == {
        "t3.balance.natural": 2, "t3.balance.total": 1, "t3.outcomes.total": 1, "t3.row_total.new": 1,
        "t3.row_total.granted": 1, "t4.sum.review": 1}
    assert [g["check_id"] for g in got] == [c for c in schema.all_check_ids() if c in ran]
    # the incomplete report's checks that need the unread row could not be made: counted apart
    assert {g["check_id"]: g["reports_unknown"] for g in got if g["reports_unknown"]} == {
        **{f"t3.outcomes.{c.key}": 1 for c in schema.T3_COLUMNS}, "t3.row_total.partial": 1}
    assert {k: v for k, v in unknown.items() if v} == {g["check_id"]: g["reports_unknown"] for g in got
                                                        if g["reports_unknown"]}


def test_review_litigation(snapshot, con, fixture_truth):
    got = read_csv(snapshot / "figures" / "review_litigation.csv")
    t4 = [c for c in schema.layout_codes("t4", "2021") if schema.code_info(c).column != "总计"]
    expected = con.execute(f"""
        SELECT code, year, sum(value)::BIGINT FROM {src(snapshot, 'facts')}
        WHERE code IN (SELECT unnest(?)) GROUP BY ALL""", [t4]).fetchall()
    code_of = {(schema.code_info(c).row, schema.code_info(c).column): c for c in t4}
    as_codes = [(code_of[(g["grp_label"].split("·")[-1], g["outcome_label"])], g["year"], g["cases"]) for g in got]
    assert sorted(as_codes) == sorted(expected)
    sums = defaultdict(int)
    for t in fixture_truth:
        for c in t4:
            if c in t["facts"]:
                sums[(c, t["year"])] += t["facts"][c]
    assert {(c, y): n for c, y, n in as_codes} == dict(sums)


@pytest.fixture(scope="module")
def remade(snapshot, tmp_path_factory):
    """The figures made again from a copy of the snapshot's Parquet files alone."""
    copy = tmp_path_factory.mktemp("remade")
    for p in snapshot.rglob("*.parquet"):
        (copy / p.relative_to(snapshot)).parent.mkdir(parents=True, exist_ok=True)
        (copy / p.relative_to(snapshot)).write_bytes(p.read_bytes())
    return make_figures(copy)


def test_figures_are_reproducible(snapshot, remade):
    """Same Parquet → byte-identical PNG and CSV (no timestamps or version tags in the files)."""
    assert [f.name for f in remade] == FIGURES
    for f in remade:
        assert f.png.read_bytes() == (snapshot / "figures" / f.png.name).read_bytes(), f.name
        assert f.csv.read_bytes() == (snapshot / "figures" / f.csv.name).read_bytes(), f.name


def test_figure_rows_are_the_csv(remade):
    """What make_figures returns (and draws) is exactly the CSV beside the PNG."""
    for fig in remade:
        assert [{k: r[k] for k in fig.columns} for r in fig.rows] == read_csv(fig.csv), fig.name


def test_compliance(snapshot, con):
    """Owed and missing by plain Python from the fixture's registry (one site per agency) and its
    gaps; the split of the published ones from DuckDB over the compliance table."""
    from .snapshot_fixture import AGENCIES, make_reports

    got = read_csv(snapshot / "figures" / "compliance.csv")
    found = {(r.agency_idx, r.year) for r in make_reports()}
    as_of = (2025, 3, 31)  # the fixture's fetches: a deadline on that very day is not yet passed
    owed, missing = Counter(), Counter()
    for idx, (_rc, _p, _c, _co, level, _name) in enumerate(AGENCIES):
        for year in range(2019, 2025):
            deadline = (year + 1, 1, 31) if level == "department" else (year + 1, 3, 31)
            if deadline < as_of:
                owed[year] += 1
                missing[year] += (idx, year) not in found
    assert {g["year"]: g["owed"] for g in got} == dict(owed)
    assert {g["year"]: g["missing"] for g in got} == dict(missing)
    expected = con.execute(f"""
        SELECT year, count(*) FILTER (WHERE on_time), count(*) FILTER (WHERE published AND NOT on_time),
               count(*) FILTER (WHERE published AND deadline IS NULL)
        FROM {src(snapshot, 'compliance')} WHERE expected GROUP BY year""").fetchall()
    assert sorted((g["year"], g["on_time"], g["late"], g["no_deadline"]) for g in got) == sorted(expected)
    # every published report was listed on 20 January of the next year: on time unless a township
    for g in got:
        assert g["late"] == 0 and g["undated"] == 0
        assert g["on_time"] + g["no_deadline"] + g["missing"] == g["owed"]
