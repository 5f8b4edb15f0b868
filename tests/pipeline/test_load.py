"""The load: facts and checks equal the extractor's, dedup, quarantine, agency identity, raw text."""
from __future__ import annotations

import json

import pyarrow.parquet as pq

from extract import schema
from pipeline.agencies import normalize_name
from pipeline.codes import T3_CODES, wide_column
from pipeline.schemas import TABLES

from . import corpus


def _by_report(db, sql):
    out = {}
    for rid, k, v in db.execute(sql).fetchall():
        out.setdefault(rid, {})[k] = v
    return out


def test_facts_equal_the_extraction_for_every_report(loaded, db):
    _, docs, result = loaded
    expected = corpus.kept_reports(docs)
    got = _by_report(db, "SELECT report_id, code, value FROM facts")
    assert set(got) == set(expected)
    for rid, rep in expected.items():
        assert got[rid] == {c: float(v) for c, v in rep.facts.items()}, rid
    n = sum(len(r.facts) for r in expected.values())
    assert db.execute("SELECT count(*) FROM raw.facts").fetchone()[0] == n == result.rows["facts"]
    # per report the stored count is the extractor's
    counts = dict(db.execute("SELECT report_id, n_facts FROM reports").fetchall())
    assert counts == {rid: len(r.facts) for rid, r in expected.items()}


def test_checks_equal_the_extraction(loaded, db):
    _, docs, _ = loaded
    expected = corpus.kept_reports(docs)
    rows = db.execute("SELECT report_id, check_id, lhs, rhs, ok FROM checks").fetchall()
    got = {}
    for rid, cid, lhs, rhs, ok in rows:
        got.setdefault(rid, {})[cid] = (ok, lhs, rhs)
    assert set(got) == set(expected)
    for rid, rep in expected.items():
        assert got[rid] == {c["id"]: (c["ok"], float(c["lhs"]), float(c["rhs"])) for c in rep.checks()}, rid
    assert len(rows) == sum(len(r.checks()) for r in expected.values())


def test_seed_002_failure_is_published_not_repaired(loaded, db):
    _, docs, _ = loaded
    rid = corpus.by_key(docs)["qhd-2024"].sha256[:16] + "-0"
    status, failed = db.execute("SELECT status, failed_checks FROM reports WHERE report_id = ?", [rid]).fetchone()
    assert status == "failed_checks"
    assert failed == ["t3.balance.natural", "t3.balance.total"]
    assert db.execute("SELECT lhs, rhs, ok FROM checks WHERE report_id = ? AND check_id = 't3.balance.total'",
                      [rid]).fetchone() == (31.0, 36.0, False)
    assert db.execute("SELECT value FROM facts WHERE report_id = ? AND code = 't3.total.total'",
                      [rid]).fetchone() == (34.0,)
    summary = db.execute("SELECT reports_checked, reports_failed FROM checks_summary "
                         "WHERE check_id = 't3.balance.total' AND year = 2024").fetchone()
    assert summary == (4, 1)


def test_html_and_pdf_of_one_report_keep_the_html(loaded, db):
    _, docs, _ = loaded
    d = corpus.by_key(docs)
    html, pdf = d["qhd-2024"].sha256, d["qhd-2024-att"].sha256
    rows = db.execute("SELECT report_id, content_type, n_duplicates FROM reports WHERE agency_id = "
                      "(SELECT agency_id FROM reports WHERE sha256 = ?)", [html]).fetchall()
    assert rows == [(html[:16] + "-0", "html", 1)]
    assert db.execute("SELECT count(*) FROM facts WHERE report_id = ?", [pdf[:16] + "-0"]).fetchone() == (0,)
    assert db.execute("SELECT load_status, report_ids, duplicate_of FROM documents WHERE sha256 = ?",
                      [pdf]).fetchone() == ("duplicate", [], [html[:16] + "-0"])


