"""One page image → its table cells and prose lines, read by tesseract, with confidences.

Cells are read one by one (batched into one tesseract run per pass), never as a page of text:
the grid already says which number stands in which row and column, and a number is never
allowed to drift into its neighbour. Two passes read each cell that looks like a value: the
Chinese model, and a digits-only pass (tesseract's character whitelist); a value whose two
readings disagree is kept as the digits pass read it, with a low confidence, so a misread is
flagged rather than silently believed. Prose is read as a page with the tables painted out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..values import parse
from . import clean, tesseract
from .grid import GridCell, Table, find_tables

CELL_PAD = 4  # px inside the rulings that still belong to the ruling (anti-aliasing, skew)
MIN_INK_AREA = 25  # px: smaller specks are scanner dust / JPEG noise, not a printed mark
CROP_MARGIN = 30  # white margin around a crop: tesseract reads badly at the image edge
LABEL_LANG = "chi_sim"  # reads labels best (the mixed model turns "（一）予以公开" into Latin)
DIGITS_LANG = "eng"  # with a digits whitelist: the value reading
MIXED_LANG = "chi_sim+eng"  # a second, independent value reading that still knows 元 and 无
DIGITS_WHITELIST = "0123456789.,-/"
DISAGREE_CONFIDENCE = 0.3  # two readings of a value that disagree
ONE_READING = 0.6  # a value only one pass could read
UNREAD_CONFIDENCE = 0.0  # ink that no pass could read
SURE_LABEL = 0.9
LABEL_CONFIDENCE = 0.5
PROSE_SCALE = 0.8
VALUE_MAX_ASPECT = 8.0  # a value is one line of at most ~8 characters

_CJK = re.compile(r"[\u3400-\u9fff]")
_ZERO_LIKE_CJK = set("元万无一")
_UNIT = re.compile(r"(万元|元)$")


@dataclass
class OcrCell:
    grid: GridCell
    text: str = ""
    confidence: float = 1.0
    box: tuple[int, int, int, int] = (0, 0, 0, 0)
    readings: tuple[str, ...] = ()  # what each pass read (kept for the bench and for debugging)


@dataclass
class OcrTable:
    table: Table
    cells: list[OcrCell]


@dataclass
class ProseLine:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    confidence: float


@dataclass
class PageRead:
    number: int  # 1-based
    tables: list[OcrTable] = field(default_factory=list)
    prose: list[ProseLine] = field(default_factory=list)
    width: int = 0
    height: int = 0
    skew: float = 0.0
    photographed: bool = False
    seal_pixels: int = 0
    scale: float = 1.0  # pixel → 300-dpi pixel factor applied


def prepare(rgb: np.ndarray) -> tuple[np.ndarray, dict]:
    """Flatten, de-seal, gray, size-normalize and deskew one page."""
    flat, photographed = clean.flatten_photo(rgb)
    noseal, red = clean.remove_seal(flat)
    gray, scale = clean.normalize_size(clean.to_gray(noseal))
    angle = clean.skew_angle(gray)
    gray = clean.rotate(gray, angle)
    return gray, {"photographed": photographed, "seal_pixels": red, "scale": scale, "skew": angle}


def read_page(rgb: np.ndarray, number: int) -> PageRead:
    gray, info = prepare(rgb)
    page = PageRead(number, width=gray.shape[1], height=gray.shape[0], skew=info["skew"],
                    photographed=info["photographed"], seal_pixels=info["seal_pixels"], scale=info["scale"])
    ink = clean.ink_mask(gray)
    tables, rulings = find_tables(ink)
    erase = cv2.dilate(rulings, np.ones((5, 5), np.uint8))
    text_img = gray.copy()
    text_img[erase > 0] = 255
    text_ink = ink.copy()
    text_ink[erase > 0] = 0
    page.tables = [_read_table(t, text_img, text_ink) for t in tables]
    _ocr_cells([c for t in page.tables for c in t.cells], text_img, text_ink)
    page.prose = _read_prose(text_img, text_ink, tables)
    return page


# ------------------------------------------------------------------ cells
def _ink_box(ink: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """Bounding box of the printed marks inside a cell (dust ignored), or None for a blank cell."""
    x0, y0, x1, y1 = box
    x0, y0, x1, y1 = x0 + CELL_PAD, y0 + CELL_PAD, x1 - CELL_PAD, y1 - CELL_PAD
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    sub = ink[y0:y1, x0:x1]
    n, _, stats, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    keep = [stats[i] for i in range(1, n) if stats[i][4] >= MIN_INK_AREA]
    if not keep:
        return None
    bx0 = min(s[0] for s in keep)
    by0 = min(s[1] for s in keep)
    bx1 = max(s[0] + s[2] for s in keep)
    by1 = max(s[1] + s[3] for s in keep)
    return x0 + bx0, y0 + by0, x0 + bx1, y0 + by1


def _read_table(table: Table, text_img: np.ndarray, text_ink: np.ndarray) -> OcrTable:
    cells = []
    for g in table.cells:
        ib = _ink_box(text_ink, g.box)
        cells.append(OcrCell(g, box=ib or (0, 0, 0, 0), confidence=1.0, text=""))
    return OcrTable(table, cells)


def _stretch(sub: np.ndarray) -> np.ndarray:
    """A crop binarized on its own (Otsu): black ink on white paper. Tesseract's LSTM reads a grey
    crop unreliably (the same "32" is "2" at one scale and "32" at the next, "（一）予以公开"
    comes out as random characters), a clean black-on-white one reliably."""
    if sub.size == 0:
        return sub
    lo, hi = np.percentile(sub, (1, 99))
    if hi - lo < 30:  # nothing but paper (or nothing but ink)
        return np.full_like(sub, 255) if lo > 128 else sub
    _, out = cv2.threshold(sub, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def _pad(sub: np.ndarray) -> np.ndarray:
    return cv2.copyMakeBorder(sub, CROP_MARGIN, CROP_MARGIN, CROP_MARGIN, CROP_MARGIN, cv2.BORDER_CONSTANT,
                              value=255)


def _crop(img: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return _pad(_stretch(img[max(y0 - 3, 0) : y1 + 3, max(x0 - 3, 0) : x1 + 3]))


def _text_rows(ink: np.ndarray) -> list[tuple[int, int]]:
    """The lines of text in a cell's ink (y ranges), from the horizontal projection. Pieces of
    one character (the two strokes of 二) are merged back into a line of full height."""
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return []
    runs: list[list[int]] = []
    for y in rows:
        if runs and y - runs[-1][1] <= 2:
            runs[-1][1] = int(y)
        else:
            runs.append([int(y), int(y)])
    heights = sorted(b - a + 1 for a, b in runs)
    h = heights[(len(heights) * 3) // 4]
    merged: list[list[int]] = [runs[0]]
    for a, b in runs[1:]:
        pa, pb = merged[-1]
        if a - pb < 0.3 * h and b - pa + 1 <= 1.25 * h:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _strip(img: np.ndarray, ink: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """A cell's text as one line: its lines (a wrapped label, or a vertical label printed a
    character or three per line) cut out and laid side by side, so tesseract reads every cell as
    a single text line, in reading order."""
    x0, y0, x1, y1 = box
    rows = _text_rows(ink[y0:y1, x0:x1])
    if len(rows) <= 1:
        return _crop(img, box)
    pieces = []
    for a, b in rows:
        sub_ink = ink[y0 + a : y0 + b + 1, x0:x1]
        cols = np.flatnonzero(sub_ink.any(axis=0))
        if cols.size == 0:
            continue
        pieces.append(_stretch(img[y0 + a : y0 + b + 1, x0 + cols[0] : x0 + cols[-1] + 1]))
    height = max(p.shape[0] for p in pieces)
    gap = np.full((height, max(12, height // 3)), 255, np.uint8)
    row = []
    for p in pieces:
        pad = height - p.shape[0]
        p = cv2.copyMakeBorder(p, pad // 2, pad - pad // 2, 0, 0, cv2.BORDER_CONSTANT, value=255)
        row += [p, gap]
    return _pad(np.hstack(row[:-1]))


def _join(words: list[tesseract.Word]) -> tuple[str, float]:
    if not words:
        return "", 0.0
    return "".join(w.text for w in words), min(w.conf for w in words) / 100.0


def _looks_numeric(text: str) -> bool:
    return not any(ch not in _ZERO_LIKE_CJK for ch in _CJK.findall(text))


def _value_shaped(strip: np.ndarray) -> bool:
    """A single short line: a number (at most ~8 characters), not a label or a note."""
    h, w = strip.shape[:2]
    h -= 2 * CROP_MARGIN
    w -= 2 * CROP_MARGIN
    return h > 0 and w <= VALUE_MAX_ASPECT * h


def _ocr_cells(cells: list[OcrCell], img: np.ndarray, ink: np.ndarray) -> None:
    inked = [c for c in cells if c.box != (0, 0, 0, 0)]
    strips = [_strip(img, ink, c.box) for c in inked]
    first = tesseract.run(strips, psm=7, lang=LABEL_LANG)
    candidates = []
    for c, strip, words in zip(inked, strips, first):
        c.text, c.confidence = _join(words)
        c.readings = (c.text,)
        if _value_shaped(strip) and len(_text_rows(_ink_crop(ink, c.box))) == 1 \
                and not _sure_label(c.text, c.confidence):
            candidates.append((c, strip))
    shown = [s for _, s in candidates]
    digits = [_join(w) for w in tesseract.run(shown, psm=7, whitelist=DIGITS_WHITELIST, lang=DIGITS_LANG)]
    mixed = [_join(w) for w in tesseract.run(shown, psm=7, lang=MIXED_LANG)]
    # Tesseract's line mode now and then returns nothing for a crop it reads fine as a single
    # word: where one pass found a number and the other nothing, ask the other again that way.
    again_mixed = [i for i, (d, m) in enumerate(zip(digits, mixed)) if _number(d[0]) and not _number(m[0])]
    again_digits = [i for i, (d, m) in enumerate(zip(digits, mixed)) if _number(m[0]) and not _number(d[0])]
    for i, w in zip(again_mixed, tesseract.run([shown[i] for i in again_mixed], psm=8, lang=MIXED_LANG)):
        if _number(_join(w)[0]):
            mixed[i] = _join(w)
    for i, w in zip(again_digits, tesseract.run([shown[i] for i in again_digits], psm=8,
                                                 whitelist=DIGITS_WHITELIST, lang=DIGITS_LANG)):
        if _number(_join(w)[0]):
            digits[i] = _join(w)
    for (c, _), (t2, c2), (t3, c3) in zip(candidates, digits, mixed):
        c.readings = (c.text, t2, t3)
        c.text, c.confidence = decide(c.text, c.confidence, t2, c2, t3, c3)


def _ink_crop(ink: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return ink[y0:y1, x0:x1]


def _cjk(text: str) -> int:
    return sum(1 for ch in _CJK.findall(text) if ch not in _ZERO_LIKE_CJK)


def _sure_label(text: str, conf: float) -> bool:
    """The Chinese model is sure it read words (a digit misread as a character is never this
    sure, nor three characters long)."""
    n = _cjk(text)
    return (n >= 1 and conf >= SURE_LABEL) or (n >= 3 and conf >= LABEL_CONFIDENCE)


def _number(text: str):
    v = parse(text)
    return v if v is not None and any(ch.isdigit() for ch in text) else None


def _digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def decide(t1: str, c1: float, t2: str, c2: float, t3: str, c3: float) -> tuple[str, float]:
    """A value-shaped cell read three times: the Chinese model (t1), the digits-only pass (t2)
    and the Chinese+English model (t3, which reads digits well and still reads 元/万元/无).
    Returns the text to keep and its confidence. Nothing is ever computed or repaired here:
    the kept text is one of the readings.
    - t1 and t3 both read characters (no number): a short label;
    - t2 and t3 read the same number: t3 (units included), the better confidence;
    - a zero mark (—, /, 无) where the digits pass finds no digit: the zero mark;
    - only one of t2/t3 reads a number: that one, capped at ONE_READING (flagged);
    - t2 and t3 read different numbers: the digits reading, at DISAGREE_CONFIDENCE (flagged);
    - no number at all: the Chinese reading when it is a plausible label, else nothing at
      confidence 0 (ink nobody could read)."""
    n2, n3 = _number(t2), _number(t3)
    if _cjk(t3) and n3 is None and _cjk(t1):
        # both models that know Chinese read characters: a short label ("规章"), whatever digits
        # the digits-only pass forced onto it
        return t1, max(c1, c3)
    if n2 is not None and n3 is not None:
        if n2.number == n3.number:
            return t3, max(c2, c3)
        unit = _UNIT.search(t3)
        # "251000元": the digits pass reads the 元 as some digit; the numbers agree up to it
        if unit and _digits_of(t2).startswith(_digits_of(t3)) and len(_digits_of(t3)) >= 2:
            return t3, min(c2, c3)
        return t2 + (unit.group(0) if unit else ""), min(c2, c3, DISAGREE_CONFIDENCE)
    for zero in (t3, t1):
        v = parse(zero)
        if v is not None and v.blank and n2 is None:
            return zero, c3 if zero is t3 else c1
    if n2 is not None or n3 is not None:
        text, conf = (t2, c2) if n2 is not None else (t3, c3)
        return text, min(conf, ONE_READING)
    if t1 and (c1 >= LABEL_CONFIDENCE or _cjk(t1) > 2):
        return t1, c1
    # ink in a value-shaped cell that nobody could read: an empty reading the report flags,
    # never a guess (and never a stray character that would pass for a row label)
    return "", UNREAD_CONFIDENCE


# ------------------------------------------------------------------ prose
def _read_prose(text_img: np.ndarray, text_ink: np.ndarray, tables: list[Table]) -> list[ProseLine]:
    img = text_img.copy()
    ink = text_ink.copy()
    for t in tables:
        x0, y0, x1, y1 = t.bbox
        img[max(y0 - 6, 0) : y1 + 7, max(x0 - 6, 0) : x1 + 7] = 255
        ink[max(y0 - 6, 0) : y1 + 7, max(x0 - 6, 0) : x1 + 7] = 0
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if not any(stats[i][4] >= MIN_INK_AREA for i in range(1, n)):
        return []
    # body text is 14-16 pt: two thirds of 300 dpi is plenty, and a third of the pixels to read
    small = cv2.resize(img, None, fx=PROSE_SCALE, fy=PROSE_SCALE, interpolation=cv2.INTER_AREA)
    (words,) = tesseract.run([small], psm=3)
    for w in words:
        w.left, w.top = int(w.left / PROSE_SCALE), int(w.top / PROSE_SCALE)
        w.width, w.height = int(w.width / PROSE_SCALE), int(w.height / PROSE_SCALE)
    lines: dict[tuple[int, int, int], list[tesseract.Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    out = []
    for ws in lines.values():
        text = _join_prose(ws)
        if not text.strip():
            continue
        box = (min(w.left for w in ws), min(w.top for w in ws), max(w.left + w.width for w in ws),
               max(w.top + w.height for w in ws))
        out.append(ProseLine(text, box, sum(w.conf for w in ws) / len(ws) / 100.0))
    out.sort(key=lambda l: (l.box[1], l.box[0]))
    return out


def _join_prose(words: list[tesseract.Word]) -> str:
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w.text[0].isascii() and w.text[0].isalnum():
            out += " "
        out += w.text
    return out
