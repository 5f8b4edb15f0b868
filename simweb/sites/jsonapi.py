"""A site whose column is an empty shell filled by JavaScript from a JSON API.

/xxgk/ndbg/index.html holds <ul id="list"></ul> and a script; the script reads ?page=N from its own
URL, fetches GET /api/list?page=N and writes the items and a pager (links index.html?page=N).
Without a browser the column lists nothing. Articles themselves are plain server-rendered pages at
/xxgk/ndbg/YYYY-MM/DD/content_NNNNNNN.html."""
from __future__ import annotations

import json

from .base import CONTENT_TYPES, Attachment, Item, Request, Resource, Site, esc

API = "/api/list"

LIST_JS = r"""(function () {
  var m = /[?&]page=(\d+)/.exec(location.search), page = m ? parseInt(m[1], 10) : 1;
  var list = document.getElementById("list"), pager = document.getElementById("pager");
  fetch("/api/list?page=" + page, {headers: {"Accept": "application/json"}})
    .then(function (r) { return r.json(); })
    .then(function (res) {
      var d = res.data, html = [];
      d.list.forEach(function (it) {
        html.push('<li><a href="' + it.url + '" target="_blank" title="' + it.title + '">' + it.title +
                  '</a><span class="time">' + it.publishTime + '</span></li>');
      });
      list.innerHTML = html.join("");
      var bar = [];
      if (d.page > 1) { bar.push('<a href="index.html?page=' + (d.page - 1) + '">上一页</a>'); }
      for (var i = 1; i <= d.pages; i++) {
        bar.push(i === d.page ? '<span class="cur">' + i + '</span>' : '<a href="index.html?page=' + i + '">' + i + '</a>');
      }
      if (d.page < d.pages) { bar.push('<a href="index.html?page=' + (d.page + 1) + '">下一页</a>'); }
      pager.innerHTML = bar.join(" ");
      list.setAttribute("data-loaded", "1");
    });
})();
"""


class JsonApiSite(Site):
    style = "jsonapi"
    server = "nginx/1.20.1"
    column_path = "/xxgk/ndbg/index.html"
    column_trail = ("政府信息公开", "年报")
    platform_path = "/xxgk/index.html"
    page_size = 10

    def __init__(self, info, built):
        super().__init__(info, built)
        self.next_id = 3216500

    def place(self, item: Item, rng) -> None:
        d = item.published
        aid = self.take_id(rng.randint(7, 120))
        base = f"/xxgk/ndbg/{d:%Y-%m}/{d:%d}"
        item.article_path = f"{base}/content_{aid}.html"
        item.link_path = item.article_path
        item.attachments = []
        for fmt in item.attachment_formats:
            name = f"{rng.getrandbits(64):016x}.{fmt}"
            item.attachments.append(Attachment(fmt, f"{base}/files/{name}", f"files/{name}",
                                               f"{item.title}.{fmt}", CONTENT_TYPES[fmt]))

    def chrome(self, title: str, body: str, scripts: str = "") -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}-{esc(i.name)}</title>
</head>
<body>
<header><a class="logo" href="/">{esc(i.name)}</a>
<nav><a href="/">首页</a> <a href="/xxgk/index.html">政府信息公开</a> <a href="#">政务服务</a></nav></header>
<main>
{body}
</main>
<footer>{esc(i.agency)} 版权所有</footer>
{scripts}</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f'<section class="hero">{esc(i.agency)}</section>')
        platform = self.chrome("政府信息公开", f"""<h2>{esc(i.agency)}政府信息公开</h2>
<ul class="menu">
<li><a href="/xxgk/xxgkzn/index.html">信息公开指南</a></li>
<li><a href="/xxgk/ndbg/index.html">年报</a></li>
</ul>""")
        guide = self.chrome("信息公开指南", f"<h2>信息公开指南</h2><p>{esc(i.agency)}政府信息公开指南见年报栏目。</p>")
        return {
            "/": self.html(home),
            "/index.html": self.html(home),
            self.platform_path: self.html(platform),
            "/xxgk/xxgkzn/index.html": self.html(guide),
            "/static/js/list.js": Resource(LIST_JS.encode(), "application/javascript", self.built),
            "/robots.txt": Resource(b"User-agent: *\nAllow: /\n", "text/plain", self.built),
        }

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else f"<p>{esc(item.title)}全文请下载附件查阅。</p>"
        files = "".join(f'<li><a href="{a.href}">{esc(a.name)}</a></li>' for a in item.attachments)
        files = f'<div class="attachments"><h4>附件下载</h4><ul>{files}</ul></div>' if files else ""
        return self.chrome(item.title, f"""<article>
<h1>{esc(item.title)}</h1>
<p class="meta">发布时间：{item.published:%Y-%m-%d %H:%M} 来源：{esc(item.agency)}</p>
<div class="content">
{body}
</div>
{files}
</article>""")

    def listing_resources(self) -> dict[str, Resource]:
        # the shell never changes: the API answers carry the column
        shell = self.chrome("年报", """<div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/index.html">政府信息公开</a> &gt; 年报</div>
<h2>年报</h2>
<ul id="list" class="list"></ul>
<div id="pager" class="pager"></div>""", '<script src="/static/js/list.js"></script>\n')
        return {self.column_path: self.html(shell)}

    def api_page(self, page: int) -> dict:
        chunks = self.chunks()
        chunk = chunks[page - 1] if 1 <= page <= len(chunks) else []
        return {"code": 0, "msg": "success", "data": {
            "total": len(self.items), "page": page, "pageSize": self.page_size, "pages": len(chunks),
            "list": [{"id": int(it.article_path.rsplit("_", 1)[1].split(".")[0]), "title": it.title,
                      "url": it.link_path, "publishTime": f"{it.published:%Y-%m-%d}"} for it in chunk]}}

    def dynamic(self, req: Request) -> Resource | None:
        if req.path != API:
            return None
        raw = req.params.get("page", "1")
        if not raw.isdigit() or int(raw) < 1:
            body = {"code": 400, "msg": f"page must be a positive integer, got {raw!r}", "data": None}
            return Resource(json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8",
                            self.built, 400)
        body = json.dumps(self.api_page(int(raw)), ensure_ascii=False).encode()
        return Resource(body, "application/json; charset=utf-8", self.column_lm)

    def listing_pages(self) -> list[dict]:
        return [{"path": f"{API}?page={n}", "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.chunks(), start=1)]

    def browser_pages(self) -> list[str]:
        """The column pages a browser renders (the shell with ?page=N)."""
        return [self.column_path if n == 1 else f"{self.column_path}?page={n}"
                for n in range(1, len(self.chunks()) + 1)]
