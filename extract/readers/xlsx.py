"""XLSX (and XLS/ET after LibreOffice) → Document. Some agencies attach the statistics as a
spreadsheet: one sheet holding the three tables, or one sheet per table.

Every visible sheet is read in order. A run of non-empty rows is one physical table; each row
becomes a table line with one cell per distinct (merged) cell: the top-left cell of a merged
range carries its colspan and rowspan, the cells it covers are dropped, and empty cells are kept
(the mapper aligns values by grid column, and a blank cell is a printed 0). Numbers are written
the way the sheet stores them (30556, 12.5); cached values of formulas are used, never the
formula text. A lone long text in a row is a paragraph. An empty row ends a table unless its cells
are ruled (a table row whose zeros are all left blank).
"""
from __future__ import annotations

import datetime as dt
import warnings

from ..document import Cell, Document
from ..errors import Unreadable
from ..limits import check_deadline, unpack_zip

MAX_CELLS = 200_000  # a statistics sheet has a few hundred; a data dump is not a report
PROSE_MIN_CHARS = 40


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(round(value, 6), "f").rstrip("0").rstrip(".")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _needed_part(name: str) -> bool:
    """Parts the reader needs inflated: XML and relationships; pictures and fonts stay empty."""
    return name.lower().endswith((".xml", ".rels"))


def read(data: bytes) -> Document:
    # openpyxl would inflate every part whole, trusting the headers: give it a stored copy of the
    # parts we need, inflated here in counted chunks (limits.unpack_zip)
    data = unpack_zip(data, "XLSX", _needed_part)
    import io

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unknown extensions/styles
            wb = load_workbook(io.BytesIO(data), data_only=True)
    except MemoryError:
        raise  # the worker's memory limit (exit 4), not a corrupt file
    except Exception as e:  # noqa: BLE001 - zipfile/lxml/openpyxl raise many types on corrupt workbooks
        if "ERR_NO_MEMORY" in str(getattr(e, "error_log", "")):
            raise MemoryError("libxml2 ran out of memory") from None
        reason = " ".join(str(e).split())[:200] or type(e).__name__
        raise Unreadable(f"corrupt XLSX: {reason}") from None
    doc = Document(kind="xlsx", title=(wb.properties.title or "").strip() or None)
    table = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        check_deadline()
        table = _sheet(ws, doc, table)
    if _formulas_without_values(data):
        doc.warnings.append("spreadsheet formulas have no saved values; those cells read as blank")
    return doc


def _sheet(ws, doc: Document, table: int) -> int:
    max_row, max_col = ws.max_row or 0, ws.max_column or 0
    if max_row * max_col > MAX_CELLS:
        raise Unreadable(f"sheet {ws.title!r} has {max_row}×{max_col} cells, over the {MAX_CELLS} limit")
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    grid: list[list[str]] = []
    ruled: list[bool] = []  # a row with bordered cells is a table row even when every cell is blank
    ends: list[int] = []  # last printed or ruled column of each row (a table narrower than the sheet)
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        grid.append([cell_text(c.value) for c in row])
        marks = [i for i, c in enumerate(row) if _bordered(c) or cell_text(c.value).strip()]
        ruled.append(any(_bordered(c) for c in row))
        ends.append(max(marks) if marks else -1)
    used = [c for c in range(max_col) if any(row[c].strip() for row in grid)]
    if not used:
        return table
    first_col, last_col = used[0], used[-1]
    row_no = 0
    in_table = False
    for r, values in enumerate(grid, start=1):
        printed = [c for c in range(first_col, last_col + 1) if values[c].strip()]
        # a row inside a merged block (a vertical label's continuation) still belongs to the table
        continues = any((r, c + 1) in covered for c in range(first_col, last_col + 1))
        if not printed and not continues and not (in_table and ruled[r - 1]):
            if in_table:
                table += 1
                in_table = False
                row_no = 0
            continue
        if len(printed) == 1 and len(values[printed[0]].strip()) >= PROSE_MIN_CHARS and not continues:
            doc.add_text(values[printed[0]].strip())
            continue
        cells = []
        end = max(ends[r - 1], max((c + span[1] - 1 for (rr, c1), span in spans.items() if rr == r
                                    for c in (c1 - 1,)), default=-1))
        for c in range(first_col, min(last_col, end) + 1):
            if (r, c + 1) in covered:
                continue
            rowspan, colspan = spans.get((r, c + 1), (1, 1))
            cells.append(Cell(values[c].strip(), c - first_col, colspan, rowspan))
        doc.add_row(cells, table, row_no)
        row_no += 1
        in_table = True
    return table + 1 if in_table else table


def _bordered(cell) -> bool:
    b = cell.border
    return b is not None and any(side is not None and side.style for side in (b.left, b.right, b.top, b.bottom))


def _formulas_without_values(data: bytes) -> bool:
    """True when a sheet stores a formula with no cached value (written by a program that never
    calculated it): data_only reads such cells as empty."""
    import io
    import re
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(data))  # the stored copy made by read(): sizes are true
    try:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name)
                # a formula (or a shared-formula reference) followed by no value, or an empty one
                if re.search(rb"(?:</f>|<f[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>", xml):
                    return True
    finally:
        zf.close()
    return False
