"""build_explorer: the page, its DuckDB-WASM engine (checked against vendor.json), labels.json
from extract/schema.py and tables.json naming every Parquet file of the snapshot."""
from __future__ import annotations

import hashlib
import json

from extract import schema
from pipeline.explorer.build import build_explorer


def test_engine_is_the_npm_packages_own(snapshot):
    out = snapshot / "explorer"
    vendor = json.loads((out / "vendor.json").read_text("utf-8"))
    assert vendor["@duckdb/duckdb-wasm"] == "1.28.0"
    for name, info in vendor["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == info["sha256"], name
    assert (out / "duckdb-eh.wasm").read_bytes()[:4] == b"\0asm"
    assert not list(out.glob("*.xz"))


def test_tables_json_names_every_parquet_file(snapshot):
    tables = json.loads((snapshot / "explorer" / "tables.json").read_text("utf-8"))
    listed = {f for t in tables["tables"] for f in t["files"]}
    assert listed == {p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*.parquet")}
    assert tables["snapshot"] == "2025-04-01" and tables["root"] == "../"
    facts = next(t for t in tables["tables"] if t["name"] == "facts")
    assert facts["partition_by"] == "year" and len(facts["files"]) == 6


def test_labels_cover_every_code_of_every_layout(snapshot):
    labels = json.loads((snapshot / "explorer" / "labels.json").read_text("utf-8"))
    for layout, spec in labels["t3"]["layouts"].items():
        assert [c for r in spec["rows"] for c in r["codes"]] == list(schema.layout_codes("t3", layout))
        assert [r["prefix"] + r["label"] for r in spec["rows"]] == [r.prefix + r.item.label for r in schema.T3_ROWS[layout]]
    assert [c for g in labels["t4"]["groups"] for c in g["codes"]] == list(schema.layout_codes("t4", "2021"))
    for layout, blocks in labels["t2"].items():
        assert [c for b in blocks for r in b["rows"] for c in r["codes"]] == list(schema.layout_codes("t2", layout))
    assert [c["label"] for c in labels["t3"]["columns"]] == [c.label for c in schema.T3_COLUMNS]


def test_check_cells_are_what_the_checks_add_up(snapshot, fixture_truth):
    """labels.json's cells of each check, applied to every fixture report's facts (both table-3
    layouts, failing reports included), give the checks' own lhs and rhs."""
    labels = json.loads((snapshot / "explorer" / "labels.json").read_text("utf-8"))
    seen = set()
    for t in fixture_truth:
        f = t["facts"]
        layout = schema.t3_layout_of(f)
        for c in schema.run_checks(f):
            cells = labels["checks"][layout][c.id]
            if c.ok is None:  # the incomplete report: the cells it lacks are exactly the check's missing
                assert sorted(x for x in cells["lhs"] + cells["rhs"] if x not in f) == list(c.missing), c.id
            else:
                assert (sum(f[x] for x in cells["lhs"]), sum(f[x] for x in cells["rhs"])) == (c.lhs, c.rhs), c.id
            seen.add((layout, c.ok))
    assert seen == {("2019", True), ("2019", False), ("2021", True), ("2021", False), ("2021", None)}
    assert labels["checks"]["2021"]["t3.balance.natural"]["text"] == "一·自然人 + 二·自然人 = （七）·自然人 + 四·自然人"


def test_rebuild_replaces_the_explorer_whole(snapshot, tmp_path):
    copy = tmp_path / "2025-04-01"
    copy.mkdir()
    for p in snapshot.rglob("*.parquet"):
        (copy / p.relative_to(snapshot)).parent.mkdir(parents=True, exist_ok=True)
        (copy / p.relative_to(snapshot)).write_bytes(p.read_bytes())
    (copy / "explorer").mkdir()
    (copy / "explorer" / "stale.txt").write_text("from an older build")
    files = build_explorer(copy)
    assert sorted(p.name for p in files) == sorted(p.name for p in (snapshot / "explorer").iterdir())
    assert not (copy / "explorer" / "stale.txt").exists()
    assert [p.name for p in copy.iterdir() if p.name.startswith(".")] == []
    for p in files:
        assert p.read_bytes() == (snapshot / "explorer" / p.name).read_bytes(), p.name
