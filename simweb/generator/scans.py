"""A report as a scan: what an agency uploads when it prints the signed, stamped report and puts
the scanner's (or a phone's) output online.

Pages are rendered from the generator's own PDF with pdfium at 150–300 dpi, then made to look
scanned: paper tone, a slight rotation, sensor noise, JPEG artefacts; with `seal`, the red round
official seal (公章) is stamped across part of a statistical table; with `photo`, each page is a
phone photograph of the sheet lying on a desk: perspective, uneven light, a blurred edge.

    render_scan(spec, "scan_pdf", "seal", random.Random(7))   # image-only PDF, no text layer
    render_scan(spec, "jpg", "flat", rng)                      # one long image, pages stacked
    render_scan_pages(spec, "jpg", "photo", rng)               # one photo per page

Formats: scan_pdf · jpg · png · tiff (multi-page). Variants: flat · rotated · seal · photo.
Everything is drawn from `rng`, so a (spec, fmt, variant, seed) renders the same bytes again.
The truth of a scan is the spec's truth: scanning changes pixels, never a number.
"""
from __future__ import annotations

import io
import math
import random
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SCAN_FORMATS = ("scan_pdf", "jpg", "png", "tiff")
VARIANTS = ("flat", "rotated", "seal", "photo")
SEAL_RED = (214, 32, 38)
_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def _pdf_of(spec) -> bytes:
    from . import render

    return render(spec, "pdf")


