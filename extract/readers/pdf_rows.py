"""Rows of a table printed without rulings, from its text lines.

In a ruled table the rulings say which text belongs to which row. Without them (no rules, a
三线表, rows-only borders that the reader could not use) a text line is not a row: WPS and Word
wrap a long label over two or three lines inside its cell and print the row's numbers once, on
a line of their own, at the top, middle or bottom of the tall cell — often half a line off the
label's lines ("（二）部分公开（区分处理的，只计 / 4 1 1 0 0 0 6 / 这一情形，不计其他情形）").
A narrow merged cell prints its group label ("三、本年度办理结果", "（三）不予公开") one or a few
characters a line beside many rows.

`band_rows` puts the lines back together the way the grid had them:
1. label fragments that continue each other — the upper one filled its line (the next one's first
   character would not have fitted), the lower one stands right under it, starts where it starts
   (or is centred under it) and does not start a numbered label ("（三）", "2.", "四、") — are one
   label block;
2. every line that prints a number is one row; a block beside exactly one such line joins that
   row; a block beside several is a merged group cell, given to the first of them with a rowspan;
   a block beside none is a row of its own (a row whose blank cells print nothing) — unless a
   row of numbers next to it has no label at all (label and numbers set at opposite ends of a
   tall cell): then they are one row;
3. lines that print header text over the number columns (a header repeated overleaf) stay
   as they are, and nothing is joined across them or across pages.
Nothing here reads or changes a number: cells move between rows, their text stays as printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..values import is_value

# a label that starts with its own numbering begins a new label, never continues one
_NUMBERED = re.compile(r"^\s*[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．，,]")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass
class _Block:
    cells: list  # PCells, top to bottom
    page: int
    anchors: list[int] = field(default_factory=list)  # number lines beside it

    @property
    def top(self) -> float:
        return self.cells[0].top

    @property
    def bottom(self) -> float:
        return self.cells[-1].bottom



def _join(texts: list[str]) -> str:
    out = ""
    for t in texts:
        if out and t and not (_CJK.match(out[-1]) or _CJK.match(t[0])):
            out += " "
        out += t
    return out


def _char_w(text: str, h: float) -> float:
    return h if text and ord(text[0]) > 0x2e7f else 0.55 * h


def band_rows(rows: list[list], pages: list[int], label_end: float, h: float) -> tuple[list[list], list[int]]:
    """Logical rows from per-line rows (see the module doc). `label_end`: where the number
    columns begin; `h`: the table's type size. Returns (rows, page of each row)."""
    kinds = []
    for row in rows:
        if any(c.text.strip() and is_value(c.text) and c.x0 >= label_end - 0.1 * h for c in row):
            kinds.append("numbers")
        elif any(c.text.strip() and c.x0 >= label_end - 0.1 * h for c in row):
            kinds.append("head")  # header text over the number columns
        else:
            kinds.append("labels")
    if "numbers" not in kinds:
        return rows, pages
    first = kinds.index("numbers")
    # the body starts after the last header line above the first row of numbers
    start = max((k + 1 for k in range(first) if kinds[k] == "head"), default=0)
    out_rows: list[list] = [list(r) for r in rows[:start]]
    out_pages: list[int] = list(pages[:start])
    seg = start
    for k in range(start, len(rows) + 1):
        # a header line (repeated overleaf) or a page break ends a stretch of banding
        if k == len(rows) or kinds[k] == "head" or pages[k] != pages[seg]:
            if k > seg:
                r, p = _band(rows[seg:k], kinds[seg:k], pages[seg], label_end, h)
                out_rows += r
                out_pages += p
            if k < len(rows) and kinds[k] == "head":
                out_rows.append(list(rows[k]))
                out_pages.append(pages[k])
                seg = k + 1
            else:
                seg = k
    return out_rows, out_pages


