"""Pages as pixels: a scanned PDF's pages rendered by pdfium, or the frames of an image file
(JPEG, PNG, a multi-page TIFF), as RGB arrays at about 300 dpi.

Bounds: at most MAX_PAGES pages and MAX_PIXELS pixels per page (a decompression bomb is refused
before it is decoded in full).
"""
from __future__ import annotations

import io
import itertools
import warnings
from collections.abc import Iterator

import numpy as np

from ..errors import Unreadable
from ..limits import check_deadline

DPI = 300
MAX_PAGES = 60
MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 Mpx
A4_WIDTH_300 = 2480  # px of an A4 page's short side at 300 dpi


def pdf_page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as e:  # noqa: BLE001 - pdfium raises PdfiumError (and others) on corrupt files
        raise Unreadable(f"corrupt PDF: {' '.join(str(e).split())[:200]}") from None
    try:
        return len(pdf)
    finally:
        pdf.close()


def pdf_pages(data: bytes, dpi: int = DPI) -> Iterator[np.ndarray]:
    """Each page of a PDF rendered at `dpi` as an RGB array."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as e:  # noqa: BLE001 - pdfium raises PdfiumError (and others) on corrupt files
        raise Unreadable(f"corrupt PDF: {' '.join(str(e).split())[:200]}") from None
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise Unreadable(f"scanned PDF has {n} pages, over the {MAX_PAGES}-page OCR limit")
        for i in range(n):
            check_deadline()
            page = pdf[i]
            w, h = page.get_size()
            scale = dpi / 72
            if w * h * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (w * h)) ** 0.5
            img = page.render(scale=scale).to_pil().convert("RGB")
            page.close()
            yield np.asarray(img)
    finally:
        pdf.close()


def image_pages(data: bytes) -> Iterator[np.ndarray]:
    """Each frame of an image file as an RGB array (EXIF rotation applied)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            im.size  # noqa: B018 - forces the header to be read
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise Unreadable(f"unreadable image: {' '.join(str(e).split())[:200]}") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Unreadable(f"image is over the {MAX_PIXELS // 1_000_000} Mpx limit") from None
    frames = getattr(im, "n_frames", 1)
    if frames > MAX_PAGES:
        raise Unreadable(f"image has {frames} frames, over the {MAX_PAGES}-page OCR limit")
    for i in range(frames):
        check_deadline()
        try:
            im.seek(i)
            frame = ImageOps.exif_transpose(im).convert("RGB")
        except (OSError, ValueError, SyntaxError) as e:
            raise Unreadable(f"truncated or corrupt image: {' '.join(str(e).split())[:200]}") from None
        yield np.asarray(frame)


def split_tall(rgb: np.ndarray) -> list[np.ndarray]:
    """A long image of several pages stacked (as reports are posted on social media) cut into
    page-sized pieces at blank bands, so each piece is deskewed on its own (stitched scans each
    have their own slant). A page-shaped image is returned whole."""
    import cv2

    h, w = rgb.shape[:2]
    page_h = int(w * 1.414)
    if h <= 1.6 * page_h:
        return [rgb]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 51, 18)
    blank = ink.sum(axis=1) < 255 * max(2, w // 500)  # rows with (almost) no ink
    cuts = [0]
    while h - cuts[-1] > 1.6 * page_h:
        lo, hi = cuts[-1] + int(0.6 * page_h), min(h - 1, cuts[-1] + int(2.0 * page_h))
        target = cuts[-1] + page_h
        rows = np.flatnonzero(blank[lo:hi]) + lo
        cut = int(rows[np.argmin(np.abs(rows - target))]) if rows.size else target
        cuts.append(cut)
    cuts.append(h)
    return [rgb[a:b] for a, b in itertools.pairwise(cuts) if b - a > 0.1 * w]
