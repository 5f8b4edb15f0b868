"""DOCX (and DOCM / WPS-saved OOXML) → Document.

python-docx opens the package and finds the main document part; the body XML is then walked
directly, because python-docx's cell API repeats a merged cell in every grid position it covers,
while the mapper wants each distinct cell once with its grid column and spans:
- `w:gridBefore` shifts a row's first cell, `w:gridSpan` is the colspan;
- `w:vMerge="restart"` opens a vertical merge that following rows continue with a bare
  `w:vMerge`: the opening cell gets the rowspan, continuation cells are dropped;
- legacy `w:hMerge` continuation cells widen the cell before them.
Paragraphs and tables are emitted in body order; content controls (`w:sdt`) and custom XML are
unwrapped; a table whose cells hold tables is a layout table: its cells are walked as blocks.
Text boxes and the `mc:Fallback` copies of drawings are skipped.
"""
from __future__ import annotations

import io

from ..document import Cell, Document
from ..errors import Unreadable
from ..limits import unpack_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
_SKIP = {W + "txbxContent", _MC_FALLBACK, W + "del", W + "moveFrom", W + "sdtPr", W + "sdtEndPr",
         W + "rPr", W + "pPr", W + "tblPr", W + "trPr", W + "tcPr", W + "instrText", W + "delText"}
_MAX_SPAN = 1000


def _children(el):
    """Children of `el`, looking through content-control and custom-XML wrappers."""
    for child in el:
        if child.tag in _WRAPPERS:
            yield from _children(child.find(W + "sdtContent") if child.tag == W + "sdt" else child)
        elif isinstance(child.tag, str):
            yield child


def _vanished(run) -> bool:
    """A run of hidden text (w:vanish): typed, never printed."""
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    v = rpr.find(W + "vanish")
    return v is not None and v.get(W + "val", "true") not in ("0", "false", "off")


def paragraph_text(p) -> str:
    out: list[str] = []

    def walk(el):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "r" and _vanished(child):
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab" and el.tag == W + "r":
                out.append("\t")
            elif tag in (W + "br", W + "cr") and el.tag == W + "r":
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            else:
                walk(child)

    if p is not None:
        walk(p)
    return "".join(out)


def _int_attr(el, name: str, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, min(int(el.get(W + name, default)), _MAX_SPAN))
    except (TypeError, ValueError):
        return default


class _Walker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.tables = 0

    def block(self, parent) -> None:
        for el in _children(parent):
            if el.tag == W + "p":
                self.doc.add_text(paragraph_text(el))
            elif el.tag == W + "tbl":
                self.table(el)

    def table(self, tbl) -> None:
        rows = [tr for tr in _children(tbl) if tr.tag == W + "tr" and not _hidden_row(tr)]
        grid = [[tc for tc in _children(tr) if tc.tag == W + "tc"] for tr in rows]
        if any(not _cell_table(t) for cells in grid for tc in cells for t in tc.iter(W + "tbl")):
            for cells in grid:  # layout table: its cells are blocks
                for tc in cells:
                    self.block(tc)
            return
        # First pass: grid column, colspan and vMerge state of every cell.
        placed: list[list[tuple[int, int, str | None, object]]] = []
        for tr, cells in zip(rows, grid):
            trpr = tr.find(W + "trPr")
            col = _int_attr(trpr.find(W + "gridBefore") if trpr is not None else None, "val", 0)
            row: list[tuple[int, int, str | None, object]] = []
            for tc in cells:
                tcpr = tc.find(W + "tcPr")
                span = max(1, _int_attr(tcpr.find(W + "gridSpan") if tcpr is not None else None, "val", 1))
                vm = tcpr.find(W + "vMerge") if tcpr is not None else None
                hm = tcpr.find(W + "hMerge") if tcpr is not None else None
                vmerge = None if vm is None else (vm.get(W + "val") or "continue")
                if hm is not None and (hm.get(W + "val") or "continue") == "continue" and row:
                    c0, s0, v0, t0 = row[-1]
                    row[-1] = (c0, s0 + span, v0, t0)
                else:
                    row.append((col, span, vmerge, tc))
                col += span
            placed.append(row)
        index = self.tables
        self.tables += 1
        for r, row in enumerate(placed):
            cells: list[Cell] = []
            for col, span, vmerge, tc in row:
                # continues a merge from above (a stray continue with no opener is a cell)
                if vmerge == "continue" and r > 0 and any(
                        c == col and v in ("restart", "continue") for c, _, v, _ in placed[r - 1]):
                    continue
                rowspan = 1
                if vmerge == "restart":
                    for below in placed[r + 1:]:
                        if any(c == col and v == "continue" for c, _, v, _ in below):
                            rowspan += 1
                        else:
                            break
                text = "\n".join(t for t in _cell_texts(tc) if t)
                cells.append(Cell(text.strip("\n"), col, span, rowspan))
            if cells:
                self.doc.add_row(cells, index, r)


def _hidden_row(tr) -> bool:
    """A row Word does not print: marked hidden, or nothing in it but hidden text."""
    trpr = tr.find(W + "trPr")
    if trpr is not None and trpr.find(W + "hidden") is not None:
        return True
    runs = list(tr.iter(W + "r"))
    return bool(runs) and all(_vanished(r) for r in runs)


def _cell_table(tbl) -> bool:
    """A table inside a cell that is a box around one value or label (WPS users nest them)."""
    filled = sum(1 for p in tbl.iter(W + "p") if paragraph_text(p).strip())
    return filled <= 1


def _cell_texts(tc):
    """A cell's paragraphs in order, including those of a one-value table inside it."""
    for el in _children(tc):
        if el.tag == W + "p":
            yield paragraph_text(el)
        elif el.tag == W + "tbl":
            for p in el.iter(W + "p"):
                yield paragraph_text(p)


def _needed_part(name: str) -> bool:
    """Parts the reader needs inflated: XML and relationships; pictures and fonts stay empty."""
    return name.lower().endswith((".xml", ".rels"))


def read(data: bytes) -> Document:
    # python-docx would inflate every part whole, trusting the headers: give it a stored copy of
    # the parts we need, inflated here in counted chunks (limits.unpack_zip)
    data = unpack_zip(data, "DOCX", _needed_part)
    try:
        from docx.opc.package import OpcPackage
        from docx.oxml import parse_xml

        package = OpcPackage.open(io.BytesIO(data))
        part = package.main_document_part
        root = part.element if hasattr(part, "element") else parse_xml(part.blob)
        title = package.core_properties.title if hasattr(package, "core_properties") else None
    except MemoryError:
        raise  # the worker's memory limit (exit 4), not a corrupt file
    except Exception as e:  # noqa: BLE001  python-docx/lxml/zipfile raise many types on corrupt packages
        if "ERR_NO_MEMORY" in str(getattr(e, "error_log", "")):
            raise MemoryError("libxml2 ran out of memory") from None
        reason = " ".join(str(e).split())[:200] or type(e).__name__
        raise Unreadable(f"corrupt DOCX: {reason}") from None
    body = root.find(W + "body")
    if body is None:
        raise Unreadable("corrupt DOCX: no document body")
    doc = Document(kind="docx", title=(title or "").strip() or None)
    _Walker(doc).block(body)
    return doc
