"""Reading generated documents back through paths that share nothing with the generator: lxml
with a hand-written rowspan/colspan expansion for HTML, python-docx's own merged-cell grid for
DOCX, `pdftotext -layout` for PDF. Each reader maps cells to fact codes by the printed labels
(the template's labels and the schema's variants), so a cell in the wrong row or column fails."""
from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import docx
import lxml.html
from docx.oxml.ns import qn
from docx.table import Table

from extract import schema
from simweb.generator.wordings import real_wordings

HEADING = re.compile(r"^[一二三四五六1-6][、.]")
FOOTER = re.compile(r"^[-—]\s*\d+\s*[-—]$")
NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(元)?$")
DASHES = {"—", "-", "/", "无"}


def norm(text: str) -> str:
    """Full-width → half-width, no whitespace (NBSP included)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


def value(text: str) -> int | float:
    t = norm(text)
    if t == "" or t in DASHES:
        return 0
    if not NUMBER.match(t):
        raise AssertionError(f"not a number: {text!r}")
    yuan = t.endswith("元")
    t = t.rstrip("元").replace(",", "")
    v = float(t) if "." in t or yuan else int(t)
    if yuan:
        v = round(v / 10000, 6)
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return v


# ---------------------------------------------------------------- documents → lines
# A line is ("p", text) or ("row", [cell text per grid column], {grid columns where a cell starts}).

def expand(table) -> list[tuple[list[str], set[int]]]:
    """An HTML table as a full grid: every merged cell's text in each grid position it covers,
    and per row the grid columns where a cell of that row starts."""
    grid: dict[tuple[int, int], str] = {}
    starts: dict[int, set[int]] = {}
    rows = table.xpath("./tr|./tbody/tr|./thead/tr")
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in grid:
                c += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            text = td.text_content()
            starts.setdefault(r, set()).add(c)
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
            c += cs
    width = max((c for _, c in grid), default=-1) + 1
    return [([grid.get((r, c), "") for c in range(width)], starts.get(r, set())) for r in range(len(rows))]


def html_lines(data: bytes) -> list[tuple]:
    root = lxml.html.fromstring(data)
    out: list[tuple] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            out.extend(("row", row, starts) for row, starts in expand(el))
        elif tag in ("p", "h1", "h2", "h3", "h4"):
            out.append(("p", el.text_content()))
        else:
            for child in el:
                walk(child)

    walk(root.find("body") if root.find("body") is not None else root)
    return [ln for ln in out if ln[0] == "row" or norm(ln[1])]


def docx_lines(data: bytes) -> list[tuple]:
    d = docx.Document(io.BytesIO(data))
    out: list[tuple] = []
    for el in d.element.body.iterchildren():
        if el.tag == qn("w:p"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if norm(text):
                out.append(("p", text))
        elif el.tag == qn("w:tbl"):
            for row in Table(el, d).rows:
                cells = row.cells  # a merged cell repeats in each grid column it covers
                starts = {j for j, c in enumerate(cells) if j == 0 or c._tc is not cells[j - 1]._tc}
                out.append(("row", [c.text for c in cells], starts))
    return out


def pdf_text_lines(data: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data,
                          capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    return [ln for ln in text.replace("\f", "\n").splitlines() if not FOOTER.match(ln.strip())]


# ---------------------------------------------------------------- sections
def section_bounds(texts: list[str]) -> dict[str, int]:
    """Index of the heading line of sections 二, 三, 四 and 五 (headings may read 一、 3、 …)."""
    want = {"t2": [norm(schema.T2_TITLE)], "t3": [norm(schema.T3_TITLE)], "t4": [norm(schema.T4_TITLE)]}
    # real heading wordings the generator may print (simweb/generator/real_wordings.csv)
    for target, wording, _ in real_wordings():
        key = {"heading.二": "t2", "heading.三": "t3", "heading.四": "t4"}.get(target)
        if key:
            want[key].append(norm(wording))
    out: dict[str, int] = {}
    for i, t in enumerate(texts):
        n = norm(t)
        if not HEADING.match(n):
            continue
        # a long heading wraps onto a second line in PDF
        joined = (n, n + norm(texts[i + 1])) if i + 1 < len(texts) else (n,)
        for key, titles in want.items():
            if key not in out and any(m.endswith(x) and len(m) <= len(x) + 3 for m in joined for x in titles):
                out[key] = i + (1 if not any(n.endswith(x) for x in titles) else 0)
        if "t4" in out and "end" not in out and "改进情况" in n:
            out["end"] = i
    assert set(out) == {"t2", "t3", "t4", "end"}, f"section headings not found: {sorted(out)}"
    return out


def _labels(item: schema.Item) -> list[str]:
    return [norm(x) for x in item.labels]


# ---------------------------------------------------------------- grids (HTML, DOCX) → facts
def facts_from_lines(lines: list[tuple], templates: dict) -> dict:
    texts = [ln[1] if ln[0] == "p" else "" for ln in lines]
    b = section_bounds(texts)
    facts = {}
    facts.update(_t2(lines[b["t2"] + 1:b["t3"]], templates["t2"]))
    facts.update(_t3([ln[1] for ln in lines[b["t3"] + 1:b["t4"]] if ln[0] == "row"], templates["t3"]))
    facts.update(_t4([ln[1] for ln in lines[b["t4"] + 1:b["end"]] if ln[0] == "row"]))
    return facts


def _t2(lines: list[tuple], layout: str) -> dict:
    """Each value is the cell that starts under its header's columns: a header cell one grid column
    off (shanghai-bgt-2019: 本年增/减 over a sliver column and the next) still finds its number. A
    序号 column left of 信息内容 numbers rows and is no value."""
    blocks = {norm(bl.heading): bl for bl in schema.T2_BLOCKS[layout]}
    block, header, facts = None, None, {}
    for kind, content, *starts in lines:
        cells = [norm(c) for c in content] if kind == "row" else [norm(content)]
        if set(cells) <= set(blocks) and len(set(cells)) == 1:
            block, header = blocks[cells[0]], None
            continue
        if kind != "row" or block is None:
            continue
        if "信息内容" in cells:
            header = cells
            continue
        label = cells[header.index("信息内容")]
        row = next(r for r in block.rows if label in _labels(r))
        for col in block.columns:
            span = [j for j, h in enumerate(header) if h in _labels(col)]
            j = next(j for j in span if j in starts[0])
            facts[f"t2.{row.key}.{col.key}"] = value(content[j])
    return facts


def _t3(rows: list[list[str]], layout: str) -> dict:
    head = next(i for i, r in enumerate(rows) if any(norm(c) == "总计" for c in r) and any(norm(c) == "自然人" for c in r))
    sub = next(r for r in rows[head:head + 2] if any(norm(c) == "商业企业" for c in r))
    cols = {}
    for col in schema.T3_COLUMNS:
        where = rows[head] if col.key in ("natural", "total") else sub
        cols[col.key] = next(j for j, c in enumerate(where) if norm(c) == norm(col.label))
    first_value = min(cols.values())
    facts = {}
    header_words = {"申请人情况", "自然人", "商业企业"}
    for cells in rows[head + 2:]:
        if norm(cells[0]).startswith("注"):  # a footnote row under the table
            continue
        if header_words & {norm(c) for c in cells}:  # the header typed again over a second part
            continue
        label_cells = []
        for c in cells[:first_value]:
            if not label_cells or norm(c) != label_cells[-1]:
                label_cells.append(norm(c))
        label = "".join(label_cells)
        matches = [r for r in schema.T3_ROWS[layout]
                   if any(label.endswith(norm(r.prefix) + lab) for lab in _labels(r.item))]
        assert len(matches) == 1, f"row label {label!r} matches {[m.key for m in matches]}"
        for key, j in cols.items():
            facts[f"t3.{matches[0].key}.{key}"] = value(cells[j])
    return facts


def _t4(rows: list[list[str]]) -> dict:
    top, mid, low = (list(map(norm, r)) for r in rows[:3])
    values = rows[3]
    groups = {norm(g.label): g.key for g in schema.T4_GROUPS}
    cols = {norm(c.label): c.key for c in schema.T4_COLUMNS}
    facts = {}
    for j, v in enumerate(values):
        group = groups.get(top[j]) or groups[mid[j]]
        facts[f"t4.{group}.{cols[low[j]]}"] = value(v)
    return facts


# ---------------------------------------------------------------- PDF text → facts
def _tokens(line: str, dashes: bool) -> list[str]:
    out = []
    # pdftotext puts a space between digits and a following CJK unit: "10,000 元"
    text = re.sub(r"(\d) +元", r"\1元", unicodedata.normalize("NFKC", line).replace("\u2212", "-"))
    for tok in text.split():
        if NUMBER.match(tok) or (dashes and tok in DASHES):
            out.append(tok)
    return out


def _cjk(text: str) -> str:
    """The label characters of a line: CJK and full-width brackets, in order."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if "\u4e00" <= ch <= "\u9fff")


