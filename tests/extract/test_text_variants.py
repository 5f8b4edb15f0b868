"""The same real reports dumped the other ways text exporters write tables: label and numbers
packed on one line (pdftotext -layout), one cell per line with no grid at all, Markdown tables.
Seeds whose tables print every cell (001, 003, 004) keep their exact truth in every dump."""
from __future__ import annotations

import pytest

from extract.api import extract_bytes
from tests.conftest import seed_cases

FULL = [c for c in seed_cases() if c[0].name[:3] in ("001", "003", "004")]


def _rows(text: str):
    for line in text.split("\n"):
        if "\t" in line:
            yield [c.strip() for c in line.split("\t")]
        else:
            yield line


def packed(text: str) -> str:
    return "\n".join(" ".join(c for c in r if c) if isinstance(r, list) else r for r in _rows(text))


def stream(text: str) -> str:
    out = []
    for r in _rows(text):
        out.extend([c for c in r if c] if isinstance(r, list) else [r])
    return "\n".join(out)


def markdown(text: str) -> str:
    out = []
    for r in _rows(text):
        out.append("| " + " | ".join(r) + " |" if isinstance(r, list) else r)
    return "\n".join(out)


@pytest.mark.parametrize("dump", [packed, stream, markdown])
@pytest.mark.parametrize("path,expected", FULL, ids=[p.stem[:3] for p, _ in FULL])
def test_text_dumps_keep_exact_facts(path, expected, dump):
    text = dump(path.read_text("utf-8"))
    (report,) = extract_bytes(text.encode("utf-8"), path.stem + ".txt")["reports"]
    assert report["templates"] == expected["templates"]
    assert report["facts"] == expected["facts"]
    assert [c["id"] for c in report["checks"] if not c["ok"]] == expected["failed_checks"]
    assert (report["agency"], report["year"]) == (expected["agency"], expected["year"])


def test_gbk_text_is_decoded():
    path, expected = FULL[0]
    data = path.read_text("utf-8").encode("gbk", errors="replace")
    (report,) = extract_bytes(data, "report.txt")["reports"]
    assert report["facts"] == expected["facts"]


def test_a_compilation_of_reports_gives_one_report_each():
    cases = seed_cases()
    text = "\n\n".join(p.read_text("utf-8") for p, _ in cases)
    reports = extract_bytes(text.encode("utf-8"), "compilation.txt")["reports"]
    assert [(r["agency"], r["year"]) for r in reports] == [(e["agency"], e["year"]) for _, e in cases]
    assert [r["facts"] for r in reports] == [e["facts"] for _, e in cases]
