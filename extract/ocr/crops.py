"""What tesseract is shown of a cell: its ink found (dust ignored), cropped, binarized, padded,
and a multi-line label laid out as one line.

Tesseract's LSTM reads a grey crop erratically (the same "32" is "2" at one scale and "32" at the
next; "（一）予以公开" comes out as random Latin letters) and a clean black-on-white crop with a
generous white margin reliably, so every crop is binarized on its own (Otsu) and padded.
"""
from __future__ import annotations

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x0, y0, x1, y1

CELL_PAD = 4  # px inside the rulings that still belong to the ruling (anti-aliasing, skew)
MIN_INK_AREA = 25  # px: smaller specks are scanner dust / JPEG noise, not a printed mark
MARGIN = 30  # white margin around a crop: tesseract reads badly at the image edge
VALUE_MAX_ASPECT = 8.0  # a value is one line of at most ~8 characters
DASH_MAX_HEIGHT = 14  # px at 300 dpi: a dash's stroke (a digit is ~25-45 px tall)


def ink_box(ink: np.ndarray, box: Box) -> Box | None:
    """Bounding box of the printed marks inside a cell, or None for a blank cell."""
    x0, y0, x1, y1 = box
    x0, y0, x1, y1 = x0 + CELL_PAD, y0 + CELL_PAD, x1 - CELL_PAD, y1 - CELL_PAD
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink[y0:y1, x0:x1], connectivity=8)
    keep = [stats[i] for i in range(1, n) if stats[i][4] >= MIN_INK_AREA]
    if not keep:
        return None
    return (x0 + min(s[0] for s in keep), y0 + min(s[1] for s in keep),
            x0 + max(s[0] + s[2] for s in keep), y0 + max(s[1] + s[3] for s in keep))


def binarize(sub: np.ndarray) -> np.ndarray:
    """Black ink on white paper, thresholded on the crop alone (Otsu)."""
    if sub.size == 0:
        return sub
    lo, hi = np.percentile(sub, (1, 99))
    if hi - lo < 30:  # nothing but paper (or nothing but ink)
        return np.full_like(sub, 255) if lo > 128 else sub
    _, out = cv2.threshold(sub, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def pad(sub: np.ndarray) -> np.ndarray:
    return cv2.copyMakeBorder(sub, MARGIN, MARGIN, MARGIN, MARGIN, cv2.BORDER_CONSTANT, value=255)


def crop(img: np.ndarray, box: Box) -> np.ndarray:
    x0, y0, x1, y1 = box
    return pad(binarize(img[max(y0 - 3, 0) : y1 + 3, max(x0 - 3, 0) : x1 + 3]))


def text_rows(ink: np.ndarray) -> list[tuple[int, int]]:
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


def line_count(ink: np.ndarray, box: Box) -> int:
    x0, y0, x1, y1 = box
    return len(text_rows(ink[y0:y1, x0:x1]))


def strip(img: np.ndarray, ink: np.ndarray, box: Box) -> np.ndarray:
    """A cell's text as one line: its lines (a wrapped label, or a vertical label printed a
    character or three per line) cut out and laid side by side, so tesseract reads every cell as
    a single text line, in reading order."""
    x0, y0, x1, y1 = box
    rows = text_rows(ink[y0:y1, x0:x1])
    if len(rows) <= 1:
        return crop(img, box)
    pieces = []
    for a, b in rows:
        cols = np.flatnonzero(ink[y0 + a : y0 + b + 1, x0:x1].any(axis=0))
        if cols.size:
            pieces.append(binarize(img[y0 + a : y0 + b + 1, x0 + cols[0] : x0 + cols[-1] + 1]))
    height = max(p.shape[0] for p in pieces)
    gap = np.full((height, max(12, height // 3)), 255, np.uint8)
    row = []
    for p in pieces:
        extra = height - p.shape[0]
        row += [cv2.copyMakeBorder(p, extra // 2, extra - extra // 2, 0, 0, cv2.BORDER_CONSTANT, value=255), gap]
    return pad(np.hstack(row[:-1]))


def value_shaped(shown: np.ndarray) -> bool:
    """A single short line (a number has at most ~8 characters), not a label or a note."""
    h, w = shown.shape[:2]
    h, w = h - 2 * MARGIN, w - 2 * MARGIN
    return h > 0 and w <= VALUE_MAX_ASPECT * h


def dash_shaped(box: Box) -> bool:
    """A lone thin horizontal stroke: the dash printed for a zero (—, -). No digit looks like it."""
    x0, y0, x1, y1 = box
    h, w = y1 - y0, x1 - x0
    return h <= DASH_MAX_HEIGHT and w >= 2.5 * max(h, 1)
