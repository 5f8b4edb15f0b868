"""A report as a CMS article body: the markup real editors (UEditor, a Word paste, a bare
editor) leave behind — inline styles, &nbsp; in blank cells, <p>/<span>/<br> inside cells,
tables pasted in pieces."""
from __future__ import annotations

import random
import re
from html import escape

from .grid import GCell, Grid

_DIGIT_RUNS = re.compile(r"([0-9０-９][0-9０-９.,%]*)")


def _text(text: str, flavor: str) -> str:
    t = escape(text).replace("\n", "<br/>")  # a label broken over lines inside its cell
    if flavor == "word_paste":
        # Word wraps every ASCII run in its own span
        t = _DIGIT_RUNS.sub(r'<span lang="EN-US">\1</span>', t)
    return t


def _para(text: str, style, kind: str) -> str:
    f = style.html_flavor
    if f == "plain":
        tag = {"title": "h2", "heading": "p", "para": "p", "sign": "p"}[kind]
        body = _text(text, f)
        if kind == "heading":
            body = f"<strong>{body}</strong>"
        align = ' align="right"' if kind == "sign" else ""
        return f"<{tag}{align}>{body}</{tag}>"
    if f == "word_paste":
        css = {"title": "text-align:center;line-height:28.0pt", "heading": "text-indent:32.0pt;line-height:28.0pt",
               "para": "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt",
               "sign": "text-align:right;line-height:28.0pt"}[kind]
        font = {"title": "方正小标宋简体", "heading": "黑体"}.get(kind, "仿宋_GB2312")
        size = "22.0pt" if kind == "title" else "16.0pt"
        return (f'<p class="MsoNormal" style="{css}"><span style="font-size:{size};font-family:{font};'
                f'mso-hansi-font-family:\'Times New Roman\'">{_text(text, f)}</span></p>')
    css = {"title": "text-align:center", "heading": "text-indent:2em",
           "para": "text-indent:2em;line-height:2em", "sign": "text-align:right"}[kind]
    body = _text(text, f)
    if kind in ("title", "heading"):
        body = f"<strong>{body}</strong>"
    size = "22px" if kind == "title" else "16px"
    return f'<p style="{css}"><span style="font-size:{size};font-family:仿宋_GB2312">{body}</span></p>'


def _vertical(text: str) -> str:
    # a narrow merged label typed with manual line breaks, three or four characters a line
    chunks = [escape(text[i:i + 3]) for i in range(0, len(text), 3)]
    return "<br/>".join(chunks)


def _cell(cell: GCell, grid: Grid, style) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    total = sum(grid.widths)
    pct = 100 * sum(grid.widths[cell.col:cell.col + cell.colspan]) / total
    align = "left" if cell.kind == "label" and not cell.vertical else "center"
    f = style.html_flavor
    if f == "plain":
        css = ""
    elif f == "word_paste":
        css = (f' width="{round(pct * 6)}" valign="center" style="width:{pct:.1f}%;border:solid windowtext 1.0pt;'
               'padding:0cm 5.4pt 0cm 5.4pt"')
    else:
        css = f' style="width:{pct:.1f}%;border:1px solid #000;text-align:{align};word-break:break-all"'
    if not cell.text:
        inner = "&nbsp;"
    elif cell.vertical and style.p_in_cells:
        inner = _vertical(cell.text)
    else:
        inner = _text(cell.text, f)
    if cell.kind == "head" and f != "plain":
        inner = f"<strong>{inner}</strong>"
    if style.p_in_cells or f == "word_paste":
        cls = ' class="MsoNormal"' if f == "word_paste" else ""
        inner = (f'<p{cls} align="{align}" style="text-align:{align}">'
                 f'<span style="font-size:{style.table_font_pt}pt">{inner}</span></p>')
    return f"<td {' '.join(attrs)}{css}>".replace("<td >", "<td>").replace("<td  ", "<td ") + inner + "</td>"


def _table(grid: Grid, style) -> str:
    if style.html_flavor == "plain":
        head = '<table border="1">'
    else:
        head = ('<table border="1" cellspacing="0" cellpadding="0" width="100%" '
                'style="border-collapse:collapse;border:none;width:100%">')
    rows = "".join("<tr>" + "".join(_cell(c, grid, style) for c in row) + "</tr>" for row in grid.rows)
    return f"{head}<tbody>{rows}</tbody></table>"


def _tables_for(grid: Grid, spec, rng: random.Random) -> str:
    style = spec.style
    if grid.key == "t2" and style.header_outside:
        # each 第二十条 heading typed as a paragraph above its own small table
        cuts = sorted({x for a in grid.blocks for x in (a, a + 1)} - {0})
        parts = grid.split(cuts)
        out = []
        for head, body in zip(parts[0::2], parts[1::2]):
            out.append(_para(head.rows[0][0].text, style, "para") + _table(body, style))
        return "".join(out)
    if grid.key == "t3" and style.split_tables and len(grid.rows) > 12:
        body = len(grid.rows) - grid.header_rows
        cuts = [grid.header_rows] if rng.random() < 0.5 else []
        cuts.append(grid.header_rows + rng.randint(4, body - 4))
        if len(cuts) == 1 and rng.random() < 0.5:
            cuts.append(cuts[0] + rng.randint(2, len(grid.rows) - cuts[0] - 2))
        gap = '<p>&nbsp;</p>' if rng.random() < 0.5 else ""
        return gap.join(_table(p, style) for p in grid.split(sorted(set(cuts)), repeat_labels=rng.random() < 0.5))
    return _table(grid, style)


def render_html_fragment(spec) -> str:
    """The article body as a CMS editor stores it (what a site template wraps in its page)."""
    rng = random.Random(f"html-{spec.seed}-{spec.agency}-{spec.year}")
    parts = []
    for block in spec.blocks():
        if block.kind == "table":
            parts.append(_tables_for(block.grid, spec, rng))
        else:
            parts.append(_para(block.text, spec.style, block.kind))
    cls = {"ueditor": "TRS_Editor", "word_paste": "WordSection1", "plain": "article-body"}[spec.style.html_flavor]
    return f'<div class="{cls}">\n' + "\n".join(parts) + "\n</div>"


def render_html(spec) -> bytes:
    doc = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
           f"<title>{escape(spec.title)}</title>\n</head>\n<body>\n{render_html_fragment(spec)}\n</body>\n</html>\n")
    return doc.encode("utf-8")
