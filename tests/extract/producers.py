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

import io
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from crawler.simweb.generator.office import soffice_binary

NOTO_SANS_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


# ------------------------------------------------------------------ fonts
def cjk_ttf(chars: str, private_use: bool = False) -> bytes:
    """A TrueType subset of Noto Sans CJK SC holding `chars`.

    reportlab embeds TrueType outlines only, and Noto CJK ships CFF outlines, so the subset's
    cubic outlines are converted to quadratic glyf outlines (fontTools' cu2qu). With
    `private_use`, the font maps U+E000… (in the order of `chars`) to the glyphs instead of the
    real code points: text drawn with it looks right and extracts as private-use characters."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(NOTO_SANS_CJK, fontNumber=2)  # 2 = Noto Sans CJK SC in the collection
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
RULES = ("filled", "cell_rects", "stroked", "three_line", "none")


@dataclass
class PrintStyle:
    rules: str = "filled"  # filled | cell_rects | stroked | three_line | none
    font: str = "ttf"  # ttf (embedded subset) | cid (STSong-Light, not embedded) | pua
    char_by_char: bool = False  # one text object per character, with extra letter spacing
    landscape: bool = False  # landscape pages
    rotate: int = 0  # /Rotate of every page; the content is drawn turned so it displays upright
    blank_zeros: bool = False  # zeros of tables 3 and 4 as empty cells (the generator's switch)
    body_pt: float = 12.0


class _Printer:
    """Lays a report's blocks (crawler.simweb.generator.outline) out on pages with reportlab."""

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
        for r in range(n):
            if y - heights[r] < self.MARGIN:
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
                    boxes.append((x0, y1, x1, y0))
                    lines = texts[(r, cell.col)] if span[0] == r else []
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

    def rules(self, boxes, x0, x1, top, bottom, header_bottom):
        c = self.c
        c.setLineWidth(0.5)
        rule = self.ps.rules
        if rule == "none":
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
            if rule == "cell_rects":
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


class Fonts:
    """Register the fonts reportlab needs once per process."""

    def __init__(self, chars: str):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfbase.ttfonts import TTFont

        self.chars = chars
        tmp = Path(tempfile.mkdtemp(prefix="ogi-fonts-"))
        (tmp / "cjk.ttf").write_bytes(cjk_ttf(chars))
        (tmp / "pua.ttf").write_bytes(cjk_ttf(chars, private_use=True))
        pdfmetrics.registerFont(TTFont("OgiCJK", str(tmp / "cjk.ttf")))
        pdfmetrics.registerFont(TTFont("OgiPUA", str(tmp / "pua.ttf")))
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        self.names = {"ttf": "OgiCJK", "pua": "OgiPUA", "cid": "STSong-Light"}


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
def chromium_pdfs(htmls: list[bytes], landscape: list[bool] | None = None) -> list[bytes]:
    """Each page printed by Chromium (Playwright's page.pdf) on A4; one browser for the batch."""
    from playwright.sync_api import sync_playwright

    landscape = landscape or [False] * len(htmls)
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for html, land in zip(htmls, landscape):
                page.set_content(html.decode("utf-8"), wait_until="load", timeout=30_000)
                out.append(page.pdf(format="A4", landscape=land, print_background=True,
                                    margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"}))
        finally:
            browser.close()
    return out


# ------------------------------------------------------------------ LibreOffice
def soffice_convert(files: list[tuple[str, bytes]], target: str, timeout: float = 120.0) -> list[bytes]:
    """Convert named files (the extension tells soffice the input filter) in one run."""
    with tempfile.TemporaryDirectory(prefix="ogi-producers-") as tmp:
        tmpdir = Path(tmp)
        for name, blob in files:
            (tmpdir / name).write_bytes(blob)
        ext = target.split(":", 1)[0]
        subprocess.run(
            [soffice_binary(), f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless",
             "--norestore", "--nologo", "--nolockcheck", "--convert-to", target, "--outdir",
             str(tmpdir / "out"), *[n for n, _ in files]],
            cwd=tmpdir, check=True, capture_output=True, timeout=timeout, start_new_session=True,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )
        return [(tmpdir / "out" / f"{Path(n).stem}.{ext}").read_bytes() for n, _ in files]
