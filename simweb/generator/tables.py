"""The three statistical tables of a report as grids, with the report's printing habits applied.

Shapes follow the official templates (国办公开办函〔2019〕60号 and 〔2021〕30号) as agencies print
them: table 2 is one table of 第二十条 sub-tables, each with its heading row and 信息内容 header;
table 3 has the three-level merged header (申请人情况 / 自然人 · 法人或其他组织 (…) · 总计) with
the 勾稽关系 note in the corner and the vertical merged labels 三、本年度办理结果, （三）不予公开 …;
table 4 has 行政复议 (5 columns) and 行政诉讼 → 未经复议直接起诉 (5) / 复议后起诉 (5).
Labels, layouts and code order all come from extract.schema.
"""
from __future__ import annotations

from extract import schema

from .grid import GCell, Grid
from .values import cell_text
from .wordings import wording

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T2_ROW_HEADER = "信息内容"
# A footnote some agencies type as the last row of table 3 (no digits: it states no fact).
T3_FOOTNOTE = "注：本表数据统计期限为本年度一月一日至十二月三十一日，申请件数以收到申请的次数计。"
GROUP_KEYS = {"（三）不予公开": "denied", "（四）无法提供": "unable", "（五）不予处理": "rejected",
              "（六）其他处理": "other"}


def paren(text: str, style) -> str:
    return text.replace("（", "(").replace("）", ")") if style.half_parens else text


def item_label(item: schema.Item, style, target: str | None = None) -> str:
    """The template label, a real wording the schema does not list (real_wordings.csv, by
    target such as "t2.col.made"), or the schema's first variant (a misprint or older wording)
    when the style prints that item the way some real reports do."""
    real = wording(style, target) if target else None
    if real:
        return paren(real, style)
    label = item.aliases[0] if item.key in style.typo_labels and item.aliases else item.label
    return paren(label, style)


def numbered(prefix: str, label: str, style) -> str:
    return paren(prefix, style) + (" " if style.label_spaces else "") + label


def spaced_column(label: str, style) -> str:
    # "结果 维持": a two-line header cell read back as one line
    if style.label_spaces and len(label) == 4:
        return label[:2] + " " + label[2:]
    return label


class _Codes:
    """Walks a layout's codes in template order, checking each against the cell being built."""

    def __init__(self, table: str, layout: str):
        self._it = iter(schema.layout_codes(table, layout))

    def next(self, row: str, column: str) -> str:
        code = next(self._it)
        if code.split(".")[1:] != [row, column]:
            raise AssertionError(f"template order drifted at {code}")
        return code


def text_cm(text: str, pt: float) -> float:
    """Printed width of a cell text: ASCII about half an em, CJK and full-width one em."""
    em = pt * 0.03528
    return sum(0.55 * em if ord(ch) < 128 else em for ch in text)


def _value_cm(texts: list[str], pt: float, least: float) -> float:
    # a typist widens narrow value columns until the longest number fits on one line
    return max(least, max((text_cm(t, pt) for t in texts), default=0) + 0.5)


def _spans(n: int, width: int = 3) -> list[int]:
    """Spread n value columns over `width` grid columns (the last one takes the rest)."""
    return [1] * (n - 1) + [width - (n - 1)]


def _value(spec, code: str, table: str, unit: str = "件", in_yuan: bool = False) -> GCell:
    """One value cell. A code in style.spaced_digits is typed with a space after its first digit
    ("1 0", "2 35"): one number or two? The cell states no fact (spec.printed_facts)."""
    text = cell_text(spec.facts[code], table, spec.style, unit, in_yuan)
    if code in spec.style.spaced_digits:
        if len(text) < 2 or not (text[0].isdigit() and text[1].isdigit()):
            raise ValueError(f"{code}: {text!r} has no two digits to type a space between")
        text = text[0] + " " + text[1:]
    return GCell(text)


# Table 2 as shanghai-bgt-2019 prints it (style.header_off): a label column and four grid columns,
# the third a sliver no wider than a ruling (two borders typed a hair apart in Word), so cells that
# look aligned on the page are one grid column off: in （五）/（六） the header is 上一年项目数量 (1) ·
# 本年增/减 (2) · 处理决定数量 (1) while each value row is 0 (2) · 0 (1) · 0 (1).
_T2_OFF_WIDTHS = [2.4, 1.6, 0.04, 1.6, 1.6]


