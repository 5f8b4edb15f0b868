"""Table 3 printed the way real WPS/Word reports print it, for the PDF reader's hard shapes.

Real reports type table 3 into a narrow grid: the row labels wrap over two or three lines, the
numbers are vertically centred (or set at the top or bottom) in the tall cells, 三、本年度办理结果
stands one character a line in a narrow merged cell, （三）不予公开 spans its eight sub-rows, and the
table runs over a page break, with or without the header repeated, sometimes with the group label
typed again on the next page. Two producers:

- `t3_docx(shape, values)`: a Word file made with python-docx (real gridSpan / vMerge, w:vAlign,
  w:tblHeader, table borders as Word writes them), printed by real LibreOffice
  (`simweb.generator.office.convert_many`, an isolated profile per run);
- `t3_wps_pdf(shape, values)`: reportlab drawing the table line by line the way WPS places it,
  for what LibreOffice cannot make: numbers centred *between* two label lines with WPS's line
  pitch, label text that runs into the number column, and rule-less variants of those.

The printed labels below are typed from the 2021 template (国办公开办函〔2021〕30号) as agencies
print it, not taken from extract/schema.py; `values` are the numbers the caller puts in the
document (its truth, typed by hand in the test).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

RESULTS = "三、本年度办理结果"
DENIED = "（三）不予公开"
UNABLE = "（四）无法提供"
REJECTED = "（五）不予处理"
OTHER = "（六）其他处理"

# (row key, outer group, inner group, printed label) in template order
T3_BODY: tuple[tuple[str, str | None, str | None, str], ...] = (
    ("new", None, None, "一、本年新收政府信息公开申请数量"),
    ("carried_in", None, None, "二、上年结转政府信息公开申请数量"),
    ("granted", RESULTS, None, "（一）予以公开"),
    ("partial", RESULTS, None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_secret", RESULTS, DENIED, "1.属于国家秘密"),
    ("denied_law", RESULTS, DENIED, "2.其他法律行政法规禁止公开"),
    ("denied_safety", RESULTS, DENIED, "3.危及“三安全一稳定”"),
    ("denied_third_party", RESULTS, DENIED, "4.保护第三方合法权益"),
    ("denied_internal", RESULTS, DENIED, "5.属于三类内部事务信息"),
    ("denied_process", RESULTS, DENIED, "6.属于四类过程性信息"),
    ("denied_enforcement", RESULTS, DENIED, "7.属于行政执法案卷"),
    ("denied_query", RESULTS, DENIED, "8.属于行政查询事项"),
    ("unable_not_held", RESULTS, UNABLE, "1.本机关不掌握相关政府信息"),
    ("unable_create", RESULTS, UNABLE, "2.没有现成信息需要另行制作"),
    ("unable_unclear", RESULTS, UNABLE, "3.补正后申请内容仍不明确"),
    ("rejected_petition", RESULTS, REJECTED, "1.信访举报投诉类申请"),
    ("rejected_duplicate", RESULTS, REJECTED, "2.重复申请"),
    ("rejected_publication", RESULTS, REJECTED, "3.要求提供公开出版物"),
    ("rejected_excessive", RESULTS, REJECTED, "4.无正当理由大量反复申请"),
    ("rejected_confirm", RESULTS, REJECTED, "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", RESULTS, OTHER,
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_no_fee", RESULTS, OTHER, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", RESULTS, OTHER, "3.其他"),
    ("total", RESULTS, None, "（七）总计"),
    ("carried_out", None, None, "四、结转下年度继续办理"),
)
T3_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
PARTIES = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TITLE = "某某区人民政府办公室2023年政府信息公开工作年度报告"
HEADING = "三、收到和处理政府信息公开申请情况"
NEXT_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
INTRO = ("本机关严格执行政府信息公开申请办理制度，按照法定时限答复申请人。"
         "全年办理情况见下表。")


def facts_of(values: dict[str, tuple[int, ...]]) -> dict[str, int]:
    """The SPEC codes of a table typed as {row key: seven numbers}."""
    return {f"t3.{key}.{col}": v for key, row in values.items() for col, v in zip(T3_COLUMNS, row)}


# ------------------------------------------------------------------ Word files
@dataclass
class DocxShape:
    """How a clerk typed table 3 into Word."""
    widths_cm: tuple[float, float, float, float] = (0.9, 1.6, 3.0, 1.35)  # group, sub-group, label, value
    valign: str = "center"  # top | center | bottom: the value cells (and labels)
    rules: str = "grid"  # grid | three_line | none
    size_pt: float = 10.5
    repeat_header: bool = False  # the three header rows marked to repeat on each page (w:tblHeader)
    lead_lines: int = 0  # prose lines before the table (to put the page break where wanted)
    regroup_at: str | None = None  # a row key: the merged group label is typed again from this row on
    split_rows: bool = False  # rows may break across pages (Word's default): a tall row's label goes on overleaf
    title: str = TITLE


_VALIGN = {"top": WD_CELL_VERTICAL_ALIGNMENT.TOP, "center": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
           "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}


def _east_asian(run, font: str = "宋体") -> None:
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _para(d, text: str, size: float = 16, center: bool = False) -> None:
    p = d.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(28)
    run = p.add_run(text)
    run.font.size = Pt(size)
    _east_asian(run, "仿宋")


def _borders(table, rules: str) -> None:
    """Table borders as Word writes them (w:tblBorders), replacing the table style's."""
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    el = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        if rules == "grid" or (rules == "three_line" and edge in ("top", "bottom")):
            b.set(qn("w:val"), "single")
            b.set(qn("w:sz"), "12" if rules == "three_line" else "4")
            b.set(qn("w:color"), "000000")
        else:
            b.set(qn("w:val"), "nil")
        el.append(b)
    tblpr.append(el)


