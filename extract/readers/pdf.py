"""PDF text layer → Document, with pdfium (pypdfium2) alone.

Per page, pdfium gives every character with its box and every vector path; that is all a
ruled table needs, at a fraction of the cost of a pdfminer layout pass:
1. rulings: horizontal/vertical strokes and thin filled rectangles, in page coordinates (form
   XObjects included), snapped and merged;
2. tables: connected groups of rulings; the distinct x's and y's of a group form an elementary
   grid, and neighbouring elementary cells with no ruling between them are one merged cell (so a
   tall "三、本年度办理结果" label is one cell, emitted once, in the first row it covers);
3. cell text: the characters whose centre falls in the cell, read line by line; wrapped text is
   joined within the cell;
4. text lines: characters outside tables, grouped into lines and full-width lines joined into
   paragraphs; page numbers in the margins dropped;
5. tables continued on the next page (same left and right edges, nothing between them but the
   page break) are one table: their rows continue its row count and their grid columns are
   numbered against the union of both pages' column edges, so a column keeps its number across
   pages.
Table areas without rulings (or inside a single ruled frame) fall back to the characters:
rows from text lines and columns from the x-ranges of the widest rows.
A PDF whose pages carry no text at all gets a Document with no lines and the warning
"no text layer" (scans: the OCR reader's job). Encrypted PDFs open with the empty password when
they allow it, else Unreadable("encrypted PDF").
"""
from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2 as pdfium
from pypdfium2 import raw

from ..document import Cell, Document, Line
from ..errors import Unreadable
from ..limits import check_deadline

SNAP = 2.0  # points: rulings this close are one
THIN = 2.5  # points: a filled rectangle thinner than this is a ruling
MIN_LEN = 3.0  # points: shorter strokes are glyph decorations, not rulings
NO_TEXT_LAYER = "no text layer"
_PAGE_NUMBER = re.compile(r"^[\s\-—–_·.第页共Page/\d]+$", re.IGNORECASE)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


# ------------------------------------------------------------------ geometry primitives
@dataclass
class Char:
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Seg:
    """A ruling: horizontal (y fixed, a..b along x) or vertical (x fixed, a..b along y)."""
    pos: float
    a: float
    b: float


@dataclass
class PCell:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    row: int  # elementary row index on its page
    rowspan: int
    col: int = 0
    colspan: int = 1


@dataclass
class Fragment:
    """One table's part on one page."""
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    xs: list[float]
    rows: list[list[PCell]]  # by elementary row
    group: int = -1


@dataclass
class PageItems:
    number: int
    width: float = 0.0
    lines: list[TextLine] = field(default_factory=list)  # prose lines, joined later
    texts: list[tuple[float, float, str]] = field(default_factory=list)  # (top, x0, paragraph)
    fragments: list[Fragment] = field(default_factory=list)
    chars: int = 0


# ------------------------------------------------------------------ opening
def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            try:
                return pdfium.PdfDocument(data, password="")
            except pdfium.PdfiumError:
                raise Unreadable("encrypted PDF") from None
        if not data.rstrip().endswith(b"%%EOF") and b"%%EOF" not in data[-2048:]:
            raise Unreadable("truncated PDF (no end-of-file marker)") from None
        raise Unreadable(f"corrupt PDF: {' '.join(str(e).split())[:160]}") from None


# ------------------------------------------------------------------ characters
def _chars(textpage, height: float) -> list[Char]:
    out: list[Char] = []
    n = textpage.count_chars()
    tp = textpage.raw
    rect = raw.FS_RECTF()
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0, 0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        if 0xD800 <= code <= 0xDFFF or code >= 0x110000:
            continue  # half of a surrogate pair (rare outside CJK extension B): dropped
        ch = chr(code)
        if ch.isspace():
            continue
        # The loose box (advance width × font ascent/descent) keeps "、" and "一" as wide and
        # tall as their neighbours, so gaps and lines are measured on the type, not the ink.
        if not raw.FPDFText_GetLooseCharBox(tp, i, rect):
            continue
        if rect.right <= rect.left or rect.top < rect.bottom:
            continue
        out.append(Char(ch, rect.left, height - rect.top, rect.right, height - rect.bottom))
    return out


