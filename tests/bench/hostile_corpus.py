"""A generator of hostile input for the extractor: what an adversary (or a broken CMS) serves.

`generate(out_dir)` writes ≥ 300 files and returns their cases. Each case says what a correct
extractor does with it:
- `refuse`: a one-line error on stderr with one of the documented exit codes (docs/extract.md);
- `report`: exit 0 with a report whose facts include every fact of the seed report it was built
  from, except the codes of the hostile cells themselves (`spoiled`);
- `any`: exit 0 (with or without a report) or a documented refusal: only crashes, hangs, memory
  and output hygiene are judged.

The valid reports inside are built from the five real seed reports of tests/fixtures/corpus (their
text dumps turned into HTML, DOCX and XLSX), so "keeps all its other facts" is checked against
facts written by hand, not by the code under test.
"""
from __future__ import annotations

import html
import io
import json
import os
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
MB = 1 << 20
EXIT_UNREADABLE, EXIT_TOO_LARGE, EXIT_TIMEOUT = 3, 4, 5


@dataclass
class Case:
    name: str  # file name inside out_dir (may hold bytes that are not UTF-8, or a newline)
    category: str
    expect: str  # refuse | report | any
    codes: tuple[int, ...] = ()  # refuse: the documented exit codes that are right
    seed: str | None = None  # report: the seed whose facts must be kept
    spoiled: tuple[str, ...] = ()  # report: fact codes of the hostile cells
    path: Path | None = field(default=None, repr=False)


# --- the seed reports -------------------------------------------------------------------------

# Seed 002's text dump lays table 2 out in a way seed_html()/seed_docx() do not rebuild (its
# control files lose table 2), so it is not used as a carrier of hostile input.
NOT_CARRIERS = {"002_0918ec20b1551bfa"}


def seeds() -> list[tuple[str, str, dict]]:
    out = []
    for exp in sorted((CORPUS / "expected").glob("*.json")):
        if exp.stem in NOT_CARRIERS:
            continue
        text = (CORPUS / "seeds" / (exp.stem + ".txt")).read_text("utf-8")
        out.append((exp.stem, text, json.loads(exp.read_text("utf-8"))))
    return out


def seed_blocks(text: str) -> list[tuple[str, object]]:
    """The seed dump as ("p", text) and ("table", rows) blocks (tab-separated lines are rows)."""
    blocks: list[tuple[str, object]] = []
    rows: list[list[str]] = []
    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            blocks.append(("table", rows))
            rows = []
        if line.strip():
            blocks.append(("p", line.strip()))
    if rows:
        blocks.append(("table", rows))
    return blocks


def seed_html(text: str, before: str = "", cell=None, charset: str = "utf-8", after: str = "") -> str:
    """The seed as an article page. `cell(table_index, row, col, value) -> html` may replace cells."""
    parts = [f"<html><head><meta charset='{charset}'><title>报告</title></head><body>",
             before, "<div class='article'>"]
    t = 0
    for kind, body in seed_blocks(text):
        if kind == "p":
            parts.append(f"<p>{html.escape(body)}</p>")
            continue
        rows = []
        for r, row in enumerate(body):
            tds = []
            for c, v in enumerate(row):
                inner = cell(t, r, c, v) if cell else None
                tds.append(f"<td>{inner if inner is not None else html.escape(v)}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        parts.append("<table border='1'>" + "".join(rows) + "</table>")
        t += 1
    parts.append("</div>" + after + "</body></html>")
    return "\n".join(parts)


def seed_docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for kind, body in seed_blocks(text):
        if kind == "p":
            d.add_paragraph(body)
            continue
        width = max(len(r) for r in body)
        table = d.add_table(rows=len(body), cols=width)
        for r, row in enumerate(body):
            for c, v in enumerate(row):
                table.cell(r, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --- ZIP building blocks ----------------------------------------------------------------------

def deflate_zeros(n: int, byte: bytes = b"\0", wbits: int = -15) -> tuple[bytes, int]:
    """Deflate (raw, or zlib-wrapped with wbits=15) of n bytes of `byte`, and its CRC-32, made in
    chunks: the bomb is never held in memory here either."""
    co = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = byte * MB
    crc, out = 0, []
    for _ in range(n // MB):
        out.append(co.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    rest = byte * (n % MB)
    out.append(co.compress(rest))
    crc = zlib.crc32(rest, crc)
    out.append(co.flush())
    return b"".join(out), crc


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP from (name, stored data, method, declared uncompressed size, declared crc): the
    headers say whatever they are told, as a forger's would."""
    body, central = io.BytesIO(), io.BytesIO()
    for name, data, method, size, crc in members:
        n = name.encode()
        offset = body.tell()
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                               len(data), size, len(n), 0) + n + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc,
                                  len(data), size, len(n), 0, 0, 0, 0, 0, offset) + n)
    cd = central.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), body.tell(), 0)
    return body.getvalue() + cd + end


