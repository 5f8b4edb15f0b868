"""A Yunnan county on VSB (博达; PATTERNS.md §1: 10 of 165 real URLs): articles at
/info/{column id}/{id}.htm, no column name in the URL.

- 信息公开 (/xxgk.htm) → 政府信息公开年报 (/xxgk/zfxxgknb.htm) → 县政府年报 | 部门年报
  (/xxgk/zfxxgknb/xzfnb.htm, …/bmnb.htm): each list pages with plain links `?pageNum=2` (relative);
- an article's attachment is either a download servlet link
  /system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=…&wbfileid=… (with
  Content-Disposition) or, for a PDF-only report, the PDF shown inline with <embed src> or
  <object data> (no <a> at all)."""
from __future__ import annotations

from urllib.parse import quote

from .base import CONTENT_TYPES, Attachment, Column, Item, Request, Resource, Site, esc, heading

DOWNLOAD = "/system/_content/download.jsp"
COLS = {"1039": ("xzfnb", "县政府年报"), "1040": ("bmnb", "部门年报")}


class VsbSite(Site):
    style = "vsb"
    server = "VWebServer"
    platform_path = "/xxgk.htm"
    page_size = 6

    def __init__(self, info, built, host: str = ""):
        super().__init__(info, built, host)
        self.next_id = 108100
        self.inline = 0  # PDF-only reports placed so far: they alternate <embed> and <object>
        i = info
        self.column_defs = [Column(k, i.agency, i.level if k == "1039" else "department", f"/xxgk/zfxxgknb/{slug}.htm",
                                   ("信息公开", "政府信息公开年报", name)) for k, (slug, name) in COLS.items()]

    @property
    def column_path(self) -> str:
        return self.column_defs[0].path

    def columns(self) -> list[Column]:
        for col in self.column_defs:
            col.items = [it for it in self.items if it.column == col.key]
        return self.column_defs

    def assign(self, item: Item) -> None:
        item.column = "1039" if item.agency == self.info.agency or item.kind != "report" else "1040"

    def place(self, item: Item, rng) -> None:
        aid = self.take_id(rng.randint(20, 400))
        item.article_path = item.link_path = f"/info/{item.column}/{aid}.htm"
        item.attachments = []
        for n, fmt in enumerate(item.attachment_formats):
            if item.mode == "pdf":  # shown inline: the file is only in <embed>/<object>
                self.inline += 1
                item.flags += ("embed",) if self.inline % 2 else ("object",)
                path = f"/__local/{aid % 16:X}/{aid % 251:02X}/{aid:X}{n}.pdf"
                item.attachments.append(Attachment(fmt, path, path, f"{item.title}.{fmt}", CONTENT_TYPES[fmt]))
                continue
            owner, fid = 1613962361 + aid, 12849375 + aid * 3 + n
            path = f"{DOWNLOAD}?urltype=news.DownloadAttachUrl&owner={owner}&wbfileid={fid}"
            shown = f"{item.title}.{fmt}"
            item.attachments.append(Attachment(fmt, path, path, shown, CONTENT_TYPES[fmt],
                                               f"attachment; filename*=UTF-8''{quote(shown)}"))

    def chrome(self, title: str, body: str) -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{esc(title)}-{esc(i.name)}</title>
