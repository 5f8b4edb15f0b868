"""Plain-text reports (text dumps of Word/PDF files). Two layouts occur:

- tab-separated: one table row per line, cells split by tabs (merged cells leave empty slots);
- one cell per line: each cell on its own line after a tab, rows separated by blank lines;
- Markdown tables (| a | b |), as document converters write them (their "## 二、…" headings are
  read without the # marks);
- web-page text with each cell closed by " |" (one cell a line, "a | b |" for a row).

Lines without tabs are prose. The encoding is detected from the bytes (UTF-8, GBK, UTF-16).
"""
from __future__ import annotations

import re

from charset_normalizer import from_bytes

from ..document import Cell, Document
from ..errors import Unreadable

# a Markdown heading's marks ("### （二）部分公开"), which converters put before titles and captions
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+")


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


def _is_lone(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line.lstrip("\t")


def _runs(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """Split into prose lines and runs of table lines (tab lines and the blank lines among them).
    Each run is (one_cell_per_line?, lines): the layout is decided per run, since a compilation
    can mix both."""
    out: list[tuple[bool, list[str]]] = []
    run: list[str] = []

    def flush():
        tabbed = [l for l in run if "\t" in l]
        if tabbed:
            lone = sum(1 for l in tabbed if _is_lone(l))
            out.append((lone >= 0.8 * len(tabbed), list(run)))
        elif run:
            out.append((False, list(run)))
        run.clear()

    for line in lines:
        if "\t" in line or not line.strip():
            run.append(line)
        else:
            flush()
            out.append((False, [line]))
    flush()
    return out


def read(data: bytes) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    doc = Document(kind="text")
    table = 0
    for one_cell, lines in _runs(text.split("\n")):
        table += 1
        if one_cell:
            row: list[Cell] = []
            for raw in lines + [""]:
                if raw.startswith("\t"):
                    row.append(Cell(raw[1:].strip(), len(row)))
                elif row:
                    doc.add_row(row, table, len(doc.lines))
                    row = []
            continue
        for raw in lines:
            stripped = raw.strip()
            if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
                # a Markdown table row (converters such as pandoc write these); skip the |---| rule
                cells = [t.strip() for t in stripped[1:-1].split("|")]
                if all(set(c) <= set("-: ") for c in cells):
                    continue
                doc.add_row([Cell(t, k) for k, t in enumerate(cells)], table, len(doc.lines))
            elif "\t" in raw:
                doc.add_row([Cell(t.strip(), k) for k, t in enumerate(raw.split("\t"))], table, len(doc.lines))
            elif stripped.endswith("|") and len(stripped) > 1:
                # a web page's text with every cell closed by " |" ("规章 |", "0 |", "a | b |"); the
                # rows are not marked, so each cell becomes a line of its own (the mapper regroups
                # such streams) and a multi-cell line a row; "|||" (the empty cells of spanned
                # rows) carries nothing
                cells = [t.strip() for t in stripped[:-1].split("|")]
                printed = [c for c in cells if c]
                if len(printed) == 1:
                    doc.add_text(printed[0])
                elif len(printed) > 1:
                    doc.add_row([Cell(t, k) for k, t in enumerate(cells)], table, len(doc.lines))
            else:
                doc.add_text(_ATX_HEADING.sub("", stripped))
    return doc