def ooxml_members(data: bytes) -> list[tuple[str, bytes, int, int, int]]:
    """A real DOCX/XLSX as raw_zip members (deflated, honest headers)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            raw = zf.read(info)
            co = zlib.compressobj(9, zlib.DEFLATED, -15)
            comp = co.compress(raw) + co.flush()
            out.append((info.filename, comp, 8, len(raw), zlib.crc32(raw)))
    return out


def replace_member(members, name, comp, size, crc):
    return [(n, comp, 8, size, crc) if n == name else (n, d, m, s, c) for n, d, m, s, c in members]


# --- PDF building blocks ----------------------------------------------------------------------

def pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, trailer_extra, xref))
    return out.getvalue()


def stream(dict_body: bytes, data: bytes, length: int | None = None) -> bytes:
    n = len(data) if length is None else length
    return b"<< " + dict_body + b" /Length %d >>\nstream\n" % n + data + b"\nendstream"


def text_page_pdf(lines: list[str], extra_objects: list[bytes] = (), page_extra: bytes = b"",
                  content_extra: bytes = b"") -> bytes:
    """One page of Latin text (Helvetica) plus extra objects and page resources."""
    content = b"BT /F1 12 Tf 72 720 Td " + b" ".join(
        b"(" + l.encode("latin-1") + b") Tj 0 -14 Td" for l in lines) + b" ET" + content_extra
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> " + page_extra + b">> >>",
            stream(b"", content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf(objs + list(extra_objects))


def image_pdf(width: int, height: int, data: bytes, filt: bytes = b"/FlateDecode", length: int | None = None,
              bpc: int = 8) -> bytes:
    """A page that is one image XObject (what a scanner makes), with the image's header as given."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
             b"/Resources << /XObject << /Im0 5 0 R >> >> >>"),
            stream(b"", b"q 612 0 0 792 0 0 cm /Im0 Do Q"),
            stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                   b"/BitsPerComponent %d /Filter " % (width, height, bpc) + filt, data, length)]
    return pdf(objs)


# --- the cases --------------------------------------------------------------------------------

