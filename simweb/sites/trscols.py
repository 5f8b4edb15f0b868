"""TRS-WCM sites with many 年报 columns (the CMS behind ~45% of real report URLs, PATTERNS.md §1).

What every TRS column here does, as real ones do:
- listing pages index.{ext}, index_1.{ext}, …: ten-ish `<li><a href="./{yyyymm}/t{yyyymmdd}_{id}.{ext}">`
  items with a date; the pager is a script, either
  `var countPage = 7//共多少页` + `createPageHTML(countPage, currentPage, "index", "html");` or
  `var _nPageCount = 7; … createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt);` —
  no plain link to index_1 exists; index_{n} past the last page answers a meta refresh back to ./;
- articles: `<meta name="ArticleTitle">`, 发布日期, the body in `.TRS_Editor`, attachments next to the
  article as ./P0{yyyymmdd}{12 digits}.{ext} with OLDSRC; a long article continues on
  t…_{id}_1.{ext} (the same createPageHTML pager over the article's pages);
- a sidebar with the 政府信息公开申请表 (.doc) on every page: a form, not a report;
- a pdf-only report may be shown in the pdf.js viewer: <iframe src="/pdfjs/web/viewer.html?file=…">.
Subclasses give the columns (column_defs), the navigation pages and which pager they print."""
from __future__ import annotations

import re

from .base import CONTENT_TYPES, Attachment, Column, Item, Request, Resource, Site, esc, heading

PAGER_JS = """function createPageHTML(nPageCount, nCurrIndex, sPageName, sPageExt) {
  if (nPageCount == null || nPageCount <= 1) { return; }
  var nCurr = nCurrIndex || 0, out = [];
  function pageUrl(i) { return i == 0 ? sPageName + "." + sPageExt : sPageName + "_" + i + "." + sPageExt; }
  if (nCurr == 0) { out.push("<span>首页</span>", "<span>上一页</span>"); }
  else { out.push("<a href=\\"" + pageUrl(0) + "\\">首页</a>", "<a href=\\"" + pageUrl(nCurr - 1) + "\\">上一页</a>"); }
  for (var i = 0; i < nPageCount; i++) {
    out.push(i == nCurr ? "<span class=\\"current\\">" + (i + 1) + "</span>"
                        : "<a href=\\"" + pageUrl(i) + "\\">" + (i + 1) + "</a>");
  }
  if (nCurr >= nPageCount - 1) { out.push("<span>下一页</span>", "<span>尾页</span>"); }
  else { out.push("<a href=\\"" + pageUrl(nCurr + 1) + "\\">下一页</a>", "<a href=\\"" + pageUrl(nPageCount - 1) + "\\">尾页</a>"); }
  document.write("<div class=\\"pagination\\">" + out.join(" ") + "</div>");
}"""

FORM_PATH = "/ysqgk/P020190315392810532156.doc"
VIEWER = "/pdfjs/web/viewer.html"
VIEWER_HTML = """<!DOCTYPE html>
<html dir="ltr">
<head><meta charset="utf-8"><title>PDF.js viewer</title>
<link rel="stylesheet" href="viewer.css"></head>
<body tabindex="1">
<div id="outerContainer"><div id="viewerContainer"><div id="viewer" class="pdfViewer"></div></div></div>
<script>
// stand-in for pdf.js: the document to show is the ?file= parameter
var file = new URLSearchParams(location.search).get("file");
document.getElementById("viewer").textContent = file ? "正在加载 " + file : "未指定文件";
</script>
</body>
</html>
"""


def split_fragment(fragment: str) -> tuple[str, str]:
    """Cut an article body in two before its second table's heading paragraph (where TRS's
    page-break tag usually sits); ("", "") when the body is too short to split."""
    tables = [m.start() for m in re.finditer(r"<table", fragment)]
    if len(tables) < 2:
        return "", ""
    cut = fragment.rfind("<p", 0, tables[1])
    if cut <= 0:
        cut = tables[1]
    return fragment[:cut], fragment[cut:]


