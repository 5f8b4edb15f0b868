"""A report (or noise) spec as a .docx file."""
from __future__ import annotations

from datetime import datetime

from .docx_writer import add_grid, add_para, new_document, to_bytes


def render_docx(spec) -> bytes:
    style = spec.style
    doc = new_document(style.font, spec.title, spec.agency, datetime(spec.year + 1, 1, 15, 9, 0, 0),
                       style.page_numbers)
    for block in spec.blocks():
        if block.kind == "table":
            add_grid(doc, block.grid, style.font, style.table_font_pt,
                     repeat_header=style.repeat_header and block.grid.key == "t3")
        else:
            add_para(doc, block.text, block.kind, style.font)
    return to_bytes(doc)