<meta name="description" content="{esc(i.name)}">
</head>
<body>
<div class="top"><a href="/index.htm">{esc(i.name)}</a></div>
<div class="menu"><a href="/index.htm">首页</a> <a href="/zwdt.htm">政务动态</a> <a href="{self.platform_path}">信息公开</a></div>
<div class="wrap">
{body}
</div>
<div class="foot">{esc(i.agency)}办公室 版权所有</div>
</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.html(self.chrome("首页", f"<div class=\"banner\">{esc(i.agency)}</div>"))
        sub = "".join(f'<li><a href="{c.path.rsplit("/", 1)[0].rsplit("/", 1)[1]}/{c.path.rsplit("/", 1)[1]}">'
                      f'{esc(c.trail[-1])}</a></li>' for c in self.column_defs)
        return {
            "/": home, "/index.htm": home,
            "/zwdt.htm": self.html(self.chrome("政务动态", "<p>政务动态。</p>")),
            self.platform_path: self.html(self.chrome("信息公开", """<ul class="gk">
<li><a href="xxgk/xxgkzn.htm">政府信息公开指南</a></li><li><a href="xxgk/zfxxgknb.htm">政府信息公开年报</a></li></ul>""")),
            "/xxgk/xxgkzn.htm": self.html(self.chrome("政府信息公开指南", "<p>政府信息公开指南。</p>")),
            "/xxgk/zfxxgknb.htm": self.html(self.chrome("政府信息公开年报", f'<ul class="sub">{sub}</ul>')),
            "/robots.txt": Resource(b"User-agent: *\nDisallow: /system/resource/\n", "text/plain", self.built),
        }

    def article_page(self, item: Item, fragment: str) -> str:
        if item.in_article:
            body = fragment
        elif item.mode == "pdf":
            a = item.attachments[0]
            tag = (f'<embed src="{a.href}" type="application/pdf" width="100%" height="900">' if "embed" in item.flags
                   else f'<object data="{a.href}" type="application/pdf" width="100%" height="900"></object>')
            body = f'<p style="text-align:center">{tag}</p>'
        else:
            body = f"<p>{esc(item.title)}，详见附件。</p>"
        files = ""
        if not (item.mode == "pdf" and not item.in_article):
            files = "".join(f'<li>附件【<a href="{esc(a.href)}" target="_blank">{esc(a.name)}</a>】已下载<span>0</span>次</li>'
                            for a in item.attachments)
            files = f"<ul>{files}</ul>" if files else ""
        return self.chrome(item.title, f"""<form name="_newscontent_fromname"><div class="content">
<h1>{heading(item)}</h1>
<div class="info">发布时间：{item.published:%Y-%m-%d %H:%M} &nbsp; 作者：{esc(item.agency)}</div>
<div id="vsb_content"><div class="v_news_content">
{body}
</div></div>
{files}
</div></form>""")

    def col_chunks(self, col: Column) -> list[list[Item]]:
        return [col.items[i:i + self.page_size] for i in range(0, len(col.items), self.page_size)] or [[]]

    def page_path(self, col: Column, n: int) -> str:
        return col.path if n == 1 else f"{col.path}?pageNum={n}"

    def column_listing(self, col: Column) -> dict[str, Resource]:
        chunks = self.col_chunks(col)
        out = {}
        for n, chunk in enumerate(chunks, start=1):
            lis = "\n".join(f'<li><a href="../../info/{col.key}/{it.link_path.rsplit("/", 1)[1]}" target="_blank" '
                            f'title="{esc(it.title)}">{esc(it.title)}</a><span>{it.list_date:%Y-%m-%d}</span></li>'
                            for it in chunk)
            nav = [f"共{len(col.items)}条&nbsp;&nbsp;{n}/{len(chunks)}"]
            if n > 1:
                nav.append(f'<a href="?pageNum={n - 1}">上页</a>')
            if n < len(chunks):
                nav.append(f'<a href="?pageNum={n + 1}">下页</a>')
                nav.append(f'<a href="?pageNum={len(chunks)}">尾页</a>')
            body = f"""<div class="list"><h2>{esc(col.trail[-1])}</h2><ul>
{lis}
</ul><div class="pb_sys_common">{" ".join(nav)}</div></div>"""
            out[self.page_path(col, n)] = self.html(self.chrome(col.trail[-1], body), self.lm_of(col))
        return out

    def column_pages(self, col: Column) -> list[dict]:
        return [{"path": self.page_path(col, n), "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.col_chunks(col), start=1)]

    def dynamic(self, req: Request) -> Resource | None:
        if req.path == DOWNLOAD:
            key = f"{req.path}?{req.query}"
            return self.files.get(key) or self.html("<html><body>附件不存在</body></html>", self.built, 404)
        return None