class TrsColumnsSite(Site):
    style = "trs"
    server = "nginx"
    ext = "html"
    pager = "countPage"  # countPage | _nPageCount
    page_size = 10
    sidebar_form = True

    def __init__(self, info, built, host: str = ""):
        super().__init__(info, built, host)
        self.next_id = 1528300
        self.column_defs: list[Column] = self.make_columns()
        self.split_pages: dict[str, tuple[str, str]] = {}

    # ------------------------------------------------------------------ columns
    def make_columns(self) -> list[Column]:
        raise NotImplementedError

    def columns(self) -> list[Column]:
        for col in self.column_defs:
            col.items = [it for it in self.items if it.column == col.key]
        return self.column_defs

    @property
    def column_path(self) -> str:  # the first leaf column (manifest's column_url)
        return self.column_defs[0].path

    def col_dir(self, col: Column) -> str:
        return col.path.rsplit("/", 1)[0] + "/"

    def column_by_key(self, key: str) -> Column:
        return next(c for c in self.column_defs if c.key == key)

    # ------------------------------------------------------------------ URLs
    def place(self, item: Item, rng) -> None:
        d = item.path_date
        col = self.column_by_key(item.column)
        base = f"{self.col_dir(col)}{d:%Y%m}/"
        aid = self.take_id(rng.randint(3, 60))
        stem = f"t{d:%Y%m%d}_{aid}"
        item.article_path = item.link_path = f"{base}{stem}.{self.ext}"
        item.attachments = []
        for fmt in item.attachment_formats:
            # a PDF uploaded as .doc is served by its extension (application/msword), as a real server does
            ext = "doc" if "extension_lies" in item.flags and fmt == "pdf" else fmt
            name = f"P0{d:%Y%m%d}{rng.randrange(10**11, 10**12)}.{ext}"
            item.attachments.append(Attachment(fmt, base + name, f"./{name}", f"{item.title}.{ext}", CONTENT_TYPES[ext],
                                               None, "extension_lies" if ext != fmt else ""))
        if item.kind == "report" and item.in_article and "split" in item.flags:
            item.continued = [f"{base}{stem}_1.{self.ext}"]
        if item.kind == "report" and item.mode == "pdf" and "viewer" in item.flags:
            item.viewer = f"{VIEWER}?file={item.attachments[0].path}"

    # ------------------------------------------------------------------ page parts
    def chrome(self, title: str, body: str, head: str = "", column: str = "") -> str:
        i = self.info
        meta = f'<meta name="ColumnName" content="{esc(column)}">\n' if column else ""
        side = ""
        if self.sidebar_form:
            side = ('<div class="sidebar"><h4>依申请公开</h4><ul>'
                    '<li><a href="/ysqgk/index.html">依申请公开指南</a></li>'
                    f'<li><a href="{FORM_PATH}">政府信息公开申请表.doc</a></li></ul></div>')
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="{esc(i.name)}">
<meta name="SiteDomain" content="{self.host}">
{meta}<title>{esc(title)}_{esc(i.name)}</title>
<link rel="stylesheet" href="/images/xxgk.css">
{head}</head>
<body>
<div class="header"><a href="/">{esc(i.agency)}政府信息公开</a></div>
<div class="main">
{side}
<div class="content-area">
{body}
</div>
</div>
<div class="footer">主办：{esc(i.agency)}办公室 &nbsp; 网站标识码：{i.region_code}0001</div>
</body>
</html>
"""

    def pager_script(self, count: int, current: int, name: str) -> str:
        if self.pager == "_nPageCount":
            return (f'<script language="JavaScript">\nvar _nPageCount = {count};\nvar _nCurrIndex = {current};\n'
                    f'var _sPageName = "{name}";\nvar _sPageExt = "{self.ext}";\n'
                    "createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt);\n</script>")
        return (f"<script>\nvar currentPage = {current};//所在页从0开始\nvar prevPage = currentPage-1//上一页\n"
                f"var nextPage = currentPage+1//下一页\nvar countPage = {count}//共多少页\n"
                f'createPageHTML(countPage, currentPage, "{name}", "{self.ext}");\n</script>')

    def crumbs(self, col: Column | None, last: str = "") -> str:
        parts = ['<a href="/">首页</a>'] + [esc(t) for t in (col.trail if col else ())]
        if last:
            parts.append(esc(last))
        return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>'

    # ------------------------------------------------------------------ articles
    def add_documents(self, item: Item, docs) -> None:
        super().add_documents(item, docs)
        if item.continued:
            first, rest = split_fragment(docs.fragment(item))
            if not first:  # too short to split: one page
                item.continued = []
                return
            self.files[item.article_path] = self.html(self.article_page(item, first, page=0), item.published)
            self.files[item.continued[0]] = self.html(self.article_page(item, rest, page=1), item.published)

    def build(self, docs) -> None:
        super().build(docs)
        if self.sidebar_form:
            self.files[FORM_PATH] = Resource(docs.form(), CONTENT_TYPES["doc"], self.built)
            self.files["/ysqgk/index.html"] = self.html(self.chrome(
                "依申请公开指南", "<h2>依申请公开指南</h2><p>申请人可下载《政府信息公开申请表》，填写后提交。</p>"))
        self.files[VIEWER] = Resource(VIEWER_HTML.encode(), "text/html; charset=utf-8", self.built)
        self.files["/images/xxgk.css"] = Resource(b".main{width:1100px;margin:0 auto}.sidebar{float:left}\n",
                                                  "text/css", self.built)

    def article_page(self, item: Item, fragment: str, page: int | None = None) -> str:
        col = self.column_by_key(item.column) if item.column else None
        if item.in_article:
            body = fragment
        elif item.viewer:
            body = (f'<p>{esc(item.title)}</p><iframe src="{esc(item.viewer)}" width="100%" height="900" '
                    'frameborder="0"></iframe>')
        else:
            body = f'<p style="text-indent:2em">现将《{esc(item.title)}》予以公开，全文详见附件。</p>'
        files = ""
        if item.attachments and not item.viewer:
            links = "".join(f'<li><a href="{a.href}" OLDSRC="/protect/{a.path.rsplit("/", 1)[1]}" target="_blank">'
                            f'{esc(a.name)}</a></li>' for a in item.attachments)
            files = f'<div class="fj"><span>附件：</span><ul>{links}</ul></div>'
        pager = ""
        if page is not None:
            stem = item.article_path.rsplit("/", 1)[1].rsplit(".", 1)[0]
            pager = f'<div class="page">{self.pager_script(2, page, stem)}</div>'
        index_no = f"{self.info.region_code}00-{item.published:%Y}-{self.next_id % 997:06d}"
        return self.chrome(item.title, f"""{self.crumbs(col, "正文")}
