"""Scans → Document by OCR: an image attachment (JPEG, PNG, TIFF, …; one page per frame), or a
PDF whose pages are pictures with no text layer (`ocr_pdf`, called when the PDF reader finds no
text). The Document has ocr=True and every cell carries tesseract's confidence (0..1); nothing
here guesses a number: an unreadable scan gives a Document with no lines and a warning.
"""
from __future__ import annotations

from ..document import Document
from ..ocr import LOW_CONFIDENCE, ocr_images
from ..ocr.raster import image_pages, pdf_pages, split_tall


def read(data: bytes) -> Document:
    """An image file: every frame is a page, and a long image of stacked pages is cut into pages."""
    return ocr_images(piece for frame in image_pages(data) for piece in split_tall(frame))


def ocr_pdf(data: bytes) -> Document:
    """A PDF without a text layer: every page rendered at 300 dpi and read by OCR."""
    doc = ocr_images(pdf_pages(data))
    doc.kind = "pdf"
    return doc


def low_confidence_warnings(report: dict, threshold: float = LOW_CONFIDENCE) -> list[str]:
    """`low confidence: <code>` for every fact of an OCR report whose cell was read with less
    than `threshold` confidence (the report's provenance carries each cell's confidence)."""
    out = []
    for code, prov in report.get("provenance", {}).items():
        conf = prov.get("confidence")
        if conf is not None and conf < threshold:
            out.append(f"low confidence: {code}")
    return out
