"""Two provincial-platform county sites whose article ids carry no column name and no sequence:

UuidSite — Jiangxi/Hunan style (PATTERNS.md §1: uuid32 .shtml, 6 of 165): the 年报 column page
holds only an <iframe> whose document is the list (list.shtml, list_2.shtml, … with 下一页 links);
articles at /{site}/xxgknb/{yyyymm}/{uuid32}.shtml. The site was migrated: many URLs and listing
dates are the migration day, not the 发布日期 the page prints (PATTERNS.md §5).

ObjectIdSite — Xi'an district style (24-hex ObjectId whose first 8 digits are the upload time):
信息公开 → 区政府信息公开目录 → 政府信息公开年报 → 区政府 | 部门 | 街道 信息公开年报 (depth 4), list
items open with `onclick="window.open('…')"` on an `href="javascript:void(0)"`, attachments by
`onclick="downloadFile('…')"`, and PDF-only reports in the pdf.js viewer (viewer.html?file=)."""
from __future__ import annotations

import uuid

from .base import CONTENT_TYPES, Attachment, Column, Item, Resource, Site, esc, heading
from .trscols import VIEWER_HTML


class _ListSite(Site):
    """Columns, chunks, article template shared by the two."""

    page_size = 6

    def columns(self) -> list[Column]:
        for col in self.column_defs:
            col.items = [it for it in self.items if it.column == col.key]
        return self.column_defs

    @property
    def column_path(self) -> str:
        return self.column_defs[0].path

    def col_chunks(self, col: Column) -> list[list[Item]]:
        return [col.items[i:i + self.page_size] for i in range(0, len(col.items), self.page_size)] or [[]]

    def chrome(self, title: str, body: str) -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)}_{esc(i.name)}</title>
</head>
<body>
<div class="head"><a href="/">{esc(i.name)}</a></div>
<div class="nav"><a href="/">首页</a> <a href="{self.platform_path}">{esc(self.platform_name)}</a></div>
<div class="main">
{body}
</div>
<div class="foot">{esc(i.agency)}办公室主办</div>
</body>
</html>
"""

    def meta_table(self, item: Item) -> str:
        return (f'<table class="xxgk"><tr><td>发布机构：</td><td>{esc(item.agency)}</td>'
                f'<td>发布日期：</td><td>{item.published:%Y-%m-%d}</td></tr></table>')


class UuidSite(_ListSite):
    style = "uuid"
    server = "nginx"
    platform_name = "政务公开"
    platform_path = "/mjx/zwgk/index.shtml"

    def __init__(self, info, built, host: str = ""):
        super().__init__(info, built, host)
        i = info
        self.column_defs = [Column("", i.agency, i.level, "/mjx/xxgknb/index.shtml", ("政务公开", "政府信息公开年报"))]

    def place(self, item: Item, rng) -> None:
        d = item.path_date
        uid = uuid.UUID(int=rng.getrandbits(128)).hex
        item.article_path = item.link_path = f"/mjx/xxgknb/{d:%Y%m}/{uid}.shtml"
        item.attachments = [Attachment(fmt, f"/mjx/xxgknb/{d:%Y%m}/{uid}/files/{uid[:16]}.{fmt}",
                                       f"./{uid}/files/{uid[:16]}.{fmt}", f"{item.title}.{fmt}", CONTENT_TYPES[fmt])
                            for fmt in item.attachment_formats]

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        col = self.column_defs[0]
        frame = self.chrome("政府信息公开年报", """<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<iframe id="listFrame" src="/mjx/xxgknb/list.shtml" width="100%" height="600" frameborder="0" scrolling="no"></iframe>""")
        return {
            "/": self.html(self.chrome("首页", f"<p>{esc(i.agency)}欢迎您</p>")),
            "/index.shtml": self.html(self.chrome("首页", f"<p>{esc(i.agency)}欢迎您</p>")),
            self.platform_path: self.html(self.chrome("政务公开", f'<ul><li><a href="/mjx/zwgk/zn.shtml">政府信息公开指南</a></li>'
                                                              f'<li><a href="{col.path}">政府信息公开年报</a></li></ul>')),
            "/mjx/zwgk/zn.shtml": self.html(self.chrome("政府信息公开指南", "<p>政府信息公开指南。</p>")),
            col.path: self.html(frame),
            "/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain", self.built),
        }

    def page_path(self, n: int) -> str:
        return "/mjx/xxgknb/list.shtml" if n == 1 else f"/mjx/xxgknb/list_{n}.shtml"

    def column_listing(self, col: Column) -> dict[str, Resource]:
        chunks = self.col_chunks(col)
        out = {}
        for n, chunk in enumerate(chunks, start=1):
            lis = "\n".join(f'<li><a href="{it.link_path}" target="_blank">{esc(it.title)}</a><span>{it.list_date:%Y-%m-%d}</span></li>'
                            for it in chunk)
            nav = f'<a href="{self.page_path(n + 1).rsplit("/", 1)[1]}">下一页</a>' if n < len(chunks) else ""
            html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><base target="_blank"></head><body>'
                    f'<ul class="list">\n{lis}\n</ul><div class="page">{nav}</div></body></html>')
            out[self.page_path(n)] = self.html(html, self.lm_of(col))
        return out

    def column_pages(self, col: Column) -> list[dict]:
        return [{"path": self.page_path(n), "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.col_chunks(col), start=1)]

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else f"<p>{esc(item.title)}全文见附件。</p>"
        files = "".join(f'<p>附件：<a href="{a.href}">{esc(a.name)}</a></p>' for a in item.attachments)
        return self.chrome(item.title, f"""{self.meta_table(item)}<h1>{heading(item)}</h1>