def _t2_spans(n: int, style, value_row: bool, block_rows: tuple[str, ...]) -> list[int]:
    if not style.header_off:
        return _spans(n)
    if n == 3:
        off = value_row and block_rows[0] in ("licensing", "penalty")  # 2019 （五）/（六）
        return [2, 1, 1] if off else [1, 2, 1]
    return {1: [4], 2: [2, 2]}[n]


def table2(spec) -> Grid:
    style, layout = spec.style, spec.templates["t2"]
    codes = _Codes("t2", layout)
    serial = int(style.serial_column)
    ncols = serial + (5 if style.header_off else 4)
    rows: list[list[GCell]] = []
    blocks = []
    n = 0
    for block in schema.T2_BLOCKS[layout]:
        blocks.append(len(rows))
        rows.append([GCell(paren(block.heading, style), colspan=ncols, kind="head")])
        keys = tuple(r.key for r in block.rows)
        spans = _t2_spans(len(block.columns), style, False, keys)
        rows.append([GCell("序号", kind="head")] * serial + [GCell(T2_ROW_HEADER, kind="head")] + [
            GCell(item_label(c, style, f"t2.col.{c.key}"), colspan=s, kind="head")
            for c, s in zip(block.columns, spans)])
        spans = _t2_spans(len(block.columns), style, True, keys)
        for r in block.rows:
            n += 1
            row = [GCell(str(n), kind="serial")] * serial + [GCell(item_label(r, style), kind="label")]
            for c, s in zip(block.columns, spans):
                code = codes.next(r.key, c.key)
                in_yuan = style.amount_in_yuan and layout == "2019" and block.rows[0].key == "procurement" \
                    and c.unit == "万元"
                cell = _value(spec, code, "t2", c.unit, in_yuan)
                cell.colspan = s
                row.append(cell)
            rows.append(row)
    widths = [0.8] * serial + (_T2_OFF_WIDTHS if style.header_off else [2.4, 1.6, 1.6, 1.6])
    return Grid("t2", ncols, rows, widths, header_rows=2, blocks=blocks).place()


