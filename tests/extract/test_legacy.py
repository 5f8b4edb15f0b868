"""DOC, WPS, XLS/ET and XLSX reports: generated reports of both layouts rendered by the generator
(DOC/WPS through real LibreOffice) or written as spreadsheets here (XLSX by openpyxl, XLS/ET by a
real LibreOffice conversion of it), read back by extract_bytes: every fact exact, the failed checks
exactly the truth's. Plus the antiword fallback, the hang kill and corrupt input."""
from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from extract import schema
from extract.api import extract_bytes
from extract.errors import ExtractError, Unreadable
from extract.readers import legacy, xlsx
from simweb.generator import random_spec, render_many, seed_specs

AGENCY = "某某县人民政府办公室"


def _specs():
    return [
        random_spec(random.Random(31), AGENCY, 2023, templates={"t2": "2021", "t3": "2021"}),
        random_spec(random.Random(32), "某某市生态环境局", 2020, templates={"t2": "2019", "t3": "2019"},
                    fail_balance=True),
        random_spec(random.Random(33), "某某区司法局", 2022, templates={"t2": "2021", "t3": "2019"}),
        seed_specs()[1],  # a real report's facts, labels printed with spaces
    ]


SPECS = _specs()


# ------------------------------------------------------------------ a report as a spreadsheet
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def _sheet_value(text: str):
    """How an agency's spreadsheet stores a printed cell: plain and grouped numbers as numbers
    (with a number format that prints them as the report does), anything else as text."""
    if _THOUSANDS.match(text):
        return int(text.replace(",", "")), "#,##0"
    if _PLAIN_NUMBER.match(text):
        if "." in text:
            decimals = len(text.split(".")[1])
            return float(text), "0." + "0" * decimals
        return int(text), None
    return text or None, None


