"""A table as an editor or a word processor sees it: rows of cells with row/column spans.

The three statistical tables are built once as a `Grid` (tables.py) and then written out by each
format (HTML, DOCX). Splitting a grid into several physical tables, as CMS editors do when a long
table is pasted in pieces, is done here so every format splits the same way.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace


@dataclass
class GCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "value"  # head | label | value | note
    col: int = -1  # grid column, filled by Grid.place()
    vertical: bool = False  # a narrow merged label printed one character per line in some reports


@dataclass
class Grid:
    key: str  # t2 | t3 | t4
    ncols: int
    rows: list[list[GCell]]
    widths: list[float]  # column widths: relative, or in cm when widths_cm
    header_rows: int = 0  # leading rows that form the column header
    blocks: list[int] = field(default_factory=list)  # t2: row index of each 第二十条 heading row
    widths_cm: bool = False

    def place(self) -> Grid:
        """Fill each cell's grid column, honouring spans from rows above."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                cell.col = c
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
            if c > self.ncols:
                raise ValueError(f"{self.key}: row {r} is {c} columns wide, grid has {self.ncols}")
        return self

    def split(self, cuts: list[int], repeat_labels: bool = True) -> list[Grid]:
        """Cut the grid before each row index in `cuts`. A merged cell that crosses a cut is
        shortened, and the next part gets a continuation cell (its text repeated, or empty)."""
        self.place()
        bounds = [0, *sorted(cuts), len(self.rows)]
        parts = []
        for a, b in itertools.pairwise(bounds):
            rows: list[list[GCell]] = [[] for _ in range(b - a)]
            for r, row in enumerate(self.rows):
                for cell in row:
                    end = r + cell.rowspan
                    if r >= b or end <= a:
                        continue
                    start = max(r, a)
                    text = cell.text if (r >= a or repeat_labels) else ""
                    rows[start - a].append(replace(cell, text=text, rowspan=min(end, b) - start))
            for row in rows:
                row.sort(key=lambda c: c.col)
            parts.append(Grid(self.key, self.ncols, rows, self.widths,
                              header_rows=max(0, min(self.header_rows, b) - a), widths_cm=self.widths_cm).place())
        return parts