def _raster(pdf: bytes, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    for index in range(10):  # the .ttc holds JP, KR, SC, TC, HK faces: take the simplified-Chinese one
        try:
            f = ImageFont.truetype(_FONT, size, index=index)
        except OSError:
            break
        if "SC" in f.getname()[0]:
            return f
    return ImageFont.truetype(_FONT, size)


# ------------------------------------------------------------------ seal
def _seal(agency: str, diameter: int, rng: random.Random) -> Image.Image:
    """The round official seal as an RGBA stamp: a ring, the agency's name along the upper arc,
    a five-pointed star, uneven ink."""
    s = diameter
    im = Image.new("L", (s, s), 0)
    d = ImageDraw.Draw(im)
    ring = max(4, s // 28)
    d.ellipse((ring // 2, ring // 2, s - ring // 2, s - ring // 2), outline=255, width=ring)
    c = s / 2
    # star
    r_out, r_in = s * 0.17, s * 0.17 * 0.382
    pts = []
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(pts, fill=255)
    # the name along the arc, each character rotated to face the centre
    text = agency[:16]
    size = max(10, int(s * 0.11))
    font = _font(size)
    radius = s / 2 - ring - size * 0.75
    span = min(250.0, 18.0 * len(text) + 20)
    for i, ch in enumerate(text):
        ang = -90 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 3), ch, fill=255, font=font)
        glyph = glyph.rotate(-(ang + 90), resample=Image.BICUBIC)
        gx = c + radius * math.cos(math.radians(ang)) - size
        gy = c + radius * math.sin(math.radians(ang)) - size
        im.paste(255, (int(gx), int(gy)), glyph)
    # ink is never even: multiply by blotchy noise
    nrng = np.random.default_rng(rng.randrange(2**32))
    blot = nrng.uniform(0.55, 1.0, (max(2, s // 24), max(2, s // 24))).astype(np.float32)
    blot = np.asarray(Image.fromarray((blot * 255).astype(np.uint8)).resize((s, s), Image.BICUBIC), np.float32) / 255
    alpha = (np.asarray(im, np.float32) * blot).clip(0, 255).astype(np.uint8)
    stamp = Image.new("RGBA", (s, s), SEAL_RED + (0,))
    stamp.putalpha(Image.fromarray(alpha).filter(ImageFilter.GaussianBlur(0.8)))
    return stamp.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)


def _stamp(page: Image.Image, stamp: Image.Image, center: tuple[int, int]) -> Image.Image:
    """Red ink over the page, multiplied (black print under the seal stays black)."""
    w, h = stamp.size
    x, y = center[0] - w // 2, center[1] - h // 2
    base = np.asarray(page, np.float32)
    tile = Image.new("RGB", page.size, (255, 255, 255))
    tile.paste(stamp.convert("RGB"), (x, y), stamp)
    layer = np.asarray(tile, np.float32)
    return Image.fromarray((base * layer / 255).clip(0, 255).astype(np.uint8))


def _ruling_rows(page: Image.Image) -> list[int]:
    """y of the horizontal table rulings of a clean rendered page (rows mostly dark)."""
    g = np.asarray(page.convert("L")) < 128
    w = g.shape[1]
    return [int(y) for y in np.nonzero(g.sum(axis=1) > 0.45 * w)[0]]


def _seal_target(pages: list[Image.Image], rng: random.Random) -> tuple[int, tuple[int, int]] | None:
    """(page index, centre) for a seal over part of a table: a page with the most rulings, centred
    on one of its ruled rows, towards the right where the numbers are."""
    best = max(range(len(pages)), key=lambda i: len(_ruling_rows(pages[i])))
    rows = _ruling_rows(pages[best])
    if not rows:
        return None
    w, _ = pages[best].size
    y = rng.choice(rows[len(rows) // 3 :] or rows)
    return best, (int(w * rng.uniform(0.55, 0.8)), y)


# ------------------------------------------------------------------ scanner / camera
def _paper(page: Image.Image, rng: random.Random) -> Image.Image:
    tone = rng.randint(232, 250)
    a = np.asarray(page, np.float32)
    a = a * (tone / 255.0)
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def _noise(page: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    nrng = np.random.default_rng(rng.randrange(2**32))
    a = np.asarray(page, np.float32)
    a = a + nrng.normal(0, sigma, a.shape[:2])[..., None]
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def _jpeg(page: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _rotate(page: Image.Image, degrees: float, fill: tuple[int, int, int]) -> Image.Image:
    return page.rotate(degrees, resample=Image.BICUBIC, expand=False, fillcolor=fill)


def _scanned(page: Image.Image, rng: random.Random, degrees: float) -> Image.Image:
    page = _paper(page, rng)
    if rng.random() < 0.5:
        page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    page = _rotate(page, degrees, (rng.randint(235, 250),) * 3)
    page = _noise(page, rng, rng.uniform(2.0, 6.0))
    return _jpeg(page, rng.randint(55, 85))


def _photographed(page: Image.Image, rng: random.Random) -> Image.Image:
    """The page on a desk, shot by a phone from slightly off-axis."""
    import cv2

    pw, ph = page.size
    W, H = int(pw * rng.uniform(1.15, 1.3)), int(ph * rng.uniform(1.1, 1.2))
    nrng = np.random.default_rng(rng.randrange(2**32))
    desk = np.empty((H, W, 3), np.float32)
    base = np.array([rng.randint(60, 120), rng.randint(50, 100), rng.randint(40, 80)], np.float32)
    grad = np.linspace(0.8, 1.15, W, dtype=np.float32)[None, :, None]
    desk[...] = base * grad
    desk += nrng.normal(0, 6, (H, W, 1))
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    cx, cy = (W - pw) / 2, (H - ph) / 2
    j = lambda s: rng.uniform(-s, s)
    dst = np.array([[cx + j(0.05) * pw, cy + j(0.04) * ph], [cx + pw + j(0.05) * pw, cy + j(0.04) * ph],
                    [cx + pw + j(0.04) * pw, cy + ph + j(0.03) * ph], [cx + j(0.04) * pw, cy + ph + j(0.03) * ph]],
                   np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    paper = np.asarray(_paper(page, rng), np.float32)
    warped = cv2.warpPerspective(paper, m, (W, H), flags=cv2.INTER_LINEAR, borderValue=0)
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (W, H), flags=cv2.INTER_LINEAR)[..., None]
    out = warped * mask + desk * (1 - mask)
    # light falls off towards one corner; the phone's sensor adds grain
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    lx, ly = rng.uniform(0, W), rng.uniform(0, H)
    dist = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / math.hypot(W, H)
    out *= (1.0 - rng.uniform(0.15, 0.3) * dist)[..., None]
    out += nrng.normal(0, 4, (H, W, 1))
    img = Image.fromarray(out.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    return _jpeg(img, rng.randint(70, 88))


def scan_pages(spec, variant: str = "flat", rng: random.Random | None = None, dpi: int | None = None,
               pdf: bytes | None = None) -> list[Image.Image]:
    """The report's pages as scanned images (PIL, RGB). `pdf`: the spec's PDF if already rendered."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown scan variant {variant!r}; variants: {', '.join(VARIANTS)}")
    rng = rng or random.Random(0)
    dpi = dpi or rng.choice((150, 200, 200, 300, 300))
    pages = _raster(pdf if pdf is not None else _pdf_of(spec), dpi)
    if variant == "seal":
        target = _seal_target(pages, rng)
        if target is not None:
            i, center = target
            stamp = _seal(spec.agency, int(dpi * 42 / 25.4), rng)  # a 42 mm 公章
            pages[i] = _stamp(pages[i], stamp, center)
    out = []
    for page in pages:
        if variant == "photo":
            out.append(_photographed(page, rng))
        else:
            big = variant == "rotated"
            degrees = rng.choice((-1, 1)) * (rng.uniform(1.5, 3.5) if big else rng.uniform(0.1, 0.8))
            out.append(_scanned(page, rng, degrees))
    return out


def _encode(img: Image.Image, fmt: str, rng: random.Random) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpg":
        img.save(buf, "JPEG", quality=rng.randint(75, 90))
    elif fmt == "png":
        img.convert("L").save(buf, "PNG", optimize=False)
    else:
        raise ValueError(f"not an image format: {fmt!r}")
    return buf.getvalue()


def render_scan_pages(spec, fmt: str = "jpg", variant: str = "flat", rng: random.Random | None = None,
                      dpi: int | None = None, pdf: bytes | None = None) -> list[bytes]:
    """One image file per page (how many sites attach a scanned report)."""
    rng = rng or random.Random(0)
    return [_encode(p, fmt, rng) for p in scan_pages(spec, variant, rng, dpi, pdf)]


def render_scan(spec, fmt: str = "scan_pdf", variant: str = "flat", rng: random.Random | None = None,
                dpi: int | None = None, pdf: bytes | None = None) -> bytes:
    """The whole report as one scanned file: an image-only PDF (scan_pdf), a multi-page TIFF, or
    one long JPEG/PNG with the pages stacked (as reports are posted on social media)."""
    if fmt not in SCAN_FORMATS:
        raise ValueError(f"unknown scan format {fmt!r}; formats: {', '.join(SCAN_FORMATS)}")
    if fmt in ("jpg", "png") and variant == "photo":
        raise ValueError("a photographed report is one image per page: use render_scan_pages")
    rng = rng or random.Random(0)
    dpi = dpi or rng.choice((150, 200, 200, 300, 300))
    pages = scan_pages(spec, variant, rng, dpi, pdf)
    buf = io.BytesIO()
    if fmt == "scan_pdf":
        # PIL writes each page as a JPEG image XObject: a PDF with no text layer at all
        pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
        return buf.getvalue()
    if fmt == "tiff":  # a colour scan (the seal stays red), lossless
        pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate",
                      dpi=(dpi, dpi))
        return buf.getvalue()
    width = max(p.width for p in pages)
    gap = dpi // 10
    tall = Image.new("RGB", (width, sum(p.height for p in pages) + gap * (len(pages) - 1)), (200, 200, 200))
    y = 0
    for p in pages:
        tall.paste(p, (0, y))
        y += p.height + gap
    return _encode(tall, fmt, rng)


# ------------------------------------------------------------------ unreadable inputs
def blank_scan(rng: random.Random | None = None, fmt: str = "jpg", dpi: int = 200) -> bytes:
    """A scanned blank sheet: paper tone, noise, a little dust."""
    rng = rng or random.Random(0)
    page = Image.new("RGB", (int(8.27 * dpi), int(11.69 * dpi)), (255, 255, 255))
    d = ImageDraw.Draw(page)
    for _ in range(rng.randint(3, 12)):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        d.ellipse((x, y, x + 2, y + 2), fill=(90, 90, 90))
    page = _scanned(page, rng, rng.uniform(-0.5, 0.5))
    if fmt == "scan_pdf":
        buf = io.BytesIO()
        page.save(buf, "PDF", resolution=float(dpi))
        return buf.getvalue()
    return _encode(page, fmt, rng)


def unrelated_photo(rng: random.Random | None = None, fmt: str = "jpg", size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A photo of something else (a building at dusk, say): gradients and shapes, no text."""
    rng = rng or random.Random(0)
    w, h = size
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    sky = np.array([rng.randint(40, 120), rng.randint(80, 160), rng.randint(150, 230)], np.float32)
    ground = np.array([rng.randint(50, 110), rng.randint(60, 120), rng.randint(30, 70)], np.float32)
    img = sky * (1 - yy) + ground * yy
    img = np.broadcast_to(img, (h, w, 3)).copy()
    pil = Image.fromarray(img.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    for _ in range(rng.randint(5, 12)):  # buildings and trees
        x0 = rng.randrange(w)
        bw, bh = rng.randint(60, 300), rng.randint(100, int(h * 0.7))
        col = tuple(rng.randint(60, 200) for _ in range(3))
        if rng.random() < 0.5:
            d.rectangle((x0, h - bh, x0 + bw, h), fill=col)
        else:
            d.ellipse((x0, h - bh, x0 + bw, h - bh + bw), fill=col)
    pil = _noise(pil.filter(ImageFilter.GaussianBlur(1.2)), rng, 5)
    return _encode(pil, fmt, rng)