def test_quarantined_documents_appear_nowhere_but_quarantine(loaded, db):
    _, docs, _ = loaded
    d = corpus.by_key(docs)
    bad = {k: d[k] for k in ("qhd-notice", "xn-scan", "xn-gone", "hd-broken")}
    q = {(r[0], r[1]): r[2] for r in db.execute("SELECT sha256, stage, reason FROM quarantine").fetchall()}
    assert q[(bad["qhd-notice"].sha256, "extract")].startswith("no annual report found")
    assert q[(bad["xn-scan"].sha256, "extract")] == "PDF is encrypted (exit 3)"
    assert q[(bad["xn-gone"].sha256, "crawl")] == "HTTP 404"
    assert q[(bad["hd-broken"].sha256, "load")].startswith("extraction file is not valid JSON")
    health = d["xigong-2022-health"].sha256
    assert q[(health, "load")] == "report 1: unknown fact code t3.bogus.total"
    for doc in bad.values():
        for table in ("documents", "reports", "extractions"):
            n = db.execute(f"SELECT count(*) FROM {table} WHERE sha256 = ?", [doc.sha256]).fetchone()[0]
            assert n == 0, (doc.key, table)
        assert db.execute("SELECT count(*) FROM documents WHERE url = ?", [doc.url]).fetchone() == (0,)
        for table in ("facts", "checks", "texts"):
            n = db.execute(f"SELECT count(*) FROM {table} WHERE report_id LIKE ?", [doc.sha256[:16] + "%"]).fetchone()
            assert n == (0,), (doc.key, table)
    # the valid report of the partly bad document is kept; the bad one is not
    assert db.execute("SELECT count(*) FROM reports WHERE sha256 = ?", [health]).fetchone() == (1,)
    assert db.execute("SELECT load_status FROM documents WHERE key_ok IS NULL AND sha256 = ?"
                      .replace("key_ok IS NULL AND ", ""), [d["hd-2024"].sha256]).fetchone() == ("pending",)


def test_agency_identity_across_years_and_names(loaded, db):
    _, docs, _ = loaded
    d = corpus.by_key(docs)
    keys = ("xigong-2020", "xigong-2023", "xigong-2024")
    ids = {db.execute("SELECT agency_id FROM reports WHERE sha256 = ?", [d[k].sha256]).fetchone()[0] for k in keys}
    assert len(ids) == 1
    (aid,) = ids
    name, names, norm, placed, county, n = db.execute(
        "SELECT name, names, normalized_name, placed, county, n_reports FROM agencies WHERE agency_id = ?",
        [aid]).fetchone()
    assert name == "西工区民营经济发展局" and norm == "西工区民营经济发展局" and placed and county == "西工区"
    assert n == 3
    assert names == [{"name": "西工区工业和信息化局", "first_year": 2020, "last_year": 2020},
                     {"name": "西工区\u3000民营经济发展局", "first_year": 2023, "last_year": 2023},
                     {"name": "西工区民营经济发展局", "first_year": 2024, "last_year": 2024}]
    # the agency on a site without a region is kept and flagged, never dropped
    town = db.execute("SELECT a.placed, a.flag, a.region_code, r.agency FROM reports r JOIN agencies a "
                      "USING (agency_id) WHERE r.sha256 = ?", [d["town-2024"].sha256]).fetchone()
    assert town == (False, "no_region_code", None, "党政办公室")


def test_name_normalization_rule():
    assert normalize_name("西工区\u3000民营经济发展局 ") == "西工区民营经济发展局"
    assert normalize_name("2023年度西工区民营经济发展局政府信息公开工作年度报告") == "西工区民营经济发展局"
    assert normalize_name("中共某县委员会【某县人民政府】") == "中共某县委员会(某县人民政府)"
    assert normalize_name("“某局”") == "某局"