def table3(spec) -> Grid:
    style, layout = spec.style, spec.templates["t3"]
    codes = _Codes("t3", layout)
    party = [c for c in schema.T3_COLUMNS if c.key != "total"]
    total_col = next(c for c in schema.T3_COLUMNS if c.key == "total")
    note = paren(T3_NOTE, style) if style.corner_note else ""
    natural = GCell(item_label(party[0], style, "t3.col.natural"), rowspan=2, kind="head")
    total = GCell(total_col.label, rowspan=2, kind="head")
    group = GCell(schema.T3_COLUMN_GROUP, colspan=len(party) - 1, kind="head")
    remark = [GCell("备注", rowspan=3, kind="head")] if style.remark_column else []
    serial = [GCell("序号", rowspan=3, kind="head")] if style.serial_column else []
    rows: list[list[GCell]] = [
        serial + [GCell(note, rowspan=3, colspan=3, kind="note"), GCell(T3_APPLICANTS, colspan=7, kind="head")]
        + remark,
        [total, natural, group] if style.total_first else [natural, group, total],
        [GCell(item_label(c, style, f"t3.col.{c.key}"), kind="head") for c in party[1:]],
    ]
    # the order the value columns are printed in: the template's, or 总计 first
    columns = [total_col, *party] if style.total_first else list(schema.T3_COLUMNS)
    # rows a report leaves out (style.omit_rows) are not printed; their codes still advance
    printed = [r for r in schema.T3_ROWS[layout] if r.key not in style.omit_rows]
    t3rows = printed
    outcome_idx = [i for i, r in enumerate(t3rows) if r.outcome]
    first, last = outcome_idx[0], outcome_idx[-1] + 1  # the （七）总计 row closes 三、本年度办理结果
    group_size: dict[str, int] = {}
    for r in t3rows:
        if r.group:
            group_size[r.group] = group_size.get(r.group, 0) + 1
    seen_groups: set[str] = set()
    for i, r in enumerate(t3rows):
        # a 序号 column numbers the printed rows 1, 2, 3 … (numbers that are no facts)
        row: list[GCell] = [GCell(str(i + 1), kind="serial")] if style.serial_column else []
        label = numbered(r.prefix, item_label(r.item, style), style)
        if i == first:
            row.append(GCell(schema.RESULTS_GROUP, rowspan=last - first + 1, kind="label", vertical=True))
        if first <= i <= last:
            if r.group:
                if r.group not in seen_groups:
                    seen_groups.add(r.group)
                    g = paren(wording(style, f"t3.group.{GROUP_KEYS[r.group]}") or r.group, style)
                    if style.label_spaces:
                        g = g.replace(")", ") ").replace("）", "） ")
                    row.append(GCell(g, rowspan=group_size[r.group], kind="label", vertical=True))
                row.append(GCell(label, kind="label"))
            else:
                row.append(GCell(label, colspan=2, kind="label"))
        else:
            row.append(GCell(label, colspan=3, kind="label"))
        for c in columns:
            row.append(_value(spec, f"t3.{r.key}.{c.key}", "t3"))
        if style.remark_column:
            row.append(GCell("", kind="remark"))
        rows.append(row)
    for r in schema.T3_ROWS[layout]:  # template order still holds for the printed rows
        for c in schema.T3_COLUMNS:
            codes.next(r.key, c.key)
    ncols = style.serial_column + 10 + style.remark_column
    if style.footnote:
        rows.append([GCell(T3_FOOTNOTE, colspan=ncols, kind="note")])
    value_cm = _value_cm([c.text for row in rows[3:] for c in row if c.kind == "value"], style.table_font_pt, 1.0)
    if style.narrow_labels:
        # the room taken from the labels goes to the numbers: a substituted font may print digits
        # a full em wide, and a number must never wrap inside its cell
        value_cm = max(value_cm, _value_cm([c.text.replace(",", "") * 2 for row in rows[3:] for c in row
                                            if c.kind == "value"], style.table_font_pt, 1.2))
    # narrow_labels: the label column of a WPS/Word table squeezed so "（二）部分公开（区分处理的，…）"
    # wraps over three lines with its numbers centred beside them (issue #11, class 1)
    # the 序号 column as wide as its longest number printed in digits a full em wide: "25" never wraps
    serial_cm = _value_cm([str(len(t3rows)) * 2], style.table_font_pt, 0.9) if style.serial_column else 0.0
    label_cm = 3.4 if style.narrow_labels else max(5.0 - serial_cm, 15.6 - serial_cm - 7 * value_cm)
    widths = ([serial_cm] * style.serial_column + [label_cm * w / 7.8 for w in (1.5, 1.7, 4.6)]
              + [value_cm] * 7 + [1.2] * style.remark_column)
    return Grid("t3", ncols, rows, widths, header_rows=3, widths_cm=True).place()


def table4(spec) -> Grid:
    style = spec.style
    codes = _Codes("t4", "2021")
    review, direct, after = schema.T4_GROUPS
    cols = [wording(style, f"t4.col.{c.key}") or spaced_column(c.label, style) for c in schema.T4_COLUMNS]
    rows = [
        [GCell(review.label, colspan=5, kind="head"), GCell(schema.T4_SUIT_LABEL, colspan=10, kind="head")],
        [GCell(c, rowspan=2, kind="head") for c in cols]
        + [GCell(direct.label, colspan=5, kind="head"), GCell(after.label, colspan=5, kind="head")],
        [GCell(c, kind="head") for c in cols * 2],
        [_value(spec, codes.next(g.key, c.key), "t4") for g in schema.T4_GROUPS for c in schema.T4_COLUMNS],
    ]
    if style.t4_blank_row:
        rows.append([GCell("") for _ in range(15)])
    value_cm = _value_cm([c.text for c in rows[3]], style.table_font_pt, 1.04)
    return Grid("t4", 15, rows, [value_cm] * 15, header_rows=3, widths_cm=True).place()


def tables(spec) -> dict[str, Grid]:
    return {"t2": table2(spec), "t3": table3(spec), "t4": table4(spec)}
