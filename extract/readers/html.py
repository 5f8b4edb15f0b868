"""HTML articles → Document.

Government CMS pages wrap the report in navigation chrome and layout tables; the report itself
sits in an article container (TRS_Editor, zoom, article, content …) as paragraphs and data tables,
sometimes split into several <table>s, with cells full of <p>/<br>/<span>/&nbsp;. This reader:
1. decodes the bytes charset-aware (BOM, valid UTF-8, the declared meta charset, GB18030,
   charset-normalizer) — the declared charset is checked, never trusted, since GBK pages that
   declare UTF-8 (and the reverse) are common;
2. picks the article container and drops script/style/hidden chrome;
3. walks it in document order: block text → one text line each; a *leaf* data table (no nested
   table, at least two columns) → one line per row with exact grid columns after expanding
   colspan/rowspan; a layout table (holding other tables, or one column) is walked like a div.
"""
from __future__ import annotations

import re

from lxml import etree
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

from .. import schema
from ..document import Cell, Document
from ..errors import Unreadable

_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "select", "option",
         "button", "input", "textarea", "svg", "canvas", "map", "head", "title", "meta", "link"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "section", "article", "header", "footer", "aside", "nav", "main", "blockquote", "pre",
          "form", "center", "address", "hr", "table", "tr", "td", "th", "caption", "thead",
          "tbody", "tfoot", "figure", "figcaption", "fieldset", "body", "html"}
_CHROME_TAGS = {"nav", "header", "footer", "aside"}
_CHROME = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|foot|header|head|top|topbar|breadcrumb|crumbs?|position|"
    r"location|sidebar|side|share|copyright|friendlink|links|toolbar|search|login)([\s_-]|$)",
    re.IGNORECASE,
)
# Article containers of the common CMSs (TRS, Hanweb, …) and generic names.
_ARTICLE = re.compile(
    r"trs_editor|trs_ueditor|zoom|article|content|con_text|wzcon|main[-_]?text|detail|"
    r"art_con|bt_content|view|text|pages_content|info_cont", re.IGNORECASE,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u200b\ufeff]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PUA = re.compile("[\ue000-\uf8ff]")
_INT = re.compile(r"\d+")
_MAX_SPAN = 1000
_MAX_DEPTH = 200
# A statistical table is ~30 × 10 cells; a table covering more grid cells than this (after spans)
# is not a report's, and expanding it would cost memory in proportion: it is skipped, with a warning.
MAX_TABLE_CELLS = 200_000
MAX_TABLE_ROWS = 20_000

# Words that mark a table as one of the report's statistical tables (spelled in extract.schema).
_TABLE_WORDS = tuple(
    {c.label for c in schema.T3_COLUMNS[:2]} | {c.label for c in schema.T4_COLUMNS[:2]}
    | {b.heading for b in schema.T2_BLOCKS["2021"][:1]}
)


def decode(data: bytes) -> str:
    """Bytes of an HTML page → text, whatever its meta claims."""
    return decode_counted(data)[0]


# A page is "valid but for a few bad bytes" when at most this many bytes (or 1 in 2,000) fail to
# decode: real GBK pages carry a stray byte or two from a truncated paste; mojibake fails on most.
_FEW_BAD = 16


