"""A county 政府信息公开 platform: one column lists the annual reports of the county government and
dozens of its departments and townships (the agency is in each title), as a table with 索引号,
发布机构 and date; plain links paginate it with ?page=N. Articles are query URLs
(content.html?id=N); many are attachment-only DOCX, PDF, DOC or WPS files."""
from __future__ import annotations

from .base import CONTENT_TYPES, Attachment, Item, Request, Resource, Site, esc

COLUMN_DIR = "/xxgk/xxgknb/"


class CountySite(Site):
    style = "multi"
    server = "Microsoft-IIS/8.5"
    column_path = COLUMN_DIR + "index.html"
    platform_path = "/xxgk/index.html"
    page_size = 15

    def __init__(self, info, built):
        super().__init__(info, built)
        self.next_id = 48120
        self.by_id: dict[str, str] = {}

    def place(self, item: Item, rng) -> None:
        d = item.published
        aid = self.take_id(rng.randint(2, 40))
        item.article_path = f"{COLUMN_DIR}content.html?id={aid}"
        item.link_path = item.article_path
        item.attachments = []
        for fmt in item.attachment_formats:
            ext = "doc" if "extension_lies" in item.flags and fmt == "pdf" else fmt
            name = f"{d:%Y%m%d%H%M%S}{rng.randrange(100, 999)}.{ext}"
            path = f"/xxgk/upload/{d:%Y%m}/{name}"
            note = "extension_lies" if ext != fmt else ""
            item.attachments.append(Attachment(fmt, path, path, f"{item.title}.{ext}", CONTENT_TYPES[ext],
                                               None, note))

    def chrome(self, title: str, body: str) -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)}-{esc(i.name)}政府信息公开平台</title>
</head>
<body>
<div class="top"><a href="/">{esc(i.name)}</a> · 政府信息公开平台</div>
<div class="nav"><a href="/">网站首页</a> <a href="/xxgk/index.html">政府信息公开</a> <a href="#">政务服务</a></div>
<div class="wrap">
{body}
</div>
<div class="foot">{esc(i.agency)}办公室主办 技术支持：县大数据中心</div>
</body>
</html>
"""

    def units_menu(self) -> str:
        seen: list[str] = []
        for it in sorted(self.items, key=lambda x: x.agency):
            if it.kind == "report" and it.agency not in seen:
                seen.append(it.agency)
        return "".join(f"<li>{esc(a)}</li>" for a in seen)

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f'<div class="banner">{esc(i.agency)}</div><ul class="news">'
                                   f'<li><a href="#">{esc(i.place)}召开县政府常务会议</a></li></ul>')
        platform = self.chrome("政府信息公开", f"""<div class="left"><h3>信息公开目录</h3><ul>
<li><a href="/xxgk/xxgkzn.html">政府信息公开指南</a></li>
<li><a href="/xxgk/xxgkzd.html">政府信息公开制度</a></li>
<li><a href="/xxgk/xxgknb/index.html">政府信息公开年报</a></li>
</ul><h3>部门和乡镇</h3><ul class="units">{self.units_menu()}</ul></div>""")
        return {
            "/": self.html(home),
            "/index.html": self.html(home),
            self.platform_path: self.html(platform),
            "/xxgk/xxgkzn.html": self.html(self.chrome("政府信息公开指南", "<h2>政府信息公开指南</h2><p>见年报栏目。</p>")),
            "/xxgk/xxgkzd.html": self.html(self.chrome("政府信息公开制度", "<h2>政府信息公开制度</h2><p>保密审查制度。</p>")),
            "/robots.txt": Resource(b"User-agent: *\nDisallow: /admin/\n", "text/plain", self.built),
        }

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else (
            f"<p>{esc(item.title)}（详见附件）</p>")
        files = "".join(f'<p>附件：<a href="{a.href}">{esc(a.name)}</a></p>' for a in item.attachments)
        aid = item.article_path.rsplit("=", 1)[1]
        return self.chrome(item.title, f"""<table class="meta" border="1">
<tr><td>索引号</td><td>{self.info.region_code}00/{item.published:%Y}-{int(aid):05d}</td><td>发布机构</td><td>{esc(item.agency)}</td></tr>
<tr><td>发文日期</td><td>{item.published:%Y-%m-%d}</td><td>主题分类</td><td>政府信息公开年报</td></tr>
</table>
<h1>{esc(item.title)}</h1>
<div class="content">
{body}
</div>
{files}""")

    def add_documents(self, item: Item, docs) -> None:
        super().add_documents(item, docs)
        self.by_id[item.article_path.rsplit("=", 1)[1]] = item.article_path

    def page_path(self, n: int) -> str:
        return self.column_path if n == 1 else f"{self.column_path}?page={n}"

    def render_page(self, n: int) -> Resource:
        chunks = self.chunks()
        chunk = chunks[n - 1]
        rows = "\n".join(
            f'<tr><td><a href="{it.link_path[len(COLUMN_DIR):]}" target="_blank">{esc(it.title)}</a></td>'
            f'<td>{esc(it.agency)}</td><td>{it.published:%Y-%m-%d}</td></tr>' for it in chunk)
        last = len(chunks)
        nav = ['<a href="index.html">首页</a>']
        if n > 1:
            nav.append(f'<a href="index.html?page={n - 1}">上一页</a>')
        if n < last:
            nav.append(f'<a href="index.html?page={n + 1}">下一页</a>')
        nav.append(f'<a href="index.html?page={last}">尾页</a>')
        nav.append(f"<span>共{len(self.items)}条 第{n}/{last}页</span>")
        body = f"""<div class="crumb">当前位置：<a href="/xxgk/index.html">政府信息公开</a> &gt; 政府信息公开年报</div>
<table class="list" width="100%">
<tr><th>标题</th><th>发布机构</th><th>发布日期</th></tr>
{rows}
</table>
<div class="pages">{' '.join(nav)}</div>"""
        return self.html(self.chrome("政府信息公开年报", body), self.column_lm)

    def listing_resources(self) -> dict[str, Resource]:
        return {self.page_path(n): self.render_page(n) for n in range(1, len(self.chunks()) + 1)}

    def dynamic(self, req: Request) -> Resource | None:
        if req.path == self.column_path and req.query:
            raw = req.params.get("page", "1")
            n = int(raw) if raw.isdigit() else 0
            if not 1 <= n <= len(self.chunks()):
                return self.not_found()
            return self.pages[self.page_path(n)]
        if req.path == COLUMN_DIR + "content.html":
            key = self.by_id.get(req.params.get("id", ""))
            return self.files[key] if key else self.not_found()
        return None

    def listing_pages(self) -> list[dict]:
        return [{"path": self.page_path(n), "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.chunks(), start=1)]