def _cell_bottom_rule(cell) -> None:
    """The rule under the header of a 三线表: a bottom border on each header cell."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    b = OxmlElement("w:bottom")
    b.set(qn("w:val"), "single")
    b.set(qn("w:sz"), "6")
    b.set(qn("w:color"), "000000")
    borders.append(b)
    tcpr.append(borders)


def _write(cell, text: str, size: float, align, valign) -> None:
    cell.vertical_alignment = valign
    p = cell.paragraphs[0]
    p.alignment = align
    pf = p.paragraph_format
    pf.line_spacing = 1.0
    pf.space_before = pf.space_after = Pt(0)
    run = p.add_run(text)
    run.font.size = Pt(size)
    _east_asian(run)


def t3_docx(shape: DocxShape, values: dict[str, tuple[int | str, ...]]) -> bytes:
    """A report whose section 三 is table 3 (2021 template) typed as `shape` says."""
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    d.core_properties.title = shape.title
    _para(d, shape.title, 22, center=True)
    _para(d, HEADING)
    for _ in range(shape.lead_lines):
        _para(d, INTRO[:24])  # one printed line each
    g, s, lab, val = shape.widths_cm
    widths = [Cm(g), Cm(s), Cm(lab)] + [Cm(val)] * 7
    n = 3 + len(T3_BODY)
    table = d.add_table(rows=n, cols=10)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, shape.rules)
    for col, w in zip(table.columns, widths):
        col.width = w
    tcs = [[_Cell(tc, table) for tc in row._tr.tc_lst] for row in table.rows]
    for row in tcs:
        for c, cell in enumerate(row):
            cell.width = widths[c]
    size = shape.size_pt
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    mid = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    va = _VALIGN[shape.valign]

    def put(r0, c0, r1, c1, text, align=center, valign=mid):
        cell = tcs[r0][c0]
        if (r0, c0) != (r1, c1):
            cell = cell.merge(tcs[r1][c1])
        _write(cell, text, size, align, valign)
        return cell

    head = [put(0, 0, 2, 2, NOTE), put(0, 3, 0, 9, "申请人情况"), put(1, 3, 2, 3, "自然人"),
            put(1, 4, 1, 8, "法人或其他组织"), put(1, 9, 2, 9, "总计")]
    head += [put(2, 4 + k, 2, 4 + k, p) for k, p in enumerate(PARTIES)]
    if shape.rules == "three_line":  # the rule under the header
        for c in [0] + list(range(3, 10)):
            _cell_bottom_rule(tcs[2][c])
    if not shape.split_rows:
        for row in table.rows[3:]:  # rows never break across pages (Word: 允许跨页断行 off)
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if shape.repeat_header:
        for r in range(3):
            trpr = table.rows[r]._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trpr.append(el)
    # body: group cells merged over their rows (typed again from `regroup_at` on)
    rows = {key: 3 + i for i, (key, *_rest) in enumerate(T3_BODY)}
    spans: dict[tuple[str, int], list[int]] = {}  # (group text, column) → rows
    for key, outer, inner, label in T3_BODY:
        r = rows[key]
        for text, col in ((outer, 0), (inner, 1)):
            if text is None:
                continue
            k = (text, col)
            if shape.regroup_at == key:
                spans[(text + "#", col)] = spans.pop(k, [])  # close the first part: typed again below
            spans.setdefault(k, []).append(r)
        c0 = 0 if outer is None else (1 if inner is None else 2)
        put(r, c0, r, 2, label, left, va)
        for c, v in enumerate(values[key]):
            put(r, 3 + c, r, 3 + c, str(v), center, va)
    for (text, col), rs in spans.items():
        put(rs[0], col, rs[-1], col, text.rstrip("#"), center, mid)
    _para(d, NEXT_HEADING)
    _para(d, "本年度未发生政府信息公开行政复议、行政诉讼案件。")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ WPS-like PDFs (reportlab)
@dataclass
class WpsShape:
    """How WPS places table 3 on the page: every text line of a cell drawn on its own, a line
    pitch of 1.3 em, 0.19 cm cell padding, the cell's lines as a block at the top, centre or bottom
    of the cell, the row as tall as its tallest cell."""
    widths_pt: tuple[float, float, float, float] = (26.0, 44.0, 92.0, 36.0)  # group, sub-group, label, value
    size: float = 10.5
    pitch: float = 13.65  # 1.3 em: WPS's "single" spacing for 宋体
    label_valign: str = "center"
    value_valign: str = "center"
    rules: str = "stroked"  # stroked (four strokes per cell) | three_line | none
    pad: float = 5.4  # left/right cell padding
    label_pad: float | None = None  # the label cells' left padding, when it differs (text into the rule)
    break_before: str | None = None  # a row key: the table goes on overleaf from this row (else where it fills the page)
    repeat_header: bool = False  # the three header rows printed again on the next page
    regroup: bool = False  # merged group labels cut by the break are typed again in their second part
    value_align: str = "center"  # center | left: numbers in their cells
    wide_rows: float = 0.0  # rows 一、二、四 with their own cell widths: the label cell this much wider,
    # its seven number cells narrower (WPS keeps a width per row), so their label stands over
    # where the numbers of the other rows are
    lead_lines: int = 3  # prose lines between the heading and the table
    title: str = TITLE


def _register_font() -> str:
    """A TrueType subset of Noto Sans CJK SC holding every character these documents print
    (registered by the producers' shared helper, so no other test module's font stands in)."""
    from .producers import register_cjk

    chars = set(TITLE + HEADING + NEXT_HEADING + INTRO + NOTE + "申请人情况自然人法人或其他组织总计"
                + "".join(PARTIES) + "本年度未发生政府信息公开行政复议、行政诉讼案件。" + "0123456789 -")
    for _key, outer, inner, label in T3_BODY:
        chars.update(label + (outer or "") + (inner or ""))
    return register_cjk("".join(sorted(chars)))


@dataclass
class _Box:
    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    text: str
    kind: str  # head | label | group | value
    lines: list[str] = field(default_factory=list)
    x: tuple[float, float] | None = None  # this row's own cell borders, when they differ from the grid's


def _table_boxes(values: dict[str, tuple[int | str, ...]]) -> list[_Box]:
    boxes = [_Box(0, 3, 0, 3, NOTE, "head"), _Box(0, 1, 3, 10, "申请人情况", "head"),
             _Box(1, 3, 3, 4, "自然人", "head"), _Box(1, 2, 4, 9, "法人或其他组织", "head"),
             _Box(1, 3, 9, 10, "总计", "head")]
    boxes += [_Box(2, 3, 4 + k, 5 + k, p, "head") for k, p in enumerate(PARTIES)]
    groups: dict[tuple[str, int], _Box] = {}
    for i, (key, outer, inner, label) in enumerate(T3_BODY):
        r = 3 + i
        for text, col in ((outer, 0), (inner, 1)):
            if text is None:
                continue
            g = groups.get((text, col))
            if g is None:
                g = groups[(text, col)] = _Box(r, r + 1, col, col + 1, text, "group")
                boxes.append(g)
            g.r1 = r + 1
        c0 = 0 if outer is None else (1 if inner is None else 2)
        boxes.append(_Box(r, r + 1, c0, 3, label, "label"))
        boxes += [_Box(r, r + 1, 3 + c, 4 + c, str(v), "value") for c, v in enumerate(values[key])]
    return boxes


class _WpsPage:
    def __init__(self, shape: WpsShape):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        self.s = shape
        self.font = _register_font()
        self.buf = io.BytesIO()
        self.w, self.h = A4
        self.c = canvas.Canvas(self.buf, pagesize=A4, pageCompression=1)
        self.left, self.top, self.bottom = 79.0, 105.0, 99.0
        self.y = self.h - self.top

    def width(self, text: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, self.font, size)

    def wrap(self, text: str, room: float, size: float) -> list[str]:
        lines, cur = [], ""
        for ch in text:
            if cur and self.width(cur + ch, size) > room:
                lines.append(cur)
                cur = ""
            cur += ch
        return lines + [cur] if cur else lines

    def text_line(self, text: str, size: float = 16.0, center: bool = False) -> None:
        pitch = 1.75 * size
        self.y -= pitch
        x = (self.w - self.width(text, size)) / 2 if center else self.left
        self.c.setFont(self.font, size)
        self.c.drawString(x, self.y + 0.3 * size, text)

    def new_page(self) -> None:
        self.c.showPage()
        self.y = self.h - self.top

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def t3_wps_pdf(shape: WpsShape, values: dict[str, tuple[int | str, ...]]) -> bytes:
    """A report whose section 三 is table 3 as WPS lays it out (see WpsShape)."""
    p = _WpsPage(shape)
    s = shape
    p.c.setTitle(s.title)
    p.text_line(s.title, 20, center=True)
    p.text_line(HEADING)
    for _ in range(s.lead_lines):
        p.text_line(INTRO[:24])
    g, sub, lab, val = s.widths_pt
    xs = [p.left]
    for w in (g, sub, lab) + (val,) * 7:
        xs.append(xs[-1] + w)
    boxes = _table_boxes(values)
    if s.wide_rows:
        wide = {3 + i for i, (_k, outer, _inner, _l) in enumerate(T3_BODY) if outer is None}
        step = (xs[-1] - xs[3] - s.wide_rows) / 7
        for b in boxes:
            if b.r0 in wide and b.r1 == b.r0 + 1:
                if b.kind == "label":
                    b.x = (xs[0], xs[3] + s.wide_rows)
                else:
                    left = xs[3] + s.wide_rows + (b.c0 - 3) * step
                    b.x = (left, left + step)
    nrows = 3 + len(T3_BODY)
    heights = [0.0] * nrows
    for b in boxes:
        pad = s.label_pad if (b.kind == "label" and s.label_pad is not None) else s.pad
        x0, x1 = b.x or (xs[b.c0], xs[b.c1])
        b.lines = p.wrap(b.text, x1 - x0 - 2 * pad, s.size)
        if b.r1 - b.r0 == 1:
            heights[b.r0] = max(heights[b.r0], len(b.lines) * s.pitch + 2.0)
    for b in boxes:  # a merged cell too short for its text makes its last row taller
        need = len(b.lines) * s.pitch + 2.0
        have = sum(heights[b.r0:b.r1])
        if need > have:
            heights[b.r1 - 1] += need - have
    keys = [k for k, *_ in T3_BODY]
    # rows go where they fit (a row is never split); `break_before` forces the page break
    parts: list[list[int]] = [[]]
    y = p.y - 8
    for r in range(nrows):
        forced = s.break_before is not None and r == 3 + keys.index(s.break_before)
        if forced or (r > 3 and y - heights[r] < p.bottom):
            parts.append([0, 1, 2] if s.repeat_header else [])
            y = p.h - p.top - 8 - (sum(heights[:3]) if s.repeat_header else 0)
        parts[-1].append(r)
        y -= heights[r]
    if s.regroup:  # a group label typed again overleaf makes its rows there tall enough for it
        for rows in parts[1:]:
            for b in boxes:
                here = [r for r in range(b.r0, b.r1) if r in rows]
                if b.kind == "group" and here and here[0] != b.r0:
                    need = len(b.lines) * s.pitch + 2.0 - sum(heights[r] for r in here)
                    if need > 0:
                        heights[here[-1]] += need
    for k, rows in enumerate(parts):
        if k:
            p.new_page()
        tops: dict[int, float] = {}
        y = p.y - 8
        for r in rows:
            tops[r] = y
            y -= heights[r]
        bottom_y = y
        drawn: list[tuple[float, float, float, float]] = []
        header_bottom = tops[2] - heights[2] if 2 in tops else None
        for b in boxes:
            span = [r for r in range(b.r0, b.r1) if r in tops]
            if not span:
                continue
            y0 = tops[span[0]]
            y1 = tops[span[-1]] - heights[span[-1]]
            x0, x1 = b.x or (xs[b.c0], xs[b.c1])
            drawn.append((x0, y1, x1, y0))
            first_part = span[0] == b.r0
            if not first_part and not s.regroup:
                continue  # Word prints a merged cell's text in its first part only
            valign = {"label": s.label_valign, "value": s.value_valign}.get(b.kind, "center")
            block = len(b.lines) * s.pitch
            room = y0 - y1
            if valign == "top" or block > room:
                ty = y0 - 1.0
            elif valign == "bottom":
                ty = y1 + 1.0 + block
            else:
                ty = (y0 + y1) / 2 + block / 2
            p.c.setFont(p.font, s.size)
            for line in b.lines:
                ty -= s.pitch
                tw = p.width(line, s.size)
                if b.kind == "label":
                    tx = x0 + (s.label_pad if s.label_pad is not None else s.pad)
                elif b.kind == "value" and s.value_align == "left":
                    tx = x0 + s.pad
                else:
                    tx = (x0 + x1 - tw) / 2
                # WPS sets the baseline a little below the middle of the line pitch
                p.c.drawString(tx, ty + (s.pitch - s.size) / 2 + 0.12 * s.size, line)
        _wps_rules(p.c, s.rules, drawn, xs[0], xs[-1], p.y - 8, bottom_y, header_bottom)
        p.y = bottom_y - 6
    p.text_line(NEXT_HEADING)
    p.text_line("本年度未发生政府信息公开行政复议、行政诉讼案件。")
    return p.finish()


def _wps_rules(c, rules: str, boxes, x0: float, x1: float, top: float, bottom: float,
               header_bottom: float | None) -> None:
    c.setLineWidth(0.5)
    if rules == "none":
        return
    if rules == "three_line":
        c.setLineWidth(1.0)
        c.line(x0, top, x1, top)
        c.line(x0, bottom, x1, bottom)
        if header_bottom is not None:
            c.setLineWidth(0.5)
            c.line(x0, header_bottom, x1, header_bottom)
        return
    for bx0, by0, bx1, by1 in boxes:  # four separate strokes per cell, as WPS prints borders
        for a, b in (((bx0, by1), (bx1, by1)), ((bx0, by0), (bx1, by0)),
                     ((bx0, by0), (bx0, by1)), ((bx1, by0), (bx1, by1))):
            c.line(*a, *b)
