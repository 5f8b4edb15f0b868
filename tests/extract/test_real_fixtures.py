"""Every real report under tests/fixtures/real exactly, through the real CLI (issue #11).

Each `tests/fixtures/real/<slug>/expected/<stem>.json` is a truth typed by hand from the printed
tables (never produced by the extractor); the document is `<slug>/<stem>.<any extension>`. The
document goes through `python -m extract FILE --json` in a subprocess, and the test compares the
year, the agency, the layouts, every fact both ways (nothing missing, nothing extra, every number
equal), the failed checks and the completeness (`complete`, `missing`)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "fixtures" / "real"


def _cases() -> list[tuple[Path, Path]]:
    out = []
    for truth in sorted(REAL.glob("*/expected/*.json")):
        docs = [p for p in truth.parent.parent.iterdir() if p.is_file() and p.stem == truth.stem]
        assert len(docs) == 1, f"{truth}: expected one document named {truth.stem}.* beside it, found {docs}"
        out.append((docs[0], truth))
    return out


CASES = _cases()


def test_the_real_fixtures_are_there():
    # the seven 平潭 pages at least; other agencies' reports join them under their own slugs
    assert len(CASES) >= 7
    assert {t.stem for _, t in CASES} >= {f"pingtan{y}" for y in range(2019, 2026)}


def _layouts(templates: dict) -> dict:
    return {t: v for t, v in (templates or {}).items() if v}


@pytest.mark.parametrize("doc,truth_path", CASES, ids=[t.stem for _, t in CASES])
def test_real_report_exact(doc: Path, truth_path: Path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    proc = subprocess.run([sys.executable, "-m", "extract", str(doc), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert len(out["reports"]) == 1, out.get("reason")
    rep = out["reports"][0]
    assert rep["year"] == truth["year"]
    assert rep["agency"] == truth["agency"]
    assert _layouts(rep["templates"]) == _layouts(truth["templates"])
    got, want = rep["facts"], truth["facts"]
    assert sorted(set(want) - set(got)) == [], "facts not extracted"
    assert sorted(set(got) - set(want)) == [], "facts extracted that the report does not print"
    wrong = {k: (got[k], v) for k, v in want.items() if got[k] != v or type(got[k]) is bool}
    assert wrong == {}, "(got, want)"
    failed = sorted(c["id"] for c in rep["checks"] if c["ok"] is False)
    assert failed == sorted(truth["failed_checks"])
    complete = truth.get("complete", True)
    assert (rep["complete"], rep["missing"]) == (complete, sorted(truth.get("missing", [])))
    if complete:
        assert [c["id"] for c in rep["checks"] if c["ok"] is None] == []
