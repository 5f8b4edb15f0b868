"""A report as an ordered list of blocks (title, headings, paragraphs, tables) that every output
format walks in the same order, so HTML, DOCX and PDF say the same thing."""
from __future__ import annotations

import random
from dataclasses import dataclass

from .grid import Grid
from .prose import heading, sections, table_quotes, title_lines
from .tables import tables


@dataclass
class Block:
    kind: str  # title | heading | para | table | sign
    text: str = ""
    grid: Grid | None = None


def outline(spec) -> list[Block]:
    rng = random.Random(f"outline-{spec.seed}-{spec.agency}-{spec.year}")
    prose = sections(spec)
    grids = tables(spec)
    out = [Block("title", t) for t in title_lines(spec)]
    out += [Block("para", p) for p in prose["intro"]]
    for num in "一二三四五六":
        out.append(Block("heading", heading(num, spec.style, rng)))
        if num == "一":
            out += [Block("para", p) for p in prose["一"]]
        elif num in "二三四":
            key = {"二": "t2", "三": "t3", "四": "t4"}[num]
            if spec.style.prose_quotes:
                out.append(Block("para", table_quotes(spec, prose["requests"])[key]))
            out.append(Block("table", grid=grids[key]))
        else:
            out += [Block("para", p) for p in prose[num]]
    out += [Block("sign", s) for s in prose["end"]]
    return out
