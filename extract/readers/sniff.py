"""What a file really is, decided from its bytes.

On the real web the extension and the Content-Type lie (a PDF served as `.doc`, a GBK page whose
meta says UTF-8, a DOCX renamed `.wps`), so the bytes decide: magic numbers, the streams inside an
OLE compound file, the parts inside a ZIP, markup in the decoded text. The file name only breaks
ties the bytes cannot (an OLE Word file saved by WPS that left no WPS trace).

Result: one of html, pdf, docx, doc, wps, xls, xlsx, et, text, image, zip, empty, unknown.
"""
from __future__ import annotations

import io
import re
import zipfile

KINDS = ("html", "pdf", "docx", "doc", "wps", "xls", "xlsx", "et", "text", "image", "zip", "empty",
         "unknown")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"BM",  # BMP
)
# A PDF header may sit after some junk (the spec allows 1024 bytes; real servers prepend BOMs,
# whitespace, even an HTTP header).
_PDF_WINDOW = 1024
_PDF_HEADER = re.compile(rb"%PDF-\d")
_MARKUP = re.compile(
    rb"<\s*(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title[\s>]|table[\s>]|div[\s>]|p[\s>]|br\s*/?>)",
    re.IGNORECASE,
)


def _ext(name: str) -> str:
    name = name.lower().split("?", 1)[0].split("#", 1)[0]
    return name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""


def sniff(data: bytes, name: str = "") -> str:
    """The real format of `data`; `name` (file name or URL) only breaks ties."""
    ext = _ext(name)
    if not data or not data.strip():
        return "empty"
    if _PDF_HEADER.search(data[:_PDF_WINDOW]):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(data, ext)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if any(data.startswith(m) for m in _IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    if data[:4] == b"\x00\x00\x00\x0c" and data[4:8] == b"jP  ":  # JPEG 2000
        return "image"
    if data.startswith(b"{\\rtf"):
        return "doc"  # RTF saved as .doc: LibreOffice/antiword territory, like a Word file
    return _sniff_text(data, ext)


def _sniff_ole(data: bytes, ext: str) -> str:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # noqa: BLE001  olefile raises OSError and assorted errors on corrupt headers
        return {"doc": "doc", "wps": "wps", "xls": "xls", "et": "et"}.get(ext, "unknown")
    try:
        streams = {"/".join(p).lower() for p in ole.listdir(streams=True, storages=True)}
    except Exception:  # noqa: BLE001  a corrupt directory: no streams to go by
        streams = set()
    finally:
        ole.close()
    # Kingsoft (WPS Office) leaves its own streams/properties; the body stream names are Word's
    # and Excel's own, since WPS writes the binary Office formats.
    kingsoft = any(s.startswith(("wpscustomdata", "etextdata", "ksoproduct")) for s in streams) or (
        b"K\x00S\x00O\x00P\x00r\x00o\x00d\x00u\x00c\x00t" in data or b"KSOProductBuildVer" in data
    )
    if "worddocument" in streams:
        return "wps" if kingsoft or ext == "wps" else "doc"
    if "workbook" in streams or "book" in streams:
        return "et" if kingsoft or ext == "et" else "xls"
    if ext in ("wps", "doc", "xls", "et"):
        return ext
    return "unknown"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except Exception:  # noqa: BLE001  BadZipFile, truncated central directory, …
        return "unknown" if data.startswith(b"PK\x03\x04") else "zip"
    has_types = "[Content_Types].xml" in names
    if has_types and any(n.startswith("word/") for n in names):
        return "docx"
    if has_types and any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def decode_head(data: bytes, size: int = 4096) -> str:
    """The start of a text file as str, good enough to look for markup."""
    chunk = data[:size]
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
        return chunk.decode("utf-16", errors="ignore")
    for enc in ("utf-8", "gb18030"):
        try:
            return chunk.decode(enc)
        except UnicodeDecodeError as e:
            if e.start > len(chunk) - 4:  # cut mid-character at the window's edge
                return chunk[: e.start].decode(enc)
    return chunk.decode("latin-1")


def _sniff_text(data: bytes, ext: str) -> str:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = decode_head(data, 8192).encode("utf-8")
    else:
        text = head
    if _MARKUP.search(text):
        return "html"
    # Binary junk: many control bytes that no text encoding uses.
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    if ctrl > len(head) * 0.05:
        return {"doc": "doc", "wps": "wps", "xls": "xls", "et": "et"}.get(ext, "unknown")
    return "text"
