"""A Guangdong district on the provincial 政府信息公开目录 platform (gkmlpt; PATTERNS.md §1: 9 of 165
real URLs), http only although its registry entry says https:// (SOURCES.md: "mostly http only").

- /gkmlpt/index is a shell: `window._CONFIG = {SID: …}` and a column menu whose links are URL
  fragments, `/gkmlpt/index#2869`; a script fetches the list for the fragment's column id;
- the lists come only from `GET /gkmlpt/api/all/{column}?page={n}&sid={SID}` → JSON
  `{"articles": [{"id", "title", "url", "created_at", "publisher", …}], "total": N, "page": n}`
  (5 a page here; page past the end → empty articles); `created_at` is the list's date;
- articles at /gkmlpt/content/{id//1e6}/{id//1e3}/post_{id}.html (the district's own) and
  /content/post_{id}.html (departments), attachments at /attachment/0/{a}/{b}/{id}.pdf."""
from __future__ import annotations

import json

from .base import CONTENT_TYPES, Attachment, Column, Item, Request, Resource, Site, esc, heading

SID = "758001"
API = "/gkmlpt/api/all/"
PER_PAGE = 5


class GkmlptSite(Site):
    style = "gkmlpt"
    server = "nginx/1.16.1"
    platform_path = "/gkmlpt/index"

    def __init__(self, info, built, host: str = ""):
        super().__init__(info, built, host)
        self.next_id = 4102380
        i = info
        self.column_defs = [Column("2869", i.agency, i.level, f"{self.platform_path}#2869",
                                   ("政府信息公开", "政府信息公开年报", "区政府年报")),
                            Column("2870", i.agency, "department", f"{self.platform_path}#2870",
                                   ("政府信息公开", "政府信息公开年报", "区直部门年报"))]

    @property
    def column_path(self) -> str:
        return self.column_defs[0].path

    def columns(self) -> list[Column]:
        for col in self.column_defs:
            col.items = [it for it in self.items if it.column == col.key]
        return self.column_defs

    def assign(self, item: Item) -> None:
        item.column = "2869" if item.agency == self.info.agency or item.kind != "report" else "2870"

    def place(self, item: Item, rng) -> None:
        aid = self.take_id(rng.randint(40, 900))
        if item.column == "2869":
            item.article_path = f"/gkmlpt/content/{aid // 10**6}/{aid // 1000}/post_{aid}.html"
        else:
            item.article_path = f"/content/post_{aid}.html"
        item.link_path = item.article_path
        item.attachments = []
        for n, fmt in enumerate(item.attachment_formats):
            fid = aid * 10 + n
            path = f"/attachment/0/{fid % 997}/{fid % 89}/{fid}.{fmt}"
            item.attachments.append(Attachment(fmt, path, path, f"{item.title}.{fmt}", CONTENT_TYPES[fmt]))

    def chrome(self, title: str, body: str, head: str = "") -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)} - {esc(i.name)}</title>
{head}</head>
<body>
<div class="header"><a href="/">{esc(i.name)}</a></div>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="{self.platform_path}">政府信息公开</a></div>
<div class="main">
{body}
</div>
<div class="footer">主办：{esc(i.agency)}办公室</div>
</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f"<div class=\"news\"><h3>{esc(i.place)}要闻</h3><ul><li>区政府召开常务会议</li></ul></div>")
        menu = "".join(f'<li><a href="{c.path}">{esc(c.trail[-1])}</a></li>' for c in self.column_defs)
        shell = self.chrome("政府信息公开", f"""<div class="gkml-left"><ul class="tree">
<li><a href="{self.platform_path}#2864">机构职能</a></li>
<li><a href="{self.platform_path}#2866">政策文件</a></li>
<li><span>政府信息公开年报</span><ul>{menu}</ul></li>
</ul></div>
<div class="gkml-right"><table id="list"><thead><tr><th>标题</th><th>发布日期</th></tr></thead><tbody></tbody></table>
<div id="pager"></div></div>
<script>
(function () {{
  var col = (location.hash || "#2869").slice(1), page = 1;
  function load() {{
    fetch("{API}" + col + "?page=" + page + "&sid=" + window._CONFIG.SID).then(function (r) {{ return r.json(); }})
      .then(function (d) {{
        document.querySelector("#list tbody").innerHTML = d.articles.map(function (a) {{
          return '<tr><td><a href="' + a.url + '" target="_blank">' + a.title + '</a></td><td>' + a.created_at.slice(0, 10) + '</td></tr>';
        }}).join("");
        var pages = Math.ceil(d.total / {PER_PAGE});
        document.getElementById("pager").innerHTML = page < pages ? '<a href="javascript:;" id="next">下一页</a>' : "";
        var n = document.getElementById("next");
        if (n) {{ n.onclick = function () {{ page++; load(); }}; }}
      }});
  }}
  window.addEventListener("hashchange", function () {{ col = location.hash.slice(1); page = 1; load(); }});
  load();
}})();
</script>""", head=f'<script>window._CONFIG = {{SID: "{SID}", SITE_NAME: "{esc(i.name)}", IS_GKMLPT: true}};</script>\n')
        stub = self.html(self.chrome("政务公开", f'<ul><li><a href="{self.platform_path}">政府信息公开</a></li></ul>'))
        return {"/": self.html(home), "/index.html": self.html(home), self.platform_path: self.html(shell),
                "/zwgk/": stub,
                "/robots.txt": Resource(b"User-agent: *\nDisallow: /gkmlpt/search\n", "text/plain", self.built)}

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else f"<p>{esc(item.title)}（详见附件）</p>"
        files = "".join(f'<p>附件：<a href="{a.href}">{esc(a.name)}</a></p>' for a in item.attachments)
        return self.chrome(item.title, f"""<div class="classify"><table>
<tr><td>索引号：</td><td>11440{self.info.region_code}MB2C{item.year}/{item.published:%m%d}</td><td>分类：</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构：</td><td>{esc(item.agency)}</td><td>成文日期：</td><td>{item.published:%Y-%m-%d}</td></tr>
<tr><td>名称：</td><td colspan="3">{esc(item.title)}</td></tr>
<tr><td>发布日期：</td><td colspan="3">{item.published:%Y-%m-%d}</td></tr></table></div>
<div class="content"><h1>{heading(item)}</h1>
<div class="article-content">
{body}
</div>
{files}</div>""")

    def listing_resources(self) -> dict[str, Resource]:
        return {}

    def api(self, col: Column, page: int) -> dict:
        chunk = col.items[(page - 1) * PER_PAGE:page * PER_PAGE]
        return {"articles": [{"id": int(it.article_path.rsplit("_", 1)[1].split(".")[0]), "title": it.title,
                              "url": self.url(it.link_path), "publisher": it.agency,
                              "created_at": it.list_date.strftime("%Y-%m-%d %H:%M:%S"),
                              "first_created": int(it.list_date.timestamp())} for it in chunk],
                "total": len(col.items), "page": page, "classify": {"id": int(col.key), "name": col.trail[-1]}}

    def dynamic(self, req: Request) -> Resource | None:
        if not req.path.startswith(API):
            return None
        key = req.path[len(API):]
        col = next((c for c in self.columns() if c.key == key), None)
        params = req.params
        if col is None or params.get("sid") != SID:
            body = {"code": 404, "message": "classify not found"}
            return Resource(json.dumps(body).encode(), "application/json;charset=UTF-8", self.built, 404)
        raw = params.get("page", "1")
        page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
        return Resource(json.dumps(self.api(col, page), ensure_ascii=False).encode(), "application/json;charset=UTF-8",
                        self.lm_of(col))

    def api_path(self, col: Column, page: int) -> str:
        return f"{API}{col.key}?page={page}&sid={SID}"

    def column_pages(self, col: Column) -> list[dict]:
        n = max(1, -(-len(col.items) // PER_PAGE))
        return [{"path": self.api_path(col, p), "method": "GET",
                 "items": [it.link_path for it in col.items[(p - 1) * PER_PAGE:p * PER_PAGE]]} for p in range(1, n + 1)]