def _band(rows: list[list], kinds: list[str], page: int, label_end: float, h: float) -> tuple[list[list], list[int]]:
    labels = [[c for c in row if c.text.strip() and c.x0 < label_end - 0.1 * h] for row in rows]
    # how far a label starting at a given x reaches: its cell's right edge, less the padding
    frags = sorted((c for row in labels for c in row), key=lambda c: (c.top, c.tx0))
    reach: list[tuple[float, float]] = []  # (x0, widest x1) of the text of labels starting there
    for c in frags:
        for i, (x0, x1) in enumerate(reach):
            if abs(c.tx0 - x0) <= 0.6 * h:
                reach[i] = (x0, max(x1, c.tx1))
                break
        else:
            reach.append((c.tx0, c.tx1))

    def limit(c) -> float:
        return next(x1 for x0, x1 in reach if abs(c.tx0 - x0) <= 0.6 * h)

    line_of = {id(c): k for k, row in enumerate(labels) for c in row}

    def beside_label(c) -> bool:  # another label to its right: c is a group label's fragment
        return any(o.tx0 >= c.tx1 for o in labels[line_of[id(c)]])

    def continues(a, b) -> bool:
        if not (-0.3 * h <= b.top - a.bottom <= 0.6 * h) or _NUMBERED.match(b.text):
            return False
        if not (b.tx0 < a.tx1 and a.tx0 < b.tx1):
            return False
        ka, kb = line_of[id(a)], line_of[id(b)]
        if ka != kb and kinds[ka] == kinds[kb] == "numbers" and not (beside_label(a) or beside_label(b)):
            return False  # two rows' labels, each beside its own numbers ("行政处罚" over "行政强制")
        slack = 2 * _char_w(b.text, h)  # 禁则: "，" never starts a line, so a line may end short
        if abs(b.tx0 - a.tx0) <= 0.6 * h and a.tx1 + slack >= limit(a) - 0.3 * h:  # flush left under it
            return True
        centred = abs((a.tx0 + a.tx1) - (b.tx0 + b.tx1)) / 2 <= 0.6 * h
        return centred and a.tx1 - a.tx0 >= b.tx1 - b.tx0 - 0.3 * h

    blocks: list[_Block] = []
    for c in frags:
        best = None
        for b in blocks:
            if continues(b.cells[-1], c) and (best is None or b.bottom > best.bottom):
                best = b
        if best is not None:
            best.cells.append(c)
        else:
            blocks.append(_Block([c], page))
    anchors = [k for k, kind in enumerate(kinds) if kind == "numbers"]

    def span(k: int) -> tuple[float, float]:
        cells = [c for c in rows[k] if c.text.strip()]
        return min(c.top for c in cells), max(c.bottom for c in cells)

    spans = {k: span(k) for k in anchors}
    for b in blocks:
        b.anchors = [k for k in anchors if spans[k][0] < b.bottom - 0.2 * h and b.top + 0.2 * h < spans[k][1]]
    # a label and its numbers set at opposite ends of a tall cell: an orphan block next to a row
    # of numbers that has no label of its own
    labelled = {b.anchors[0] for b in blocks if len(b.anchors) == 1}
    orphans = sorted((b for b in blocks if not b.anchors), key=lambda b: b.top)
    for k in anchors:
        if k in labelled:
            continue
        top, bottom = spans[k]
        near = [b for b in orphans if not b.anchors and (0 <= top - b.bottom <= 1.5 * h or 0 <= b.top - bottom <= 1.5 * h)]
        # only when it is unambiguous: one orphan, not also beside another labelless row
        if len(near) == 1 and not any(j != k and j not in labelled and (
                0 <= spans[j][0] - near[0].bottom <= 1.5 * h or 0 <= near[0].top - spans[j][1] <= 1.5 * h)
                for j in anchors):
            near[0].anchors = [k]
            labelled.add(k)
    # the logical rows, top to bottom: each row of numbers, and each block beside none
    items: list[tuple[float, int, object]] = [(spans[k][0], 0, k) for k in anchors]
    items += [(b.top, 1, b) for b in blocks if not b.anchors]
    items.sort(key=lambda it: (it[0], it[1]))
    index = {id(obj) if kind else obj: i for i, (_, kind, obj) in enumerate(items)}
    out: list[list] = [[] for _ in items]
    for i, (_, kind, obj) in enumerate(items):
        if kind == 0:
            moved = {id(c) for c in labels[obj]}
            out[i] += [c for c in rows[obj] if id(c) not in moved]
    for b in blocks:
        if b.anchors:
            first, last = index[b.anchors[0]], index[b.anchors[-1]]
        else:
            first = last = index[id(b)]
        cell = replace(b.cells[0], text=_join([c.text for c in b.cells]), x0=min(c.x0 for c in b.cells),
                       x1=max(c.x1 for c in b.cells), tx0=min(c.tx0 for c in b.cells),
                       tx1=max(c.tx1 for c in b.cells), top=b.top, bottom=b.bottom, rowspan=last - first + 1)
        out[first].append(cell)
    for i, row in enumerate(out):
        for c in row:
            c.row = i
        row.sort(key=lambda c: (c.x0, c.tx0))
    return out, [page] * len(out)
