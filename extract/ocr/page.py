"""One page image → its table cells and prose lines, read by tesseract, with confidences.

Cells are read one by one (batched into one tesseract run per pass), never as a page of text:
the grid already says which number stands in which row and column, and a number is never
allowed to drift into its neighbour. Every inked cell is read by the Chinese model (labels); a
cell that looks like a value is read twice more — digits only, and by the Chinese+English model —
and readings.decide keeps one reading with a confidence that says how far they agree. Prose is
read as a page with the tables painted out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from . import clean, crops, tesseract
from .grid import GridCell, Table, find_tables
from .readings import decide, number, sure_label

LABEL_LANG = "chi_sim"  # reads labels best (the mixed model turns "（一）予以公开" into Latin)
DIGITS_LANG = "eng"  # with a digits whitelist: the value reading
MIXED_LANG = "chi_sim+eng"  # a second value reading that still knows 元 and 无
DIGITS_WHITELIST = "0123456789.,-/"
DASH_CONFIDENCE = 0.95
UNSURE_LABEL = 0.6  # a label read with less confidence is read again, bigger
PROSE_SCALE = 0.8  # body text is 14-16 pt: 240 dpi reads as well as 300, with two thirds the pixels


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


def read_page(rgb: np.ndarray, page_no: int) -> PageRead:
    gray, info = prepare(rgb)
    page = PageRead(page_no, width=gray.shape[1], height=gray.shape[0], skew=info["skew"],
                    photographed=info["photographed"], seal_pixels=info["seal_pixels"], scale=info["scale"])
    ink = clean.ink_mask(gray)
    tables, rulings = find_tables(clean.line_ink_mask(gray))
    erase = cv2.dilate(rulings, np.ones((5, 5), np.uint8))
    text_img = gray.copy()
    text_img[erase > 0] = 255
    text_ink = ink.copy()
    text_ink[erase > 0] = 0
    page.tables = [OcrTable(t, [OcrCell(g, box=crops.ink_box(text_ink, g.box) or (0, 0, 0, 0)) for g in t.cells])
                   for t in tables]
    _ocr_cells([c for t in page.tables for c in t.cells], text_img, text_ink)
    page.prose = _read_prose(text_ink, tables)
    return page


# ------------------------------------------------------------------ cells
def _ocr_cells(cells: list[OcrCell], img: np.ndarray, ink: np.ndarray) -> None:
    inked = []
    for c in cells:
        if c.box == (0, 0, 0, 0):
            continue
        if crops.dash_shaped(c.box):
            # tesseract reads a lone dash as 一, 一一, - or nothing, always unsure
            c.text, c.confidence, c.readings = "—", DASH_CONFIDENCE, ("<dash>",)
            continue
        inked.append(c)
    shown = [crops.strip(img, ink, c.box) for c in inked]
    candidates = []
    for c, s, words in zip(inked, shown, tesseract.run(shown, psm=7, lang=LABEL_LANG)):
        c.text, c.confidence = _join(words)
        c.readings = (c.text,)
        if crops.value_shaped(s) and crops.line_count(ink, c.box) == 1 and not sure_label(c.text, c.confidence):
            candidates.append((c, s))
    _reread_unsure_labels([(c, s) for c, s in zip(inked, shown) if c.confidence < UNSURE_LABEL
                           and (c, s) not in candidates])
    values = [s for _, s in candidates]
    digits = [_join(w) for w in tesseract.run(values, psm=7, whitelist=DIGITS_WHITELIST, lang=DIGITS_LANG)]
    mixed = [_join(w) for w in tesseract.run(values, psm=7, lang=MIXED_LANG)]
    # Tesseract's line mode now and then returns nothing for a crop it reads fine as a single
    # word: where one pass found a number and the other nothing, ask the other again that way.
    _again(values, mixed, [i for i, (d, m) in enumerate(zip(digits, mixed)) if number(d[0]) and not number(m[0])],
           lang=MIXED_LANG)
    _again(values, digits, [i for i, (d, m) in enumerate(zip(digits, mixed)) if number(m[0]) and not number(d[0])],
           lang=DIGITS_LANG, whitelist=DIGITS_WHITELIST)
    for (c, _), (t2, c2), (t3, c3) in zip(candidates, digits, mixed):
        c.readings = (c.text, t2, t3)
        c.text, c.confidence = decide(c.text, c.confidence, t2, c2, t3, c3)


def _reread_unsure_labels(unsure: list[tuple[OcrCell, np.ndarray]]) -> None:
    """A label read with little confidence is read again at 1.5× (tesseract's LSTM is sensitive
    to the glyph size; "本年新收" read as "玉年新收" at one size is right at the next) and the
    surer reading kept. The mapper finds rows and tables by these labels."""
    bigger = [cv2.resize(s, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC) for _, s in unsure]
    for (c, _), words in zip(unsure, tesseract.run(bigger, psm=7, lang=LABEL_LANG)):
        text, conf = _join(words)
        c.readings = (*c.readings, text)
        if text and conf > c.confidence:
            c.text, c.confidence = text, conf


def _again(images: list[np.ndarray], readings: list[tuple[str, float]], which: list[int], lang: str,
           whitelist: str | None = None) -> None:
    for i, words in zip(which, tesseract.run([images[i] for i in which], psm=8, lang=lang, whitelist=whitelist)):
        if number(_join(words)[0]):
            readings[i] = _join(words)


def _join(words: list[tesseract.Word]) -> tuple[str, float]:
    """A cell's words as one text (no spaces: "6 5" is the full-width "６５"), and the least
    sure word's confidence."""
    if not words:
        return "", 0.0
    return "".join(w.text for w in words), min(w.conf for w in words) / 100.0


# ------------------------------------------------------------------ prose
def _read_prose(text_ink: np.ndarray, tables: list[Table]) -> list[ProseLine]:
    ink = text_ink.copy()
    for t in tables:
        x0, y0, x1, y1 = t.bbox
        ink[max(y0 - 6, 0) : y1 + 7, max(x0 - 6, 0) : x1 + 7] = 0
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if not any(stats[i][4] >= crops.MIN_INK_AREA for i in range(1, n)):
        return []
    # our own (adaptive) binarization, not tesseract's global one: a photo's light falls off
    # across the page, and a global threshold then loses whole paragraphs
    img = 255 - ink
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
