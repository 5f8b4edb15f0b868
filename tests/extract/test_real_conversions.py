"""The real HTML reports of tests/fixtures/real, saved by LibreOffice as PDF, DOCX and DOC the way a
clerk turns a web page into a file ("HTML (StarWriter)"), must read exactly as the pages do: the
printed tables are the same, so the hand-typed truth of each page is the truth of its files.

What these conversions print that the generator did not, found here first:
- 平潭 2019 sets the wrapped header cells of table 2 justified across the cell (两端对齐,
  text-justify: inter-ideograph): "本　　年　　新" read as three columns in one cell made the
  reader drop the table's rulings, and a value printed at the top of its cell ("10" above
  其他对外管理服务事项) was lost, its blank row slot read as 0;
- the same page's cells are underlined (<u> in the Word paste): each underline was taken for a
  ruling, and clustered with the row rule under it, merged two rows of table 3 into one;
- 沭阳县发展和改革局's page begins with the CMS's metadata row "标题：沭阳县发展和改革局2023年…",
  which became the agency "标题:沭阳县发展和改革局".

Two tables are wider than the page (fixed pixel widths): LibreOffice lays them past the page edge
and leaves the clipped columns out of the file, so those PDFs cannot be exact. 沭阳县发展和改革局's
table 4 loses its last three columns: that PDF must say so (incomplete, the lost codes missing) and
every number it does give must be the page's. 上海市人民政府办公厅's table 3 is clipped on both
sides, through the middle of the 法律服务机构 cells, and is left out as PDF. Their DOCX and DOC keep
the whole tables and are exact.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from extract.api import extract_bytes

from .producers import soffice_convert

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
# every real report kept as an HTML page
PAGES = sorted(p for p in REAL.glob("*/*.html") if (p.parent / "expected" / f"{p.stem}.json").exists())
TARGETS = {"pdf": "pdf:writer_pdf_Export", "docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97"}
CLIPPED = {  # PDFs whose table runs past the page edge: the codes of the columns it loses
    "shuyang-fgj-2023": [f"t4.suit_after_review.{c}" for c in ("other", "pending", "total")],
}
CASES = [(p, fmt) for fmt in TARGETS for p in PAGES if not (fmt == "pdf" and p.stem == "shanghai-bgt-2019")]


@functools.cache
def _converted(fmt: str) -> dict[str, bytes]:
    blobs = soffice_convert([(p.name, p.read_bytes()) for p in PAGES], TARGETS[fmt],
                            infilter="HTML (StarWriter)", timeout=300)
    return {p.stem: b for p, b in zip(PAGES, blobs)}


def test_every_real_html_page_is_converted():
    # 平潭 2019–2025, 上海市人民政府办公厅 2019, six 平潭 departments, 沭阳县发展和改革局 2023
    assert len(PAGES) == 15 and len(CASES) == 44


@pytest.mark.parametrize("page,fmt", CASES, ids=[f"{p.stem}.{f}" for p, f in CASES])
def test_a_real_page_saved_as_a_file_reads_exactly(page: Path, fmt: str):
    truth = json.loads((page.parent / "expected" / f"{page.stem}.json").read_text(encoding="utf-8"))
    result = extract_bytes(_converted(fmt)[page.stem], f"{page.stem}.{fmt}")
    assert result["reason"] is None and len(result["reports"]) == 1, result.get("reason")
    rep = result["reports"][0]
    assert (rep["year"], rep["agency"]) == (truth["year"], truth["agency"])
    assert {t: v for t, v in rep["templates"].items() if v} == {t: v for t, v in truth["templates"].items() if v}
    got, want = rep["facts"], truth["facts"]
    lost = CLIPPED.get(page.stem, []) if fmt == "pdf" else []
    if lost:
        assert (rep["complete"], rep["missing"]) == (False, sorted(lost))
        want = {k: v for k, v in want.items() if k not in lost}
        truth = {**truth, "failed_checks": truth["failed_checks"], "complete": False, "missing": lost}
    wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
    assert wrong == {}, "(got, want)"
    assert sorted(set(got) - set(want)) == []
    assert sorted(c["id"] for c in rep["checks"] if c["ok"] is False) == sorted(truth["failed_checks"])
    assert (rep["complete"], rep["missing"]) == (truth.get("complete", True), sorted(truth.get("missing", [])))
