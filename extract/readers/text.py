"""Plain-text reports (text dumps of Word/PDF files). Two layouts occur:

- tab-separated: one table row per line, cells split by tabs (merged cells leave empty slots);
- one cell per line: each cell on its own line after a tab, rows separated by blank lines;
- Markdown tables (| a | b |), as document converters write them.

Lines without tabs are prose. The encoding is detected from the bytes (UTF-8, GBK, UTF-16).
"""
from __future__ import annotations

from charset_normalizer import from_bytes

from ..document import Cell, Document, Line
from ..errors import Unreadable


def decode(data: bytes) -> str:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise Unreadable("text file in an unknown encoding")
    return data.decode(best.encoding, errors="replace")


def _one_cell_per_line(lines: list[str]) -> bool:
    tabbed = [l for l in lines if "\t" in l]
    if not tabbed:
        return False
    lone = sum(1 for l in tabbed if l.startswith("\t") and "\t" not in l.lstrip("\t"))
    return lone >= 0.8 * len(tabbed)


def read(data: bytes) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    raw_lines = text.split("\n")
    doc = Document(kind="text")
    table = 0
    if _one_cell_per_line(raw_lines):
        row: list[Cell] = []
        row_no = 0

        def flush():
            nonlocal row, row_no
            if row:
                doc.add_row(row, table, row_no)
                row_no += 1
                row = []

        for raw in raw_lines:
            if raw.startswith("\t"):
                row.append(Cell(raw[1:].strip(), len(row)))
            else:
                flush()
                if raw.strip():
                    table += 1
                    doc.add_text(raw.strip())
        flush()
        return doc
    for i, raw in enumerate(raw_lines):
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            # a Markdown table row (converters such as pandoc write these); skip the |---| rule
            cells = [t.strip() for t in stripped[1:-1].split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            doc.add_row([Cell(t, k) for k, t in enumerate(cells)], table, i)
        elif "\t" in raw:
            doc.add_row([Cell(t.strip(), k) for k, t in enumerate(raw.split("\t"))], table, i)
        else:
            if raw.strip():
                table += 1
            doc.add_text(raw.strip())
    return doc
