"""Page clean-up before any line or character is looked for: flatten a photographed page, drop
the red official seal, straighten the page and bring it to ~300 dpi.

Order matters: the seal is removed while colour is still there; deskewing uses the ink of text
and rulings together (a projection profile is sharpest when rows of ink are horizontal).
"""
from __future__ import annotations

import cv2
import numpy as np

TARGET_SHORT_SIDE = 2480  # an A4 page at 300 dpi
MAX_SKEW = 6.0  # degrees; a worse page is re-scanned, not deskewed

# OpenCV hue runs 0..180; red wraps around 0.
_RED_LOW = ((0, 60, 80), (12, 255, 255))
_RED_HIGH = ((160, 60, 80), (180, 255, 255))


def remove_seal(rgb: np.ndarray) -> tuple[np.ndarray, int]:
    """Whiten red ink (the round 公章 and its text): returns the image and the number of pixels
    removed. Black text under the seal stays: it is dark, and red is only looked for in
    saturated, bright pixels."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    mask = cv2.inRange(hsv, _RED_LOW[0], _RED_LOW[1]) | cv2.inRange(hsv, _RED_HIGH[0], _RED_HIGH[1])
    n = int(cv2.countNonZero(mask))
    if n == 0:
        return rgb, 0
    # JPEG smears colour over 8x8 blocks: take the seal's pale fringe too, but never a dark pixel
    # (black print and rulings under the red ink stay)
    # print under the red ink stays: multiplied by red it keeps a low red channel, which the
    # seal's own ink (and its pale JPEG fringe) never has
    dark = rgb[..., 0] < 150
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    mask[dark] = 0
    out = rgb.copy()
    out[mask > 0] = 255
    return out, n


def to_gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def _order_corners(pts: np.ndarray) -> np.ndarray:
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def flatten_photo(rgb: np.ndarray) -> tuple[np.ndarray, bool]:
    """A photographed page (paper on a darker desk, seen at an angle) warped to a flat,
    upright rectangle. A flat scan (the page fills the frame) is returned unchanged."""
    h, w = rgb.shape[:2]
    f = 1000 / max(h, w)
    small = cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), (max(1, int(w * f)), max(1, int(h * f))),
                       interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return rgb, False
    page = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(page)
    sh, sw = small.shape
    if area < 0.2 * sh * sw or area > 0.97 * sh * sw:
        return rgb, False
    quad = cv2.approxPolyDP(page, 0.02 * cv2.arcLength(page, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return rgb, False
    corners = _order_corners(quad.reshape(4, 2).astype(np.float32) / f)
    # a quad hugging the frame on every side is a flat scan with a dark border
    margin = 0.01 * max(h, w)
    if (corners[:, 0].min() < margin and corners[:, 1].min() < margin
            and corners[:, 0].max() > w - margin and corners[:, 1].max() > h - margin):
        return rgb, False
    tl, tr, br, bl = corners
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    ratio = height / max(width, 1)
    if abs(ratio - 2 ** 0.5) < 0.2:  # an A4 sheet seen at an angle: restore its true proportions
        ratio = 2 ** 0.5
    out_w = TARGET_SHORT_SIDE if ratio >= 1 else int(TARGET_SHORT_SIDE / ratio)
    out_h = int(out_w * ratio)
    dst = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(corners, dst)
    flat = cv2.warpPerspective(rgb, m, (out_w, out_h), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
    return flat, True


def normalize_size(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Scale a page so its short side is ~2480 px (A4 at 300 dpi): tesseract reads best at
    ~30 px character height, and every pixel threshold below assumes 300 dpi."""
    h, w = gray.shape[:2]
    f = TARGET_SHORT_SIDE / min(h, w)
    f = min(max(f, 0.4), 3.0)
    if abs(f - 1) < 0.04:
        return gray, 1.0
    interp = cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA
    return cv2.resize(gray, (round(w * f), round(h * f)), interpolation=interp), f


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark strokes (text, rulings) as 255 on 0. Adaptive, so uneven lighting of a photo and the
    grey cast of a scan do not matter."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 51, 18)


def line_ink_mask(gray: np.ndarray) -> np.ndarray:
    """A more sensitive threshold for finding rulings: a 1 px line of a 150-200 dpi scan, blurred
    over two pixels at half contrast, must survive. (The speckle this lets through is far shorter
    than any ruling and is opened away.)"""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 31, 8)


def _profile_score(ink_small: np.ndarray, angle: float) -> float:
    h, w = ink_small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(ink_small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rot.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(gray: np.ndarray) -> float:
    """The page's rotation in degrees (counter-clockwise positive, as cv2 rotates), found where
    the horizontal projection of the ink is sharpest: rows of text and rulings line up."""
    ink = ink_mask(gray)
    h, w = ink.shape
    f = 900 / max(h, w)
    small = cv2.resize(ink, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    if cv2.countNonZero(small) < 50:
        return 0.0
    small = (small > 64).astype(np.float32)
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, 0.5), key=lambda a: _profile_score(small, a))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-6, 0.05)
    return float(max(fine, key=lambda a: _profile_score(small, a)))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