<table class="xxgk-info">
<tr><th>索引号：</th><td>{index_no}</td><th>发布机构：</th><td>{esc(item.agency)}</td></tr>
<tr><th>发布日期：</th><td>{item.published:%Y-%m-%d}</td><th>主题分类：</th><td>政府信息公开年报</td></tr>
</table>
<div class="article">
<h1 class="title">{heading(item)}</h1>
<div class="info">发布日期：{item.published:%Y-%m-%d} &nbsp; 来源：{esc(item.agency)}</div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
{pager}
{files}
</div>""", head=f'<meta name="ArticleTitle" content="{esc(item.title)}">\n'
                f'<meta name="PubDate" content="{item.published:%Y-%m-%d %H:%M}">\n'
                f"<script>\n{PAGER_JS}\n</script>\n")

    # ------------------------------------------------------------------ listings
    def page_name(self, n: int) -> str:
        return f"index.{self.ext}" if n == 0 else f"index_{n}.{self.ext}"

    def col_chunks(self, col: Column) -> list[list[Item]]:
        items = col.items
        return [items[i:i + self.page_size] for i in range(0, len(items), self.page_size)] or [[]]

    def item_href(self, col: Column, it: Item) -> str:
        return "./" + it.link_path[len(self.col_dir(col)):]

    def column_listing(self, col: Column) -> dict[str, Resource]:
        chunks = self.col_chunks(col)
        name = col.trail[-1] if col.trail else "政府信息公开年报"
        out = {}
        for n, chunk in enumerate(chunks):
            lis = "\n".join(
                f'<li><a href="{self.item_href(col, it)}" target="_blank" title="{esc(it.title)}">{esc(it.title)}</a>'
                f'<span class="date">{it.list_date:%Y-%m-%d}</span></li>' for it in chunk)
            body = f"""{self.crumbs(col)}
<div class="list"><h2>{esc(name)}</h2>
<ul class="list-ul">
{lis}
</ul>
<div class="page">{self.pager_script(len(chunks), n, "index")}</div>
</div>"""
            html = self.chrome(name, body, f"<script>\n{PAGER_JS}\n</script>\n", column=name)
            out[self.col_dir(col) + self.page_name(n)] = self.html(html, self.lm_of(col))
        return out

    def column_pages(self, col: Column) -> list[dict]:
        return [{"path": self.col_dir(col) + self.page_name(n), "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.col_chunks(col))]

    def dynamic(self, req: Request) -> Resource | None:
        # index_{n} past the last page: TRS answers a page that sends the browser back to ./
        m = re.fullmatch(r"(.*/)index_(\d+)\." + self.ext, req.path)
        if m and req.path not in self.pages and any(self.col_dir(c) == m.group(1) for c in self.column_defs):
            return self.html('<html><head><meta http-equiv="refresh" content="0;URL=./"></head><body></body></html>',
                             self.column_lm)
        return None

    def extras(self) -> dict:
        ex = super().extras()
        if self.sidebar_form:
            ex["forms"] = [FORM_PATH]
        return ex

    def simple_page(self, title: str, links: list[tuple[str, str]], col: Column | None = None, text: str = "") -> Resource:
        lis = "".join(f'<li><a href="{href}">{esc(t)}</a></li>' for t, href in links)
        body = f'{self.crumbs(col, title)}<div class="xxgk-nav"><h3>{esc(title)}</h3>{text}<ul>{lis}</ul></div>'
        return self.html(self.chrome(title, body, column=title))