def decode_counted(data: bytes) -> tuple[str, int]:
    """(text, number of invalid bytes replaced by U+FFFD). The order: BOM → strict UTF-8 → the
    declared charset and GB18030, strict → the same candidates tolerating a few invalid bytes →
    charset-normalizer → GB18030 with replacement."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return _tolerant(data[len(bom):], enc)
    try:
        return data.decode("utf-8"), 0  # GBK text is almost never valid UTF-8, so this is safe first
    except UnicodeDecodeError:
        pass
    declared = resolve_encoding(html_body_declared_encoding(data[:8192]) or "")
    candidates = []
    for enc in (declared, "gb18030"):
        if enc and enc not in ("utf-8", "ascii", "latin-1", "cp1252", "iso8859-1") and enc not in candidates:
            candidates.append(enc)
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            return text, 0
    # a few invalid bytes in an otherwise valid page: the candidate that needs the fewest
    # replacements wins, if it needs only a few
    best = None
    for enc in ["utf-8", *candidates]:
        try:
            text, bad = _tolerant(data, enc)
        except LookupError:
            continue
        if bad <= max(_FEW_BAD, len(data) // 2000) and _plausible(text) and (best is None or bad < best[1]):
            best = (text, bad)
    if best is not None:
        return best
    try:
        from charset_normalizer import from_bytes

        found = from_bytes(data[:200_000]).best()
        if found is not None and found.encoding:
            return _tolerant(data, found.encoding)
    except Exception:  # noqa: BLE001, S110  charset-normalizer is a best effort; a lossy decode follows
        pass
    return _tolerant(data, "gb18030")


def _tolerant(data: bytes, enc: str) -> tuple[str, int]:
    """Decode with replacement, counting the replaced bytes (not the page's own U+FFFD)."""
    bad = [0]

    def count(err: UnicodeDecodeError):
        bad[0] += err.end - err.start
        return "\ufffd", err.end

    name = f"ogi-count-{id(bad)}"
    import codecs

    codecs.register_error(name, count)
    return data.decode(enc, errors=name), bad[0]


def _plausible(text: str) -> bool:
    # GB18030 decodes nearly any bytes; Big5 or Shift-JIS read as GB18030 come out full of
    # private-use characters, which real pages never hold
    return len(_PUA.findall(text)) <= max(2, len(text) // 1000)


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _span(value: str | None, limit: int) -> int:
    m = _INT.search(value or "")
    n = int(m.group()) if m else 1
    if n == 0 and limit:  # rowspan="0": to the end of the table section
        return limit
    return max(1, min(n, limit or 1, _MAX_SPAN))


def _tag(el) -> str:
    tag = el.tag  # libxml2's HTML parser writes element names in lower case
    return tag if isinstance(tag, str) else ""


def _hidden(el) -> bool:
    return bool(_HIDDEN.search(el.get("style") or "")) or el.get("hidden") is not None


def _own_tables(table) -> bool:
    """True when `table` is a leaf: it holds no other table but "cell tables" — a table inside
    a cell that holds one value or label (editors wrap a cell's number in its own table)."""
    return all(_cell_table(t) for t in table.iterdescendants("table"))


def _cell_table(table) -> bool:
    """A nested table that is just a box around one piece of text."""
    filled = 0
    for cell in table.iter("td", "th"):
        if _text_of(cell).strip():
            filled += 1
            if filled > 1:
                return False
    return True


def _rows(table) -> list:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _cells(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th") and not _hidden(c)]


def _is_data_table(table) -> bool:
    if not _own_tables(table):
        return False
    rows = _rows(table)
    return bool(rows) and max(sum(_span(c.get("colspan"), _MAX_SPAN) for c in _cells(tr)) for tr in rows) >= 2


class _Walker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.buf: list[str] = []
        self.tables = 0

    # -- prose
    def flush(self) -> None:
        if not self.buf:  # a run of <br> flushes nothing, fast
            return
        text = _collapse("".join(self.buf))
        self.buf = []
        if text:
            self.doc.add_text(text)

    def walk(self, el, depth: int = 0) -> None:
        tag = _tag(el)
        if tag == "br":
            self.flush()
            return
        if not tag or tag in _SKIP or _hidden(el) or depth > _MAX_DEPTH:
            return
        if tag == "table":
            self.flush()
            if _is_data_table(el):
                self.table(el)
            else:  # layout table: its cells are just blocks
                for tr in _rows(el):
                    for td in _cells(tr):
                        self.walk(td, depth + 1)
                        self.flush()
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            if child.tag == "br":  # inline, not a call: a page may hold a million of them
                self.flush()
            else:
                self.walk(child, depth + 1)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()

    # -- data tables
    def table(self, table) -> None:
        rows = _rows(table)
        index = self.tables
        self.tables += 1
        too_big = _oversized(rows)
        if too_big:
            self.doc.warnings.append(f"table {index + 1} skipped: {too_big}")
            return
        taken: dict[int, set[int]] = {}
        for r, tr in enumerate(rows):
            used = taken.setdefault(r, set())
            col = 0
            cells: list[Cell] = []
            for td in _cells(tr):
                while col in used:
                    col += 1
                colspan = _span(td.get("colspan"), _MAX_SPAN)
                rowspan = _span(td.get("rowspan"), len(rows) - r)
                for rr in range(r, r + rowspan):
                    taken.setdefault(rr, set()).update(range(col, col + colspan))
                cells.append(Cell(cell_text(td), col, colspan, rowspan))
                col += colspan
            if cells:
                self.doc.add_row(cells, index, r)


def _oversized(rows) -> str | None:
    """Why a table is too big to expand (rows, or grid cells its spans cover), else None.
    Spans are clamped first (colspan ≤ 1000, rowspan ≤ the rows left, rowspan="0" = to the end),
    so a rowspan/colspan bomb costs one pass over its tags, never the grid it claims."""
    if len(rows) > MAX_TABLE_ROWS:
        return f"{len(rows)} rows, over the {MAX_TABLE_ROWS} limit"
    covered = 0
    for r, tr in enumerate(rows):
        for td in _cells(tr):
            covered += _span(td.get("colspan"), _MAX_SPAN) * _span(td.get("rowspan"), len(rows) - r)
            if covered > MAX_TABLE_CELLS:
                return f"its cells cover over {MAX_TABLE_CELLS} grid cells"
    return None


def cell_text(td) -> str:
    """A cell's text: its blocks and <br>-separated parts joined by newlines, each collapsed."""
    parts: list[str] = []
    buf: list[str] = []

    def flush():
        text = _collapse("".join(buf))
        buf.clear()
        if text:
            parts.append(text)

    def walk(el, depth):
        tag = _tag(el)
        if not tag or tag in _SKIP or _hidden(el) or depth > _MAX_DEPTH:
            return
        if tag == "br":
            flush()
            return
        block = tag in _BLOCK
        if block:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child, depth + 1)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    if td.text:
        buf.append(td.text)
    for child in td:
        walk(child, 1)
        if child.tail:
            buf.append(child.tail)
    flush()
    return "\n".join(parts)


def _text_len(el) -> int:
    """Visible text length outside links (link lists are chrome, articles are prose)."""
    total = 0
    for node in el.iter():
        tag = _tag(node)
        if tag in _SKIP:
            continue
        if node.text and tag != "a" and not any(_tag(a) == "a" for a in node.iterancestors()):
            total += len(node.text.strip())
        if node.tail and node is not el:
            total += len(node.tail.strip())
    return total


def _is_report_table(table) -> bool:
    text = _text_of(table)
    return sum(w in text for w in _TABLE_WORDS) >= 1


def _article_root(body):
    """The element holding the article: the smallest hinted container that has (nearly) all
    the text of the biggest one and every statistical table of the page."""
    hinted = []
    for el in body.iter("div", "td", "section", "article", "main"):
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if _ARTICLE.search(names) and not _CHROME.search(names):
            hinted.append(el)
    if not hinted:
        return None
    sizes = [(_text_len(el), el) for el in hinted]
    best = max(s for s, _ in sizes)
    if best == 0:
        return None
    depth = {el: sum(1 for _ in el.iterancestors()) for _, el in sizes}
    root = max((el for s, el in sizes if s >= 0.9 * best), key=lambda el: depth[el])
    # Never lose a statistical table: climb until the root holds all of them.
    report_tables = [t for t in body.iter("table") if _own_tables(t) and _is_report_table(t)]
    while root is not None and root is not body:
        inside = set(root.iter("table"))
        if all(t in inside for t in report_tables):
            break
        root = root.getparent()
    return root


def _drop_chrome(body) -> None:
    # only elements that can be chrome: named ones and nav/header/footer/aside (XPath, in C)
    named = body.xpath("descendant::*[@class or @id]")
    for el in list(body.iter(*_CHROME_TAGS)) + named:
        tag = _tag(el)
        if tag in ("table", "tr", "td", "th", "tbody", "thead", "body", "html"):
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if (tag in _CHROME_TAGS or (names.strip() and _CHROME.search(names))) and el.getparent() is not None:
            if any(_is_report_table(t) for t in el.iter("table")):
                continue
            _drop_tree(el)


# Comments and processing instructions are skipped by the parser itself (never a regex over the
# whole page); huge_tree lifts libxml2's 10 MB cap on one text node, which otherwise ends the
# parse inside a giant comment or script and loses the report after it.
# Plain lxml elements, not lxml.html's: their Python class lookup cost ~10 µs per element, which
# made a page of a million <br> take minutes.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, no_network=True,
                           default_doctype=False)


def _text_of(el) -> str:
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _drop_tree(el) -> None:
    """Remove `el` and its subtree, keeping the text that follows it (lxml.html's drop_tree)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def parse(text: str):
    text = _BAD_CHARS.sub("", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        raise Unreadable("empty HTML document")
    try:
        root = etree.fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        if any(x.type_name == "ERR_NO_MEMORY" for x in _PARSER.error_log):
            raise MemoryError("libxml2 ran out of memory") from None  # the memory limit, not the page
        raise Unreadable(f"unparsable HTML: {' '.join(str(e).split())[:200]}") from None
    if root is None:
        raise Unreadable("unparsable HTML: no elements")
    # libxml2 stops at a resource limit (elements nested deeper than 2048) and keeps what it had:
    # the rest of the page would be lost without a word, so the page is refused instead
    halted = next((e.message for e in _PARSER.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    if halted:
        raise Unreadable(f"HTML over a parser limit: {' '.join(halted.split())[:120]}")
    return root


def read(data: bytes) -> Document:
    text, replaced = decode_counted(data)
    tree = parse(text)
    del text
    doc = Document(kind="html")
    if replaced:
        doc.warnings.append(f"{replaced} invalid byte{'s' if replaced > 1 else ''} replaced while decoding")
    title = tree.find(".//title")
    if title is not None:
        doc.title = _collapse(_text_of(title)) or None
    body = tree.find(".//body")
    if body is None:
        body = tree
    for el in list(body.iter("script", "style", "noscript", "template")):
        _drop_tree(el)
    root = _article_root(body)
    walker = _Walker(doc)
    if root is None:
        _drop_chrome(body)
        root = body
    else:
        # The headline often sits above the article container: keep it as the first line.
        h1 = next((h for h in body.iter("h1") if root not in h.iterancestors() and h is not root), None)
        if h1 is not None and not any(a is root for a in h1.iterancestors()):
            walker.walk(h1)
    walker.walk(root)
    walker.flush()
    # a table pasted as a picture (a scan, a screenshot of the Excel sheet) reads as nothing:
    # say so, so a missing table can be told from a table that was never there
    images = [img.get("src") or "" for img in root.iter("img") if not _hidden(img)]
    if images:
        names = ", ".join(i.rsplit("/", 1)[-1][:60] for i in images[:5]) + (" …" if len(images) > 5 else "")
        doc.warnings.append(f"images in the article (tables may be pictures): {names}")
    return doc