<div class="article" id="zoom">
{body}
</div>
<div class="attach">{files}</div>""")


COLS = (("qzfnb", "区政府信息公开年报"), ("bmxxgknb", "部门信息公开年报"), ("jdxxgknb", "街道信息公开年报"))


class ObjectIdSite(_ListSite):
    style = "objectid"
    server = "Tengine"
    platform_name = "信息公开"
    platform_path = "/xxgk/index.html"
    root = "/xxgk/qzfxxgkml/zfxxgknb/"

    def __init__(self, info, built, host: str = ""):
        super().__init__(info, built, host)
        i = info
        levels = {"qzfnb": i.level, "bmxxgknb": "department", "jdxxgknb": "township"}
        self.column_defs = [Column(k, i.agency, levels[k], f"{self.root}{k}/index.html",
                                   ("信息公开", "区政府信息公开目录", "政府信息公开年报", name)) for k, name in COLS]
        self.counter = 0x65BED07

    def assign(self, item: Item) -> None:
        item.column = ("qzfnb" if item.agency == self.info.agency or item.kind != "report"
                       else "jdxxgknb" if item.level == "township" else "bmxxgknb")

    def object_id(self, when, rng) -> str:
        self.counter += rng.randint(1, 300)
        return f"{int(when.timestamp()):08x}f8fd1c{self.counter:010x}"[:24]

    def place(self, item: Item, rng) -> None:
        oid = self.object_id(item.path_date, rng)
        item.article_path = item.link_path = f"{self.root}{item.column}/{oid}.html"
        item.attachments = []
        for fmt in item.attachment_formats:
            fid = self.object_id(item.path_date, rng)
            path = f"/uploadfiles/{item.path_date:%Y/%m}/{fid}.{fmt}"
            item.attachments.append(Attachment(fmt, path, path, f"{item.title}.{fmt}", CONTENT_TYPES[fmt]))
        if item.kind == "report" and item.mode == "pdf":
            item.viewer = f"/static/pdfjs/web/viewer.html?file={item.attachments[0].path}"

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        sub = "".join(f'<li><a href="./{k}/index.html">{esc(name)}</a></li>' for k, name in COLS)
        return {
            "/": self.html(self.chrome("首页", f"<p>{esc(i.agency)}</p>")),
            "/index.html": self.html(self.chrome("首页", f"<p>{esc(i.agency)}</p>")),
            self.platform_path: self.html(self.chrome("信息公开", '<ul><li><a href="/xxgk/xxgkzn/index.html">政府信息公开指南</a></li>'
                                                              '<li><a href="/xxgk/qzfxxgkml/index.html">区政府信息公开目录</a></li>'
                                                              '<li><a href="/xxgk/bmxxgkml/index.html">部门信息公开目录</a></li></ul>')),
            "/xxgk/xxgkzn/index.html": self.html(self.chrome("政府信息公开指南", "<p>政府信息公开指南。</p>")),
            "/xxgk/bmxxgkml/index.html": self.html(self.chrome("部门信息公开目录", "<p>部门信息公开目录建设中。</p>")),
            "/xxgk/qzfxxgkml/index.html": self.html(self.chrome("区政府信息公开目录", '<ul><li><a href="./jgzn/index.html">机构职能</a></li>'
                                                                            '<li><a href="./zfxxgknb/index.html">政府信息公开年报</a></li></ul>')),
            "/xxgk/qzfxxgkml/jgzn/index.html": self.html(self.chrome("机构职能", "<p>机构职能。</p>")),
            f"{self.root}index.html": self.html(self.chrome("政府信息公开年报", f'<ul class="sub">{sub}</ul>')),
            "/static/pdfjs/web/viewer.html": Resource(VIEWER_HTML.encode(), "text/html; charset=utf-8", self.built),
            "/robots.txt": Resource(b"User-agent: *\nDisallow: /admin/\n", "text/plain", self.built),
        }

    def page_path(self, col: Column, n: int) -> str:
        return col.path if n == 1 else col.path.replace("index.html", f"index_{n}.html")

    def column_listing(self, col: Column) -> dict[str, Resource]:
        chunks = self.col_chunks(col)
        out = {}
        for n, chunk in enumerate(chunks, start=1):
            lis = "\n".join(f'<li><a href="javascript:void(0);" onclick="window.open(\'{it.link_path}\')" '
                            f'title="{esc(it.title)}">{esc(it.title)}</a><span>{it.list_date:%Y-%m-%d}</span></li>'
                            for it in chunk)
            nav = []
            if n > 1:
                nav.append(f'<a href="{self.page_path(col, n - 1).rsplit("/", 1)[1]}">上一页</a>')
            if n < len(chunks):
                nav.append(f'<a href="{self.page_path(col, n + 1).rsplit("/", 1)[1]}">下一页</a>')
            body = f'<h2>{esc(col.trail[-1])}</h2><ul class="list">\n{lis}\n</ul><div class="page">{" ".join(nav)}</div>'
            out[self.page_path(col, n)] = self.html(self.chrome(col.trail[-1], body), self.lm_of(col))
        return out

    def column_pages(self, col: Column) -> list[dict]:
        return [{"path": self.page_path(col, n), "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.col_chunks(col), start=1)]

    def article_page(self, item: Item, fragment: str) -> str:
        if item.in_article:
            body = fragment
        elif item.viewer:
            body = f'<iframe src="{esc(item.viewer)}" width="100%" height="900" frameborder="0"></iframe>'
        else:
            body = f"<p>{esc(item.title)}，详见附件。</p>"
        files = "" if item.viewer else "".join(
            f'<p>附件：<a href="javascript:void(0);" onclick="downloadFile(\'{a.path}\')">{esc(a.name)}</a></p>'
            for a in item.attachments)
        return self.chrome(item.title, f"""{self.meta_table(item)}<h1>{heading(item)}</h1>
<div class="article" id="zoom">
{body}
</div>
{files}
<script>function downloadFile(u) {{ window.open(u); }}</script>""")
