"""Other producers of the same reports: the generator's specs printed the ways real agencies'
files are made, so the readers are not fitted to one producer (python-docx → LibreOffice).

- Chromium print-to-PDF of the generated HTML (borders become filled rectangles and paths);
- reportlab drawing the tables itself, with four border habits (thin filled rectangles like
  Word's "Save as PDF", one rectangle outline per cell, only horizontal rules (三线表), no rules
  at all), embedded TrueType or non-embedded Adobe CID fonts (STSong-Light), text placed line by
  line or character by character, portrait, landscape or /Rotate 90 pages;
- LibreOffice from the HTML and from ODT (the DOCX with other table borders, re-saved as ODT);
- a PDF whose fonts lost their ToUnicode maps, and one whose text is private-use code points
  (mojibake to any text extractor: only OCR can read them);
- CMS HTML (Word paste with MsoNormalTable/<o:p>/mso- styles, <th>, split <tbody>, <colgroup>,
  values in one-cell nested tables, GBK with a lying meta, a table that is a picture);
- WPS-like DOCX (values in nested one-cell tables, bare vMerge, gridBefore/gridAfter, tables in
  content controls, hidden rows).

Everything here is real: fontTools, reportlab, Playwright's Chromium, soffice.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from simweb.generator.office import soffice_binary

NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


# ------------------------------------------------------------------ fonts
def cjk_ttf(chars: str, private_use: bool = False, ps_name: str | None = None) -> bytes:
    """A TrueType subset of Noto Sans CJK SC holding `chars` (named `ps_name` when given).

    reportlab embeds TrueType outlines only, and Noto CJK ships CFF outlines, so the subset's
    cubic outlines are converted to quadratic glyf outlines (fontTools' cu2qu). With
    `private_use`, the font maps U+E000… (in the order of `chars`) to the glyphs instead of the
    real code points: text drawn with it looks right and extracts as private-use characters."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(NOTO_SANS_CJK, fontNumber=2)  # 2 = Noto Sans CJK SC in the collection
    if ps_name:
        for rec in font["name"].names:
            if rec.nameID in (1, 3, 4, 6, 16):  # family, unique id, full and PostScript names
                rec.string = ps_name
    opts = Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    sub = Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    if private_use:
        best = font.getBestCmap()
        pua = {0xE000 + i: best[ord(ch)] for i, ch in enumerate(dict.fromkeys(chars)) if ord(ch) in best}
        pua[0x20] = best.get(0x20, ".notdef")
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap = dict(pua)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def to_private_use(text: str, chars: str) -> str:
    index = {ch: i for i, ch in enumerate(dict.fromkeys(chars))}
    return "".join(" " if ch == " " else chr(0xE000 + index[ch]) for ch in text)


# ------------------------------------------------------------------ reportlab
RULES = ("filled", "cell_rects", "stroked", "three_line", "frame_rows", "header_only", "none")


@dataclass
class PrintStyle:
    rules: str = "filled"  # filled | cell_rects | stroked | three_line | frame_rows | header_only | none
    font: str = "ttf"  # ttf (embedded subset) | cid (STSong-Light, not embedded) | pua
    char_by_char: bool = False  # one text object per character, with extra letter spacing
    landscape: bool = False  # landscape pages
    rotate: int = 0  # /Rotate of every page; the content is drawn turned so it displays upright
    blank_zeros: bool = False  # zeros of tables 3 and 4 as empty cells (the generator's switch)
    turned_labels: bool = False  # tall merged labels set turned a quarter (Word's vertical text)
    body_pt: float = 12.0


class _Printer:
    """Lays a report's blocks (simweb.generator.outline) out on pages with reportlab."""

    MARGIN = 56.0
    PAD = 2.5

    def __init__(self, ps: PrintStyle, font_name: str, chars: str):
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.pdfgen import canvas

        self.ps = ps
        self.font = font_name
        self.chars = chars
        self.buf = io.BytesIO()
        size = landscape(A4) if ps.landscape else A4
        self.w, self.h = size
        # A /Rotate 90 page is stored portrait-for-landscape: the media box is the display turned.
        media = (self.h, self.w) if ps.rotate in (90, 270) else (self.w, self.h)
        self.c = canvas.Canvas(self.buf, pagesize=media, pageCompression=1)
        self.y = self.h - self.MARGIN
        self.page_started = False
        self._begin_page()

    # -- pages
    def _begin_page(self):
        c = self.c
        if self.ps.rotate:
            c.setPageRotation(self.ps.rotate)
            # draw in display coordinates: undo the viewer's clockwise turn
            if self.ps.rotate == 90:
                c.translate(self.h, 0)
                c.rotate(90)
            elif self.ps.rotate == 270:
                c.translate(0, self.w)
                c.rotate(-90)
            elif self.ps.rotate == 180:
                c.translate(self.w, self.h)
                c.rotate(180)
        self.y = self.h - self.MARGIN

    def new_page(self):
        self.c.showPage()
        self._begin_page()

    @property
    def left(self) -> float:
        return self.MARGIN

    @property
    def width(self) -> float:
        return self.w - 2 * self.MARGIN

    # -- text
    def text_width(self, text: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        extra = 1.0 * len(text) if self.ps.char_by_char else 0.0
        return stringWidth(self._t(text), self.font, size) + extra

    def _t(self, text: str) -> str:
        return to_private_use(text, self.chars) if self.ps.font == "pua" else text

    def draw(self, x: float, y: float, text: str, size: float):
        c = self.c
        c.setFont(self.font, size)
        if not self.ps.char_by_char:
            c.drawString(x, y, self._t(text))
            return
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for ch in text:  # one text object per character, 1 pt of letter spacing
            c.drawString(x, y, self._t(ch))
            x += stringWidth(self._t(ch), self.font, size) + 1.0

    def wrap(self, text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
        lines: list[str] = []
        for part in text.split("\n"):
            cur = ""
            room = width - indent
            for ch in part:
                if cur and self.text_width(cur + ch, size) > room:
                    lines.append(cur)
                    cur, room = ch, width
                else:
                    cur += ch
            lines.append(cur)
        return lines

    def paragraph(self, text: str, kind: str):
        size = {"title": 18.0}.get(kind, self.ps.body_pt)
        lead = size * 1.5
        indent = 2 * size if kind == "para" else 0.0
        lines = self.wrap(text, self.width, size, indent)
        for i, line in enumerate(lines):
            if self.y - lead < self.MARGIN:
                self.new_page()
            self.y -= lead
            tw = self.text_width(line, size)
            if kind == "title":
                x = self.left + (self.width - tw) / 2
            elif kind == "sign":
                x = self.left + self.width - tw
            else:
                x = self.left + (indent if i == 0 else 0.0)
            self.draw(x, self.y + 0.25 * size, line, size)

    # -- tables
    def table(self, grid):
        grid.place()
        size = min(grid_font(grid), 10.5)
        lead = size * 1.25
        total = sum(grid.widths)
        if grid.widths_cm:
            scale = min(1.0, self.width / (total * 28.3465)) * 28.3465
        else:
            scale = self.width / total
        widths = [w * scale for w in grid.widths]
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + w)
        n = len(grid.rows)
        texts: dict[tuple[int, int], list[str]] = {}
        heights = [0.0] * n
        for r, row in enumerate(grid.rows):
            for cell in row:
                w = xs[cell.col + cell.colspan] - xs[cell.col] - 2 * self.PAD
                lines = self.wrap(cell.text, max(w, size), size) if cell.text else []
                texts[(r, cell.col)] = lines
                if cell.rowspan == 1:
                    heights[r] = max(heights[r], len(lines) * lead + 2 * self.PAD, lead + 2 * self.PAD)
        for r in range(n):
            heights[r] = heights[r] or lead + 2 * self.PAD
        for r, row in enumerate(grid.rows):
            for cell in row:
                need = len(texts[(r, cell.col)]) * lead + 2 * self.PAD
                have = sum(heights[r:r + cell.rowspan])
                if need > have:
                    heights[r + cell.rowspan - 1] += need - have
        # paginate: rows go where they fit; a merged cell is drawn in pieces, its text in the first
        row_page: list[tuple[int, float]] = []  # (page index, top y) per row
        page = 0
        y = self.y - 6
        keep = sum(heights[:grid.header_rows + 1])  # the header stays with the first row
        for r in range(n):
            need = keep if r == 0 else heights[r]
            if y - need < self.MARGIN and not 0 < r <= grid.header_rows:
                page += 1
                y = self.h - self.MARGIN
            row_page.append((page, y))
            y -= heights[r]
        pages = sorted({p for p, _ in row_page})
        for p in pages:
            if p:  # page 0 is the current one; every later one is a new page
                self.new_page()
            rows_here = [r for r in range(n) if row_page[r][0] == p]
            top = row_page[rows_here[0]][1]
            bottom = row_page[rows_here[-1]][1] - heights[rows_here[-1]]
            boxes = []
            for r, row in enumerate(grid.rows):
                for cell in row:
                    span = [rr for rr in range(r, r + cell.rowspan) if row_page[rr][0] == p]
                    if not span:
                        continue
                    y0 = row_page[span[0]][1]
                    y1 = row_page[span[-1]][1] - heights[span[-1]]
                    x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
                    if self.ps.rules != "header_only" or r < grid.header_rows:
                        boxes.append((x0, y1, x1, y0))
                    lines = self.portion(texts[(r, cell.col)], r, cell.rowspan, row_page, heights, p, lead)
                    if lines and cell.vertical and self.ps.turned_labels:
                        self.turned(cell.text, x0, x1, y0, y1, size)
                        continue
                    block = len(lines) * lead
                    # centred in the part on this page; from its top when that part is too short
                    ty = (y0 + y1) / 2 + block / 2 if block + 2 * self.PAD <= y0 - y1 else y0 - self.PAD
                    for line in lines:
                        ty -= lead
                        tw = self.text_width(line, size)
                        if cell.kind == "label" and not cell.vertical:
                            tx = x0 + self.PAD
                        else:
                            tx = (x0 + x1 - tw) / 2
                        self.draw(tx, ty + 0.28 * lead, line, size)
            self.rules(boxes, xs[0], xs[-1], top, bottom,
                       header_bottom=row_page[grid.header_rows - 1][1] - heights[grid.header_rows - 1]
                       if grid.header_rows and row_page[grid.header_rows - 1][0] == p else None)
            self.y = bottom
        self.y -= 6

    def portion(self, lines, r, rowspan, row_page, heights, page, lead):
        """The lines of a cell's text that print in its part on `page`: a merged cell cut by a
        page break fills its first part and goes on in the next, as a word processor does."""
        parts = []
        for p in sorted({row_page[rr][0] for rr in range(r, r + rowspan)}):
            span = [rr for rr in range(r, r + rowspan) if row_page[rr][0] == p]
            room = row_page[span[0]][1] - row_page[span[-1]][1] + heights[span[-1]]
            parts.append((p, max(1, int((room - 2 * self.PAD) / lead))))
        out, at = {}, 0
        for k, (p, fits) in enumerate(parts):
            take = len(lines) - at if k == len(parts) - 1 else min(fits, len(lines) - at)
            out[p] = lines[at:at + take]
            at += take
        return out.get(page, [])

    def turned(self, text: str, x0: float, x1: float, y0: float, y1: float, size: float):
        """A label set a quarter turn clockwise, reading top to bottom, centred in its cell."""
        c = self.c
        c.saveState()
        length = self.text_width(text, size)
        # centred in the part of the cell on this page; from its top when that part is short
        start = (y0 + y1) / 2 + length / 2 if length + 2 * self.PAD <= y0 - y1 else y0 - self.PAD
        c.translate((x0 + x1) / 2 + 0.35 * size, start)
        c.rotate(-90)
        self.draw(0, 0, text, size)
        c.restoreState()

    def rules(self, boxes, x0, x1, top, bottom, header_bottom):
        c = self.c
        c.setLineWidth(0.5)
        rule = self.ps.rules
        if rule == "none":
            return
        if rule == "frame_rows":  # an outer frame and a rule under every row, no column borders
            c.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)
            for y in sorted({b[1] for b in boxes} | {b[3] for b in boxes}):
                c.line(x0, y, x1, y)
            return
        if rule == "three_line":
            c.setLineWidth(1.0)
            c.line(x0, top, x1, top)
            c.line(x0, bottom, x1, bottom)
            if header_bottom is not None:
                c.setLineWidth(0.5)
                c.line(x0, header_bottom, x1, header_bottom)
            return
        for bx0, by0, bx1, by1 in boxes:
            if rule in ("cell_rects", "header_only"):
                c.rect(bx0, by0, bx1 - bx0, by1 - by0, stroke=1, fill=0)
            elif rule == "stroked":  # four separate strokes per cell, as WPS prints borders
                for a, b in (((bx0, by1), (bx1, by1)), ((bx0, by0), (bx1, by0)),
                             ((bx0, by0), (bx0, by1)), ((bx1, by0), (bx1, by1))):
                    c.line(*a, *b)
            else:  # thin filled rectangles, as Word's "Save as PDF" draws borders
                t = 0.48
                c.rect(bx0 - t / 2, by1 - t / 2, bx1 - bx0 + t, t, stroke=0, fill=1)
                c.rect(bx0 - t / 2, by0 - t / 2, t, by1 - by0 + t, stroke=0, fill=1)
                c.rect(bx0 - t / 2, by0 - t / 2, bx1 - bx0 + t, t, stroke=0, fill=1)
                c.rect(bx1 - t / 2, by0 - t / 2, t, by1 - by0 + t, stroke=0, fill=1)

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def grid_font(grid) -> float:
    return 10.5 if grid.key != "t4" else 9.0


def spec_chars(specs) -> str:
    """Every character the specs print (for one font subset shared by all documents)."""
    seen: set[str] = set()
    for spec in specs:
        for block in spec.blocks():
            if block.grid is not None:
                seen.update(ch for row in block.grid.rows for c in row for ch in c.text)
            seen.update(block.text)
    for s in specs:
        seen.update(print_spec(s, PrintStyle(blank_zeros=True)).title)
    return "".join(sorted(seen - {"\n"})) + "0123456789 "


def print_spec(spec, ps: PrintStyle):
    return replace(spec, style=replace(spec.style, blank_zeros=True)) if ps.blank_zeros else spec


_REGISTERED: dict[tuple[str, bool], str] = {}


def register_cjk(chars: str, private_use: bool = False) -> str:
    """Register with reportlab (once per process and character set) a subset of Noto Sans CJK SC
    holding `chars`; returns its reportlab font name. Every reportlab producer of the tests gets
    its fonts here: reportlab keeps one font per PostScript name (`pdfmetrics.registerFont` maps a
    new name to the font first registered under the same face name, and ignores a name registered
    again), so each subset is named after its own characters — otherwise whichever test module
    ran first decides which glyphs the others' PDFs hold."""
    key = (chars, private_use)
    if key not in _REGISTERED:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        digest = hashlib.sha1(chars.encode("utf-8")).hexdigest()[:12]
        name = f"OgiCJK{'PUA' if private_use else ''}-{digest}"
        path = Path(tempfile.mkdtemp(prefix="ogi-fonts-")) / f"{name}.ttf"
        path.write_bytes(cjk_ttf(chars, private_use=private_use, ps_name=name))
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _REGISTERED[key] = name
    return _REGISTERED[key]


class Fonts:
    """The fonts of the reportlab producer: an embedded subset, the same glyphs under private-use
    code points, and Adobe's non-embedded STSong-Light."""

    def __init__(self, chars: str):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        self.chars = chars
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built in: one font whatever the caller
        self.names = {"ttf": register_cjk(chars), "pua": register_cjk(chars, private_use=True),
                      "cid": "STSong-Light"}


def reportlab_pdf(spec, ps: PrintStyle, fonts: Fonts) -> bytes:
    spec = print_spec(spec, ps)
    p = _Printer(ps, fonts.names[ps.font], fonts.chars)
    for block in spec.blocks():
        if block.kind == "table":
            p.table(block.grid)
        else:
            p.paragraph(block.text, block.kind)
    return p.finish()


_TOUNICODE = re.compile(rb"/ToUnicode\s+\d+\s+\d+\s+R")


def strip_tounicode(pdf: bytes) -> bytes:
    """The same PDF with every font's ToUnicode reference blanked out (same length, so the
    cross-reference offsets stay right): the fonts' codes then map to nothing a reader can use."""
    out, n = _TOUNICODE.subn(lambda m: b" " * len(m.group()), pdf)
    if not n:
        raise AssertionError("no ToUnicode reference to strip (is the content uncompressed?)")
    return out


def set_rotation(pdf: bytes, degrees: int) -> bytes:
    """Every page of `pdf` with /Rotate `degrees` (content untouched: it now displays turned)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    for page in doc:
        page.set_rotation(degrees)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()


# ------------------------------------------------------------------ Chromium
def chromium_pdfs(browser, htmls: list[bytes], landscape: list[bool] | None = None) -> list[bytes]:
    """Each page printed by Chromium (Playwright's page.pdf) on A4. `browser` is the session's one
    Chromium (the `chromium` fixture of tests/conftest.py): a second sync_playwright() cannot run
    while another is open, so nothing here starts its own."""
    landscape = landscape or [False] * len(htmls)
    out = []
    page = browser.new_page()
    try:
        for html, land in zip(htmls, landscape):
            page.set_content(html.decode("utf-8"), wait_until="load", timeout=30_000)
            out.append(page.pdf(format="A4", landscape=land, print_background=True,
                                margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"}))
    finally:
        page.close()
    return out


# ------------------------------------------------------------------ LibreOffice
def soffice_convert(files: list[tuple[str, bytes]], target: str, infilter: str | None = None,
                    timeout: float = 120.0) -> list[bytes]:
    """Convert named files in one run (the extension, or `infilter`, picks the import filter;
    "HTML (StarWriter)" opens a page in Writer, as a clerk saving a web page as PDF would)."""
    with tempfile.TemporaryDirectory(prefix="ogi-producers-") as tmp:
        tmpdir = Path(tmp)
        for name, blob in files:
            (tmpdir / name).write_bytes(blob)
        ext = target.split(":", 1)[0]
        subprocess.run(
            [soffice_binary(), f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless",
             "--norestore", "--nologo", "--nolockcheck", *([f"--infilter={infilter}"] if infilter else []),
             "--convert-to", target, "--outdir",
             str(tmpdir / "out"), *[n for n, _ in files]],
            cwd=tmpdir, check=True, capture_output=True, timeout=timeout, start_new_session=True,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )
        return [(tmpdir / "out" / f"{Path(n).stem}.{ext}").read_bytes() for n, _ in files]


# ------------------------------------------------------------------ other table styles in Word files
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BORDER_STYLES = {
    # edge → (w:val, eighths of a point); missing edges are "none"
    "double": {e: ("double", 6) for e in ("top", "left", "bottom", "right", "insideH", "insideV")},
    "thick_frame": {"top": ("single", 18), "left": ("single", 18), "bottom": ("single", 18),
                    "right": ("single", 18), "insideH": ("dashed", 4), "insideV": ("dotted", 4)},
    "open_sides": {"top": ("single", 12), "bottom": ("single", 12), "insideH": ("single", 4),
                   "insideV": ("single", 4)},
    "rows_only": {"top": ("single", 12), "bottom": ("single", 12), "insideH": ("single", 4)},
}


def restyle_docx(data: bytes, style: str) -> bytes:
    """The same Word file with other table borders (direct formatting on every table, which
    overrides the table style): double lines, a thick frame with dashed/dotted inner lines, open
    sides, or rows only (no vertical rules at all)."""
    import zipfile

    from lxml import etree

    edges = BORDER_STYLES[style]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(blob)
                w = f"{{{W_NS}}}"
                for tblpr in root.iter(w + "tblPr"):
                    for old in tblpr.findall(w + "tblBorders"):
                        tblpr.remove(old)
                    borders = etree.SubElement(tblpr, w + "tblBorders")
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                        val, sz = edges.get(edge, ("nil", 0))
                        el = etree.SubElement(borders, w + edge)
                        el.set(w + "val", val)
                        el.set(w + "sz", str(sz))
                        el.set(w + "space", "0")
                        el.set(w + "color", "000000")
                for tcb in list(root.iter(w + "tcBorders")):
                    tcb.getparent().remove(tcb)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, blob)
    return out.getvalue()


# ------------------------------------------------------------------ CMS pages
HTML_VARIANTS = ("word", "thead", "nested", "gbk", "img_t3")


def _safe_cuts(grid) -> list[int]:
    """Row indices where a <tbody> may end: no merged cell runs across."""
    grid.place()
    cuts = []
    for r in range(1, len(grid.rows)):
        if not any(k < r < k + c.rowspan for k, row in enumerate(grid.rows) for c in row):
            cuts.append(r)
    return cuts


def _html_cell(cell, grid, variant: str, header: bool) -> str:
    from html import escape

    total = sum(grid.widths)
    pct = 100 * sum(grid.widths[cell.col:cell.col + cell.colspan]) / total
    span = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (f" colspan={cell.colspan}" if cell.colspan > 1 else "")
    text = escape(cell.text)
    if variant in ("word", "gbk", "img_t3"):
        # Word's "Save as web page" / paste: unquoted attributes, mso- styles, <o:p>, lang spans
        inner = re.sub(r"([0-9][0-9,.]*)", r"<span lang=EN-US>\1</span>", text) if text else ""
        inner = (f"<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
                 f"<span style='font-size:10.5pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\"'>"
                 f"{inner}<o:p>{'' if text else '&nbsp;'}</o:p></span></p>")
        return (f"<td width={round(pct * 5.5)}{span} valign=center style='width:{pct:.1f}%;border:solid windowtext 1.0pt;"
                f"mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>{inner}</td>")
    tag = "th" if header else "td"
    if variant == "nested" and cell.kind == "value":
        # the editor boxed every number in a table of its own
        text = f'<table width="100%" border="0"><tbody><tr><td align="center">{text or "&nbsp;"}</td></tr></tbody></table>'
    return f'<{tag}{span} style="border:1px solid #000">{text or "&nbsp;"}</{tag}>'


def _html_table(grid, variant: str) -> str:
    rows = [[_html_cell(c, grid, variant, r < grid.header_rows) for c in row] for r, row in enumerate(grid.rows)]
    if variant in ("word", "gbk", "img_t3"):
        body = "".join(f"<tr style='mso-yfti-irow:{r};height:14.2pt'>{''.join(cells)}</tr>" for r, cells in enumerate(rows))
        # Word's trailing row of zero-height cells that fixes the column widths for old browsers
        ghost = "".join(f"<td width={round(w * 30)} style='border:none'></td>" for w in grid.widths)
        return ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=595 "
                "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"
                f"{body}<![if !supportMisalignedColumns]><tr height=0>{ghost}</tr><![endif]></table>")
    cols = "".join(f'<col width="{round(100 * w / sum(grid.widths))}%">' for w in grid.widths)
    if variant == "thead":
        head = "".join(f"<tr>{''.join(c)}</tr>" for c in rows[:grid.header_rows])
        bounds = [grid.header_rows] + [c for c in _safe_cuts(grid) if c > grid.header_rows][::3] + [len(rows)]
        bodies = "".join("<tbody>" + "".join(f"<tr>{''.join(c)}</tr>" for c in rows[a:b]) + "</tbody>"
                         for a, b in itertools.pairwise(bounds) if b > a)
        return f'<table border="1" cellspacing="0"><colgroup>{cols}</colgroup><thead>{head}</thead>{bodies}</table>'
    return ('<table border="1" cellspacing="0" style="border-collapse:collapse"><tbody>'
            + "".join(f"<tr>{''.join(c)}</tr>" for c in rows) + "</tbody></table>")


def cms_html(spec, variant: str) -> bytes:
    """The report as a CMS article page in one of HTML_VARIANTS:
    word — Word-pasted markup (MsoNormalTable, <o:p>, mso- styles, <span lang=EN-US>, the
    conditional ghost row) inside <div class=TRS_Editor><div class=WordSection1>;
    thead — <th> header rows in <thead>, the body in several <tbody>s, <colgroup> widths;
    nested — every number in a one-cell table of its own inside its cell;
    gbk — the word variant encoded in GBK under a <meta charset="utf-8"> that lies;
    img_t3 — the word variant with table 3 pasted as a picture."""
    from html import escape

    parts = []
    for block in spec.blocks():
        if block.kind == "table":
            if variant == "img_t3" and block.grid.key == "t3":
                parts.append('<p align=center><img src="/upload/2024/03/t3.png" width=600 height=820></p>')
            else:
                parts.append(_html_table(block.grid, variant))
        elif variant in ("word", "gbk", "img_t3"):
            align = {"title": "center", "sign": "right"}.get(block.kind, "justify")
            parts.append(f"<p class=MsoNormal align={align} style='text-align:{align};text-indent:32.0pt;"
                         f"line-height:28.0pt;mso-line-height-rule:exactly'><span style='font-size:16.0pt;"
                         f"font-family:仿宋_GB2312'>{escape(block.text)}<o:p></o:p></span></p>")
        else:
            tag = "h1" if block.kind == "title" else "p"
            parts.append(f"<{tag}>{escape(block.text)}</{tag}>")
    body = "\n".join(parts)
    if variant in ("word", "gbk", "img_t3"):
        body = f"<div class=WordSection1 style='layout-grid:15.6pt'>{body}</div>"
    page = ('<!DOCTYPE html><html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
            f'<meta charset="utf-8"><title>{escape(spec.title)}</title></head><body>'
            '<div class="header"><a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a></div>'
            f'<div class="TRS_Editor">{body}</div><div class="footer">版权所有 网站标识码</div></body></html>')
    return page.encode("gbk" if variant == "gbk" else "utf-8")


# ------------------------------------------------------------------ WPS-like Word files
def wps_docx(data: bytes) -> bytes:
    """The generated DOCX rewritten with the structures WPS Office and hand-edited files leave:
    every number in a one-cell table nested in its cell; bare <w:vMerge/> continuations; the
    continuation cells in a merged label's column dropped in favour of w:gridBefore (and of
    w:gridAfter at a row's end); every table inside a block content control (w:sdt) and the
    first row of each inside a row-level one; and before table 2's second row a hidden copy of
    it (w:trPr/w:hidden, w:vanish) with numbers that are not the report's."""
    import copy
    import zipfile

    from lxml import etree

    w = f"{{{W_NS}}}"

    def el(tag, **attrs):
        e = etree.Element(w + tag)
        for k, v in attrs.items():
            e.set(w + k, v)
        return e

    def trpr(tr):
        pr = tr.find(w + "trPr")
        if pr is None:
            pr = el("trPr")
            tr.insert(0 if tr.find(w + "tblPrEx") is None else 1, pr)
        return pr

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(blob)
                tables = [t for t in root.iter(w + "tbl")]
                for t_index, tbl in enumerate(tables):
                    rows = tbl.findall(w + "tr")
                    for tr in rows:
                        tcs = tr.findall(w + "tc")
                        # bare continuations
                        for vm in tr.iter(w + "vMerge"):
                            if vm.get(w + "val") == "continue":
                                del vm.attrib[w + "val"]
                        # leading / trailing continuation cells → gridBefore / gridAfter
                        def span(tc):
                            gs = tc.find(f"{w}tcPr/{w}gridSpan")
                            return int(gs.get(w + "val")) if gs is not None else 1

                        def cont(tc):
                            vm = tc.find(f"{w}tcPr/{w}vMerge")
                            return vm is not None and vm.get(w + "val") in (None, "continue")

                        if len(tcs) > 2 and cont(tcs[0]) and not cont(tcs[1]):
                            pr = trpr(tr)
                            pr.insert(0, el("gridBefore", val=str(span(tcs[0]))))
                            tr.remove(tcs[0])
                        if len(tcs) > 2 and cont(tcs[-1]) and not cont(tcs[-2]):
                            trpr(tr).append(el("gridAfter", val=str(span(tcs[-1]))))
                            tr.remove(tcs[-1])
                        # numbers boxed in nested one-cell tables
                        for tc in tr.findall(w + "tc"):
                            ps = tc.findall(w + "p")
                            text = "".join(t.text or "" for t in tc.iter(w + "t")).strip()
                            if len(ps) == 1 and text and re.fullmatch(r"[\d,.０-９]+", text):
                                inner = el("tbl")
                                pr = el("tblPr")
                                pr.append(el("tblW", w="0", type="auto"))
                                inner.append(pr)
                                g = el("tblGrid")
                                g.append(el("gridCol", w="500"))
                                inner.append(g)
                                itr = el("tr")
                                itc = el("tc")
                                itc.append(ps[0])
                                itr.append(itc)
                                inner.append(itr)
                                tc.append(inner)
                                tc.append(el("p"))  # a cell ends with a paragraph
                    if t_index == 0 and len(rows) > 3:
                        ghost = copy.deepcopy(rows[2])
                        trpr(ghost).append(el("hidden"))
                        for r in ghost.iter(w + "r"):
                            rpr = r.find(w + "rPr")
                            if rpr is None:
                                rpr = el("rPr")
                                r.insert(0, rpr)
                            rpr.append(el("vanish"))
                        for t in ghost.iter(w + "t"):
                            if t.text and re.fullmatch(r"[\d,.]+", t.text.strip()):
                                t.text = "987"
                        rows[2].addprevious(ghost)
                    first = tbl.find(w + "tr")
                    row_sdt = el("sdt")
                    row_sdt.append(el("sdtPr"))
                    content = el("sdtContent")
                    row_sdt.append(content)
                    first.addprevious(row_sdt)
                    content.append(first)
                for tbl in tables:
                    if tbl.getparent().tag == w + "tc":
                        continue  # the nested boxes stay as they are
                    sdt = el("sdt")
                    sdt.append(el("sdtPr"))
                    content = el("sdtContent")
                    sdt.append(content)
                    tbl.addprevious(sdt)
                    content.append(tbl)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, blob)
    return out.getvalue()
