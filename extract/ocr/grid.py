"""Tables of a page image found from their ruling lines, as grids of (merged) cells.

1. Morphological opening of the ink with a long, thin kernel keeps only horizontal (resp.
   vertical) runs longer than any character stroke: candidate rulings. Pieces of one ruling
   broken by a short gap (a seal's ring, a scanner dropout) are joined.
2. A vertical ruling runs from one horizontal ruling to another (it touches or crosses both; the
   part beyond is trimmed); a horizontal one meets at least two verticals. Long strokes of big
   title characters or a "——" in prose meet nothing and drop out. Rulings that meet form a table.
3. The table's column boundaries are the clustered x of its verticals, the row boundaries the
   clustered y of its horizontals (plus the table's outer extent, so a table cut by a page break
   with no closing rule still closes). A column boundary ruled only in isolated rows, each time
   running through text, is a character's stroke (十 in a tight bold row) and is dropped.
4. Neighbouring grid slots with no ruling between them belong to one merged cell; each merged cell
   becomes (row, col, rowspan, colspan) and its pixel box.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

# Pixel sizes at 300 dpi (pages are normalized to it).
H_MIN = 90  # shortest horizontal ruling piece (a CJK character is ~45 px wide at 10.5 pt)
V_MIN = 40  # shortest vertical ruling piece (one table row is >= 55 px)
TOUCH = 6  # how close a ruling must come to another ruling to meet it
END_TOUCH = 3  # a vertical ruling runs into the horizontal one (a character's stroke stops short)
MERGE_TOL = 10  # rulings closer than this are one boundary
GAP = 30  # px: a ruling broken for less than this is still one ruling
MIN_TABLE_WIDTH = 400  # px; strokes of a few big characters that happen to meet are not a table
MIN_TABLE_HEIGHT = 50


@dataclass
class Segment:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 between the rulings


@dataclass
class Table:
    xs: list[int]  # column boundaries (x of the vertical rulings)
    ys: list[int]  # row boundaries
    cells: list[GridCell] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _segments(mask: np.ndarray) -> list[Segment]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        out.append(Segment(int(x), int(y), int(x + w - 1), int(y + h - 1)))
    return out


def _chain(segs: list[Segment], vertical: bool, gap: int = GAP) -> list[Segment]:
    """Join collinear pieces of one ruling broken by a short gap (a seal's ring crossing it,
    a scanner's dropout)."""
    out: list[Segment] = []
    for s in sorted(segs, key=lambda s: ((s.xc if vertical else s.yc), (s.y0 if vertical else s.x0))):
        for o in reversed(out[-6:]):
            if vertical and abs(o.xc - s.xc) <= 3 and 0 <= s.y0 - o.y1 <= gap:
                o.y1, o.x0, o.x1 = s.y1, min(o.x0, s.x0), max(o.x1, s.x1)
                break
            if not vertical and abs(o.yc - s.yc) <= 3 and 0 <= s.x0 - o.x1 <= gap:
                o.x1, o.y0, o.y1 = s.x1, min(o.y0, s.y0), max(o.y1, s.y1)
                break
        else:
            out.append(Segment(s.x0, s.y0, s.x1, s.y1))
    return out


def line_masks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) candidate rulings of an ink mask."""
    # bridge the 1-2 px breaks a noisy scan leaves in a ruling (not the gaps between characters)
    h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (H_MIN, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, V_MIN)))
    return h, v


def _between_rulings(v: Segment, hsegs: list[Segment]) -> Segment | None:
    """The part of vertical v that runs from one horizontal ruling to another (it touches or
    crosses both), or None. A ruling runs into the horizontal ones it meets; a character's stroke
    stops short of them. Trimming also drops the stroke of a character that touches a ruling and
    continues it into the next row."""
    met = [h for h in hsegs if h.x0 - END_TOUCH <= v.xc <= h.x1 + END_TOUCH
           and h.y0 - END_TOUCH <= v.y1 and v.y0 <= h.y1 + END_TOUCH]
    if len(met) < 2:
        return None
    top, bottom = min(h.y0 for h in met), max(h.y1 for h in met)
    return Segment(v.x0, max(v.y0, top), v.x1, min(v.y1, bottom))


def _ends_on(v: Segment, hsegs: list[Segment], top: bool) -> bool:
    """Does vertical v start (top) or end on a horizontal ruling?"""
    y = v.y0 if top else v.y1
    return any(h.x0 - END_TOUCH <= v.xc <= h.x1 + END_TOUCH and h.y0 - END_TOUCH <= y <= h.y1 + END_TOUCH
               for h in hsegs)


def _meets(hs: Segment, vs: Segment, tol: int = TOUCH) -> bool:
    return (hs.x0 - tol <= vs.xc <= hs.x1 + tol) and (vs.y0 - tol <= hs.yc <= vs.y1 + tol)


def _cluster(values: list[float], tol: int = MERGE_TOL) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(g) / len(g)) for g in out]


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def find_tables(ink: np.ndarray) -> tuple[list[Table], np.ndarray]:
    """The ruled tables of a page (top to bottom) and a mask of their rulings (to erase them
    before OCR)."""
    hmask, vmask = line_masks(ink)
    hsegs = _chain([s for s in _segments(hmask) if s.x1 - s.x0 >= H_MIN], vertical=False)
    vall = _chain([s for s in _segments(vmask) if s.y1 - s.y0 >= V_MIN], vertical=True)
    # A vertical ruling runs from one horizontal ruling to another: both its ends lie on one.
    # (A character's stroke, even in a tight row, stops short of the rulings.)
    vsegs = [t for t in (_between_rulings(v, hsegs) for v in vall) if t is not None]
    hsegs = [h for h in hsegs if sum(_meets(h, v) for v in vsegs) >= 2]
    rulings = np.zeros_like(ink)
    if not hsegs or not vsegs:
        return [], rulings
    segs = hsegs + vsegs
    parent = list(range(len(segs)))
    for i, h in enumerate(hsegs):
        for j, v in enumerate(vsegs):
            if _meets(h, v):
                parent[_find(parent, i)] = _find(parent, len(hsegs) + j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segs)):
        groups.setdefault(_find(parent, i), []).append(i)
    tables = []
    for members in groups.values():
        hh = [segs[i] for i in members if i < len(hsegs)]
        vv = [segs[i] for i in members if i >= len(hsegs)]
        if len(hh) < 2 or len(vv) < 2:
            continue
        x0, x1 = min(s.x0 for s in hh), max(s.x1 for s in hh)
        top, bottom = min(s.yc for s in hh), max(s.yc for s in hh)
        # A table cut by a page break leaves a merged cell open at the cut: its verticals start
        # on a ruling and run past the last (or first) one.
        for v in vall:
            if not (x0 - TOUCH <= v.xc <= x1 + TOUCH) or any(abs(v.xc - w.xc) <= 3 and w.y0 <= v.y1 and v.y0 <= w.y1
                                                          for w in vv):
                continue
            open_below = v.y1 > bottom + TOUCH and _ends_on(v, hh, top=True)
            open_above = v.y0 < top - TOUCH and _ends_on(v, hh, top=False)
            if open_below or open_above:
                vv.append(v)
        width = x1 - x0
        height = max(s.y1 for s in vv) - min(s.y0 for s in vv)
        # a table has at least two rulings running (most of) its width
        if width < MIN_TABLE_WIDTH or height < MIN_TABLE_HEIGHT or \
                sum(s.x1 - s.x0 >= 0.6 * width for s in hh) < 2:
            continue
        hdrawn, vdrawn = np.zeros_like(ink), np.zeros_like(ink)
        for s in hh:
            hdrawn[s.y0 : s.y1 + 1, s.x0 : s.x1 + 1] = 255
        for s in vv:
            vdrawn[s.y0 : s.y1 + 1, s.x0 : s.x1 + 1] = 255
        t = _grid(hh, vv, hdrawn, vdrawn, ink)
        if t is None:
            continue
        tables.append(t)
        # erase only what the grid kept as rulings: a character stroke that passed for one (and
        # was dropped as a boundary) stays part of its character
        for s in vv:
            if any(abs(s.xc - x) <= MERGE_TOL for x in t.xs):
                rulings[s.y0 : s.y1 + 1, s.x0 : s.x1 + 1] |= vmask[s.y0 : s.y1 + 1, s.x0 : s.x1 + 1]
        for s in hh:
            rulings[s.y0 : s.y1 + 1, s.x0 : s.x1 + 1] |= hmask[s.y0 : s.y1 + 1, s.x0 : s.x1 + 1]
    tables.sort(key=lambda t: t.ys[0])
    return tables, rulings


def _grid(hh: list[Segment], vv: list[Segment], hmask: np.ndarray, vmask: np.ndarray,
          ink: np.ndarray) -> Table | None:
    left = min(min(s.x0 for s in hh), min(s.xc for s in vv))
    right = max(max(s.x1 for s in hh), max(s.xc for s in vv))
    top = min(min(s.yc for s in hh), min(s.y0 for s in vv))
    bottom = max(max(s.yc for s in hh), max(s.y1 for s in vv))
    xs = _cluster([s.xc for s in vv] + [left, right])
    ys = _cluster([s.yc for s in hh] + [top, bottom])
    if len(xs) < 2 or len(ys) < 2:
        return None
    return _grid_at(xs, ys, hmask, vmask, ink)


def _ruled(mask: np.ndarray, vertical: bool, at: int, a: int, b: int) -> bool:
    """Is the boundary at `at` between `a` and `b` drawn? (Half of its middle has ruling ink
    near it; the ends touch the crossing rulings and prove nothing.)"""
    lo, hi = a + (b - a) // 5, b - (b - a) // 5
    if hi <= lo:
        return True
    # the band is as wide as the clustering tolerance: a ruling a scan left slightly slanted sits
    # a few px off its boundary's mean position in some rows (the mask holds rulings only)
    t = MERGE_TOL
    band = mask[lo:hi, max(at - t, 0) : at + t + 1] if vertical else mask[max(at - t, 0) : at + t + 1, lo:hi]
    covered = band.any(axis=1 if vertical else 0)
    return covered.mean() >= 0.5


def _inside_text(ink: np.ndarray, x: int, y0: int, y1: int) -> bool:
    """Ink on both sides of x (within a character's width) in a quarter of the row's lines."""
    rows = ink[y0 + 5 : y1 - 4]
    if rows.shape[0] <= 0:
        return False
    left = rows[:, max(x - 25, 0) : max(x - 4, 0)].any(axis=1)
    right = rows[:, x + 5 : x + 26].any(axis=1)
    return bool((left & right).mean() >= 0.25)


def _grid_at(xs: list[int], ys: list[int], hmask: np.ndarray, vmask: np.ndarray, ink: np.ndarray) -> Table:
    nr, nc = len(ys) - 1, len(xs) - 1
    vruled = [[_ruled(vmask, True, xs[c + 1], ys[r], ys[r + 1]) for c in range(nc - 1)] for r in range(nr)]
    # The vertical stroke of a character (十 in a tight, bold heading row) can touch both rulings
    # of its row and pass for a ruling. Such a boundary is ruled in isolated rows only, and in
    # each of them it runs through text: ink close on both sides. A real ruling that separates
    # cells in one row only (a group label's last row continued on a new page) has padding.
    keep = [any(vruled[r][c] and vruled[r + 1][c] for r in range(nr - 1))
            or not all(_inside_text(ink, xs[c + 1], ys[r], ys[r + 1]) for r in range(nr) if vruled[r][c])
            for c in range(nc - 1)]
    if not all(keep):
        return _grid_at([xs[0]] + [x for x, k in zip(xs[1:-1], keep) if k] + [xs[-1]], ys, hmask, vmask, ink)
    parent = list(range(nr * nc))
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not vruled[r][c]:
                parent[_find(parent, r * nc + c)] = _find(parent, r * nc + c + 1)
            if r + 1 < nr and not _ruled(hmask, False, ys[r + 1], xs[c], xs[c + 1]):
                parent[_find(parent, r * nc + c)] = _find(parent, (r + 1) * nc + c)
    spans: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            root = _find(parent, r * nc + c)
            if root not in spans:
                spans[root] = [r, c, r, c]
            else:
                s = spans[root]
                s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
    cells = [GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
             for r0, c0, r1, c1 in spans.values()]
    cells.sort(key=lambda g: (g.row, g.col))
    return Table(xs, ys, cells)