_THIN = Side(style="thin")
_RULED = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(spec) -> bytes:
    """The report typed into one sheet: title and prose one cell per row, the three tables with
    their merged cells and ruled borders, a blank row after each table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    row = 1
    for block in spec.blocks():
        if block.kind != "table":
            ws.cell(row, 1, block.text)
            row += 1
            continue
        grid = block.grid
        for r in range(len(grid.rows)):
            for col in range(grid.ncols):
                ws.cell(row + r, col + 1).border = _RULED
        for r, cells in enumerate(grid.rows):
            for c in cells:
                value, fmt = _sheet_value(c.text)
                cell = ws.cell(row + r, c.col + 1, value)
                if fmt:
                    cell.number_format = fmt
                if c.rowspan > 1 or c.colspan > 1:
                    ws.merge_cells(start_row=row + r, start_column=c.col + 1,
                                   end_row=row + r + c.rowspan - 1, end_column=c.col + c.colspan)
        row += len(grid.rows) + 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def word_files():
    """(spec, fmt, bytes) for DOC of every spec and WPS of two: one LibreOffice run per format."""
    items = [(s, "doc") for s in SPECS] + [(SPECS[0], "wps"), (SPECS[1], "wps")]
    blobs = render_many(items)
    return [(s, f, b) for (s, f), b in zip(items, blobs)]


@pytest.fixture(scope="session")
def sheet_files(tmp_path_factory):
    """(spec, ext, bytes): XLSX of every spec; XLS of two and an ET, converted by LibreOffice."""
    xlsxs = [render_xlsx(s) for s in SPECS]
    tmp = tmp_path_factory.mktemp("sheets")
    for i, blob in enumerate(xlsxs[:3]):
        (tmp / f"r{i}.xlsx").write_bytes(blob)
    subprocess.run([legacy.shutil.which("soffice"), f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "xls:MS Excel 97", "--outdir", str(tmp),
                    *[str(tmp / f"r{i}.xlsx") for i in range(3)]],
                   check=True, capture_output=True, timeout=180, start_new_session=True)
    out = [(s, "xlsx", b) for s, b in zip(SPECS, xlsxs)]
    out += [(SPECS[0], "xls", (tmp / "r0.xls").read_bytes()), (SPECS[1], "xls", (tmp / "r1.xls").read_bytes()),
            (SPECS[2], "et", (tmp / "r2.xls").read_bytes())]
    return out


def _assert_exact(result: dict, spec) -> dict:
    truth = spec.truth()
    assert result["reason"] is None, result["reason"]
    (report,) = result["reports"]
    assert report["agency"] == truth["agency"]
    assert report["year"] == truth["year"]
    assert report["templates"] == truth["templates"]
    # every code of both layouts, in template order, with exactly the truth's number
    assert report["facts"] == truth["facts"]
    assert list(report["facts"]) == list(schema.codes_for(truth["templates"]))
    assert [c["id"] for c in report["checks"] if not c["ok"]] == truth["failed_checks"]
    assert report["ocr"] is False
    return report


# ------------------------------------------------------------------ DOC / WPS
@pytest.mark.parametrize("index", range(len(SPECS) + 2))
def test_doc_and_wps_facts_exact(word_files, index):
    spec, fmt, blob = word_files[index]
    result = extract_bytes(blob, f"report.{fmt}")
    assert result["kind"] == fmt
    report = _assert_exact(result, spec)
    # the prose sections survive the conversion too
    assert set(report["texts"]) == {"一", "五", "六"}


def test_failed_balance_is_carried_not_repaired(word_files):
    spec, _, blob = word_files[1]
    report = extract_bytes(blob, "report.doc")["reports"][0]
    failed = {c["id"]: c for c in report["checks"] if not c["ok"]}
    assert "t3.balance.total" in failed
    assert failed["t3.balance.total"]["lhs"] != failed["t3.balance.total"]["rhs"]
    assert report["facts"]["t3.total.total"] == spec.facts["t3.total.total"]


def test_wps_extension_on_a_word_file_and_doc_extension_on_a_wps(word_files):
    spec, _, blob = word_files[-1]
    assert extract_bytes(blob, "renamed.doc")["reports"][0]["facts"] == spec.truth()["facts"]


# ------------------------------------------------------------------ XLSX / XLS / ET
@pytest.mark.parametrize("index", range(len(SPECS) + 3))
def test_spreadsheets_facts_exact(sheet_files, index):
    spec, ext, blob = sheet_files[index]
    result = extract_bytes(blob, f"统计表.{ext}")
    assert result["kind"] == ext
    _assert_exact(result, spec)


def test_xlsx_merged_cells_become_spans():
    doc = xlsx.read(render_xlsx(SPECS[0]))
    t3_head = next(l for l in doc.lines if l.in_table and "申请人情况" in l.text)
    corner, applicants = t3_head.cells[0], t3_head.cells[1]
    assert (corner.col, corner.colspan, corner.rowspan) == (0, 3, 3)
    assert (applicants.text, applicants.col, applicants.colspan) == ("申请人情况", 3, 7)
    results = next(l for l in doc.lines if l.in_table and l.cells[0].text == schema.RESULTS_GROUP)
    assert results.cells[0].rowspan == len([r for r in schema.T3_ROWS["2021"] if r.outcome]) + 1
    # a numeric cell keeps the number as stored, a blank cell is kept (a printed 0)
    new = next(l for l in doc.lines if l.in_table and "本年新收" in l.text)
    assert [c.text for c in new.cells[1:]] == [
        "" if (v == 0 and SPECS[0].style.blank_zeros) else str(v)
        for v in (SPECS[0].facts[f"t3.new.{c.key}"] for c in schema.T3_COLUMNS)]


def test_xlsx_formula_without_saved_value_is_warned():
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"] = 2, "=A1+C1", 3
    out = io.BytesIO()
    wb.save(out)
    doc = xlsx.read(out.getvalue())
    assert [c.text for c in doc.lines[0].cells] == ["2", "", "3"]
    assert doc.warnings == ["spreadsheet formulas have no saved values; those cells read as blank"]


# ------------------------------------------------------------------ fallbacks and failures
def test_antiword_reads_text_and_simple_tables(word_files):
    spec, _, blob = word_files[0]
    text = legacy.antiword_text(blob)
    assert spec.agency in text
    from extract.api import map_document
    from extract.readers import text as text_reader

    (report,), _ = map_document(text_reader.read(text.encode("utf-8")))
    truth = spec.truth()["facts"]
    t2 = {c: v for c, v in truth.items() if c.startswith("t2.")}
    assert {c: v for c, v in report["facts"].items() if c.startswith("t2.")} == t2


def test_doc_without_libreoffice_falls_back_to_antiword(word_files, tmp_path, monkeypatch):
    """A machine with antiword but no LibreOffice (a real PATH without soffice)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "antiword").symlink_to(legacy.shutil.which("antiword"))
    monkeypatch.setenv("PATH", str(bindir))
    spec, _, blob = word_files[0]
    result = extract_bytes(blob, "report.doc")
    (report,) = result["reports"]
    assert report["agency"] == spec.agency
    assert any(w.startswith("read with antiword (LibreOffice (soffice) is not installed") for w in report["warnings"])
    t2 = {c: v for c, v in spec.facts.items() if c.startswith("t2.")}
    assert {c: v for c, v in report["facts"].items() if c.startswith("t2.")} == t2


def _processes_mentioning(text: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if text.encode() in (d / "cmdline").read_bytes():
                    pids.append(int(d.name))
            except OSError:
                continue
    return pids


def test_hung_conversion_is_killed_with_its_process_group(word_files, tmp_path):
    _, _, blob = word_files[0]
    with pytest.raises(legacy.ConversionFailed, match=r"hung \(killed after 0 s\)"):
        legacy.soffice_convert(blob, "doc", "docx", timeout=0.3, workdir=tmp_path)
    assert _processes_mentioning(str(tmp_path)) == []


@pytest.mark.parametrize("name,make", [
    ("truncated.doc", lambda b: b[: len(b) // 3]),
    ("garbage.wps", lambda b: b[:8] + bytes(range(256)) * 40),
])
def test_corrupt_word_file_is_one_clear_error(word_files, tmp_path, name, make):
    blob = make(word_files[0][2])
    with pytest.raises(ExtractError) as err:
        extract_bytes(blob, name)
    assert isinstance(err.value, Unreadable)
    assert "\n" not in err.value.message
    path = tmp_path / name
    path.write_bytes(blob)
    proc = subprocess.run([sys.executable, "-m", "extract", str(path), "--json"], check=False, capture_output=True,
                          text=True, timeout=180, env={**os.environ})
    assert proc.returncode == 3
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1
