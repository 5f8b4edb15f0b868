"""Pages read by OCR → one Document: table rows and prose lines in reading order, wrapped prose
lines joined into paragraphs, and the pieces of a table cut by page breaks put on one column grid.

Why the common grid: a table continued on the next page often has fewer (or more) column rulings
than its first piece (table 3's label columns are one merged cell in the header rows), so each
piece on its own would number its columns differently. Pieces on consecutive pages with the same
left and right edges are one table: their column boundaries are pooled and every cell is
re-numbered against the pool, so a value sits under its header's grid column as in HTML.
"""
from __future__ import annotations

from statistics import median

from ..document import Cell, Document, Line
from .page import OcrTable, PageRead, ProseLine

SAME_EDGE = 0.015  # of the page width: two table pieces with edges this close are one table


def _same_table(a: OcrTable, b: OcrTable, width: int) -> bool:
    ax0, _, ax1, _ = a.table.bbox
    bx0, _, bx1, _ = b.table.bbox
    tol = SAME_EDGE * width
    return abs(ax0 - bx0) <= tol and abs(ax1 - bx1) <= tol


def _pooled_columns(pieces: list[OcrTable]) -> list[float]:
    """Column boundaries of a table's pieces, as fractions of the table width, pooled."""
    rel: list[float] = []
    for p in pieces:
        xs = p.table.xs
        w = max(xs[-1] - xs[0], 1)
        rel += [(x - xs[0]) / w for x in xs]
    rel.sort()
    pooled: list[list[float]] = []
    for r in rel:
        if pooled and r - pooled[-1][-1] <= 0.006:
            pooled[-1].append(r)
        else:
            pooled.append([r])
    return [sum(g) / len(g) for g in pooled]


def _renumber(piece: OcrTable, pool: list[float]) -> dict[int, int]:
    xs = piece.table.xs
    w = max(xs[-1] - xs[0], 1)
    return {i: min(range(len(pool)), key=lambda k: abs(pool[k] - (x - xs[0]) / w)) for i, x in enumerate(xs)}


def _column_maps(pages: list[PageRead]) -> dict[int, dict[int, int]]:
    """id(piece) → {local boundary index → pooled boundary index} for tables continued across pages."""
    seq = [(p, t) for p in pages for t in p.tables]
    groups: list[list[OcrTable]] = []
    for i, (page, t) in enumerate(seq):
        if i and groups:
            prev_page, prev = seq[i - 1]
            if page.number == prev_page.number + 1 and prev is page_last(prev_page) and t is page.tables[0] \
                    and _same_table(prev, t, page.width):
                groups[-1].append(t)
                continue
        groups.append([t])
    maps: dict[int, dict[int, int]] = {}
    for g in groups:
        if len(g) > 1:
            pool = _pooled_columns(g)
            for piece in g:
                maps[id(piece)] = _renumber(piece, pool)
    return maps


def page_last(page: PageRead) -> OcrTable | None:
    return page.tables[-1] if page.tables else None


def paragraphs(lines: list[ProseLine]) -> list[ProseLine]:
    """Wrapped lines of one page joined: a line continues the one above when that one runs to the
    right margin and this one starts at the left margin (no indent); the big-print lines of a
    title that wraps are joined too."""
    if not lines:
        return []
    h = median(l.box[3] - l.box[1] for l in lines)
    # specks read as a character: tiny, or a lone unsure character
    lines = [l for l in lines if l.box[3] - l.box[1] >= 0.4 * h
             and not (len(l.text.strip()) <= 2 and l.confidence < 0.5)]
    if not lines:
        return []
    heights = [l.box[3] - l.box[1] for l in lines]
    h = median(heights)
    body = [l for l, hh in zip(lines, heights) if 0.7 * h <= hh <= 1.3 * h] or lines
    lefts = sorted(l.box[0] for l in body)
    rights = sorted(l.box[2] for l in body)
    left = lefts[len(lefts) // 5]
    right = rights[int(len(rights) * 0.9)]
    out: list[ProseLine] = []
    last: ProseLine | None = None  # the last physical line joined into out[-1]
    for line in lines:
        lh = line.box[3] - line.box[1]
        if out and last is not None:
            prev_h = last.box[3] - last.box[1]
            gap = line.box[1] - last.box[3]
            similar = 0.6 <= lh / max(prev_h, 1) <= 1.67
            wraps = (similar and last.box[2] >= right - 2 * h and abs(line.box[0] - left) <= 0.8 * h
                     and -0.3 * h <= gap <= 1.5 * h)
            title = lh >= 1.25 * h and prev_h >= 1.25 * h and -0.3 * h <= gap <= 1.0 * lh
            if wraps or title:
                p = out[-1]
                out[-1] = ProseLine(p.text + line.text,
                                    (min(p.box[0], line.box[0]), p.box[1], max(p.box[2], line.box[2]), line.box[3]),
                                    min(p.confidence, line.confidence))
                last = line
                continue
        out.append(line)
        last = line
    return out


def to_document(pages: list[PageRead], kind: str = "ocr") -> Document:
    doc = Document(kind=kind, pages=len(pages), ocr=True)
    maps = _column_maps(pages)
    table_no = 0
    for page in pages:
        items: list[tuple[float, int, Line]] = []
        for para in paragraphs(page.prose):
            cell = Cell(para.text, page=page.number, bbox=tuple(float(v) for v in para.box),
                        confidence=round(para.confidence, 3))
            items.append((para.box[1], 0, Line([cell], None, None, page.number)))
        for t in page.tables:
            cmap = maps.get(id(t))
            rows: dict[int, list[Cell]] = {}
            for c in t.cells:
                g = c.grid
                col, span = g.col, g.colspan
                if cmap:
                    col = cmap[g.col]
                    span = max(cmap[g.col + g.colspan] - col, 1)
                x0, y0, x1, y1 = g.box
                rows.setdefault(g.row, []).append(
                    Cell(c.text, col, span, g.rowspan, page.number, (float(x0), float(y0), float(x1), float(y1)),
                         round(c.confidence, 3)))
            for r, cells in sorted(rows.items()):
                cells.sort(key=lambda c: c.col)
                items.append((t.table.ys[r], 1, Line(cells, table_no, r, page.number)))
            table_no += 1
        items.sort(key=lambda it: (it[0], it[1]))
        doc.lines.extend(line for _, _, line in items)
    if not any(l.text.strip() for l in doc.lines):
        doc.lines = []
        doc.warnings.append(f"OCR found no text on {len(pages)} page(s): blank or unreadable scan")
    return doc
