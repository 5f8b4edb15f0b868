"""OCR of scanned reports: page images → the Document of lines and cells the mapper reads.

raster (PDF pages / image frames → RGB) → clean (flatten a photo, remove the red seal, deskew,
~300 dpi) → grid (ruling lines → tables of merged cells) → page (tesseract per cell, Chinese and
digits-only passes, confidences; prose with the tables painted out) → assemble (reading order,
paragraphs, tables continued across pages). See docs/ocr.md.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..document import Document
from ..limits import check_deadline
from .assemble import to_document
from .page import PageRead, read_page

# A value cell read with less confidence than this is flagged "low confidence: <code>".
LOW_CONFIDENCE = 0.80


def ocr_images(pages: Iterable[np.ndarray]) -> Document:
    reads: list[PageRead] = []
    for i, rgb in enumerate(pages, start=1):
        check_deadline()
        reads.append(read_page(rgb, i))
    return to_document(reads)
