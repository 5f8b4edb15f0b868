"""PDF text layer → Document, with pdfium (pypdfium2) alone.

Per page, pdfium gives every character with its box and every vector path; that is all a
ruled table needs, at a fraction of the cost of a pdfminer layout pass:
0. the reading frame: the direction most characters run in (a landscape table printed turned, a
   /Rotate page with turned content) becomes +x, so every producer's page reads the same way;
1. rulings: horizontal/vertical strokes and thin filled shapes (Word's border rectangles, a
   browser's bevelled borders), form XObjects included, snapped and merged;
2. tables: connected groups of rulings; the distinct x's and y's of a group form an elementary
   grid, and neighbouring elementary cells with no ruling between them are one merged cell (so a
   tall "三、本年度办理结果" label is one cell, emitted once, in the first row it covers); an outer
   edge that is not drawn is closed where the inner rulings end;
3. cell text: the characters whose centre falls in the cell, read line by line (a label set turned
   reads along its own direction); wrapped text is joined within the cell;
4. unruled tables — no rules, a 三线表, rows-only borders, a ruled header over an open body, or a
   grid whose rulings miss the column borders — from the text: regions of lines with column
   gutters; columns where the numbers stand and where headers stand over none; text lines put
   back into the grid's rows (pdf_rows.py: wrapped labels, numbers on a line of their own,
   group labels a few characters a line);
5. text lines: characters outside tables, grouped into lines and full-width lines joined into
   paragraphs; page numbers in the margins dropped;
6. tables continued on the next page (same left and right edges, nothing between them but the
   page break) are one table: their rows continue its row count and their grid columns are
   numbered against the union of both pages' column edges, so a column keeps its number across
   pages.
A PDF whose pages carry no usable text — none at all (scans), or garbled text from fonts without a
Unicode map — gets a Document with no lines and the warning "no text layer" (the OCR reader's
job). Encrypted PDFs open with the empty password when they allow it, else
Unreadable("encrypted PDF").
"""
from __future__ import annotations

import bisect
import ctypes
import math
import re
from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2 as pdfium
from pypdfium2 import raw

from ..document import Cell, Document, Line
from ..errors import Unreadable
from ..limits import check_deadline
from ..mapper import heading_of
from ..values import is_value
from .pdf_rows import band_rows

SNAP = 3.0  # points: rulings this close are one (a double border, a browser's cellspacing)
DOUBLE = 4.5  # points: rulings this close bound no cell between them (double borders, cellspacing)
THIN = 2.5  # points: a filled rectangle thinner than this is a ruling
MIN_LEN = 3.0  # points: shorter strokes are glyph decorations, not rulings
NO_TEXT_LAYER = "no text layer"
GARBLED = "pages whose text is garbled (fonts without a Unicode map), left to OCR"
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
    angle: int = 0  # quarter turns against the page's reading direction (a label set turned)
    spaced: bool = False  # the text layer has a space character right before this one

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
    tx0: float = 0.0  # the text's own left and right (an unruled table's cells span their columns;
    tx1: float = 0.0  # a ruled cell's tx1: where its last line ends)
    size: float = 0.0  # a ruled cell's type size (its last line's)


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
    source: list[list[Char]] | None = None  # an unruled table's text lines (rebuilt across pages)
    above: Fragment | None = None  # the ruled part of the same table right above (partial rulings)
    number_cols: list[int] = field(default_factory=list)  # an unruled table's columns of numbers
    row_pages: list[int] = field(default_factory=list)  # an unruled table's page of each row


@dataclass
class PageItems:
    number: int
    width: float = 0.0
    lines: list[TextLine] = field(default_factory=list)  # prose lines, joined later
    texts: list[tuple[float, float, str]] = field(default_factory=list)  # (top, x0, paragraph)
    fragments: list[Fragment] = field(default_factory=list)
    chars: int = 0
    garbled: bool = False  # characters there, but not text (fonts without a Unicode map)
    open_table: bool = False  # the page ends in an unruled table (it may go on overleaf)


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


# ------------------------------------------------------------------ page frame
class Frame:
    """PDF user space → reading space: x along the page's text direction, y down the lines, in
    points from the page box's corner. Most pages read along +x; a landscape table printed
    turned on a portrait page (or a /Rotate page whose content is drawn turned) reads along ±y."""

    def __init__(self, box: tuple[float, float, float, float], quarter: int):
        left, bottom, right, top = box
        # pdfium's char angle runs clockwise: 0 → +x, 1 → -y, 2 → -x, 3 → +y
        self.d = ((1, 0), (0, -1), (-1, 0), (0, 1))[quarter % 4]
        self.n = (self.d[1], -self.d[0])  # "down the page": the text direction turned clockwise
        corners = [(left, bottom), (left, top), (right, bottom), (right, top)]
        self.ox = min(x * self.d[0] + y * self.d[1] for x, y in corners)
        self.oy = min(x * self.n[0] + y * self.n[1] for x, y in corners)
        self.width = max(x * self.d[0] + y * self.d[1] for x, y in corners) - self.ox
        self.height = max(x * self.n[0] + y * self.n[1] for x, y in corners) - self.oy

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return x * self.d[0] + y * self.d[1] - self.ox, x * self.n[0] + y * self.n[1] - self.oy

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        a, b = self.pt(x0, y0), self.pt(x1, y1)
        return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def _quarter(angle: float) -> int:
    return round(angle / (math.pi / 2)) % 4 if angle >= 0 else 0


# Characters no text layer prints on purpose: controls, private use, replacement characters, and
# the Latin-1 letters that 8-bit codes of a font without a Unicode map come out as.
_GARBLED = re.compile("[\x00-\x1f\x7f-\x9f\u00c0-\u024f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
GARBLED_SHARE = 0.3  # a page with more of its characters garbled than this has no usable text


# FPDFText_GetTextObject returning the object's address as a plain int: the reader asks it for
# every character, and a typed pointer costs a cast and a wrapper object each time
_TEXT_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)