# ------------------------------------------------------------------ rulings
def _segments(page, height: float) -> tuple[list[Seg], list[Seg]]:
    hs: list[Seg] = []
    vs: list[Seg] = []
    x = ctypes.c_float()
    y = ctypes.c_float()
    fill = ctypes.c_int()
    stroke = ctypes.c_int()

    def add_line(p, q):
        (x0, y0), (x1, y1) = p, q
        if abs(y0 - y1) <= 0.5 and abs(x1 - x0) >= MIN_LEN:
            hs.append(Seg(height - y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= 0.5 and abs(y1 - y0) >= MIN_LEN:
            vs.append(Seg((x0 + x1) / 2, height - max(y0, y1), height - min(y0, y1)))

    def add_path(obj, m):
        a, b, c, d, e, f = m
        n = raw.FPDFPath_CountSegments(obj)
        if n <= 0 or n > 20000:
            return
        raw.FPDFPath_GetDrawMode(obj, fill, stroke)
        stroked = bool(stroke.value)
        subpaths: list[list[tuple[float, float]]] = []
        cur: list[tuple[float, float]] = []
        curved = False
        for i in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, i)
            if not raw.FPDFPathSegment_GetPoint(seg, x, y):
                continue
            pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                if cur:
                    subpaths.append(cur)
                cur = [pt]
            else:
                if kind == raw.FPDF_SEGMENT_BEZIERTO:
                    curved = True
                cur.append(pt)
            if raw.FPDFPathSegment_GetClose(seg) and cur:
                cur.append(cur[0])
        if cur:
            subpaths.append(cur)
        if curved:
            return  # rounded boxes, underlines of glyphs, logos: not rulings
        for sp in subpaths:
            xs_ = [p[0] for p in sp]
            ys_ = [p[1] for p in sp]
            w, h = max(xs_) - min(xs_), max(ys_) - min(ys_)
            axis = all(abs(p[0] - q[0]) <= 0.5 or abs(p[1] - q[1]) <= 0.5 for p, q in pairwise(sp))
            if not axis:
                continue
            if len(sp) >= 4 and w > 0 and h > 0 and (not stroked or w <= THIN or h <= THIN):
                # a filled rectangle: a ruling when thin, a shaded cell otherwise (ignored)
                if h <= THIN and w >= MIN_LEN:
                    yc = (max(ys_) + min(ys_)) / 2
                    add_line((min(xs_), yc), (max(xs_), yc))
                elif w <= THIN and h >= MIN_LEN:
                    xc = (max(xs_) + min(xs_)) / 2
                    add_line((xc, min(ys_)), (xc, max(ys_)))
                continue
            if stroked:
                for p, q in pairwise(sp):
                    add_line(p, q)

    def walk(container_objs, m0, depth):
        for obj in container_objs:
            t = raw.FPDFPageObj_GetType(obj)
            if t not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            mat = raw.FS_MATRIX()
            if not raw.FPDFPageObj_GetMatrix(obj, mat):
                continue
            m = _compose((mat.a, mat.b, mat.c, mat.d, mat.e, mat.f), m0)
            if t == raw.FPDF_PAGEOBJ_PATH:
                add_path(obj, m)
            elif depth < 8:
                k = raw.FPDFFormObj_CountObjects(obj)
                walk((raw.FPDFFormObj_GetObject(obj, j) for j in range(max(k, 0))), m, depth + 1)

    count = raw.FPDFPage_CountObjects(page.raw)
    walk((raw.FPDFPage_GetObject(page.raw, i) for i in range(count)), (1, 0, 0, 1, 0, 0), 0)
    return _merge(hs), _merge(vs)


def _compose(m, outer):
    """m applied first, then outer (both PDF matrices a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _merge(segs: list[Seg]) -> list[Seg]:
    """Snap rulings at (nearly) the same position and join overlapping or touching ones."""
    segs = sorted(segs, key=lambda s: s.pos)
    out: list[Seg] = []
    bands: list[list[Seg]] = []
    for s in segs:
        if bands and s.pos - bands[-1][0].pos <= SNAP:
            bands[-1].append(s)
        else:
            bands.append([s])
    for band in bands:
        pos = sum(s.pos for s in band) / len(band)
        for s in sorted(band, key=lambda s: s.a):
            if out and out[-1].pos == pos and s.a <= out[-1].b + SNAP:
                out[-1].b = max(out[-1].b, s.b)
            else:
                out.append(Seg(pos, s.a, s.b))
    return out


# ------------------------------------------------------------------ tables from rulings
def _components(hs: list[Seg], vs: list[Seg]) -> list[tuple[list[Seg], list[Seg]]]:
    parent = list(range(len(hs) + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - SNAP <= v.pos <= h.b + SNAP and v.a - SNAP <= h.pos <= v.b + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _cluster(values: list[float], tol: float = SNAP) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _covered(segs: list[Seg], pos: float, a: float, b: float) -> bool:
    """Is the stretch a..b at `pos` drawn (by one ruling or touching ones)?"""
    need = a + SNAP
    for s in sorted((s for s in segs if abs(s.pos - pos) <= SNAP), key=lambda s: s.a):
        if s.a > need:
            break
        need = max(need, s.b + SNAP)
        if need >= b:
            return True
    return need >= b


def _grid_cells(hs: list[Seg], vs: list[Seg]) -> tuple[list[float], list[float], list[tuple[int, int, int, int]]]:
    """Elementary grid (xs, ys) and merged cells (row0, col0, row1, col1) exclusive ends."""
    xs = _cluster([v.pos for v in vs])
    ys = _cluster([h.pos for h in hs])
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    boxes: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            b = boxes.setdefault(find(r * nc + c), [r, c, r + 1, c + 1])
            b[0], b[1] = min(b[0], r), min(b[1], c)
            b[2], b[3] = max(b[2], r + 1), max(b[3], c + 1)
    cells = []
    for r0, c0, r1, c1 in boxes.values():
        # an "open" region (no ruling on its left and right, or top and bottom) is not a cell of
        # the table but the space around an irregular one
        if not (_covered(vs, xs[c0], ys[r0], ys[r1]) or _covered(vs, xs[c1], ys[r0], ys[r1])):
            continue
        cells.append((r0, c0, r1, c1))
    return xs, ys, cells


def _cell_text(chars: list[Char]) -> str:
    """Characters of one cell, line by line; wrapped lines joined without a break."""
    lines = _lines(chars)
    out = ""
    for line in lines:
        text = _line_text(line)
        if out and text and not (_CJK.match(out[-1]) or _CJK.match(text[0])):
            out += " "
        out += text
    return out


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into visual lines (overlapping vertical extents), top to bottom."""
    lines: list[list[Char]] = []
    bounds: list[list[float]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            top, bottom = bounds[-1]
            overlap = min(bottom, ch.bottom) - max(top, ch.top)
            if overlap > 0.5 * min(bottom - top, ch.bottom - ch.top):
                lines[-1].append(ch)
                bounds[-1] = [min(top, ch.top), max(bottom, ch.bottom)]
                continue
        lines.append([ch])
        bounds.append([ch.top, ch.bottom])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _line_text(line: list[Char]) -> str:
    out = []
    prev = None
    for ch in line:
        if prev is not None:
            h = max(ch.bottom - ch.top, 1.0)
            if ch.x0 - prev.x1 > 0.5 * h:  # a visible gap is a space (spaces were dropped)
                out.append(" ")
        out.append(ch.ch)
        prev = ch
    return "".join(out)


def _ruled_fragments(chars: list[Char], hs: list[Seg], vs: list[Seg], page: int) -> tuple[list[Fragment], set[int]]:
    fragments = []
    used: set[int] = set()
    for ghs, gvs in _components(hs, vs):
        xs, ys, boxes = _grid_cells(ghs, gvs)
        if len(boxes) < 2:
            continue  # a frame around a note is not a table
        x0, x1, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
        # characters of this table, each into its elementary cell
        owner: dict[tuple[int, int], int] = {}
        for k, (r0, c0, r1, c1) in enumerate(boxes):
            for r in range(r0, r1):
                for c in range(c0, c1):
                    owner[(r, c)] = k
        members: list[list[Char]] = [[] for _ in boxes]
        for i, ch in enumerate(chars):
            cx, cy = ch.cx, ch.cy
            if not (x0 <= cx <= x1 and top <= cy <= bottom):
                continue
            c = min(bisect.bisect_right(xs, cx) - 1, len(xs) - 2)
            r = min(bisect.bisect_right(ys, cy) - 1, len(ys) - 2)
            k = owner.get((r, c))
            used.add(i)  # inside the table frame: never prose
            if k is not None:
                members[k].append(ch)
        rows: list[list[PCell]] = [[] for _ in range(len(ys) - 1)]
        for (r0, c0, r1, c1), mem in zip(boxes, members):
            rows[r0].append(PCell(_cell_text(mem), xs[c0], ys[r0], xs[c1], ys[r1], r0, r1 - r0))
        for row in rows:
            row.sort(key=lambda c: c.x0)
        fragments.append(Fragment(page, x0, top, x1, bottom, xs, rows))
    return fragments, used


# ------------------------------------------------------------------ tables without rulings
def _text_fragment(lines: list[list[Char]], page: int) -> Fragment | None:
    """A block of text lines that reads as a table (several gap-separated runs per line):
    rows = lines, columns = the x-ranges of the runs in the lines with the most runs."""
    runs_per_line = [_runs(line) for line in lines]
    widest = max(len(r) for r in runs_per_line)
    if widest < 3:
        return None
    # column x-ranges from every line that has the most runs (a header-like full row)
    spans: list[tuple[float, float]] = []
    for runs in runs_per_line:
        if len(runs) >= widest - 1:
            spans.extend((r[0].x0, r[-1].x1) for r in runs)
    cols: list[list[float]] = []
    for a, b in sorted(spans):
        if cols and a <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    edges = [cols[0][0]] + [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)] + [cols[-1][1]]
    rows: list[list[PCell]] = []
    for r, (line, runs) in enumerate(zip(lines, runs_per_line)):
        row = []
        for run in runs:
            a, b = run[0].x0, run[-1].x1
            c0 = max(0, bisect.bisect_right(edges, a + 0.1) - 1)
            c1 = max(c0 + 1, min(len(edges) - 1, bisect.bisect_left(edges, b - 0.1)))
            top = min(ch.top for ch in run)
            bottom = max(ch.bottom for ch in run)
            row.append(PCell(_line_text(run), edges[c0], top, edges[c1], bottom, r, 1))
        rows.append(row)
    top = min(ch.top for ch in lines[0])
    bottom = max(ch.bottom for ch in lines[-1])
    return Fragment(page, edges[0], top, edges[-1], bottom, edges, rows)


def _runs(line: list[Char]) -> list[list[Char]]:
    """Split a line at gaps wider than two character heights (column gutters)."""
    runs: list[list[Char]] = [[line[0]]]
    for prev, ch in pairwise(line):
        h = max(ch.bottom - ch.top, 1.0)
        if ch.x0 - prev.x1 > 2.0 * h:
            runs.append([ch])
        else:
            runs[-1].append(ch)
    return runs


# ------------------------------------------------------------------ one page
def _read_page(pdf, index: int) -> PageItems:
    page = pdf[index]
    items = PageItems(index + 1)
    try:
        width, height = page.get_size()
        items.width = width
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, height)
        finally:
            textpage.close()
        items.chars = len(chars)
        if not chars:
            return items
        hs, vs = _segments(page, height)
        fragments, used = _ruled_fragments(chars, hs, vs, index + 1)
    finally:
        page.close()
    rest = [ch for i, ch in enumerate(chars) if i not in used]
    lines = [line for line in _lines(rest)]
    lines = [line for line in lines if not _margin_page_number(line, height)]
    # Unruled tables: runs of consecutive lines with several column gutters each.
    block: list[list[Char]] = []
    prose: list[list[Char]] = []

    def close_block():
        if len(block) >= 3:
            frag = _text_fragment(block, index + 1)
            if frag is not None:
                fragments.append(frag)
                block.clear()
                return
        prose.extend(block)
        block.clear()

    for line in lines:
        if len(_runs(line)) >= 3:
            block.append(line)
        else:
            close_block()
            prose.append(line)
    close_block()
    items.fragments = sorted(fragments, key=lambda f: f.top)
    items.lines = [_text_line(line) for line in prose]
    return items