def pdf_tables(lines: list[str], templates: dict, value_lines: bool = False, serial: bool = False) -> dict:
    """{(table, row key): [printed value tokens in column order]} read from `pdftotext -layout`.
    A row's tokens are every number on the lines from its label to the next row's label (values
    are vertically centred beside wrapped labels, and rows break across pages). `serial`: tables 2
    and 3 print a 序号 column left of the labels, whose number is each row's first token."""
    b = section_bounds(lines)
    out: dict = {}
    skip = int(serial)
    # table 2: each row is one line that starts with its label (after its 序号)
    block_lines = lines[b["t2"] + 1:b["t3"]]
    i = 0
    for block in schema.T2_BLOCKS[templates["t2"]]:
        while norm(block.heading) not in norm(block_lines[i]):
            i += 1
        for row in block.rows:
            while not any(re.sub(r"^\d+", "", norm(block_lines[i])) .startswith(lab) if serial
                          else norm(block_lines[i]).startswith(lab) for lab in _labels(row)):
                i += 1
            out[("t2", row.key)] = _tokens(block_lines[i], dashes=True)[skip:]
    # table 3: rows found in template order by the start of their label
    t3_lines = lines[b["t3"] + 1:b["t4"]]
    if value_lines:
        # labels wrapped in a narrow column, interleaved with the vertical group labels: read the
        # rows as the lines that carry all seven numbers, in template order (no blank zeros)
        rows = [toks for ln in t3_lines if len(toks := _tokens(ln, dashes=False)) == 7 + skip]
        assert len(rows) == len(schema.T3_ROWS[templates["t3"]]), f"{len(rows)} value lines in table 3"
        for row, toks in zip(schema.T3_ROWS[templates["t3"]], rows):
            out[("t3", row.key)] = toks[skip:]
        t3_lines = []
    starts = []
    i = 0
    for row in schema.T3_ROWS[templates["t3"]] if t3_lines else ():
        keys = [norm(row.prefix + lab)[:5] for lab in row.item.labels]
        # a label wrapped in a narrow column: its first characters over this line and the next
        # (label fragments only: the CJK text of each line, numbers dropped)
        wrapped = [w for w in (_cjk(row.prefix + lab)[:4] for lab in row.item.labels) if len(w) == 4]
        while not any(k in norm(t3_lines[i]) for k in keys) and not (
                any(w in _cjk(" ".join(t3_lines[i:i + 2])) for w in wrapped)
                and not any(w in _cjk(t3_lines[i + 1]) for w in wrapped)):
            i += 1
        starts.append(i)
        i += 1
    for n, row in enumerate(schema.T3_ROWS[templates["t3"]] if t3_lines else ()):
        end = starts[n + 1] if n + 1 < len(starts) else len(t3_lines)
        out[("t3", row.key)] = [t for ln in t3_lines[starts[n]:end] for t in _tokens(ln, dashes=False)][skip:]
    # table 4 starts at its 行政诉讼 header line (a paragraph quoting numbers may come first)
    t4 = lines[b["t4"] + 1:b["end"]]
    start = next(i for i, ln in enumerate(t4) if "行政诉讼" in norm(ln))
    out[("t4", None)] = [t for ln in t4[start:] for t in _tokens(ln, dashes=True)]
    return out