def _clipped(key: int | None, rect, clips: dict) -> bool:
    """Is the character outside the clip path of its text object, printed but not shown? A cell of
    fixed height (Word's "exactly", a header row LibreOffice repeats overleaf) clips the text that
    overflows it; the text layer still holds it, and read as shown it would run into the cell
    below ("和）" of a clipped corner note inside "家秘密"). Only the clip path's bounding box is
    used, so nothing inside an irregular clip is ever dropped."""
    if not key:
        return False
    box = clips.get(key, False)
    if box is False:
        box = clips[key] = _clip_box(ctypes.cast(ctypes.c_void_p(key), raw.FPDF_PAGEOBJECT))
    if box is None:
        return False
    cx, cy = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
    return not (box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1)


def _clip_box(obj) -> tuple[float, float, float, float] | None:
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    xs: list[float] = []
    ys: list[float] = []
    for k in range(raw.FPDFClipPath_CountPaths(clip)):
        for j in range(raw.FPDFClipPath_CountPathSegments(clip, k)):
            if raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, k, j), x, y):
                xs.append(x.value)
                ys.append(y.value)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _chars(textpage, page_box) -> tuple[list[Char], Frame, bool]:
    """The page's characters in reading space, its frame, and whether its text is garbled (fonts
    without a Unicode map: mojibake or private-use code points that only OCR can read)."""
    tp = textpage.raw
    n = textpage.count_chars()
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    found: list[tuple[str, float, float, float, float, int, float, float, float, bool]] = []
    quarters = [0, 0, 0, 0]
    garbled = 0
    spaced = False  # a space character of the text layer (not one pdfium made up) came last
    clips: dict[int, tuple[float, float, float, float] | None] = {}
    tp_address = ctypes.cast(tp, ctypes.c_void_p).value
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        if 0xD800 <= code <= 0xDFFF or code >= 0x110000:
            continue  # half of a surrogate pair (rare outside CJK extension B): dropped
        ch = chr(code)
        if ch in " \t\r\n\u3000\xa0":
            spaced = spaced or ch in " \u3000\xa0"
            continue
        if _GARBLED.match(ch) or raw.FPDFText_HasUnicodeMapError(tp, i) == 1:
            garbled += 1
            continue
        if ch.isspace():
            continue
        # The loose box (advance width × font ascent/descent) keeps "、" and "一" as wide and
        # tall as their neighbours, so gaps and lines are measured on the type, not the ink.
        if not raw.FPDFText_GetLooseCharBox(tp, i, rect):
            continue
        if rect.right <= rect.left or rect.top < rect.bottom:
            continue
        if _clipped(_TEXT_OBJECT(tp_address, i), rect, clips):
            continue
        q = _quarter(raw.FPDFText_GetCharAngle(tp, i))
        quarters[q] += 1
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        found.append((ch, rect.left, rect.bottom, rect.right, rect.top, q, ox.value, oy.value,
                      raw.FPDFText_GetFontSize(tp, i), spaced))
        spaced = False
    total = len(found) + garbled
    is_garbled = total > 0 and garbled > GARBLED_SHARE * total
    page_q = max(range(4), key=lambda q: quarters[q])
    frame = Frame(page_box, page_q)
    out: list[Char] = []
    baselines: list[float] = []
    sizes: list[float] = []
    if page_q == 0:
        # the upright page (nearly every report): the frame only flips y, done inline
        ox0, oy0 = frame.ox, frame.oy
        for ch, l, b, r, t, q, x, y, size, sp in found:
            out.append(Char(ch, l - ox0, -t - oy0, r - ox0, -b - oy0, q, sp))
            baselines.append(-y - oy0)
            sizes.append(size)
    else:
        for ch, l, b, r, t, q, x, y, size, sp in found:
            x0, top, x1, bottom = frame.box(l, b, r, t)
            rel = (q - page_q) % 4
            out.append(Char(ch, x0, top, x1, bottom, rel, sp))
            baselines.append(frame.pt(x, y)[1])
            sizes.append(size)
    _fix_flat_boxes(out, baselines, sizes)
    return out, frame, is_garbled