def _margin_page_number(line: list[Char], height: float) -> bool:
    text = "".join(c.ch for c in line)
    top = min(c.top for c in line)
    return (top < 0.1 * height or top > 0.88 * height) and bool(_PAGE_NUMBER.match(text)) and len(text) <= 12


@dataclass
class TextLine:
    top: float
    bottom: float
    x0: float
    x1: float
    height: float
    first_w: float  # width of the first character (would it have fitted on the line above?)
    text: str


def _text_line(line: list[Char]) -> TextLine:
    return TextLine(min(c.top for c in line), max(c.bottom for c in line), line[0].x0, line[-1].x1,
                    max(max(c.bottom - c.top for c in line), 1.0), line[0].x1 - line[0].x0, _line_text(line))


def _paragraphs(lines: list[TextLine], left: float, right: float, join: bool = True) -> list[tuple[float, float, str]]:
    """Join a line with the next when the next one's first character would not have fitted on it
    (a wrap, not a break): flush-left body text and centred titles alike."""
    out: list[list] = []  # [top, x0, text, last TextLine]
    width = right - left
    for line in sorted(lines, key=lambda l: l.top):
        if out and join:
            prev: TextLine = out[-1][3]
            h = prev.height
            same_size = abs(line.height - h) <= 0.15 * h
            close = line.top - prev.bottom < 1.2 * h
            flush = line.x0 <= left + 0.5 * h
            mid = (left + right) / 2

            def centred_short(l: TextLine, mid=mid, h=h) -> bool:  # centred, not filling the box
                return abs((l.x0 + l.x1) / 2 - mid) < 0.5 * h and l.x0 > left + 0.5 * h and l.x1 < right - 0.5 * h

            # flush-left text: the line above reached the right edge (two characters of slack,
            # since line breaking keeps "，" off a line start: 禁则); centred titles: the next
            # line's first character did not fit on the line above
            wrapped = (flush and not centred_short(prev) and prev.x1 + 2 * line.first_w > right - 0.3 * h) or (
                centred_short(line) and (prev.x1 - prev.x0) + 1.2 * line.first_w > width)
            if same_size and close and wrapped:
                s = out[-1][2]
                sep = "" if (_CJK.match(s[-1]) or _CJK.match(line.text[0])) else " "
                out[-1][2] = s + sep + line.text
                out[-1][3] = line
                continue
        out.append([line.top, line.x0, line.text, line])
    return [(t, x, s) for t, x, s, _ in out]