def test_raw_text_is_kept_only_where_it_differs(loaded, db):
    _, docs, _ = loaded
    d = corpus.by_key(docs)
    rid = d["qhd-2024"].sha256[:16] + "-0"
    stored = dict(db.execute("SELECT code, raw FROM raw.facts WHERE report_id = ? AND raw IS NOT NULL",
                             [rid]).fetchall())
    assert stored == {"t2.licensing.decisions": "30,556", "t3.denied_secret.natural": "", "t3.denied_law.natural": "—"}
    view = dict(db.execute("SELECT code, raw FROM facts WHERE report_id = ? AND code IN "
                           "('t2.licensing.decisions', 't2.fees.amount', 't3.new.natural')", [rid]).fetchall())
    assert view == {"t2.licensing.decisions": "30,556", "t2.fees.amount": "837", "t3.new.natural": "29"}
    rid23 = d["xigong-2023"].sha256[:16] + "-0"
    assert db.execute("SELECT value, raw FROM facts WHERE report_id = ? AND code = 't2.fees.amount'",
                      [rid23]).fetchone() == (12.5, "１２.５")
    # OCR confidences and pages are carried
    rid_ocr = d["xigong-2022-bundle"].sha256[:16] + "-1"
    n, pages = db.execute("SELECT count(confidence), list(DISTINCT page) FROM facts WHERE report_id = ?",
                          [rid_ocr]).fetchone()
    assert n == len(d["xigong-2022-bundle"].reports[1].facts) and pages == [7]
    # the canonical rendering in SQL agrees with Python's for fractional values
    assert db.execute("SELECT ogi_render(25.1), ogi_render(837.0), ogi_render(0.1::DOUBLE + 0.2::DOUBLE)").fetchone() == \
        ("25.1", "837", repr(0.1 + 0.2))


def test_wide_marts_equal_the_facts(loaded, db):
    _, docs, _ = loaded
    expected = corpus.kept_reports(docs)
    cols = [wide_column(c) for c in T3_CODES]
    rows = db.execute(f"SELECT report_id, layout, {', '.join(cols)} FROM t3_wide").fetchall()
    assert len(rows) == len(expected)
    for rid, layout, *values in rows:
        rep = expected[rid]
        assert layout == rep.templates["t3"]
        assert values == [float(rep.facts[c]) if c in rep.facts else None for c in T3_CODES], rid
    d = corpus.by_key(docs)
    rid = d["qhd-2024"].sha256[:16] + "-0"
    row = db.execute("SELECT received, handled, granted, partial, unable, reviews, reviews_corrected, suits, "
                     "suits_pending, round(granted_share, 6) FROM agency_year WHERE report_id = ?", [rid]).fetchone()
    assert row == (29, 34, 5, 10, 19, 12, 2, 1, 1, round(5 / 34, 6))
    # a report without table 4 has no review figures (NULL, never 0)
    rid23 = d["xigong-2023"].sha256[:16] + "-0"
    assert db.execute("SELECT reviews, suits FROM agency_year WHERE report_id = ?", [rid23]).fetchone() == (None, None)


def test_region_year_and_coverage(loaded, db):
    row = db.execute("SELECT reports, agencies FROM region_year WHERE region_level = 'county' AND county = '西工区' "
                     "AND year = 2022").fetchone()
    assert row == (3, 3)
    cov = db.execute("SELECT sites_registered, sites_with_reports, reports FROM coverage "
                     "WHERE region_code = '130000' AND year = 2024").fetchone()
    assert cov == (1, 0, 0)  # the province site is registered, nothing found yet
    cov = db.execute("SELECT sites_registered, sites_with_reports, reports FROM coverage "
                     "WHERE region_code = '410303' AND year = 2022").fetchone()
    assert cov == (1, 1, 3)


