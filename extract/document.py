"""The neutral shape every reader produces and the one mapper consumes.

A reader (HTML, DOCX, PDF, text, OCR …) turns one file into a `Document`: a sequence of `Line`s in
reading order. A paragraph is a line with one cell; a table row is a line with one cell per
distinct (merged) cell, each knowing its grid column and span. Table boundaries, page breaks and
"several <table>s for one logical table" are deliberately flattened away: the mapper finds the
three statistical tables by their headings and labels, so it does not care how a CMS or a PDF
split them. A new format is a new reader, never a new mapper.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str  # the cell's text as printed (inner whitespace kept; the mapper normalizes)
    col: int = 0  # grid column where the cell starts (after expanding colspans)
    colspan: int = 1
    rowspan: int = 1
    page: int | None = None  # 1-based page (PDF, OCR)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points/pixels
    confidence: float | None = None  # OCR confidence 0..1; None for text layers


@dataclass
class Line:
    cells: list[Cell]
    table: int | None = None  # index of the physical table the row came from; None for prose
    row: int | None = None  # row index inside that physical table
    page: int | None = None

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.cells)

    @property
    def in_table(self) -> bool:
        return self.table is not None


@dataclass
class Document:
    lines: list[Line] = field(default_factory=list)
    kind: str = ""  # html | docx | pdf | text | ocr | …
    pages: int | None = None
    ocr: bool = False
    title: str | None = None  # a title the container states (HTML <title>, PDF metadata)
    warnings: list[str] = field(default_factory=list)

    def add_text(self, text: str, page: int | None = None) -> None:
        if text.strip():
            self.lines.append(Line([Cell(text, page=page)], None, None, page))

    def add_row(self, cells: list[Cell], table: int, row: int, page: int | None = None) -> None:
        self.lines.append(Line(cells, table, row, page))