# ------------------------------------------------------------------ the document
def _continues(prev: Fragment, frag: Fragment, prev_page: PageItems, page: PageItems) -> bool:
    if frag.page != prev.page + 1 or abs(frag.x0 - prev.x0) > 3 or abs(frag.x1 - prev.x1) > 3:
        return False
    if prev_page.fragments[-1] is not prev or page.fragments[0] is not frag:
        return False
    # nothing but the page break between them
    return not any(t > prev.bottom for t, _, _ in prev_page.texts) and not any(
        t < frag.top for t, _, _ in page.texts)


def _join_split_cells(prev: Fragment, frag: Fragment) -> None:
    """A merged cell cut by the page break reappears, empty, at the top of the next page: give
    its rows back to the cell above instead (as a grid with rowspans would have it)."""
    if not frag.rows or not frag.rows[0]:
        return
    reaching = {(c.col, c.colspan): c for row in prev.rows for c in row if abs(c.bottom - prev.bottom) <= SNAP}
    keep = []
    for c in frag.rows[0]:
        above = reaching.get((c.col, c.colspan))
        if above is not None and not c.text.strip() and (c.rowspan > 1 or above.rowspan > 1):
            above.rowspan += c.rowspan
        else:
            keep.append(c)
    frag.rows[0] = keep


