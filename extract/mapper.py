"""The one mapper: a reader's `Document` (lines of cells) → the facts of SPEC.md.

Tables are found by their headings and label signatures, never by position or count; each table's
layout is detected on its own; rows and columns are mapped by their printed labels (fuzzy, see
labels.py); values are aligned to columns by grid position when the reader knows it exactly and
otherwise by a window that must hold every printed number. Nothing here repairs a number: a row
that cannot be aligned unambiguously is reported in `warnings`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import schema
from .document import Cell, Document, Line
from .labels import alike, best_match, core, norm, similarity
from .values import Value, is_value, parse


@dataclass
class Fact:
    code: str
    value: int | float
    raw: str
    row: str  # the row label as printed
    column: str  # the column label as printed (or the template's, when the header is not a grid)
    page: int | None = None
    bbox: tuple | None = None
    confidence: float | None = None

    def provenance(self) -> dict:
        return {
            "raw": self.raw,
            "row": self.row,
            "column": self.column,
            "page": self.page,
            "bbox": list(self.bbox) if self.bbox else None,
            "confidence": self.confidence,
        }


@dataclass
class TableResult:
    layout: str | None = None
    facts: dict[str, Fact] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ section headings
_HEADING_NUM = re.compile(r"^[(\[]?[一二三四五六七1-7][)\]]?[、.,:]?")
_SECTION_KEYS = {
    "一": lambda t: "总体情况" in t or t.endswith("概述"),
    "二": lambda t: "主动公开" in t,
    "三": lambda t: "收到和处理" in t or ("依申请" in t and "情况" in t),
    "四": lambda t: "行政复议" in t and ("诉讼" in t or "情况" in t),
    "五": lambda t: ("存在" in t and ("问题" in t or "不足" in t)) or "改进情况" in t,
    "六": lambda t: "其他需要报告" in t or "其他需报告" in t,
}


def heading_of(line: Line) -> str | None:
    """The section (一..六) a line heads, or None. A heading is a short line that starts with a
    numbering and names the section ("3、收到和处理…" counts; "三、本年度办理结果" does not)."""
    t = norm(line.text)
    if not t or len(t) > 40:
        return None
    numbered = bool(_HEADING_NUM.match(t))
    for sec, test in _SECTION_KEYS.items():
        if test(t) and (numbered or similarity(t, schema.SECTION_TITLES[sec]) >= 0.85):
            if sec == "四" and line.in_table and len([c for c in line.cells if c.text.strip()]) > 1:
                return None  # the 行政复议 | 行政诉讼 header row of table 4, not the heading
            return sec
    return None


# ------------------------------------------------------------------ cell helpers
def _value(cell: Cell, unit: str = "件") -> Value | None:
    return parse(cell.text, unit)


def _is_label(cell: Cell) -> bool:
    return bool(cell.text.strip()) and _value(cell) is None


_LABEL_BOUNDARY = re.compile(r"\s+(?=[(（][一二三四五六七八九十][)）]|\d{1,2}[.．、]|[一二三四五六]、)")


def _split_packed(line: Line) -> Line:
    """A row printed as one string ("规章 0 0 0", from layout-preserving text) → label + values."""
    if len(line.cells) != 1:
        return line
    cell = line.cells[0]
    tokens = cell.text.split()
    if len(tokens) < 2:
        return line
    k = len(tokens)
    while k > 0 and parse(tokens[k - 1]) is not None:
        k -= 1
    if k == len(tokens):
        return line
    label = " ".join(tokens[:k])
    # "三、本年度办理结果 （一）予以公开" holds a group label and a row label: one cell each, as a grid has
    cells = [Cell(part.strip(), i, page=cell.page, bbox=cell.bbox, confidence=cell.confidence)
             for i, part in enumerate(_LABEL_BOUNDARY.split(label)) if part.strip()]
    cells += [Cell(t, len(cells) + i, page=cell.page, confidence=cell.confidence) for i, t in enumerate(tokens[k:])]
    return Line(cells, line.table if line.table is not None else -1, line.row, line.page)


_STREAM_ROW_LABELS = tuple(
    {(r.key, r.item.labels) for rows in schema.T3_ROWS.values() for r in rows}
    | {(r.key, r.labels) for blocks in schema.T2_BLOCKS.values() for b in blocks for r in b.rows}
)


_STREAM_GROUP_LABELS = tuple((g, (g,)) for g in schema.T3_GROUP_LABELS)


def regroup_stream(lines: list[Line]) -> list[Line]:
    """Tables dumped one cell per line without any grid (some PDF/text exports): rebuild rows.
    A label starts a new row once the current row has numbers; numbers join the current row.
    Blank cells are invisible in such dumps, so rows may come out short (the mapper warns)."""
    cells = [l for l in lines if l.text.strip()]
    if not cells or sum(1 for l in cells if l.in_table or len(l.cells) > 1) > 0.3 * len(cells):
        return lines
    rows: list[Line] = []
    current: list[Cell] = []
    has_numbers = has_row_label = False
    for line in cells:
        for c in _split_packed(line).cells:
            is_number = _value(c) is not None
            is_row_label = not is_number and best_match(c.text, _STREAM_ROW_LABELS, 0.8)[0] is not None
            # a new row starts at a label once the current row has numbers, or at a second row
            # label (a table whose blank cells left no numbers at all)
            starts_row = is_row_label or (
                not is_number and best_match(c.text, _STREAM_GROUP_LABELS, 0.85)[0] is not None)
            if current and not is_number and (has_numbers or (starts_row and has_row_label)):
                rows.append(Line(current, -1, len(rows), line.page))
                current, has_numbers, has_row_label = [], False, False
            has_row_label = has_row_label or is_row_label
            current.append(Cell(c.text, len(current), page=c.page, bbox=c.bbox, confidence=c.confidence))
            has_numbers = has_numbers or is_number
    if current:
        rows.append(Line(current, -1, len(rows), None))
    return rows


def _covers(cell: Cell, col: int) -> bool:
    return cell.col <= col < cell.col + max(cell.colspan, 1)


def align(values: list[Cell], n: int, header_cols: list[int] | None, adds_up=None,
          order: list[int] | None = None, grid_row: bool = False) -> tuple[list[Cell | None], str | None]:
    """See _align; `order` (template column of each printed column, from a header read in reading
    order) re-orders a reading that was not placed by the grid. `grid_row`: the row is a row of a
    reader's table, so once its numbers stand under the header's grid columns, a column it prints
    nothing in is a blank cell of that row (a PDF whose open body draws no empty cells)."""
    cells, warning, by_grid = _align(values, n, header_cols, adds_up, grid_row)
    if by_grid:
        if grid_row and any(c is not None for c in cells):
            page = next(c.page for c in cells if c is not None)
            cells = [c if c is not None else Cell("", page=page) for c in cells]
        return cells, warning
    if order is None or order == list(range(n)):
        return cells, warning
    out: list[Cell | None] = [None] * n
    for printed_at, template_at in enumerate(order):
        out[template_at] = cells[printed_at]
    return out, warning


def _align(values: list[Cell], n: int, header_cols: list[int] | None, adds_up=None,
           grid_row: bool = False) -> tuple[list[Cell | None], str | None, bool]:
    """Choose which of a row's value cells stand under the n columns.

    1. Grid position, when the header gave n distinct columns and every printed number sits under
       one of them (HTML/DOCX grids; text layers whose tabs happen to keep the grid).
    2. Exactly n cells: in order.
    3. More cells than columns (merged label slots, trailing empties): the window of n consecutive
       cells that holds every printed number; among several, the only one whose numbers add up
       (`adds_up(numbers) -> bool`, the table's own arithmetic) — used to choose between readings,
       never to change a number.
    Returns (cells or None per column, warning or None).
    """
    printed = [i for i, c in enumerate(values) if c.text.strip()]
    if header_cols and len(set(header_cols)) == n:
        slots: list[Cell | None] = [None] * n
        ok = True
        for i in printed:
            hits = [k for k, hc in enumerate(header_cols) if _covers(values[i], hc)]
            if len(hits) != 1 or slots[hits[0]] is not None:
                ok = False
                break
            slots[hits[0]] = values[i]
        # (a reader's row of blank cells stands on the grid too, however many cells it drew)
        if ok and (printed or len(values) >= n or (grid_row and values)):
            for k, hc in enumerate(header_cols):
                if slots[k] is None:
                    slots[k] = next((v for v in values if _covers(v, hc)), None)
            # a column with no cell under it while the row has enough cells: the row is shifted
            # against the header (a label cell where the first column should be); read by count
            if all(s is not None for s in slots) or len(values) < n:
                return slots, None, True
    if len(values) == n:
        return list(values), None, False
    if len(values) < n:
        if not printed:
            return [None] * n, None, False
        return list(values) + [None] * (n - len(values)), f"{len(values)} cells for {n} columns", False
    every = range(len(values) - n + 1)
    windows = [k for k in every if all(k <= i < k + n for i in printed)]
    if len(windows) == 1 or (windows and not printed):
        return list(values[windows[0] : windows[0] + n]), None, False

    def consistent(ks):
        if adds_up is None:
            return []
        return [k for k in ks if adds_up([_number_or_0(c) for c in values[k : k + n]])]

    if windows:
        chosen = consistent(windows)
        if len(chosen) == 1:
            return list(values[chosen[0] : chosen[0] + n]), None, False
        return list(values[windows[0] : windows[0] + n]), "ambiguous column alignment", False
    chosen = consistent(every)
    k = chosen[0] if len(chosen) == 1 else 0
    return list(values[k : k + n]), f"{len(printed)} numbers for {n} columns; read columns {k + 1}-{k + n}", False


def _number_or_0(cell: Cell) -> int | float:
    v = _value(cell)
    return v.number if v is not None and v.number is not None else 0


def _fact(code: str, cell: Cell | None, row_label: str, column: str, unit: str) -> tuple[Fact | None, str | None]:
    """The fact of one cell, or (None, why) — a fact exists only where its cell was seen and
    prints a clean number (or is present and blank: SPEC's 0)."""
    if cell is None:
        return None, None  # no cell under this column: the code stays missing (the row warned)
    v = _value(cell, unit)
    if v is None:
        return None, f"{code}: cell {cell.text.strip()[:40]!r} is not a number; no value recorded"
    if v.number is None:
        return None, f"{code}: {v.warning}"
    fact = Fact(code, v.number, cell.text.strip(), row_label, column, cell.page, cell.bbox, cell.confidence)
    return fact, (f"{code}: {v.warning}" if v.warning else None)


def _label_and_values(line: Line) -> tuple[list[Cell], list[Cell]]:
    """Split a row into its label cells (text) and the value cells after the last label."""
    last = -1
    for i, c in enumerate(line.cells):
        if _is_label(c):
            last = i
    return [c for c in line.cells[: last + 1] if c.text.strip()], line.cells[last + 1 :]


def _header_cols(lines: list[Line], items: tuple[schema.Item, ...]) -> tuple[list[int] | None, list[str]]:
    """Grid columns and printed texts of column labels found in header lines (None when a label is
    missing: the caller then aligns by window)."""
    cols: dict[str, int] = {}
    texts: dict[str, str] = {}
    for line in lines:
        for c in line.cells:
            if not c.text.strip():
                continue
            key, _score = best_match(c.text, [(it.key, it.labels) for it in items], 0.85)
            if key and key not in cols:
                cols[key] = c.col
                texts[key] = c.text.strip()
    labels = [texts.get(it.key, it.label) for it in items]
    if len(cols) != len(items):
        return None, labels
    return [cols[it.key] for it in items], labels


# ------------------------------------------------------------------ table 3
_T3_SIGNATURES_2021 = ("逾期不补正", "收费通知", "缴纳费用")


def map_t3(lines: list[Line]) -> TableResult:
    res = TableResult()
    text = "".join(norm(l.text) for l in lines)
    res.layout = "2021" if any(s in text for s in _T3_SIGNATURES_2021) else "2019"
    rows = schema.T3_ROWS[res.layout]
    groups = [g for g in schema.T3_GROUP_LABELS if not (res.layout == "2019" and g.endswith("其他处理"))]
    row_candidates = [(r.key, tuple(r.item.labels)) for r in rows]
    # The first row of the table, not a sentence of prose that mentions 本年新收 before it.
    first_data = next((i for i, l in enumerate(lines) if _names(l, _NEW_ROW) and _is_row(l)), None)
    if first_data is None:
        res.warnings.append("table 3: row 一、本年新收… not found")
        res.layout = None  # no row seen: the layout was not detected, only defaulted
        return res
    header_cols, col_labels = _header_cols(lines[:first_data], schema.T3_COLUMNS)
    n = len(schema.T3_COLUMNS)
    # a reader's grid gives the printed order; positions in a regrouped dump (table -1) do not
    if (header_cols is not None and len(set(header_cols)) == n
            and all(l.table is None or l.table >= 0 for l in lines[:first_data])):
        rank = sorted(range(len(header_cols)), key=lambda k: header_cols[k])
        order: list[int] | None = rank
    else:
        order = _t3_column_order(lines[:first_data] + [_split_packed(lines[first_data])])
    if order is None and not _reader_row(lines[first_data]):
        # gridless (a regrouped dump, packed text): nothing but the header could say the order
        res.warnings.append("table 3: no header gives the column order; read in the template's order")
    elif order is None and header_cols is None and not _totals_last(lines[first_data:], n):
        # a grid whose header was not read whole (cut by a page break, unknown wordings) and whose
        # rows do not add up to their last cell: the columns are taken in the template's order
        # without anything to confirm it, and a reader of the data should know
        res.warnings.append("table 3: the column header was not read whole; columns taken in the template's order")
    filled: dict[str, tuple[Line, bool]] = {}  # row key → (line, any number printed)
    last_key: str | None = None
    last_label = ""
    body = [_split_packed(line) for line in lines[first_data:]]
    order_of = {r.key: k for k, r in enumerate(rows)}
    named, labelled = _t3_row_labels(body, groups, row_candidates)  # named: key → label as printed
    last_filled = -1  # template index of the row filled last
    skip = -1
    merged: list[tuple[int, int, Cell]] = []  # (table, last row covered, value cell with rowspan)
    for i, line in enumerate(body):
        if i == skip:
            continue
        labels, values = _label_and_values(line)
        values, merged = _with_merged_cells(line, values, merged)
        if not labels and _stray_number(line, body[i + 1:], n):
            res.warnings.append(f"table 3: lone number {line.text.strip()!r} before a row of numbers ignored")
            continue
        key = _t3_row_key(labels, groups, row_candidates)
        if key is None and labels and i + 1 < len(body):
            # a label wrapped with its cells on the first line ("1.属于国 | 1 … 1" over "家秘密"):
            # the row is the two fragments joined, when the second line prints no number
            nxt_labels, nxt_values = _label_and_values(body[i + 1])
            if nxt_labels and not any(c.text.strip() for c in nxt_values) \
                    and _t3_row_key(nxt_labels, groups, row_candidates) is None:
                joined = Cell(labels[-1].text.strip() + nxt_labels[-1].text.strip(), labels[-1].col,
                              page=labels[-1].page, bbox=labels[-1].bbox)
                key = _t3_row_key([joined], groups, row_candidates)
                if key is not None:
                    labels, skip = labels[:-1] + [joined], i + 1
        if key is None:
            # No row label here: either numbers whose label sat on the line before (a wrapped
            # label, PDF layout) or the unmatched tail of a wrapped label. Its numbers belong to
            # the row above, if that row printed none — unless a converter has split the table's
            # labels from its numbers (labels printed as text, out of step with rows of bare
            # numbers): then the numbers stand for the next row of the template after the row
            # filled last that the table names but prints no numbers beside.
            if not labels and any(c.text.strip() for c in values):
                slot = next((r.key for r in rows[last_filled + 1:]
                             if r.key in named and r.key not in labelled and r.key not in filled), None)
                target = slot if slot is not None else (
                    last_key if last_key and not (last_key in filled and filled[last_key][1]) else None)
                if target is not None:
                    row_label = last_label if target == last_key else named.get(target, "")
                    _set_t3_row(res, target, row_label, values, n, header_cols, col_labels, filled, line, order)
                    if target in filled:
                        last_filled = order_of[target]
                else:
                    _warn_unread(res, "table 3", line, values)
            elif last_key and not (last_key in filled and filled[last_key][1]) and any(c.text.strip() for c in values):
                _set_t3_row(res, last_key, last_label, values, n, header_cols, col_labels, filled, line, order)
            continue
        last_label = labels[-1].text.strip()
        if key in filled and filled[key][1]:
            if any(c.text.strip() for c in values):
                res.warnings.append(f"table 3: row {key} printed twice; kept the first")
            continue
        _set_t3_row(res, key, last_label, values, n, header_cols, col_labels, filled, line, order)
        last_key = key
        if key in filled:
            last_filled = order_of[key]
        if key == "carried_out" and key in filled:
            break
    missing = [r.key for r in rows if r.key not in filled]
    if missing:
        res.warnings.append(f"table 3: rows not found: {', '.join(missing)}")
    return res


def _totals_last(body: list[Line], n: int) -> bool:
    """Do the table's rows of n printed numbers add up to their last one (总计 in the template's
    place)? The report's own arithmetic confirming the order a header did not give."""
    ok = 0
    for line in body:
        nums = [v.number for c in _label_and_values(_split_packed(line))[1]
                if c.text.strip() and (v := _value(c)) is not None and v.number is not None]
        if len(nums) != n or not any(nums):
            continue
        if nums[-1] != sum(nums[:-1]):
            return False
        ok += 1
    return ok > 0


def _with_merged_cells(line: Line, values: list[Cell], merged: list[tuple[int, int, Cell]]):
    """A value cell merged down over several rows (rowspan) prints its number for every row it
    covers: a row such as （六）2./3. whose cells are the ones of （六）1. above it, drawn once across
    the three rows, gets those cells in the columns it draws nothing in. Returns the row's value
    cells and the merged cells still open after it."""
    if not _reader_row(line):
        return values, merged
    open_ = [(t, last, c) for t, last, c in merged if t == line.table and line.row is not None and line.row <= last]
    add = [c for _, _, c in open_ if not any(_covers(v, c.col) for v in values)]
    if line.row is not None:
        open_ += [(line.table, line.row + c.rowspan - 1, c) for c in values if c.rowspan > 1]
    if add:
        values = sorted(values + add, key=lambda c: c.col)
    return values, open_


_EMBEDDED_ROW_NUMBER = re.compile(r"(?<=[^\d\s.．、])\d{1,2}[.．、](?=\D)")


def _t3_row_key(labels: list[Cell], groups, row_candidates) -> str | None:
    """The table-3 row a line's label cells name (group labels such as （三）不予公开 skipped).
    A PDF text layer may glue a fragment of the group cell to the row label ("（四）无2.没有现成
    信息需要另", "予处理4.无正当理由大量反复"): the label after the embedded numbering is tried too."""
    key = None
    for cell in labels:
        gkey, gscore = best_match(cell.text, [(g, (g,)) for g in groups], 0.85)
        rkey, rscore = best_match(cell.text, row_candidates, 0.8)
        if rkey is None:
            rkey, rscore = best_match(_after_embedded_number(cell.text), row_candidates, 0.8)
        if gkey and gscore >= rscore:
            continue
        if rkey:
            key = rkey
    return key


def _after_embedded_number(text: str) -> str:
    """"（四）无2.没有现成信息需要另" → "2.没有现成信息需要另" (the whole text when nothing is glued)."""
    text = text.strip()
    embedded = _EMBEDDED_ROW_NUMBER.search(text)
    return text[embedded.start():] if embedded else ""


def _t3_row_labels(body: list[Line], groups, row_candidates) -> tuple[dict[str, str], set[str]]:
    """The rows a table-3 body names anywhere (`named`: key → the label as printed, the part after
    a glued group fragment) and those of them printed with numbers beside their label
    (`labelled`)."""
    named: dict[str, str] = {}
    labelled: set[str] = set()
    for line in body:
        labels, values = _label_and_values(line)
        key = _t3_row_key(labels, groups, row_candidates) if labels else None
        if key is None:
            continue
        text = labels[-1].text.strip()
        named.setdefault(key, _after_embedded_number(text) or text)
        if any(c.text.strip() for c in values) or (_reader_row(line) and not values):
            labelled.add(key)
    return named, labelled


def _stray_number(line: Line, rest: list[Line], n: int) -> bool:
    """A lone number printed as a paragraph inside table 3 (a page number, a cell a converter
    displaced) right before a row of bare numbers is not a row: the row follows."""
    if line.table is not None or len(line.cells) != 1 or parse(line.cells[0].text) is None:
        return False
    nxt = next((l for l in rest if l.text.strip()), None)
    if nxt is None:
        return False
    labels, values = _label_and_values(nxt)
    return not labels and len([c for c in values if c.text.strip()]) >= n > 1


_T3_COLUMN_CANDIDATES = tuple((c.key, c.labels) for c in schema.T3_COLUMNS) + (
    ("group", (schema.T3_COLUMN_GROUP,)),)


def _t3_column_order(lines: list[Line]) -> list[int] | None:
    """Template index of each printed column, from the header, or None when the header does not
    name all seven columns. Only labels printed on one line are ordered against each other (a
    layout-text line, or the cells of one row of a reader's table): a flattened multi-level header
    (申请人情况 … 总计 over 自然人 | 法人或其他组织 over 商业企业 … 其他) says nothing about the order of
    labels on different lines. The group 法人或其他组织 stands for its five sub-columns. Where the
    header does not decide, the template's order holds."""
    keys = [c.key for c in schema.T3_COLUMNS]
    parties = [k for k in schema.T3_PARTY_COLUMNS if k != "natural"]
    named: set[str] = set()
    before: dict[str, set[str]] = {k: set() for k in keys}  # column → columns printed left of it
    for line in lines:
        if not line.in_table:
            continue  # a sentence naming 自然人 or 总计 is not the header
        groups = [[c.text] for c in line.cells] if not _reader_row(line) else [[c.text for c in line.cells]]
        for texts in groups:
            seen: list[str] = []
            for t in (w for text in texts for w in text.split()):
                if len(t) > 12 or parse(t) is not None:
                    continue  # a header label is short; a longer text only mentions one
                key, _ = best_match(t, _T3_COLUMN_CANDIDATES, 0.85)
                if key and key not in seen:
                    seen.append(key)
            named.update(seen)
            expanded = [parties if k == "group" else [k] for k in seen]
            for i, left in enumerate(expanded):
                for right in expanded[i + 1:]:
                    for r in right:
                        before[r].update(x for x in left if x != r)
    if not {"natural", "total", *parties} <= named:
        return None
    printed: list[str] = []
    while len(printed) < len(keys):
        free = next((k for k in keys if k not in printed and before[k] <= set(printed)), None)
        if free is None:
            return None  # the header contradicts itself
        printed.append(free)
    return [keys.index(k) for k in printed]


def _row_adds_up(nums) -> bool:
    return sum(nums[:-1]) == nums[-1]


def _t4_adds_up(nums) -> bool:
    return all(sum(nums[g : g + 4]) == nums[g + 4] for g in (0, 5, 10))


def _reader_row(line: Line) -> bool:
    """A row of a table the reader saw (not a regrouped dump or a packed text line, table -1)."""
    return line.table is not None and line.table >= 0


def _blank_row(line: Line, values: list[Cell], n: int) -> list[Cell]:
    """The value cells of a row. A row of a reader's table printed with its label only (an unruled
    PDF or a short HTML row whose cells print nothing) stands in the table under the header: its
    cells are there and blank. A sentence (no table) or a regrouped dump (blank cells invisible,
    table -1) gets none."""
    if values or line.table is None or line.table < 0:
        return values
    return [Cell("", page=line.page) for _ in range(n)]


def _set_t3_row(res, key, row_label, values, n, header_cols, col_labels, filled, line, order=None):
    """Facts of one row from its value cells. A line without value cells (a sentence naming the
    row, a wrapped label's first line outside a table) yields nothing and does not count as the row."""
    values = _blank_row(line, values, n)
    if not values:
        return
    cells, warning = align(values, n, header_cols, _row_adds_up, order, _reader_row(line))
    if warning:
        res.warnings.append(f"table 3 row {key}: {warning}")
    for col in schema.T3_COLUMNS:  # a second reading of the row replaces the first, whole
        res.facts.pop(f"t3.{key}.{col.key}", None)
    made = printed = False
    for col, cell, clabel in zip(schema.T3_COLUMNS, cells, col_labels):
        code = f"t3.{key}.{col.key}"
        fact, w = _fact(code, cell, row_label, clabel, "件")
        if w:
            res.warnings.append(w)
        if fact is None:
            continue
        made = True
        printed = printed or bool(fact.raw)
        res.facts[code] = fact
    if made:
        filled[key] = (line, printed)


# ------------------------------------------------------------------ table 2
_T2_2019_ONLY = ("新制作", "新公开", "对外公开总", "上一年项目", "增/减", "增减", "采购", "其他对外管理服务")
_T2_2021_ONLY = ("制发件数", "废止件数", "度止件数", "现行有效", "收费金额")


def _warn_unread(res: TableResult, table: str, line: Line, values: list[Cell]) -> None:
    """A table line that prints numbers beside no row label and joins no row: its numbers are not
    in the dataset, and the report says so (a value set at the top of a tall cell, apart from its
    label, is the usual cause)."""
    numbers = [t for c in values if (t := c.text.strip()) and is_value(t)]
    if line.in_table and numbers:
        where = f" (page {line.page})" if line.page else ""
        res.warnings.append(f"{table}: numbers {' '.join(numbers)} on a line with no row label{where} not read")


def map_t2(lines: list[Line]) -> TableResult:
    res = TableResult()
    text = "".join(norm(l.text) for l in lines)
    score19 = sum(s in text for s in _T2_2019_ONLY)
    score21 = sum(s in text for s in _T2_2021_ONLY)
    if score19 == 0 and score21 == 0:
        res.warnings.append("table 2: no column header recognised")
        return res
    res.layout = "2019" if score19 > score21 else "2021"
    blocks = schema.T2_BLOCKS[res.layout]
    row_index = {r.key: b for b in blocks for r in b.rows}
    row_candidates = [(r.key, r.labels) for b in blocks for r in b.rows]
    header_lines: list[Line] = []
    found: set[str] = set()
    for line in lines:
        line = _split_packed(line)
        labels, values = _label_and_values(line)
        if not labels:
            _warn_unread(res, "table 2", line, values)
            continue
        key, _score = best_match(labels[-1].text, row_candidates, 0.8)
        if key is None or key in found:
            # a block heading (第二十条第（一）项) or a header row (信息内容 | 本年制发件数 …)
            if any(core(c.text) in ("信息内容",) or _is_column_label(c, blocks) for c in labels):
                header_lines = [line]
            continue
        block = row_index[key]
        values = _blank_row(line, values, len(block.columns))
        if not line.in_table or not values:
            continue  # a sentence or heading naming the row (prose before the table): not the row
        header_cols, col_labels = _header_cols(header_lines, block.columns)
        cells, warning = align(values, len(block.columns), header_cols, grid_row=_reader_row(line))
        if warning:
            res.warnings.append(f"table 2 row {key}: {warning}")
        made = False
        for col, cell, clabel in zip(block.columns, cells, col_labels):
            code = f"t2.{key}.{col.key}"
            fact, w = _fact(code, cell, labels[-1].text.strip(), clabel, _unit(col, clabel))
            if w:
                res.warnings.append(w)
            if fact is not None:
                res.facts[code] = fact
                made = True
        if made:
            found.add(key)
    missing = [r.key for b in blocks for r in b.rows if r.key not in found]
    if missing:
        res.warnings.append(f"table 2: rows not found: {', '.join(missing)}")
    return res


_IN_YUAN = re.compile(r"[(（](?:单位[:：])?元[)）]")


def _unit(col: schema.Item, printed_label: str) -> str:
    """The unit a column's cells are printed in: a 万元 column headed "采购总金额（元）" holds 元."""
    if col.unit == "万元" and _IN_YUAN.search(printed_label):
        return "元"
    return col.unit


def _is_column_label(cell: Cell, blocks) -> bool:
    key, _ = best_match(cell.text, [(c.key, c.labels) for b in blocks for c in b.columns], 0.85)
    return key is not None


# ------------------------------------------------------------------ table 4
def map_t4(lines: list[Line]) -> TableResult:
    res = TableResult(layout="2021")
    cols = [c for c in schema.T4_COLUMNS]
    header_lines: list[Line] = []
    value_line: Line | None = None
    # where the reader drew the table, a line outside it is prose (a sentence quoting 行政复议 and
    # 结果维持 with their numbers), never one of its header rows
    gridded = any(l.in_table for l in lines)
    for line in lines:
        if gridded and not line.in_table:
            continue
        line = _split_packed(line)
        cells = [c for c in line.cells if c.text.strip()]
        if not cells:
            if header_lines and line.in_table and len(line.cells) >= 5:
                value_line = line  # every cell blank: a filled table's blanks are 0
                break
            continue
        labels, values = _label_and_values(line)
        numbers = [c for c in values if c.text.strip()]
        # The row of numbers; some reports put a caption ("数量") before it.
        if len(numbers) >= 5 or (numbers and header_lines and len(labels) <= 1):
            if len(labels) > 1:  # header and numbers in one row (a dump with no grid)
                header_lines.append(Line(labels, line.table, line.row, line.page))
            value_line = Line(values, line.table, line.row, line.page)
            break
        if not labels:
            continue
        header_lines.append(line)
    if not header_lines or value_line is None:
        res.warnings.append("table 4: no row of numbers under the 行政复议/行政诉讼 header")
        return res
    codes = [f"t4.{g.key}.{c.key}" for g in schema.T4_GROUPS for c in cols]
    if len(value_line.cells) < len(codes):
        per_group = _t4_rows_per_group(lines)
        if per_group is not None:
            for g in schema.T4_GROUPS:
                for c, cell in zip(cols, per_group[g.key]):
                    fact, w = _fact(f"t4.{g.key}.{c.key}", cell, g.label, c.label, "件")
                    if w:
                        res.warnings.append(w)
                    if fact is not None:
                        res.facts[fact.code] = fact
            return res
    header_cols = _t4_header_cols(header_lines)
    col_labels = [c.label for g in schema.T4_GROUPS for c in cols]
    group_labels = [g.label for g in schema.T4_GROUPS for c in cols]
    cells, warning = align(value_line.cells, len(codes), header_cols, _t4_adds_up, grid_row=_reader_row(value_line))
    if warning:
        res.warnings.append(f"table 4: {warning}")
    for code, cell, clabel, glabel in zip(codes, cells, col_labels, group_labels):
        fact, w = _fact(code, cell, glabel, clabel, "件")
        if w:
            res.warnings.append(w)
        if fact is not None:
            res.facts[code] = fact
    return res


def _t4_group_of(text: str) -> str | None:
    """The table-4 group a caption or row label names ("行政诉讼（复议后起诉）" names 复议后起诉,
    not 行政复议)."""
    t = core(text)
    for g in reversed(schema.T4_GROUPS):  # the suits' labels contain 复议; look for them first
        if core(g.label) in t:
            return g.key if g.key != "review" or "诉讼" not in t else None
    return None


def _t4_rows_per_group(lines: list[Line]) -> dict[str, list[Cell]] | None:
    """Table 4 printed as one small table per group (a caption 行政复议 / 行政诉讼（未经复议直接起诉） /
    行政诉讼（复议后起诉） over its own 结果维持…总计 header and one row of five numbers, as PDF-to-text
    converters and some pages print it), or with the groups as row labels. Group key → the five
    cells in template column order; None unless each group has exactly one such row."""
    keys = [c.key for c in schema.T4_COLUMNS]
    rows: dict[str, list[Cell]] = {}
    group: str | None = None
    order: list[str] = keys
    for line in lines:
        line = _split_packed(line)
        labels, values = _label_and_values(line)
        named = next((g for g in (_t4_group_of(c.text) for c in labels) if g), None)
        if any(c.text.strip() for c in values):
            g = named or group
            if g is None or g in rows or len(values) != len(keys):
                return None
            rows[g] = [values[order.index(k)] for k in keys]
            group = None  # a caption heads one row
            continue
        if named:
            group = named
        found = [best_match(c.text, [(k.key, k.labels) for k in schema.T4_COLUMNS], 0.8)[0]
                 for c in line.cells if c.text.strip()]
        if len(found) == len(keys) and set(found) == set(keys):
            order = found  # this sub-table's header: the order its columns are printed in
    if set(rows) != {g.key for g in schema.T4_GROUPS}:
        return None
    return rows


def _t4_header_cols(header_lines: list[Line]) -> list[int] | None:
    """Grid column of each of the 15 value columns, from the group cells' spans (exact grids only)."""
    group_cells: dict[str, Cell] = {}
    col_cells: list[tuple[str, Cell]] = []
    for line in header_lines:
        for c in line.cells:
            t = core(c.text)
            if not t:
                continue
            gkey, _ = best_match(c.text, [(g.key, g.labels) for g in schema.T4_GROUPS], 0.85)
            if gkey and gkey not in group_cells:
                group_cells[gkey] = c
                continue
            ckey, _ = best_match(c.text, [(k.key, k.labels) for k in schema.T4_COLUMNS], 0.8)
            if ckey:
                col_cells.append((ckey, c))
    if len(group_cells) != 3 or len(col_cells) != 15:
        return None
    out: dict[str, int] = {}
    for ckey, c in col_cells:
        owners = [g for g, gc in group_cells.items() if _covers(gc, c.col)]
        if len(owners) != 1:
            return None
        out[f"{owners[0]}.{ckey}"] = c.col
    order = [f"{g.key}.{c.key}" for g in schema.T4_GROUPS for c in schema.T4_COLUMNS]
    if set(out) != set(order):
        return None
    return [out[k] for k in order]


# ------------------------------------------------------------------ regions
@dataclass
class Regions:
    t2: list[Line] = field(default_factory=list)
    t3: list[Line] = field(default_factory=list)
    t4: list[Line] = field(default_factory=list)
    sections: dict[str, list[Line]] = field(default_factory=dict)
    before_tables: list[Line] = field(default_factory=list)


def _t2_trigger(line: Line) -> bool:
    return _names(line, _ART20) and _is_row(line)


def _is_row(line: Line) -> bool:
    """A table row (from a grid, or a packed "label 1 2 3" line), not a sentence of prose."""
    return line.in_table or len(_split_packed(line).cells) > 1 or len(norm(line.text)) <= 40


_NEW_ROW = ("本年新收", "本年新收政府信息公开申请数量")
_APPLICANTS = ("申请人情况",)
_ART20 = ("第二十条第",)


def _names(line: Line, labels: tuple[str, ...]) -> bool:
    """Whether a cell of the line is (or contains) one of these labels, allowing one misread
    character (OCR: "玉年新收") — a table must not vanish for a single wrong glyph."""
    for c in line.cells:
        t = core(c.text)
        if not t:
            continue
        for label in labels:
            if label in t or alike(t, label, 0.8) or (
                    len(label) >= 8 and len(t) > len(label) and alike(t[: len(label)], label, 0.8)):
                return True
    return False


def _t3_trigger(line: Line) -> bool:
    return (_names(line, _APPLICANTS) or _names(line, _NEW_ROW)) and _is_row(line)


def _t4_trigger(line: Line) -> bool:
    texts = {core(c.text) for c in line.cells}
    t = norm(line.text)
    return ("行政复议" in texts and ("行政诉讼" in texts or "结果维持" in texts)) or (
        "结果维持" in t and _is_row(line))


def split_regions(doc: Document) -> Regions:
    """Assign each line to a table region (t2/t3/t4) or a prose section (一..六)."""
    reg = Regions()
    state: str | None = None  # "t2" | "t3" | "t4" | None
    section: str | None = None
    t3_done = False
    for line in doc.lines:
        sec = heading_of(line)
        if sec:
            section = sec
            state = {"二": "t2", "三": "t3", "四": "t4"}.get(sec)
            reg.sections.setdefault(sec, [])
            if state:
                continue
            continue
        if state != "t3" and _t3_trigger(line) and not reg.t3:
            state = "t3"
        elif state in (None, "t2") and _t2_trigger(line) and not reg.t3:
            state = "t2"
        elif state in ("t3", None) and (t3_done or state is None) and _t4_trigger(line) and not reg.t4:
            state = "t4"
        if state == "t2":
            reg.t2.append(line)
        elif state == "t3":
            reg.t3.append(line)
            if "结转下年度" in norm(line.text):
                t3_done = True
        elif state == "t4":
            reg.t4.append(line)
        if section and not line.in_table:
            reg.sections.setdefault(section, []).append(line)
        elif section is None and state is None:
            reg.before_tables.append(line)
    return reg