def _fix_flat_boxes(chars: list[Char], baselines: list[float], sizes: list[float]) -> None:
    """Some producers' fonts give pdfium no ascent/descent for a glyph, and its "loose" box is then
    the ink: a flat "一" or "、" that looks like a gap in the line. Give such characters the
    extent their neighbours of the same size have above and below the baseline."""
    above = sorted((bl - c.top) / s for c, bl, s in zip(chars, baselines, sizes) if c.angle == 0 and s > 0)
    below = sorted((c.bottom - bl) / s for c, bl, s in zip(chars, baselines, sizes) if c.angle == 0 and s > 0)
    if len(above) < 5:
        return
    up, down = above[len(above) // 2], below[len(below) // 2]
    if up + down <= 0:
        return
    for c, bl, s in zip(chars, baselines, sizes):
        if c.angle == 0 and s > 0 and c.bottom - c.top < 0.6 * (up + down) * s:
            c.top, c.bottom = bl - up * s, bl + down * s


# ------------------------------------------------------------------ rulings
def _segments(page, frame: Frame) -> tuple[list[Seg], list[Seg]]:
    """Rulings in reading space (see Frame)."""
    hs: list[Seg] = []
    vs: list[Seg] = []
    x = ctypes.c_float()
    y = ctypes.c_float()
    fill = ctypes.c_int()
    stroke = ctypes.c_int()

    def add_line(p, q):
        (x0, y0), (x1, y1) = p, q
        if abs(y0 - y1) <= 0.5 and abs(x1 - x0) >= MIN_LEN:
            hs.append(Seg((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= 0.5 and abs(y1 - y0) >= MIN_LEN:
            vs.append(Seg((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

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
            pt = frame.pt(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
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
                # a bevelled border (a browser's "outset"/"inset" table border) is a thin
                # trapezoid: filled and thin, it is a ruling whatever its corners look like
                if len(sp) >= 4 and (not stroked or w <= THIN or h <= THIN):
                    if h <= THIN and w >= MIN_LEN:
                        yc = (max(ys_) + min(ys_)) / 2
                        add_line((min(xs_), yc), (max(xs_), yc))
                    elif w <= THIN and h >= MIN_LEN:
                        xc = (max(xs_) + min(xs_)) / 2
                        add_line((xc, min(ys_)), (xc, max(ys_)))
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
    return [_close_open_edges(*g) for g in groups.values() if len(g[0]) + len(g[1]) >= 3 and g[0] and g[1]]


def _close_open_edges(hs: list[Seg], vs: list[Seg]) -> tuple[list[Seg], list[Seg]]:
    """A table whose outer edge is not drawn — no top border on a page a browser broke the table
    at, no left and right borders in the "open sides" style — still ends where its inner
    rulings end: draw the missing edge there."""
    hs, vs = list(hs), list(vs)
    top, bottom = min(h.pos for h in hs), max(h.pos for h in hs)
    left, right = min(v.pos for v in vs), max(v.pos for v in vs)
    above = [v for v in vs if v.a < top - SNAP]
    below = [v for v in vs if v.b > bottom + SNAP]
    before = [h for h in hs if h.a < left - SNAP]
    after = [h for h in hs if h.b > right + SNAP]
    if len(above) >= 2:
        hs.append(Seg(min(v.a for v in above), min(v.pos for v in above), max(v.pos for v in above)))
    if len(below) >= 2:
        hs.append(Seg(max(v.b for v in below), min(v.pos for v in below), max(v.pos for v in below)))
    if len(before) >= 2:
        vs.append(Seg(min(h.a for h in before), min(h.pos for h in before), max(h.pos for h in before)))
    if len(after) >= 2:
        vs.append(Seg(max(h.b for h in after), min(h.pos for h in after), max(h.pos for h in after)))
    return hs, vs


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
    xs = _cluster([v.pos for v in vs], DOUBLE)
    ys = _cluster([h.pos for h in hs], DOUBLE)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return xs, ys, []
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


def _upright(chars: list[Char]) -> list[Char]:
    """A cell's characters turned so they read left to right: a label set at a quarter turn (a
    narrow merged cell with vertical text direction) reads along its own direction."""
    turned = [c for c in chars if c.angle]
    if 2 * len(turned) <= len(chars):
        return chars
    q = max((1, 2, 3), key=lambda k: sum(c.angle == k for c in turned))
    out = []
    for c in chars:
        # rotate the box by -q quarter turns about the origin (y down): the reading order of
        # the turned text becomes +x
        x0, top, x1, bottom = {1: (-c.bottom, c.x0, -c.top, c.x1), 2: (-c.x1, -c.bottom, -c.x0, -c.top),
                               3: (c.top, -c.x1, c.bottom, -c.x0)}[q]
        out.append(Char(c.ch, x0, top, x1, bottom, 0, c.spaced))
    return out


def _cell_text(chars: list[Char]) -> str:
    """Characters of one cell, line by line; wrapped lines joined without a break."""
    return _cell_text_end(chars)[0]


def _cell_text_end(chars: list[Char]) -> tuple[str, float, float]:
    """The cell's text, where its last line ends and that line's type size (0, 0 for turned text):
    a cell cut by a page break goes on overleaf only if its last line was full."""
    upright = _upright(chars)
    lines = _lines(upright)
    out = ""
    for line in lines:
        text = _line_text(line)
        if out and text and not (_CJK.match(out[-1]) or _CJK.match(text[0])
                                 or (_digit_wrap(out, text) and not line[0].spaced)):
            out += " "
        out += text
    if not lines or upright is not chars:
        return out, 0.0, 0.0
    return out, lines[-1][-1].x1, _height(lines[-1])


def _digit_wrap(before: str, after: str) -> bool:
    """A number broken over two lines of one cell too narrow for it ("199" / "9"): digits on both
    sides of the break join without a space (a space there makes the cell no clean number). Only
    lines of one cell's box come here, so numbers of two cells never run together; a break at a
    space the text layer holds ("1 0" wrapped as "1" / "0") is a space, not a wrapped number."""
    return before[-1] in _DIGITS and after[0] in _DIGITS


_DIGITS = frozenset("0123456789")


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into visual lines, top to bottom. A character joins the recent line it
    overlaps most (more than half its height), measured against that line's first character, so
    text set half a line lower (a label centred between two rows) stays a line of its own."""
    lines: list[list[Char]] = []
    anchors: list[Char] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        best, share = -1, 0.5
        for k in range(max(0, len(lines) - 4), len(lines)):
            a = anchors[k]
            overlap = min(a.bottom, ch.bottom) - max(a.top, ch.top)
            ratio = overlap / max(min(a.bottom - a.top, ch.bottom - ch.top), 0.1)
            if ratio > share:
                best, share = k, ratio
        if best >= 0:
            lines[best].append(ch)
        else:
            lines.append([ch])
            anchors.append(ch)
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _height(line: list[Char]) -> float:
    """The line's type size: the median character height (one odd glyph box does not count)."""
    hs = sorted(c.bottom - c.top for c in line)
    return max(hs[len(hs) // 2], 1.0)


def _line_text(line: list[Char]) -> str:
    out = []
    prev = None
    h = _height(line)
    for ch in line:
        gap = ch.x0 - prev.x1 if prev is not None else 0.0
        # a visible gap is a space (spaces were dropped); so is a narrow one where the text layer
        # holds a space between two non-CJK characters: "1 0" is two numbers, never 10
        if prev is not None and (gap > 0.5 * h or (ch.spaced and gap > 0.1 * h and not _CJK.match(prev.ch)
                                                  and not _CJK.match(ch.ch))):
            out.append(" ")
        out.append(ch.ch)
        prev = ch
    return "".join(out)


def _runs(line: list[Char], gutter: float = 1.0) -> list[list[Char]]:
    """Split a line at gaps wider than `gutter` character heights (column gutters)."""
    h = _height(line)
    runs: list[list[Char]] = [[line[0]]]
    for prev, ch in pairwise(line):
        if ch.x0 - prev.x1 > gutter * h:
            runs.append([ch])
        else:
            runs[-1].append(ch)
    return runs


def _is_number(run: list[Char]) -> bool:
    return is_value("".join(c.ch for c in run))


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
        inside: list[int] = []
        for i, ch in enumerate(chars):
            cx, cy = ch.cx, ch.cy
            if not (x0 <= cx <= x1 and top <= cy <= bottom):
                continue
            c = min(bisect.bisect_right(xs, cx) - 1, len(xs) - 2)
            r = min(bisect.bisect_right(ys, cy) - 1, len(ys) - 2)
            k = owner.get((r, c))
            inside.append(i)
            if k is not None:
                members[k].append(ch)
        if _undersegmented(members):
            continue  # rulings that draw only part of the grid: the text decides (below)
        used.update(inside)  # inside the table frame: never prose
        rows: list[list[PCell]] = [[] for _ in range(len(ys) - 1)]
        for (r0, c0, r1, c1), mem in zip(boxes, members):
            text, end, size = _cell_text_end(mem)
            rows[r0].append(PCell(text, xs[c0], ys[r0], xs[c1], ys[r1], r0, r1 - r0, tx1=end, size=size))
        for row in rows:
            row.sort(key=lambda c: c.x0)
        fragments.append(Fragment(page, x0, top, x1, bottom, xs, rows))
    return fragments, used


def _undersegmented(members: list[list[Char]]) -> bool:
    """Do the rulings miss column borders? (Only the frame and row rules drawn, or one ruled
    header over an open body: cells then hold several gutter-separated columns of numbers.)"""
    crowded = 0
    for mem in members:
        if len(mem) < 3 or any(c.angle for c in mem):
            continue
        for line in _lines(mem):
            runs = _runs(line)
            if all(len(r) == 1 and r[0].ch not in _DIGITS for r in runs):
                # one word set out over the cell's width (Word's 两端对齐 / text-justify:
                # inter-ideograph on a wrapped header: "本　　年　　新"), not columns
                continue
            if len(runs) >= 3 or (len(runs) == 2 and all(_is_number(r) for r in runs)):
                crowded += 1
                break
    return crowded >= 2


# ------------------------------------------------------------------ tables without rulings
@dataclass
class _Run:
    chars: list[Char]
    line: int
    number: bool

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1


def _table_regions(lines: list[list[Char]], text_width: float, continuing: bool = False,
                   seeds: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Runs of lines that read as an unruled table: from a line of several gutter-separated runs to
    the last such line, through lines that are close and not full-width prose (wrapped labels, a
    row whose blank cells print nothing, header cells on lines of their own). A region needs
    three lines of several runs, one of them with three or more (a page may hold only the
    header and the first row of a table that goes on overleaf); when `continuing` (the page before
    ended in an unruled table) the lines at the top of the page go on with it, whatever they hold;
    so do lines in `seeds` (the first row under a ruled header whose body is not ruled).
    Returns [start, end) ranges."""
    runs = [len(_runs(l)) for l in lines]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        carry = (i in seeds or (continuing and i == 0)) and not _heading(lines[i])
        if runs[i] < 2 and not carry:
            i += 1
            continue
        start = end = i
        multi, wide = 1, int(runs[i] >= 3)
        j = i + 1
        while j < len(lines):
            h = _height(lines[j - 1])
            gap = min(c.top for c in lines[j]) - max(c.bottom for c in lines[j - 1])
            width = lines[j][-1].x1 - lines[j][0].x0
            if gap > 1.5 * h or (runs[j] == 1 and (width > 0.6 * text_width or _heading(lines[j]))):
                break
            end = j  # a short line close under a row: a row whose blank cells print nothing
            if runs[j] >= 2:
                multi += 1
                wide += runs[j] >= 3
            j += 1
        if carry or (multi >= 3 and wide >= 1):
            # header cells above the first row of several runs: close lines of short runs
            while start > 0:
                prev = lines[start - 1]
                h = _height(prev)
                gap = min(c.top for c in lines[start]) - max(c.bottom for c in prev)
                if (gap > 1.0 * h or prev[-1].x1 - prev[0].x0 > 0.6 * text_width or _heading(prev)
                        or (out and start - 1 < out[-1][1])):
                    break
                start -= 1
            out.append((start, end + 1))
        i = max(end + 1, i + 1)
    return out


def _blank_rows_below(frag: Fragment, hs: list[Seg], tops_after: list[float]) -> None:
    """Rows-only rules (三线表, "rows only" borders) still draw a row whose every cell is blank:
    an empty band between two rules under the table's last line is a row of empty cells (table
    4 of a report with nothing to report, zeros left blank)."""
    if not frag.number_cols or not frag.source:
        return
    width = frag.x1 - frag.x0
    h = _height(frag.source[-1])
    ys = sorted(s.pos for s in hs if s.b - s.a >= 0.6 * width and s.a <= frag.x0 + 0.2 * width
                and s.b >= frag.x1 - 0.2 * width and s.pos >= frag.bottom - 0.2 * h)
    nxt = min(tops_after, default=math.inf)
    for y0, y1 in pairwise(ys[:4]):
        if y1 - y0 < 0.8 * h or y1 > nxt or y1 - frag.bottom > 6 * h:
            break
        row = len(frag.rows)
        frag.rows.append([PCell("", frag.xs[c], y0, frag.xs[c + 1], y1, row, 1) for c in frag.number_cols])
        frag.bottom = y1


def _ruled_head(ruled: list[Fragment], region: list[list[Char]]) -> Fragment | None:
    """The ruled fragment this unruled region goes on from: right above it (within two lines)
    and as wide — a table whose rulings draw only its header, the body left open."""
    top = min(c.top for c in region[0])
    x0 = min(l[0].x0 for l in region)
    x1 = max(l[-1].x1 for l in region)
    h = _height(region[0])
    for f in ruled:
        if 0 <= top - f.bottom <= 2.5 * h and x0 >= f.x0 - 2 * h and x1 <= f.x1 + 2 * h and len(f.xs) >= 3:
            return f
    return None


def _under_ruled_head(ruled: list[Fragment], line: list[Char]) -> bool:
    """Is this line of several runs (or a number) right under a ruled table, inside its width?"""
    if len(_runs(line)) < 2 and not _is_number(line):
        return False
    return _ruled_head(ruled, [line]) is not None


def _heading(line: list[Char]) -> bool:
    """A report section heading ("三、收到和处理政府信息公开申请情况") ends an unruled table."""
    return heading_of(Line([Cell(_line_text(line))])) is not None


def _text_columns(runs: list[_Run], h: float) -> tuple[list[float], set[int]]:
    """Column borders of an unruled table from its text, and the columns that hold numbers."""
    cols: list[list[float]] = []  # [x0, x1] of number columns
    for r in sorted((r for r in runs if r.number), key=lambda r: r.x0):
        if cols and r.x0 <= cols[-1][1] + 0.2 * h:
            cols[-1][1] = max(cols[-1][1], r.x1)
        else:
            cols.append([r.x0, r.x1])
    cols, straddling = _drop_straddling(cols, [r for r in runs if r.number], [r for r in runs if not r.number])
    # the label area ends where the labels of rows that print numbers end (t4 has none); a label
    # wrapped in a tall cell may leave the line of its numbers bare, so lines below the first
    # number that hold nothing but labels count too
    body = {r.line for r in runs if r.number}
    if cols:
        first_line = min(body)
        beyond = {r.line for r in runs if r.x1 > cols[0][0]}
        body |= {r.line for r in runs if r.line > first_line and r.line not in beyond}
    labels = [r.x1 for r in runs if r.line in body and not r.number]
    first_value = min(cols[0][0] if cols else math.inf, max(labels) if labels else -math.inf)
    if not cols and not labels:
        first_value = -math.inf  # nothing but headers (a table left blank): each is a column
    # header cells over no number stand for columns left blank all the way down; the narrowest
    # first, so a header spanning several columns ("行政复议") never makes one of its own
    # (a header over numbers that straddle two columns straddles them too, and is none)
    # (the second line of a wrapped header, "商业企 / 业", beside numbers set flush left in their
    # cells may stand over no number: it goes with the line above, which stands over one column)
    flush_left = _flush_left(cols, [r for r in runs if r.number])
    extra: list[list[float]] = []
    for r in sorted((r for r in runs if not r.number and r.x0 >= first_value - 0.5 * h), key=lambda r: r.x1 - r.x0):
        if _wrapped_header_tail(r, runs, cols, h):
            continue
        if flush_left and _right_of_flush_left(r, cols, h):
            continue
        if not any(r.x0 <= c[1] and c[0] <= r.x1 for c in cols + extra + straddling):
            extra.append([r.x0, r.x1])
    value_cols = sorted(cols + extra)
    # a header wider than its numbers ("社会公益组织" over "12") widens its column
    for r in sorted((r for r in runs if not r.number), key=lambda r: r.x1 - r.x0):
        hit = [c for c in value_cols if r.x0 < c[1] and c[0] < r.x1]
        if len(hit) == 1 and r.x0 >= first_value - 2 * h:
            k = value_cols.index(hit[0])
            lo = value_cols[k - 1][1] if k else -math.inf
            hi = value_cols[k + 1][0] if k + 1 < len(value_cols) else math.inf
            hit[0][0], hit[0][1] = max(min(hit[0][0], r.x0), lo), min(max(hit[0][1], r.x1), hi)
    # the label area: a column wherever labels start (indentation levels)
    label_starts = _cluster([r.x0 for r in runs if not value_cols or r.x1 <= value_cols[0][0]], tol=0.8 * h)
    left = min(r.x0 for r in runs)
    right = max(r.x1 for r in runs)
    edges = [left] + label_starts[1:]
    if value_cols:
        edges.append(value_cols[0][0] - 0.25 * h)
        edges += [(a[1] + b[0]) / 2 for a, b in pairwise(value_cols)]
    edges.append(right + 0.1)
    edges = sorted(set(edges))
    edges = [e for k, e in enumerate(edges) if k == 0 or e - edges[k - 1] > 0.5]
    number_cols = {_col_of(edges, (c[0] + c[1]) / 2) for c in value_cols}

    return edges, number_cols


def _flush_left(cols: list[list[float]], numbers: list[_Run]) -> bool:
    """Are the numbers set flush left in their cells (each column's numbers start at one x and
    end at several)?"""
    left = centred = 0
    for c in cols:
        inside = [r for r in numbers if c[0] <= r.x0 <= c[1]]
        if len({round(r.x1 - r.x0) for r in inside}) < 2:
            continue  # numbers of one width say nothing about the alignment
        x0s = [r.x0 for r in inside]
        mids = [(r.x0 + r.x1) / 2 for r in inside]
        if max(x0s) - min(x0s) <= 0.5:
            left += 1
        elif max(mids) - min(mids) <= 0.5:
            centred += 1
    return left > centred


def _right_of_flush_left(r: _Run, cols: list[list[float]], h: float) -> bool:
    """A header over no number, right of a column of flush-left numbers and short of the next
    column (no room for a blank column between them): the header of that column."""
    starts = [c[0] for c in cols]
    pitch = min((b - a for a, b in pairwise(starts)), default=math.inf)
    k = bisect.bisect_right(starts, (r.x0 + r.x1) / 2) - 1
    if k < 0:
        return False
    nxt = starts[k + 1] if k + 1 < len(starts) else math.inf
    if nxt == math.inf:  # right of the last column: within one column's width of it
        return starts[k] - 0.5 * h <= r.x0 < starts[k] + pitch
    return r.x0 >= starts[k] - 0.5 * h and r.x1 <= nxt and nxt - starts[k] < 1.5 * pitch


def _wrapped_header_tail(r: _Run, runs: list[_Run], cols: list[list[float]], h: float) -> bool:
    """Is `r` the continuation of a header cell right above it (centred under a line at least as
    wide that stands over exactly one column of numbers)?"""
    top = min(c.top for c in r.chars)
    mid = (r.x0 + r.x1) / 2
    for q in runs:
        if q.number or q.line >= r.line or not (q.x0 - 0.1 * h <= mid <= q.x1 + 0.1 * h):
            continue
        if not 0 <= top - max(c.bottom for c in q.chars) <= 0.6 * h or q.x1 - q.x0 < r.x1 - r.x0 - 0.3 * h:
            continue
        if abs((q.x0 + q.x1) / 2 - mid) <= 0.6 * h and sum(q.x0 <= c[1] and c[0] <= q.x1 for c in cols) == 1:
            return True
    return False


def _drop_straddling(cols: list[list[float]], numbers: list[_Run],
                     texts: list[_Run] = ()) -> tuple[list[list[float]], list[list[float]]]:
    """A number centred over two columns (table 2's 2019 blocks: a value cell spanning two of the
    columns above) stands between them, in a "column" that never shares a row with either
    neighbour: it is no column of its own, and spans the two. Not so where a header cell over no
    number stands between it and a neighbour (table 3's "商业 / 企业 · 科研 / 机构 · 社会…" over a body
    of mostly blank cells): columns left blank lie between, so the two are no neighbours to span."""
    def blank_between(a: float, b: float) -> bool:
        return any(a < (t.x0 + t.x1) / 2 < b and not any(t.x0 <= c[1] and c[0] <= t.x1 for c in cols)
                   for t in texts)

    def owner(r: _Run) -> int:
        return next(k for k, c in enumerate(cols) if c[0] <= r.x0 <= c[1])

    rows: dict[int, set[int]] = {}
    for r in numbers:
        rows.setdefault(r.line, set()).add(owner(r))
    keep, dropped = [], []
    for k, c in enumerate(cols):
        if 0 < k < len(cols) - 1:
            alone = all(not ({k - 1, k + 1} & ks) for ks in rows.values() if k in ks)
            prev_mid, next_mid = (cols[k - 1][0] + cols[k - 1][1]) / 2, (cols[k + 1][0] + cols[k + 1][1]) / 2
            between = prev_mid < (c[0] + c[1]) / 2 < next_mid
            others = any(k - 1 in ks and k + 1 in ks for ks in rows.values())
            if alone and between and others and not blank_between(prev_mid, next_mid):
                dropped.append(c)
                continue
        keep.append(c)
    return keep, dropped


def _text_fragment(lines: list[list[Char]], pages: list[int], edges: list[float] | None = None) -> Fragment:
    """An unruled table: rows are its lines; columns are the x-ranges where numbers stand (each
    number column is where its values overlap), widened by header cells that stand over no number
    (a column whose every cell is blank), with the label area split where labels start.
    Every row that prints a number gets an empty cell in each number column it leaves blank, as a
    ruled grid would have. With `edges` (the column borders of a ruled header right above: rulings
    that cover only part of the table), the columns are those."""
    # half a character is a gutter here: dense header cells ("企业 机构") stand that close
    split = [(k, r) for k, line in enumerate(lines) for r in _runs(line, 0.5)]
    # a zero mark ("—", "无", "一") is a number only where numbers stand: in a narrow merged cell,
    # "（四）无法提供" printed a character a line puts a lone "无" among the labels
    digits = [r[0].x0 for _, r in split if _is_number(r) and any(c.ch.isdigit() for c in r)]
    numbers_from = min(digits, default=-math.inf)
    h = sorted(_height(l) for l in lines)[len(lines) // 2]
    runs = [_Run(r, k, _is_number(r) and (r[0].x0 >= numbers_from - 0.5 * h or any(c.ch.isdigit() for c in r)))
            for k, r in split]
    if edges is None:
        edges, number_cols = _text_columns(runs, h)
    else:
        number_cols = {_col_of(edges, (r.x0 + r.x1) / 2) for r in runs if r.number}

    def span(r: _Run) -> tuple[int, int]:
        c0 = _col_of(edges, r.x0 + 0.1)
        return c0, max(c0 + 1, _col_of(edges, r.x1 - 0.1) + 1)

    rows: list[list[PCell]] = [[] for _ in lines]
    for r in runs:
        c0, c1 = span(r)
        rows[r.line].append(PCell(_line_text(r.chars), edges[c0], min(c.top for c in r.chars),
                                  edges[c1], max(c.bottom for c in r.chars), r.line, 1, tx0=r.x0, tx1=r.x1))
    _merge_header_lines(rows, pages, number_cols, edges, h)
    for k, row in enumerate(rows):
        have = {_col_of(edges, (c.x0 + c.x1) / 2) for c in row}
        if not any(c.text.strip() and is_value(c.text) for c in row if _col_of(edges, (c.x0 + c.x1) / 2) in number_cols):
            continue
        top = min(c.top for c in row)
        bottom = max(c.bottom for c in row)
        for col in number_cols - have:
            row.append(PCell("", edges[col], top, edges[col + 1], bottom, k, 1, tx0=edges[col], tx1=edges[col + 1]))
        row.sort(key=lambda c: c.x0)
    if number_cols:  # text lines → the grid's rows (wrapped labels, numbers on a line of their own)
        rows, row_pages = band_rows(rows, pages, edges[min(number_cols)], h)
    else:
        row_pages = list(pages)
    top = min(ch.top for ch in lines[0])
    bottom = max(ch.bottom for ch in lines[-1])
    frag = Fragment(pages[0], edges[0], top, edges[-1], bottom, edges, rows, source=lines,
                    number_cols=sorted(number_cols))
    frag.row_pages = row_pages
    return frag


def _col_of(edges: list[float], x: float) -> int:
    return min(max(bisect.bisect_right(edges, x) - 1, 0), len(edges) - 2)


def _merge_header_lines(rows: list[list[PCell]], pages: list[int], number_cols: set[int], edges, h: float) -> None:
    """A header cell wrapped over several lines ("社会 / 公益 / 组织") is one cell: over the number
    columns, in lines that print no number, a cell directly under a cell of the same columns (a
    line's leading apart, nothing between them) is joined to it."""
    def key(c: PCell) -> tuple[int, int]:
        return _col_of(edges, c.x0 + 0.1), _col_of(edges, c.x1 - 0.1)

    open_: dict[tuple[int, int], tuple[PCell, int]] = {}  # columns → (cell, page)
    for k, row in enumerate(rows):
        if any(is_value(c.text) for c in row):
            open_.clear()
            continue
        for c in list(row):
            kc = key(c)
            above = open_.get(kc)
            if (kc[0] in number_cols and above is not None and above[1] == pages[k]
                    and 0 <= c.top - above[0].bottom <= 0.6 * h):
                above[0].text += c.text
                above[0].bottom = max(above[0].bottom, c.bottom)
                row.remove(c)
                continue
            for other in [o for o in open_ if o[0] <= kc[1] and kc[0] <= o[1]]:
                del open_[other]  # a cell in between closes the one above
            open_[kc] = (c, pages[k])


def _without_underlines(hs: list[Seg], chars: list[Char]) -> list[Seg]:
    """Horizontal strokes that are not rulings: underlines (a page saved from HTML whose cells
    carry <u> or link styling) run through the lower half of the type of the text above them and
    no further than that text. Taken for rulings they cut rows apart and, clustered with the row
    rule below, merge two rows into one."""
    upright = sorted((c for c in chars if c.angle == 0), key=lambda c: c.bottom)
    bottoms = [c.bottom for c in upright]
    out = []
    for s in hs:
        # characters whose lower half the stroke crosses
        k = bisect.bisect_left(bottoms, s.pos - 2.0)  # (0.08 of a 25 pt glyph)
        over = []
        while k < len(upright) and upright[k].bottom < s.pos + 40.0:  # (half a 80 pt glyph)
            c = upright[k]
            h = c.bottom - c.top
            # (an underline sits at the foot of the type, at most a few hundredths of its height
            # below; a ruling under a tight row keeps more room)
            if c.top + 0.5 * h < s.pos < c.bottom + 0.08 * h and c.x1 > s.a and c.x0 < s.b:
                over.append(c)
            k += 1
        if over:
            h = max(c.bottom - c.top for c in over)
            covered = sum(min(c.x1, s.b) - max(c.x0, s.a) for c in over)
            # an underline starts and ends with its text; a ruling that text comes close to
            # runs on past it, from border to border
            if covered >= 0.6 * (s.b - s.a) and abs(s.a - min(c.x0 for c in over)) <= 0.5 * h \
                    and abs(s.b - max(c.x1 for c in over)) <= 0.5 * h:
                continue
        out.append(s)
    return out


# ------------------------------------------------------------------ one page
def _read_page(pdf, index: int, continuing: bool = False) -> PageItems:
    """One page's tables and text lines; `continuing`: the page before ended in an unruled table."""
    page = pdf[index]
    items = PageItems(index + 1)
    try:
        textpage = page.get_textpage()
        try:
            chars, frame, garbled = _chars(textpage, page.get_bbox())
        finally:
            textpage.close()
        items.width = frame.width
        if garbled:
            items.garbled = True
            return items
        items.chars = len(chars)
        if not chars:
            return items
        hs, vs = _segments(page, frame)
        hs = _without_underlines(hs, chars)
        fragments, used = _ruled_fragments(chars, hs, vs, index + 1)
    finally:
        page.close()
    rest = [ch for i, ch in enumerate(chars) if i not in used]
    lines = [line for line in _lines(rest)]
    lines = [line for line in lines if not _margin_page_number(line, frame.height)]
    # Unruled tables (or tables whose rulings draw only part of the grid): regions of lines
    # with several column gutters each.
    prose: list[list[Char]] = []
    at = 0
    carry_on = continuing and not fragments
    ruled = list(fragments)
    under = frozenset(k for k, l in enumerate(lines) if _under_ruled_head(ruled, l))
    for a, b in _table_regions(lines, frame.width - 2 * 0.1 * frame.width, carry_on, under):
        prose.extend(lines[at:a])
        region = lines[a:b]
        head = _ruled_head(ruled, region)
        frag = _text_fragment(region, [index + 1] * (b - a), head.xs if head else None)
        frag.above = head
        _blank_rows_below(frag, hs, [min(c.top for c in l) for l in lines[b:]])
        fragments.append(frag)
        at = b
    prose.extend(lines[at:])
    items.fragments = sorted(fragments, key=lambda f: f.top)
    last = items.fragments[-1] if items.fragments else None
    items.open_table = last is not None and last.source is not None and not any(
        min(c.top for c in l) > last.bottom for l in prose)
    items.lines = [_text_line(line) for line in prose]
    return items


def _margin_page_number(line: list[Char], height: float) -> bool:
    text = "".join(c.ch for c in line)
    top = min(c.top for c in line)
    if not ((top < 0.1 * height or top > 0.88 * height) and _PAGE_NUMBER.match(text) and len(text) <= 12):
        return False
    # "- 3 -", "第3页", "3/12", "第3页 共12页"; a row of numbers low on a page is a table row
    numbers = len(re.findall(r"\d+", _line_text(line)))
    return numbers == 1 or (numbers == 2 and bool(re.search(r"[/共]|of", text, re.IGNORECASE)))


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
    if frag.page != prev.page + 1:
        return False
    if prev.source is not None and frag.source is not None:
        # unruled: edges come from the text, so only ask that the two stand over each other
        overlap = min(prev.x1, frag.x1) - max(prev.x0, frag.x0)
        if overlap < 0.8 * min(prev.x1 - prev.x0, frag.x1 - frag.x0):
            return False
    elif abs(frag.x0 - prev.x0) > 3 or abs(frag.x1 - prev.x1) > 3:
        return False
    if prev_page.fragments[-1] is not prev or page.fragments[0] is not frag:
        return False
    # nothing but the page break between them
    return not any(t > prev.bottom for t, _, _ in prev_page.texts) and not any(
        t < frag.top for t, _, _ in page.texts)


def _join_split_cells(first: Fragment, prev: Fragment, frag: Fragment) -> None:
    """A merged cell cut by the page break reappears, empty, at the top of the next page (under
    the header, when the header rows are repeated there): give its rows back to the cell above
    instead (as a grid with rowspans would have it). A row cut by the page break (Word lets a row
    break across pages) goes on there too: its label's last lines, or its numbers, in a row of
    their own — joined back to the row above."""
    start = _repeated_header_rows(first, frag)
    if start >= len(frag.rows) or not frag.rows[start]:
        return
    reaching = {(c.col, c.colspan): c for row in prev.rows for c in row if abs(c.bottom - prev.bottom) <= SNAP}
    keep = []
    grown = []
    for c in frag.rows[start]:
        above = reaching.get((c.col, c.colspan))
        if above is not None and (c.rowspan > 1 or above.rowspan > 1) and (
                not c.text.strip() or _goes_on(above, c)):
            above.text = _glue(above.text, c.text)  # a merged label's text flows on overleaf
            above.rowspan += c.rowspan
            grown.append(above)
        elif above is None and c.rowspan > 1 and not c.text.strip():
            # the blank rest of a merged cell that began two pages up (its part on the page
            # before was already given back to it): nothing to keep
            continue
        else:
            keep.append(c)
    if any(c.text.strip() and (c.col, c.colspan) not in reaching for c in keep):
        # a header row cut by the break under a spanning cell: 总|自|法人或其他组织 above,
        # 计|然人|商业企业|科研机构… overleaf. The cells that go on (总→计) are one cell with
        # the row below them; the sub-column labels under the spanning cell are a row of their own
        rest = []
        for c in keep:
            above = reaching.get((c.col, c.colspan))
            if above is not None and c.text.strip() and _goes_on(above, c):
                above.text = _glue(above.text, c.text)
                above.rowspan += 1
            else:
                rest.append(c)
        keep = rest
    frag.rows[start] = keep
    if _split_row(keep, reaching):
        for c in keep:
            above = reaching[(c.col, c.colspan)]
            above.text = _glue(above.text, c.text) if above.text.strip() else c.text
        frag.rows[start] = []
        for above in grown:  # the row they went on into is gone: it was the cut row's rest
            above.rowspan -= 1


def _glue(a: str, b: str) -> str:
    if not b.strip():
        return a
    return a + ("" if not a or _CJK.match(a[-1]) or _CJK.match(b[0]) else " ") + b


def _goes_on(above: PCell, c: PCell) -> bool:
    """Is `c`'s text the rest of `above`'s label (a label, not a number or a numbered label of its
    own, under a label whose last line was full)? A label cut right after its opening bracket
    ("（" / "四）无法提供", a group label a character a line) always goes on: no label ends in "（"."""
    if above.text.rstrip().endswith(("（", "(")) and c.text.strip() and not is_value(c.text):
        return True
    return (bool(above.text.strip()) and not is_value(above.text) and not is_value(c.text)
            and not _NUMBERED.match(c.text) and above.size > 0 and above.tx1 + 2.5 * above.size >= above.x1)


_NUMBERED = re.compile(r"^\s*[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]")


def _split_row(cells: list[PCell], reaching: dict) -> bool:
    """Is this first row overleaf the rest of the row the page break cut? Every cell stands under
    a cell of that row; numbers are printed on one side of the break only; and what text goes on
    is the rest of a label whose last line above was full, not a label of its own."""
    if not cells or not any(c.text.strip() for c in cells):
        return False
    went_on = False
    for c in cells:
        above = reaching.get((c.col, c.colspan))
        if above is None or above.rowspan != c.rowspan:
            return False
        if not c.text.strip():
            continue
        if is_value(c.text):
            if above.text.strip():
                return False  # numbers on both sides: two rows
            continue
        if not _goes_on(above, c):
            return False  # the label above ended short of its cell: this one is a label of its own
        went_on = True
    return went_on or not any(is_value(a.text) and a.text.strip() for a in reaching.values())


def _repeated_header_rows(first: Fragment, frag: Fragment) -> int:
    """How many of the table's first rows `frag` (a part overleaf) prints again at its top."""
    if first is frag:
        return 0
    k = 0
    while (k < len(frag.rows) and k < len(first.rows) and frag.rows[k]
           and _same_header_row(frag.rows[k], first.rows[k])):
        k += 1
    return k


def _same_header_row(again: list[PCell], first: list[PCell]) -> bool:
    """A header row printed again overleaf: the same cells, though a cell of fixed height may show
    less of its text there (a long corner note clipped: "…等于第三项加第四项之")."""
    return len(again) == len(first) and all(
        a.text == b.text or (len(a.text) >= 8 and b.text.startswith(a.text)) for a, b in zip(again, first))


def _rebuild_text_group(group: list[Fragment]) -> None:
    """An unruled table over several pages: infer its columns from all its lines at once (the
    header is on the first page only), then give each page its rows back."""
    texts = [f for f in group if f.source is not None]
    lines = [l for f in texts for l in f.source]
    pages = [f.page for f in texts for _ in f.source]
    ruled = next((f for f in group if f.source is None), None)
    joined = _text_fragment(lines, pages, ruled.xs if ruled else None)
    for f in texts:
        f.rows = [row for row, p in zip(joined.rows, joined.row_pages) if p == f.page]
        f.xs = joined.xs


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
                pages.append(_read_page(pdf, i, bool(pages) and pages[-1].open_table))
            except pdfium.PdfiumError as e:
                doc.warnings.append(f"page {i + 1} unreadable: {' '.join(str(e).split())[:120]}")
    finally:
        pdf.close()
    if doc.pages and not pages:
        raise Unreadable("corrupt PDF: no page could be loaded")
    garbled = [p.number for p in pages if p.garbled]
    if not any(p.chars for p in pages):
        doc.warnings.append(NO_TEXT_LAYER)
        if garbled:
            doc.warnings.append(f"{GARBLED}: {', '.join(map(str, garbled))}")
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
    if garbled:
        doc.warnings.append(f"{GARBLED}: {', '.join(map(str, garbled))}")
    # tables continued across pages share one number and one set of column edges
    groups: list[list[Fragment]] = []
    prev_page: PageItems | None = None
    for p in pages:
        for f in p.fragments:
            if f.above is not None and f.above.group >= 0:
                f.group = f.above.group
                groups[f.group].append(f)
            elif (f is p.fragments[0] and prev_page is not None and prev_page.fragments
                    and _continues(prev_page.fragments[-1], f, prev_page, p)):
                groups[prev_page.fragments[-1].group].append(f)
                f.group = prev_page.fragments[-1].group
            else:
                f.group = len(groups)
                groups.append([f])
        prev_page = p
    for g in groups:
        if sum(f.source is not None for f in g) > 1:
            _rebuild_text_group(g)
        _number_columns(g)
        for prev, frag in pairwise(g):
            if frag.page != prev.page:  # a cell cut by a page break, not a ruled head over its body
                _join_split_cells(g[0], prev, frag)
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
