"""Every fact, layout and failed check of the five real seeds, exactly, from their text dumps."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extract import schema
from extract.api import extract_bytes
from tests.conftest import seed_cases

CASES = seed_cases()


@pytest.mark.parametrize("path,expected", CASES, ids=[p.stem[:3] for p, _ in CASES])
def test_seed_facts_exact(path, expected):
    result = extract_bytes(path.read_bytes(), path.name)
    assert result["reason"] is None
    assert len(result["reports"]) == 1
    report = result["reports"][0]
    assert report["agency"] == expected["agency"]
    assert report["year"] == expected["year"]
    assert report["templates"] == expected["templates"]
    # every code of the layout, in template order, with exactly the expected number
    assert report["facts"] == expected["facts"]
    assert list(report["facts"]) == list(schema.codes_for(expected["templates"]))
    failed = [c["id"] for c in report["checks"] if not c["ok"]]
    assert failed == expected["failed_checks"]


def test_seed_002_balance_failure_is_published_not_repaired():
    path, _expected = next(c for c in CASES if c[0].name.startswith("002"))
    report = extract_bytes(path.read_bytes(), path.name)["reports"][0]
    checks = {c["id"]: c for c in report["checks"]}
    assert checks["t3.balance.total"] == {"id": "t3.balance.total", "ok": False, "lhs": 31, "rhs": 36}
    assert checks["t3.balance.natural"]["ok"] is False
    assert report["facts"]["t3.total.total"] == 34  # as printed, not "fixed" to 29


def test_provenance_keeps_raw_cell_and_labels():
    path, _ = next(c for c in CASES if c[0].name.startswith("002"))
    report = extract_bytes(path.read_bytes(), path.name)["reports"][0]
    p = report["provenance"]
    assert p["t2.licensing.decisions"]["raw"] == "30556"
    assert p["t2.licensing.decisions"]["row"] == "行政许可"
    assert p["t3.new.natural"]["raw"] == "29"
    assert p["t3.new.commercial"]["raw"] == ""  # a blank cell: 0 by SPEC, kept as printed
    assert set(p) == set(report["facts"])


def test_texts_keep_prose_sections():
    path, _ = next(c for c in CASES if c[0].name.startswith("001"))
    report = extract_bytes(path.read_bytes(), path.name)["reports"][0]
    assert "政府信息公开在深度及广度维度存在明显短板" in report["texts"]["五"]
    assert "本年度未产生信息公开处理费" in report["texts"]["六"]
    assert report["period"] == {"start": "2024-01-01", "end": "2024-12-31"}


@pytest.mark.parametrize("path,expected", CASES[:2], ids=["000", "001"])
def test_cli_prints_spec_json(path, expected):
    proc = subprocess.run([sys.executable, "-m", "extract", str(path), "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"source", "sha256", "reports"}
    (report,) = out["reports"]
    assert set(report) == {"agency", "year", "templates", "facts", "checks", "complete", "missing", "warnings"}
    assert report["facts"] == expected["facts"]
    assert (report["complete"], report["missing"]) == (True, [])


def test_cli_missing_file_is_one_line_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "extract", str(tmp_path / "nope.pdf"), "--json"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "cannot read" in proc.stderr
