"""A Zhejiang county on Hanweb's 信息公开 module (PATTERNS.md §1: 7 of 21 Hanweb report URLs have
no article id): each report is addressed by unit and year,
`/module/xxgk/xxgkAnnualReport.jsp?area={unit code}&fbtime={year}`.

- the 年报 column /col/col1229502/index.html carries its first page of records in a
  `<script type="text/xml"><datastore>` and pages on with `GET /module/jpage/dataproxy.jsp?page=N&…`
  (the jpage GET variant, SOURCES.md), answered with the same datastore XML;
- the same column's 按部门查询 form POSTs `/module/xxgk/search.jsp` (area, fbtime, infotypeId) and
  gets an HTML list of that unit's reports;
- attachments come from /module/download/downfile.jsp?classid=0&filename=… with
  Content-Disposition."""
from __future__ import annotations

from urllib.parse import quote

from .base import CONTENT_TYPES, Attachment, Column, Item, Request, Resource, Site, esc, heading
from .hanweb import JPAGE_JS

COL_PLATFORM, COL_REPORTS = 1229001, 1229502
WEBID, UNITID = 3291, 7456123
PROXY = "/module/jpage/dataproxy.jsp"
SEARCH = "/module/xxgk/search.jsp"
ANNUAL = "/module/xxgk/xxgkAnnualReport.jsp"
DOWNLOAD = "/module/download/downfile.jsp"
INFOTYPE = "A0402"


class HanwebXxgkSite(Site):
    style = "hanweb-xxgk"
    server = "Apache-Coyote/1.1"
    column_path = f"/col/col{COL_REPORTS}/index.html"
    platform_path = f"/col/col{COL_PLATFORM}/index.html"
    page_size = 5

    def __init__(self, info, built, host: str = ""):
        super().__init__(info, built, host)
        self.next_id = 21000
        # unit codes: 9-character organisation codes and 18-character credit codes, as real ones mix
        self.codes: dict[str, str] = {}
        for n, (agency, _) in enumerate(((info.agency, info.level),) + tuple(info.units) + tuple(info.late)):
            code = f"{741033213 + 7919 * n:09d}"
            self.codes[agency] = code if n % 3 else f"11{info.region_code}{code}"[:17] + "M"

    def place(self, item: Item, rng) -> None:
        code = self.codes.get(item.agency) or self.codes[self.info.agency]
        if item.kind == "report":
            item.article_path = f"{ANNUAL}?area={code}&fbtime={item.year}"
        else:
            d = item.published
            item.article_path = f"/art/{d.year}/{d.month}/{d.day}/art_{COL_REPORTS}_{self.take_id(rng.randint(5, 90))}.html"
        item.link_path = item.article_path
        item.attachments = []
        for fmt in item.attachment_formats:
            stored = f"{item.published:%y%m%d}{rng.randrange(10**9, 10**10)}.{fmt}"
            shown = f"{item.title}.{fmt}"
            path = f"{DOWNLOAD}?classid=0&filename={stored}"
            item.attachments.append(Attachment(fmt, path, path, shown, CONTENT_TYPES[fmt],
                                               f"attachment; filename=\"{stored}\"; filename*=UTF-8''{quote(shown)}"))

    def chrome(self, title: str, body: str, head: str = "") -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="{esc(i.name)}" />