def test_fulltext_search_finds_chinese_phrases(loaded, db):
    _, docs, _ = loaded
    d = corpus.by_key(docs)
    hits = {r[0] for r in db.execute("SELECT report_id FROM find_texts('依申请公开', '五')").fetchall()}
    expected = {rid for rid, rep in corpus.kept_reports(docs).items()
                if "依申请公开" in "".join(rep.texts.get("五", "").split())}
    assert hits == expected
    assert d["xigong-2020"].sha256[:16] + "-0" in hits  # plain hit
    assert d["xigong-2022-bundle"].sha256[:16] + "-0" in hits  # the phrase broken by a line break
    # every character of the phrase, but not the phrase: an exact phrase search leaves it out
    miss = d["xigong-2023"].sha256[:16] + "-0"
    assert miss not in hits
    text = db.execute("SELECT norm FROM text_search WHERE report_id = ? AND section = '五'", [miss]).fetchone()[0]
    assert all(ch in text for ch in "依申请公开") and "依申请公开" not in text
    # one route: the fts index and its macros are gone from the database
    names = {r[0] for r in db.execute("SELECT function_name FROM duckdb_functions() WHERE NOT internal").fetchall()}
    assert "find_texts" in names and "search_texts" not in names
    assert db.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'fts_main%'").fetchone() == (0,)
    # a section NULL searches every section
    every = {r for r in db.execute("SELECT report_id, section FROM find_texts('依申请公开', NULL)").fetchall()}
    assert {rid for rid, sec in every if sec == "五"} == expected


def test_datapackage_describes_every_table(loaded):
    root = loaded[0]
    dp = json.loads((root / "tables" / "datapackage.json").read_text("utf-8"))
    names = [r["name"] for r in dp["resources"]]
    assert names == list(TABLES)
    facts = next(r for r in dp["resources"] if r["name"] == "facts")
    assert facts["path"] == [f"facts/year={y}/part-0.parquet" for y in (2020, 2021, 2022, 2023, 2024)]
    value = next(f for f in facts["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and value["description_zh"].startswith("数值")
    assert next(f for f in facts["schema"]["fields"] if f["name"] == "unit")["type"] == "string"
    for res in dp["resources"]:
        assert all(f["description_zh"] and f["description_en"] for f in res["schema"]["fields"]), res["name"]
    # every Parquet file carries exactly the declared schema
    reports = pq.read_schema(root / "tables" / "reports.parquet")
    assert reports.names == TABLES["reports"].schema.names
    part = pq.read_schema(root / "tables" / "facts" / "year=2024" / "part-0.parquet")
    assert part.names == [n for n in TABLES["facts"].schema.names if n != "year"]


def test_codes_table_is_the_schema(db):
    n = db.execute("SELECT count(*) FROM codes").fetchone()[0]
    assert n == len(schema.CODE_INFO)
    assert db.execute("SELECT layouts FROM codes WHERE code = 't3.other.total'").fetchone() == (["2019"],)


def test_printed_labels_kept_only_where_they_differ_from_the_template(loaded):
    import duckdb

    facts = duckdb.sql(f"SELECT code, \"row\", \"column\" FROM read_parquet('{loaded[0]}/tables/facts/*/*.parquet')")
    differing = duckdb.sql('SELECT DISTINCT code, "row", "column" FROM facts WHERE "row" IS NOT NULL OR "column" IS NOT NULL').fetchall()
    assert differing == [("t2.normative.repealed", None, "本年度止件数")]
    assert facts.count("*").fetchone()[0] > 1000


def test_coverage_is_measured_against_the_registry_the_crawl_ran_on(tmp_path):
    from pipeline.paths import Paths
    from pipeline.registry import read_sites

    paths = Paths.of(tmp_path)
    paths.registry.mkdir(parents=True)
    header = "site_id,name,region_code,level,homepage_url,column_url,cms_hint,js,verified\n"
    (paths.registry / "national.csv").write_text(header + "gov,中国政府网,100000,central,https://www.gov.cn/,,,0,\n", "utf-8")
    assert paths.sites_registry == paths.registry  # no crawl yet: the committed registry
    paths.crawled_registry.mkdir(parents=True)
    (paths.crawled_registry / "00-demo.csv").write_text(
        header + "xining,西宁市人民政府,630100,city,http://127.0.0.1:1/,,trs,0,\n", "utf-8")
    assert read_sites(paths.sites_registry).column("site_id").to_pylist() == ["xining"]