def _mode(values: list[float], default: float) -> float:
    counts: dict[int, int] = {}
    for v in values:
        counts[round(v)] = counts.get(round(v), 0) + 1
    if not counts or max(counts.values()) < 2:
        return default
    return float(max(counts, key=lambda k: (counts[k], k)))


def _number_columns(group: list[Fragment]) -> None:
    xs = _cluster([x for f in group for x in f.xs], tol=3.0)
    for f in group:
        for row in f.rows:
            for c in row:
                c.col = _nearest(xs, c.x0)
                c.colspan = max(1, _nearest(xs, c.x1) - c.col)


def _nearest(xs: list[float], x: float) -> int:
    i = bisect.bisect_left(xs, x)
    if i == len(xs) or (i > 0 and x - xs[i - 1] <= xs[i] - x):
        return i - 1
    return i


def read(data: bytes) -> Document:
    pdf = _open(data)
    try:
        doc = Document(kind="pdf", pages=len(pdf))
        try:
            doc.title = (pdf.get_metadata_value("Title") or "").strip() or None
        except Exception:  # noqa: BLE001  a broken Info dictionary is not worth failing the document for
            doc.title = None
        pages: list[PageItems] = []
        for i in range(len(pdf)):
            check_deadline()
            try:
                pages.append(_read_page(pdf, i))
            except pdfium.PdfiumError as e:
                doc.warnings.append(f"page {i + 1} unreadable: {' '.join(str(e).split())[:120]}")
    finally:
        pdf.close()
    if doc.pages and not pages:
        raise Unreadable("corrupt PDF: no page could be loaded")
    if not any(p.chars for p in pages):
        doc.warnings.append(NO_TEXT_LAYER)
        return doc
    # paragraphs: the text box is the same on every page, so measure it on all of them
    all_lines = [l for p in pages for l in p.lines]
    if all_lines:
        # the text box: where most lines start and end (right-aligned signatures stick out)
        left = _mode([l.x0 for l in all_lines], min(l.x0 for l in all_lines))
        right = _mode([l.x1 for l in all_lines if len(l.text) >= 8], max(l.x1 for l in all_lines))
        page_width = min(p.width for p in pages if p.lines)
        for p in pages:
            # a text box under half the page wide is a guess from too few lines: no joining
            p.texts = _paragraphs(p.lines, left, right, join=right - left >= 0.5 * page_width)
    empty = [p.number for p in pages if not p.chars]
    if empty:
        doc.warnings.append(f"pages without a text layer: {', '.join(map(str, empty))}")
    # tables continued across pages share one number and one set of column edges
    groups: list[list[Fragment]] = []
    prev_page: PageItems | None = None
    for p in pages:
        for f in p.fragments:
            if (f is p.fragments[0] and prev_page is not None and prev_page.fragments
                    and _continues(prev_page.fragments[-1], f, prev_page, p)):
                groups[prev_page.fragments[-1].group].append(f)
                f.group = prev_page.fragments[-1].group
            else:
                f.group = len(groups)
                groups.append([f])
        prev_page = p
    for g in groups:
        _number_columns(g)
        for prev, frag in pairwise(g):
            _join_split_cells(prev, frag)
    next_row = [0] * len(groups)
    for p in pages:
        items: list[tuple[float, int, object]] = [(t, 0, s) for t, _, s in p.texts]
        items += [(f.top, 1, f) for f in p.fragments]
        for _, kind, obj in sorted(items, key=lambda it: (it[0], it[1])):
            if kind == 0:
                doc.add_text(obj, page=p.number)
                continue
            f = obj
            for row in f.rows:
                if not row:
                    continue
                cells = [Cell(c.text, c.col, c.colspan, c.rowspan, page=p.number,
                              bbox=(round(c.x0, 2), round(c.top, 2), round(c.x1, 2), round(c.bottom, 2)))
                         for c in row]
                doc.lines.append(Line(cells, f.group, next_row[f.group], p.number))
                next_row[f.group] += 1
    return doc