<title>{esc(title)} {esc(i.name)}</title>
<script type="text/javascript" src="/module/jslib/jpage/jpage.js"></script>
{head}</head>
<body>
<div class="top"><a href="/">{esc(i.name)}</a></div>
<div class="dh"><a href="/">首页</a> | <a href="{self.platform_path}">政府信息公开</a> | <a href="/col/col1229010/index.html">政务服务</a></div>
<div class="main">
{body}
</div>
<div class="bottom">主办单位：{esc(i.agency)}办公室</div>
</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f"<div class=\"tt\">{esc(i.agency)}</div>")
        platform = self.chrome("政府信息公开", f"""<ul class="xxgk-menu">
<li><a href="/col/col1229003/index.html">政府信息公开指南</a></li>
<li><a href="/col/col1229004/index.html">政府信息公开制度</a></li>
<li><a href="{self.column_path}">政府信息公开年报</a></li>
</ul>""")
        out = {"/": self.html(home), "/index.html": self.html(home), self.platform_path: self.html(platform),
               "/module/jslib/jpage/jpage.js": Resource(JPAGE_JS.encode(), "application/javascript", self.built),
               "/col/col1229010/index.html": self.html(self.chrome("政务服务", "<p>政务服务。</p>"))}
        for col, title in ((1229003, "政府信息公开指南"), (1229004, "政府信息公开制度")):
            out[f"/col/col{col}/index.html"] = self.html(self.chrome(title, f"<p>{esc(i.agency)}{title}。</p>"))
        return out

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else f"<p>　　{esc(item.title)}，全文见附件。</p>"
        files = "".join(f'<p>附件：<a href="{esc(a.href)}" target="_blank">{esc(a.name)}</a></p>' for a in item.attachments)
        return self.chrome(item.title, f"""<table class="xxgk_table">
<tr><th>信息名称</th><td colspan="3">{esc(item.title)}</td></tr>
<tr><th>发布机构</th><td>{esc(item.agency)}</td><th>发布日期</th><td>{item.published:%Y-%m-%d}</td></tr>
</table>
<div class="sp_title">{heading(item)}</div>
<div id="zoom">
{body}
</div>
<div class="fj">{files}</div>""")

    # ------------------------------------------------------------------ listings
    def record(self, it: Item) -> str:
        return (f'<record><![CDATA[\n<li><a href="{esc(it.link_path)}" title="{esc(it.title)}" target="_blank">'
                f'{esc(it.title)}</a><span class="bt-data-time">{it.list_date:%Y-%m-%d}</span></li>\n]]></record>')

    def datastore(self, items: list[Item]) -> str:
        total = len(self.items)
        recs = "\n".join(self.record(it) for it in items)
        nextgroup = f'<a href="{PROXY}?{self.proxy_query(1)}"></a>'
        return (f"<datastore>\n<nextgroup><![CDATA[{nextgroup}]]></nextgroup>\n<totalrecord>{total}</totalrecord>\n"
                f"<totalpage>{self.pages_count()}</totalpage>\n<recordset>\n{recs}\n</recordset>\n</datastore>")

    def pages_count(self) -> int:
        return max(1, -(-len(self.items) // self.page_size))

    def proxy_query(self, page: int) -> str:
        return (f"page={page}&appid=1&webid={WEBID}&path=/&columnid={COL_REPORTS}&unitid={UNITID}"
                f"&webname={quote(self.info.name)}&permissiontype=0")

    def listing_resources(self) -> dict[str, Resource]:
        options = "".join(f'<option value="{code}">{esc(a)}</option>' for a, code in self.codes.items()
                          if any(it.agency == a for it in self.items))
        years = "".join(f'<option value="{y}">{y}年</option>' for y in sorted({it.year for it in self.items}, reverse=True))
        q = {"appid": "1", "webid": str(WEBID), "path": "/", "columnid": str(COL_REPORTS), "unitid": str(UNITID),
             "webname": self.info.name, "permissiontype": "0"}
        param = ", ".join(f"{k}: {v if v.isdigit() else repr(v)}" for k, v in q.items())
        body = f"""<div class="bt">政府信息公开年报</div>
<form id="nbsearch" action="{SEARCH}" method="post">
<select name="area">{options}</select> <select name="fbtime"><option value="">全部</option>{years}</select>
<input type="hidden" name="infotypeId" value="{INFOTYPE}" /><input type="submit" value="查询" /></form>
<div id="{UNITID}"><script type="text/xml">{self.datastore(self.items[:self.page_size])}</script></div>
<script type="text/javascript">
$(document).ready(function () {{
  $('#{UNITID}').jpage({{dataStore: '#{UNITID}', perPage: {self.page_size}, totalRecord: {len(self.items)}, groupSize: 1, proxyUrl: '{PROXY}', method: 'GET', ajaxParam: {{{param}}}, dataBefore: '<ul class="list">', dataAfter: '</ul>'}});
}});
</script>"""
        return {self.column_path: self.html(self.chrome("政府信息公开年报", body), self.column_lm)}

    def dynamic(self, req: Request) -> Resource | None:
        if req.path == PROXY:
            p = req.params
            if p.get("columnid") != str(COL_REPORTS) or p.get("webid") != str(WEBID):
                return Resource(b"unknown columnid or webid", "text/plain; charset=utf-8", self.built, 400)
            raw = p.get("page", "1")
            page = int(raw) if raw.isdigit() and int(raw) > 0 else 1
            items = self.items[(page - 1) * self.page_size:page * self.page_size]
            xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + self.datastore(items)
            return Resource(xml.encode(), "text/xml; charset=utf-8", self.column_lm)
        if req.path == SEARCH:
            if req.method != "POST":
                return Resource(b"search.jsp answers POST only", "text/plain; charset=utf-8", self.built, 405,
                                {"Allow": "POST"})
            f = req.form
            hits = [it for it in self.items if it.kind == "report" and self.codes.get(it.agency) == f.get("area")
                    and (not f.get("fbtime") or str(it.year) == f.get("fbtime"))]
            lis = "".join(f'<li><a href="{esc(it.link_path)}" target="_blank">{esc(it.title)}</a>'
                          f'<span>{it.list_date:%Y-%m-%d}</span></li>' for it in hits)
            return self.html(f'<div class="search-result"><ul>{lis}</ul><p>共{len(hits)}条</p></div>', self.column_lm)
        if req.path == DOWNLOAD:
            name = req.params.get("filename", "")
            for key in self.files:
                if name and key.startswith(DOWNLOAD) and key.endswith(f"filename={name}"):
                    return self.files[key]
            return self.html("<html><body>文件不存在</body></html>", self.built, 404)
        if req.path == ANNUAL:  # parameters in either order
            p = req.params
            for it in self.items:
                if it.article_path.startswith(ANNUAL) and it.article_path == \
                        f"{ANNUAL}?area={p.get('area', '')}&fbtime={p.get('fbtime', '')}":
                    return self.files[it.article_path]
            return self.html("<html><body><p>该单位该年度暂无年报</p></body></html>", self.built)
        return None

    def listing_pages(self) -> list[dict]:
        pages = [{"path": self.column_path, "method": "GET", "items": [it.link_path for it in self.items[:self.page_size]]}]
        for page in range(2, self.pages_count() + 1):
            pages.append({"path": f"{PROXY}?{self.proxy_query(page)}", "method": "GET",
                          "items": [it.link_path for it in self.items[(page - 1) * self.page_size:page * self.page_size]]})
        return pages

    def columns(self) -> list[Column]:
        return [Column("", self.info.agency, self.info.level, self.column_path,
                       ("政府信息公开", "政府信息公开年报"), self.items)]

    def search_form(self, agency: str, year: int | None = None) -> dict[str, str]:
        return {"area": self.codes[agency], "fbtime": str(year or ""), "infotypeId": INFOTYPE}