def generate(out: Path, quick: bool = False) -> list[Case]:
    """Write the hostile files into `out`; `quick` writes a small, fast subset (for tests)."""
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(14)
    cases: list[Case] = []
    all_seeds = seeds()

    def add(name: str, data: bytes | None, category: str, expect: str, codes=(), seed=None, spoiled=()):
        path = Path(os.fsdecode(os.fsencode(out) + b"/" + (name if isinstance(name, bytes) else name.encode())))
        if data is not None:
            path.write_bytes(data)
        label = os.fsdecode(name) if isinstance(name, bytes) else name
        cases.append(Case(label, category, expect, tuple(codes), seed, tuple(spoiled), path))

    stem0, text0, _ = all_seeds[0]
    base_html = seed_html(text0)
    base_docx = seed_docx(text0)

    # the seeds themselves, as HTML and DOCX: the control group
    for stem, text, _ in (all_seeds[:2] if quick else all_seeds):
        add(f"seed-{stem}.html", seed_html(text).encode(), "control", "report", seed=stem)
        if not quick:
            add(f"seed-{stem}.docx", seed_docx(text), "control", "report", seed=stem)

    # files that are not files
    for name, target in (("zero.pdf", "/dev/zero"), ("urandom.html", "/dev/urandom"), ("null.docx", "/dev/null"),
                         ("dir.html", str(out))):
        add(name, None, "not-a-file", "refuse", (EXIT_UNREADABLE,))
        os.symlink(target, cases[-1].path)
    add("fifo.html", None, "not-a-file", "refuse", (EXIT_UNREADABLE,))
    os.mkfifo(cases[-1].path)
    add("loop.pdf", None, "not-a-file", "refuse", (2,))
    os.symlink(cases[-1].path, cases[-1].path)
    add("missing-target.pdf", None, "not-a-file", "refuse", (2,))
    os.symlink(out / "does-not-exist", cases[-1].path)

    # names that break terminals and encoders, holding a good report
    for name in (b"bad-\xff\xfe-name.html", b"new\nline.html", b"esc-\x1b[31m-red.html", b"tab\tname.html",
                 "全角　名字 ％.html".encode()):
        add(name, base_html.encode(), "names", "report", seed=stem0)
    for name in (b"bad-\xff\xfe-empty.pdf", b"line\nbreak-empty.docx"):
        add(name, b"", "names", "refuse", (EXIT_UNREADABLE,))

    # empty and near-empty
    for name, data in (("empty.pdf", b""), ("spaces.html", b" \n\t " * 100), ("nul.txt", b"\0" * 1000),
                       ("bom-only.html", b"\xef\xbb\xbf"), ("pk-only.docx", b"PK\x03\x04"),
                       ("pdf-magic-only.pdf", b"%PDF-1.7"), ("ole-magic-only.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
        add(name, data, "empty", "any")

    # over the size limit (50 MB): refused from fstat, never read
    if not quick:
        add("huge.pdf", b"%PDF-1.7\n" + b"0" * (51 * MB), "size", "refuse", (EXIT_TOO_LARGE,))
        add("huge-sparse.html", None, "size", "refuse", (EXIT_TOO_LARGE,))
        with open(cases[-1].path, "wb") as f:
            f.truncate(8 << 30)  # an 8 GB sparse file: nothing on disk, everything to a reader

    # ZIP bombs: honest headers, lying headers, many members, nested
    sizes = (300, 1000) if quick else (260, 300, 1000, 2000)
    for mb in sizes:
        comp, crc = deflate_zeros(mb * MB)
        m = replace_member(ooxml_members(base_docx), "word/document.xml", comp, mb * MB, crc)
        add(f"bomb-honest-{mb}mb.docx", raw_zip(m), "zip-bomb", "refuse", (EXIT_UNREADABLE, EXIT_TOO_LARGE))
        for declared in (100, 5000) if not quick else (100,):
            m = replace_member(ooxml_members(base_docx), "word/document.xml", comp, declared, crc)
            add(f"bomb-lying-{mb}mb-says-{declared}.docx", raw_zip(m), "zip-bomb", "refuse",
                (EXIT_UNREADABLE, EXIT_TOO_LARGE))
            m = replace_member(ooxml_members(base_docx), "word/styles.xml", comp, declared, crc)
            add(f"bomb-lying-styles-{mb}mb-says-{declared}.docx", raw_zip(m), "zip-bomb", "refuse",
                (EXIT_UNREADABLE, EXIT_TOO_LARGE))
        if not quick:
            m = replace_member(ooxml_members(base_docx), "word/media/image1.png", comp, 100, crc) \
                + [("word/media/image1.png", comp, 8, 100, crc)]
            add(f"bomb-in-picture-{mb}mb.docx", raw_zip(m), "zip-bomb", "report", seed=stem0)
    # an XML part that inflates to 240 MB of real markup, honestly declared, ratio ~30:1
    if not quick:
        para = "".join(f"<w:p><w:r><w:t>{rnd.randint(0, 10**9)} 第{i}段</w:t></w:r></w:p>" for i in range(2000))
        body = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
                'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + para * 2500 + "</w:body></w:document>")
        raw = body.encode()
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        comp = co.compress(raw) + co.flush()
        m = replace_member(ooxml_members(base_docx), "word/document.xml", comp, len(raw), zlib.crc32(raw))
        add(f"docx-xml-{len(raw) // MB}mb.docx", raw_zip(m), "zip-bomb", "refuse", (EXIT_UNREADABLE, EXIT_TOO_LARGE))
        del raw, body
    many = [(f"word/f{i}.xml", b"\x03\x00", 8, 0, 0) for i in range(20_000)]
    add("zip-20000-members.docx", raw_zip(ooxml_members(base_docx) + many), "zip-bomb", "refuse", (EXIT_UNREADABLE,))
    comp, crc = deflate_zeros(50 * MB)
    inner = raw_zip([("word/document.xml", comp, 8, 50 * MB, crc)])
    add("zip-in-zip.docx", raw_zip(ooxml_members(base_docx) + [("word/embeddings/x.zip", inner, 0, len(inner),
                                                                 zlib.crc32(inner))]), "zip-bomb", "report", seed=stem0)
    for k in range(3 if quick else 12):
        data = bytearray(base_docx)
        for _ in range(5 + k * 3):
            i = rnd.randrange(30, len(data))
            data[i] = rnd.randrange(256)
        add(f"docx-bitflip-{k}.docx", bytes(data), "corrupt-zip", "any")
    for frac in (0.1, 0.5, 0.9, 0.99):
        add(f"docx-truncated-{int(frac * 100)}.docx", base_docx[: int(len(base_docx) * frac)], "corrupt-zip", "any")

    # XML attacks inside DOCX
    doc_xml_name = "word/document.xml"
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
              '<w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>').encode()
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
           b'<w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
    quadratic = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "' + "A" * 50_000 + '">]><w:document '
                 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                 + "&a;" * 50_000 + '</w:t></w:r></w:p></w:body></w:document>').encode()
    deep = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "<w:sdt><w:sdtContent>" * 100_000 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 100_000
            + "</w:body></w:document>").encode()
    for name, xml in (("billion-laughs", laughs), ("xxe", xxe), ("quadratic-blowup", quadratic), ("deep-sdt", deep)):
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        comp = co.compress(xml) + co.flush()
        m = replace_member(ooxml_members(base_docx), doc_xml_name, comp, len(xml), zlib.crc32(xml))
        add(f"{name}.docx", raw_zip(m), "xml", "any")

    # XLSX: a real workbook, bombs and a sheet of a million cells
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for kind, body in seed_blocks(text0):
        if kind == "p":
            ws.append([body])
        else:
            for row in body:
                ws.append(row)
            ws.append([])
    buf = io.BytesIO()
    wb.save(buf)
    base_xlsx = buf.getvalue()
    add("seed.xlsx", base_xlsx, "control", "any")
    for mb in (300,) if quick else (300, 1000):
        comp, crc = deflate_zeros(mb * MB, b" ")
        for declared in (100, 10 * MB):
            m = replace_member(ooxml_members(base_xlsx), "xl/worksheets/sheet1.xml", comp, declared, crc)
            add(f"xlsx-bomb-lying-{mb}mb-says-{declared}.xlsx", raw_zip(m), "zip-bomb", "refuse",
                (EXIT_UNREADABLE, EXIT_TOO_LARGE))
    if not quick:
        rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}"><v>{r * c}</v></c>' for c in range(10))
                       + "</row>" for r in range(1, 100_001))
        sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 'spreadsheetml/2006/main"><sheetData>' + rows + "</sheetData></worksheet>").encode()
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        comp = co.compress(sheet) + co.flush()
        m = replace_member(ooxml_members(base_xlsx), "xl/worksheets/sheet1.xml", comp, len(sheet), zlib.crc32(sheet))
        add("xlsx-million-cells.xlsx", raw_zip(m), "xlsx", "refuse", (EXIT_UNREADABLE, EXIT_TOO_LARGE))
        dim = base_xlsx.replace(b'<dimension ref="A1:', b'<dimension ref="A1:XFD1048576" x="')
        add("xlsx-lying-dimension.xlsx", dim, "xlsx", "any")

    # HTML: huge pages, span bombs, nesting, comments, scripts, <br> floods, bad bytes
    filler = "<p>" + "政府信息公开" * 20 + "</p>\n"
    for mb in (5,) if quick else (5, 20, 49):
        reps = mb * MB // len(filler.encode())
        add(f"html-{mb}mb-prose.html", ("<html><body>" + filler * reps + "</body></html>").encode(), "html-huge", "any")
        if not quick:
            row = "<tr>" + "<td>1</td>" * 10 + "</tr>\n"
            n = mb * MB // len(row)
            add(f"html-{mb}mb-table.html", ("<html><body><table>" + row * n + "</table></body></html>").encode(),
                "html-huge", "any")
            add(f"html-{mb}mb-attrs.html", ("<html><body><div " + 'a="x" ' * (mb * MB // 6) + ">x</div></body></html>")
                .encode(), "html-huge", "any")
    for rows, rowspan, colspan in ((5000, "0", "1000"), (5000, "5000", "1000"), (2000, "65534", "65534"),
                                   (200, "999999999", "999999999"), (5000, "0", "1")):
        cells = f'<td rowspan="{rowspan}" colspan="{colspan}">1</td>'
        body = "<table>" + f"<tr>{cells}{cells}</tr>" * rows + "</table>"
        add(f"span-bomb-{rows}r-{rowspan}-{colspan}.html", f"<html><body>{body}</body></html>".encode(),
            "span-bomb", "any")
        if rows == 200 or quick:
            continue
    # a span bomb in front of a real report: the report keeps all its facts
    bomb = "<table>" + '<tr><td rowspan="0" colspan="1000">x</td><td colspan="1000">y</td></tr>' * 3000 + "</table>"
    add("span-bomb-then-report.html", seed_html(text0, before=bomb).encode(), "span-bomb", "report", seed=stem0)
    for depth in (1000, 100_000) if quick else (300, 1000, 10_000, 100_000, 1_000_000):
        add(f"nest-div-{depth}.html", ("<html><body>" + "<div>" * depth + "深" + "</div>" * depth + "</body></html>")
            .encode(), "nesting", "any")
        if not quick:
            add(f"nest-table-{depth}.html", ("<html><body>" + "<table><tr><td>" * min(depth, 100_000) + "x"
                                             + "</td></tr></table>" * min(depth, 100_000) + "</body></html>").encode(),
                "nesting", "any")
    add("nest-1500-then-report.html", seed_html(text0, before="<div>" * 1500 + "x" + "</div>" * 1500).encode(),
        "nesting", "report", seed=stem0)
    # deeper than libxml2 goes (2048): refused, never a report silently cut short
    add("nest-5000-then-report.html", seed_html(text0, before="<div>" * 5000 + "x" + "</div>" * 5000).encode(),
        "nesting", "refuse", (EXIT_UNREADABLE,))
    for n in (100_000, 1_000_000):
        add(f"br-{n}.html", ("<html><body>" + "<br>" * n + "</body></html>").encode(), "br-flood", "any")
        add(f"br-{n}-then-report.html", seed_html(text0, before="<br>" * n).encode(), "br-flood", "report",
            seed=stem0)
    add("br-in-cell.html", seed_html(text0, cell=lambda t, r, c, v: (v + "<br>" * 200_000) if (t, r, c) == (0, 0, 0)
                                     else None).encode(), "br-flood", "any")
    for mb in (1,) if quick else (1, 11, 30, 45):
        comment = "<!--" + "注释" * (mb * MB // 6) + "-->"
        add(f"comment-{mb}mb-then-report.html", seed_html(text0, before=comment).encode(), "comment", "report",
            seed=stem0)
        if not quick:
            script = "<script>var a='" + "x" * (mb * MB) + "';</script>"
            add(f"script-{mb}mb-then-report.html", seed_html(text0, before=script).encode(), "script", "report",
                seed=stem0)
            style = "<style>" + ".a{}" * (mb * MB // 4) + "</style>"
            add(f"style-{mb}mb-then-report.html", seed_html(text0, before=style).encode(), "script", "report",
                seed=stem0)
    add("comment-unclosed.html", seed_html(text0, before="<!-- never closed").encode(), "comment", "any")
    add("comment-in-table.html", seed_html(text0, cell=lambda t, r, c, v: f"<!--{'x' * 100_000}-->{html.escape(v)}"
                                           if r == 1 else None).encode(), "comment", "report", seed=stem0)
    add("cdata-script.html", seed_html(text0, before="<script><![CDATA[" + "<table>" * 10000 + "]]></script>")
        .encode(), "script", "report", seed=stem0)
    for k, stem_text in enumerate(all_seeds[:2] if quick else all_seeds):
        stem, text, _ = stem_text
        page = seed_html(text, charset="gbk").encode("gbk")
        for bad in (1, 4, 20):
            # stray bytes in the prose, as a truncated paste leaves them: a lone lead byte at the end
            # of a paragraph, a byte no encoding uses at the start of one
            add(f"gbk-{bad}-bad-bytes-{stem}.html", _spoil(page, bad, rnd), "bad-bytes", "report", seed=stem)
        add(f"utf8-4-bad-bytes-{stem}.html", _spoil(seed_html(text).encode(), 4, rnd), "bad-bytes", "report",
            seed=stem)
        add(f"gbk-declared-utf8-{stem}.html", seed_html(text, charset="utf-8").encode("gbk"), "bad-bytes", "report",
            seed=stem)
        add(f"utf16-{stem}.html", b"\xff\xfe" + seed_html(text).encode("utf-16-le"), "bad-bytes", "report", seed=stem)
        if quick and k == 0:
            continue
    add("random-bytes.html", b"<html>" + rnd.randbytes(200_000), "bad-bytes", "any")
    add("nul-in-page.html", seed_html(text0).replace("<p>", "<p>\0").encode(), "bad-bytes", "report", seed=stem0)
    add("surrogates-escaped.html", seed_html(text0, before="&#xd800;&#xdfff;&#0;&#x110000;").encode(), "bad-bytes",
        "report", seed=stem0)

    # hostile cells inside a good report: the other facts survive
    def t3_cell(value):
        # table 3 (the second table of seed 0), the 自然人 cell of the 本年新收 row
        def cell(t, r, c, v):
            if t == 1 and r == 3 and c == 2:
                return value
            return None
        return cell
    spoil_t3 = ("t3.new.natural",)
    for label, value in (("5000-digits", "9" * 5000), ("400-digit-decimal", "1" * 200 + "." + "1" * 200),
                         ("1e400", "1e400"), ("nan", "NaN"), ("inf", "Infinity"), ("negative", "-3"),
                         ("16-digits", "1234567890123456"), ("fullwidth", "１２３"), ("huge-text", "数" * 1_000_000),
                         ("thousand-commas", "1," * 3000 + "1"), ("rtl-override", "\u202e123"),
                         ("zero-width", "1\u200b2\u200b3")):
        add(f"cell-{label}.html", seed_html(text0, cell=t3_cell(html.escape(value))).encode(), "hostile-cell",
            "report", seed=stem0, spoiled=spoil_t3)

    # PDFs: bombs, huge images, broken structure
    lines = ["2024 Annual Report"] + [f"Row {i}\t{i}" for i in range(20)]
    add("pdf-plain.pdf", text_page_pdf(lines), "pdf", "any")
    for mb in (100, 500) if quick else (100, 500, 1000, 3000):
        comp = deflate_zeros(mb * MB, b" ", wbits=15)[0]
        add(f"pdf-flate-bomb-content-{mb}mb.pdf", pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream(b"/Filter /FlateDecode", comp)]), "pdf-bomb", "any")
        add(f"pdf-flate-bomb-lying-length-{mb}mb.pdf", pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream(b"/Filter /FlateDecode", comp, length=10)]), "pdf-bomb", "any")
        if not quick:
            add(f"pdf-flate-bomb-image-{mb}mb.pdf", image_pdf(10_000, mb * MB // 10_000, comp), "pdf-bomb", "any")
            add(f"pdf-flate-bomb-unused-{mb}mb.pdf", text_page_pdf(lines, [stream(b"/Filter /FlateDecode", comp)]),
                "pdf-bomb", "any")
    for w, h in ((1, 60_000_000), (60_000_000, 1), (100_000, 100_000), (1, 2**31 - 1), (0, 0), (-5, 10)):
        data = zlib.compress(b"\x80" * min(max(w * h, 0), 60_000_000), 9)
        add(f"pdf-image-{w}x{h}.pdf", image_pdf(w, h, data), "pdf-image", "any")
        if quick:
            break
    if not quick:
        for w, h in ((1, 60_000_000), (60_000_000, 1)):
            raw = b"\x00" * (w * h // 8 + 1)
            add(f"pdf-image-1bit-{w}x{h}.pdf", image_pdf(w, h, zlib.compress(raw, 9), bpc=1), "pdf-image", "any")
        add("pdf-image-dct-garbage.pdf", image_pdf(60000, 60000, rnd.randbytes(5000), b"/DCTDecode"), "pdf-image", "any")
        add("pdf-image-jbig2-garbage.pdf", image_pdf(60000, 60000, rnd.randbytes(5000), b"/JBIG2Decode"),
            "pdf-image", "any")
        add("pdf-image-jpx-garbage.pdf", image_pdf(60000, 60000, rnd.randbytes(5000), b"/JPXDecode"), "pdf-image", "any")
    base_pdf = text_page_pdf(lines)
    add("pdf-encrypted.pdf", base_pdf.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard /V 2 /R 3 "
                                             b"/Length 128 /P -4 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
                                             + b"> >> /ID [<00112233445566778899aabbccddeeff> "
                                             b"<00112233445566778899aabbccddeeff>]"), "pdf", "refuse",
        (EXIT_UNREADABLE,))
    for frac in (0.05, 0.3, 0.6, 0.9, 0.999):
        add(f"pdf-truncated-{frac}.pdf", base_pdf[: int(len(base_pdf) * frac)], "pdf", "any")
    add("pdf-no-xref.pdf", base_pdf[: base_pdf.index(b"xref")], "pdf", "any")
    add("pdf-xref-loop.pdf", base_pdf.replace(b"trailer\n<<", b"trailer\n<< /Prev %d" % base_pdf.index(b"xref")),
        "pdf", "any")
    pages = 2000 if not quick else 300
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages
    add(f"pdf-{pages}-pages.pdf", pdf(objs), "pdf", "any")
    add("pdf-count-lies.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                   b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
                                   b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]), "pdf", "any")
    add("pdf-page-tree-cycle.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                                        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]), "pdf", "any")
    add("pdf-huge-mediabox.pdf", base_pdf.replace(b"[0 0 612 792]", b"[0 0 14400 14400000]"), "pdf", "any")
    add("pdf-ops-flood.pdf", text_page_pdf(lines, content_extra=b" 0 0 m 1 1 l S" * 300_000), "pdf", "any")
    add("pdf-text-flood.pdf", text_page_pdf(["x" * 200] * 20, content_extra=b" BT /F1 1 Tf"
                                            + b" (xxxxxxxxxx) Tj" * 200_000 + b" ET"), "pdf", "any")
    for k in range(5 if quick else 30):
        data = bytearray(base_pdf)
        for _ in range(3 + k):
            i = rnd.randrange(len(data))
            data[i] = rnd.randrange(256)
        add(f"pdf-bitflip-{k}.pdf", bytes(data), "pdf", "any")
    add("pdf-junk-before-header.pdf", b"HTTP/1.1 200 OK\r\n\r\n" + base_pdf, "pdf", "any")
    add("pdf-js-and-launch.pdf", base_pdf.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript "
                                                  b"/JS (while(1){}) >>"), "pdf", "any")

    # text dumps and everything else
    add("text-one-line-40mb.txt", b"x" * (40 * MB) if not quick else b"x" * MB, "text", "any")
    add("text-tabs-5mb.txt", b"\t" * (5 * MB), "text", "any")
    add("text-newlines.txt", b"\n" * (10 * MB) if not quick else b"\n" * MB, "text", "any")
    add("text-markdown-flood.txt", b"|" * (5 * MB), "text", "any")
    add("text-gbk-bad.txt", text0.encode("gbk")[:-3] + b"\x81\x81\x81", "text", "any")
    add("rtf-junk.doc", b"{\\rtf1" + b"{" * 100_000, "legacy", "any")
    add("ole-junk.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rnd.randbytes(100_000), "legacy", "any")
    add("png-junk.png", b"\x89PNG\r\n\x1a\n" + rnd.randbytes(10_000), "image", "any")
    add("png-huge-header.png", b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
        + struct.pack(">IIBBBBB", 60_000_000, 60_000_000, 8, 0, 0, 0, 0) + b"\0" * 4, "image", "any")
    add("gif-huge.gif", b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\0" * 100, "image", "any")
    for k in range(10 if not quick else 2):
        magic = rnd.choice([b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html>", b"{\\rtf",
                            b"\x89PNG\r\n\x1a\n"])
        add(f"junk-{k}.bin", magic + rnd.randbytes(rnd.randrange(10, 200_000)), "junk", "any")

    # more seeds-with-noise variants to pass 300 with realistic pages
    if not quick:
        for stem, text, _ in all_seeds:
            for k in range(8):
                before = rnd.choice(["<!--" + "x" * rnd.randrange(1, 3 * MB) + "-->",
                                     "<br>" * rnd.randrange(1, 300_000),
                                     "<div>" * 1500 + "</div>" * 1500,
                                     '<table><tr><td rowspan="0" colspan="1000">x</td></tr></table>' * 50,
                                     "<script>" + "if(a<b){}" * rnd.randrange(1, 200_000) + "</script>"])
                add(f"noisy-{stem}-{k}.html", seed_html(text, before=before).encode(), "noisy-report", "report",
                    seed=stem)
            add(f"seed-{stem}-docx-in-bitflipped-picture.docx",
                raw_zip(ooxml_members(seed_docx(text)) + [("word/media/x.png", rnd.randbytes(5000), 8, 10**9, 0)]),
                "noisy-report", "report", seed=stem)
    return cases


def _spoil(page: bytes, n: int, rnd: random.Random) -> bytes:
    """`page` with n invalid bytes at paragraph edges (b"\\x81" before a </p>, b"\\xff" after a <p>)."""
    ends = [i for i in range(len(page)) if page.startswith(b"</p>", i)]
    starts = [i + 3 for i in range(len(page)) if page.startswith(b"<p>", i)]
    spots = sorted([(i, b"\x81") for i in rnd.sample(ends, min(len(ends), (n + 1) // 2))]
                   + [(i, b"\xff") for i in rnd.sample(starts, min(len(starts), n // 2))], reverse=True)
    data = bytearray(page)
    for i, b in spots:
        data[i:i] = b
    return bytes(data)


def expected_facts(stem: str) -> dict:
    return json.loads((CORPUS / "expected" / f"{stem}.json").read_text("utf-8"))["facts"]
