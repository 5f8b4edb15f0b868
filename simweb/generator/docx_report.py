"""A report (or noise) spec as a .docx file."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from .docx_writer import add_grid, add_page_break, add_para, new_document, to_bytes
from .grid import Grid


def regroup_cut(grid: Grid, rng: random.Random) -> int:
    """A row of table 3 where the clerk went on overleaf: one inside an inner group label
    (（三）不予公开 …), so both that label and 三、本年度办理结果 are cut there."""
    grid.place()
    crossing: dict[int, int] = {}
    for r, row in enumerate(grid.rows):
        for cell in row:
            if cell.vertical:
                for x in range(r + 1, r + cell.rowspan):
                    crossing[x] = crossing.get(x, 0) + 1
    return rng.choice(sorted(x for x, n in crossing.items() if n >= 2))


def regrouped(grid: Grid, spec) -> list[Grid]:
    """Table 3 typed as two tables, the second on the next page (style.regroup_break): the merged
    group labels cut by the break typed again at its top, the header rows too when the report
    repeats them. A habit of real WPS/Word reports (issue #11: a repeated group label at a page break)."""
    cut = regroup_cut(grid, random.Random(f"regroup-{spec.seed}-{spec.agency}-{spec.year}"))
    first, second = grid.split([cut], repeat_labels=True)
    if spec.style.repeat_header:
        head = [[replace(c) for c in row] for row in grid.rows[:grid.header_rows]]
        second = Grid(grid.key, grid.ncols, head + second.rows, grid.widths, header_rows=grid.header_rows,
                      widths_cm=grid.widths_cm).place()
    return [first, second]


def render_docx(spec) -> bytes:
    style = spec.style
    doc = new_document(style.font, spec.title, spec.agency, datetime(spec.year + 1, 1, 15, 9, 0, 0),
                       style.page_numbers)
    for block in spec.blocks():
        if block.kind == "table":
            is_t3 = block.grid.key == "t3"
            parts = regrouped(block.grid, spec) if is_t3 and style.regroup_break else [block.grid]
            for k, part in enumerate(parts):
                if k:
                    add_page_break(doc)
                add_grid(doc, part, style.font, style.table_font_pt, repeat_header=style.repeat_header and is_t3)
        else:
            add_para(doc, block.text, block.kind, style.font)
    return to_bytes(doc)
