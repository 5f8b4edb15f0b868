"""Loads are idempotent (byte-identical Parquet) and incremental (new documents added,
re-extracted ones replaced by extractor version, history kept)."""
from __future__ import annotations

import shutil

from pipeline.duck import connect
from pipeline.fsutil import sha256_file
from pipeline.load import load

from . import corpus


def table_hashes(root):
    tables = root / "tables"
    return {p.relative_to(tables).as_posix(): sha256_file(p) for p in sorted(tables.rglob("*")) if p.is_file()}


def query(root, sql):
    con = connect(root / "ogi.duckdb", read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


WIDE = "SELECT * FROM t3_wide ORDER BY report_id"


def test_loading_twice_changes_nothing(loaded, copy_of):
    root = copy_of(loaded[0])
    before, wide = table_hashes(root), query(root, WIDE)
    result = load(root)
    assert result.stage.parsed == 0 and result.stage.replaced == 0
    assert table_hashes(root) == before
    assert query(root, WIDE) == wide
    # and a load from scratch (no stage cache) writes the same bytes
    shutil.rmtree(root / "cache")
    shutil.rmtree(root / "tables")
    assert load(root).stage.parsed == 13
    assert table_hashes(root) == before


def test_new_and_reextracted_documents(loaded, copy_of):
    root = copy_of(loaded[0])
    docs = corpus.write_tree(root, stage=2)
    d = corpus.by_key(docs)
    result = load(root)
    # only the newly extracted document and the 0.2.0 re-extraction were read
    assert result.stage.parsed == 2 and result.stage.replaced == 2
    rid = d["xigong-2024"].sha256[:16] + "-0"
    assert query(root, f"SELECT extractor_version FROM reports WHERE report_id = '{rid}'") == [("0.2.0",)]
    assert query(root, f"SELECT value FROM facts WHERE report_id = '{rid}' AND code = 't2.fees.amount'") == [(8.25,)]
    assert query(root, f"SELECT extractor_version, current FROM extractions WHERE sha256 = '{d['xigong-2024'].sha256}'"
                 ) == [("0.1.0", False), ("0.2.0", True)]
    new = d["hd-2024"].sha256
    assert query(root, f"SELECT load_status FROM documents WHERE sha256 = '{new}'") == [("used",)]
    # facts equal the extraction for every report after the incremental load
    expected = corpus.kept_reports(docs)
    got = {}
    for rid_, code, value in query(root, "SELECT report_id, code, value FROM facts"):
        got.setdefault(rid_, {})[code] = value
    assert got == {r: {c: float(v) for c, v in rep.facts.items()} for r, rep in expected.items()}

    # incremental result == a fresh full load of the same inputs, byte for byte
    incremental = table_hashes(root)
    fresh = root.parent / "fresh"
    shutil.copytree(root, fresh, symlinks=True, ignore=shutil.ignore_patterns("cache", "tables", "ogi.duckdb"))
    load(fresh)
    assert table_hashes(fresh) == incremental

    # pruning the old version's file keeps its history
    (root / "extracted" / corpus.V1 / f"{d['xigong-2024'].sha256}.json").unlink()
    assert load(root).stage.parsed == 0
    assert query(root, f"SELECT extractor_version, current FROM extractions WHERE sha256 = '{d['xigong-2024'].sha256}'"
                 ) == [("0.1.0", False), ("0.2.0", True)]
    assert table_hashes(root) == incremental


def test_missing_inputs_degrade_gracefully(tmp_path):
    root = tmp_path / "data"
    docs = corpus.write_tree(root)
    (root / "registry" / "regions.csv").unlink()
    (root / "crawl" / "documents.parquet").unlink()
    load(root)
    reports = query(root, "SELECT count(*), count(province), count(source_url) FROM reports")
    # without the crawl table no report has a site, region or URL, yet every extracted report is
    # kept — except that the HTML and PDF copies of seed 002 (same name, same year, no place to
    # tell them apart) still collapse into one
    n_valid = sum(len(x.reports) for x in docs if x.extraction == "reports")
    assert reports == [(n_valid - 1, 0, 0)]
    assert query(root, "SELECT count(*) FROM agencies WHERE placed") == [(0,)]


def test_malformed_registry_is_a_one_line_error(tmp_path):
    root = tmp_path / "data"
    corpus.write_tree(root)
    (root / "registry" / "agency_renamings.csv").write_text("old,new\na,b\n", encoding="utf-8")
    try:
        load(root)
    except ValueError as e:
        assert str(e) == f"{root / 'registry' / 'agency_renamings.csv'}: missing column(s) old_name, new_name"
    else:
        raise AssertionError("a malformed renamings table must be refused")


def test_unreadable_crawl_table_is_a_one_line_error(tmp_path):
    root = tmp_path / "data"
    corpus.write_tree(root)
    (root / "crawl" / "documents.parquet").write_bytes(b"not parquet")
    try:
        load(root)
    except ValueError as e:
        assert str(e).startswith(f"{root / 'crawl' / 'documents.parquet'}: not a readable Parquet file (")
        assert "\n" not in str(e)
    else:
        raise AssertionError("an unreadable crawl table must be refused")


def test_an_empty_data_directory_loads_and_publishes(tmp_path):
    from pipeline.publish import publish
    from pipeline.verify import verify

    root = tmp_path / "data"
    (root / "registry").mkdir(parents=True)
    result = load(root)
    assert result.rows["reports"] == 0 and result.rows["codes"] == 226
    assert verify(publish(root, date="2025-01-01")).ok
    assert query(root, "SELECT count(*) FROM find_texts('依申请公开', NULL)") == [(0,)]
