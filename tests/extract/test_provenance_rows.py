"""No fact without a table cell behind it (issue #11).

For every generated report (the simulated web's generator: the five seeds and random specs of
every layout combination, as HTML and DOCX) and every real fixture, each fact's provenance row
label must be the label of a table row of the document — a row the reader produced, not a sentence
of prose — that names the fact's template row, and the fact's raw text must be a cell of that row
(or of the line right under it, where a wrapped label leaves its numbers on a line of their own).
A blank fact (raw "") needs a blank cell there: a cell that is present and blank. Where a
converter printed a wrapped label as text and the row's numbers as a bare row (no label cell at
all, tests/fixtures/real/kewei-2024), the label must be printed in a text line of the document
and the cell must be in a bare row.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extract import schema
from extract.api import extract_bytes
from extract.labels import best_match
from extract.mapper import _split_packed, regroup_stream, split_regions
from extract.readers import read
from extract.readers.sniff import sniff
from extract.values import parse
from simweb.generator import random_spec, render_many, seed_specs

from .reader_fixtures import AGENCIES, E2E_RANDOM, random_specs

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"

# the labels each row code may be printed as (template label and recorded variants)
ROW_LABELS: dict[str, tuple[str, ...]] = {}
for _blocks in schema.T2_BLOCKS.values():
    for _b in _blocks:
        for _r in _b.rows:
            ROW_LABELS[f"t2.{_r.key}"] = tuple(sorted(set(ROW_LABELS.get(f"t2.{_r.key}", ())) | set(_r.labels)))
for _rows in schema.T3_ROWS.values():
    for _r in _rows:
        ROW_LABELS[f"t3.{_r.key}"] = tuple(sorted(set(ROW_LABELS.get(f"t3.{_r.key}", ())) | set(_r.item.labels)))


def table_rows(data: bytes, name: str) -> list[list[str]]:
    """Every table row of the document as the reader gives it (cell texts), plus the rows of
    gridless dumps and packed text lines as the mapper rebuilds them from the reader's cells."""
    doc = read(sniff(data, name), data)
    rows = []
    merged: list[tuple[int, int, str]] = []  # a cell merged down (rowspan) is behind every row it covers
    for line in doc.lines:
        if not line.in_table:
            continue
        texts = [c.text.strip() for c in line.cells]
        if line.table >= 0 and line.row is not None:
            merged = [(t, last, x) for t, last, x in merged if t == line.table and line.row <= last]
            texts += [x for _, _, x in merged]
            merged += [(line.table, line.row + c.rowspan - 1, c.text.strip()) for c in line.cells if c.rowspan > 1]
        rows.append(texts)
    for line in doc.lines:
        packed = _split_packed(line)
        if not line.in_table and packed.in_table:
            rows.append([c.text.strip() for c in packed.cells])
    reg = split_regions(doc)
    for region in (reg.t2, reg.t3, reg.t4):
        for line in regroup_stream(region):
            if not line.in_table:
                continue
            line = _split_packed(line)
            if line.table == -1:
                rows.append([c.text.strip() for c in line.cells])
    return rows


def _bare(row: list[str]) -> bool:
    """A table row of numbers (and blanks) only, without a label cell."""
    return any(row) and all(not c or parse(c) is not None for c in row)


def _label_line(label: str, text: str) -> bool:
    """A text line that prints the label and no number besides (a label fragment, not prose
    quoting the row with its numbers)."""
    return bool(label) and label in text and not re.search(r"\d", text.replace(label, ""))


def behind_every_fact(data: bytes, name: str) -> list[str]:
    """Problems: facts whose row label or raw cell is not in a table row of the document."""
    result = extract_bytes(data, name)
    rows = table_rows(data, name)
    doc = read(sniff(data, name), data)
    texts = [line.text for line in doc.lines if not line.in_table]
    problems = []
    for rep in result["reports"]:
        assert set(rep["provenance"]) == set(rep["facts"]), name
        for code, p in rep["provenance"].items():
            table, row_key, _ = code.split(".")
            if table == "t4":
                # table 4 is one row of numbers under its header: the cell must be in it
                if not any(p["raw"] in r for r in rows if len(r) >= 5):
                    problems.append(f"{code}: cell {p['raw']!r} is in no table row")
                continue
            label = p["row"]
            key, _ = best_match(label, [(row_key, ROW_LABELS[f"{table}.{row_key}"])], 0.8)
            if key is None:
                problems.append(f"{code}: row label {label!r} does not name the row")
                continue
            found = False
            for i, r in enumerate(rows):
                if label not in r:
                    continue
                after = r[r.index(label) + 1:] + (rows[i + 1] if i + 1 < len(rows) else [])
                if p["raw"] in after:
                    found = True
                    break
            if not found and table == "t3" and any(_label_line(label, t) for t in texts):
                found = any(p["raw"] in r for r in rows if _bare(r))
            if not found:
                problems.append(f"{code}: no table row {label!r} holds the cell {p['raw']!r}")
    return problems


def _generated():
    specs = seed_specs() + random_specs(E2E_RANDOM)
    rng = random.Random(1111)
    for k in range(6):  # more random specs, printed in random styles
        specs.append(random_spec(random.Random(rng.getrandbits(64)), AGENCIES[k % len(AGENCIES)], 2019 + k))
    items = [(s, f) for s in specs for f in ("html", "docx")]
    return [(f"{i // 2}.{f}", b) for i, ((_, f), b) in enumerate(zip(items, render_many(items)))]


def test_every_generated_report_has_a_table_cell_behind_each_fact():
    docs = _generated()
    assert len(docs) == (5 + E2E_RANDOM + 6) * 2
    facts = 0
    for name, data in docs:
        problems = behind_every_fact(data, name)
        assert problems == [], (name, problems[:5])
        facts += sum(len(r["facts"]) for r in extract_bytes(data, name)["reports"])
    assert facts > 150 * len(docs)  # every report has its tables, so the test looked at real facts


REAL_DOCS = sorted(p for p in REAL.glob("*/*") if p.is_file() and (p.parent / "expected" / f"{p.stem}.json").exists())


@pytest.mark.parametrize("path", REAL_DOCS, ids=[p.stem for p in REAL_DOCS])
def test_every_real_fixture_has_a_table_cell_behind_each_fact(path):
    assert behind_every_fact(path.read_bytes(), path.name) == []


def test_prose_is_not_a_table_row():
    """The check above would catch a fact read from prose: the sentence is not among the rows."""
    page = REAL / "pingtan" / "pingtan2022.html"
    rows = table_rows(page.read_bytes(), page.name)
    assert ["行政规范性文件", "88", "55", "698"] in rows
    assert not any(any("集中公开现行有效行政规范性文件698件" in c for c in r) for r in rows)
