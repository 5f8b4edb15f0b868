"""A TRS-WCM site (the CMS of most provincial and city portals).

Column /zwgk/zfxxgk/zfxxgknb/index.html; further pages index_1.html, index_2.html … exist but no
page links to them in plain HTML: the pager is written by
<script>createPageHTML(5, 0, "index", "html");</script>. Articles sit at ./YYYYMM/tYYYYMMDD_NNNNNNN.html
and attachments next to them as ./P0YYYYMMDD<12 digits>.pdf."""
from __future__ import annotations

from .base import CONTENT_TYPES, Attachment, Item, Resource, Site, esc

# TRS templates define the pager inline; it writes links with document.write, so the page's HTML
# holds no link to index_1.html.
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


class TrsSite(Site):
    style = "trs"
    server = "nginx"
    column_path = "/zwgk/zfxxgk/zfxxgknb/index.html"
    platform_path = "/zwgk/zfxxgk/index.html"
    page_size = 15
    column_dir = "/zwgk/zfxxgk/zfxxgknb/"

    def __init__(self, info, built):
        super().__init__(info, built)
        self.next_id = 1528300

    # ------------------------------------------------------------------ URLs
    def place(self, item: Item, rng) -> None:
        d = item.published
        aid = self.take_id(rng.randint(3, 60))
        month = d.strftime("%Y%m")
        item.article_path = f"{self.column_dir}{month}/t{d:%Y%m%d}_{aid}.html"
        item.link_path = item.article_path
        item.attachments = []
        for fmt in item.attachment_formats:
            name = f"P0{d:%Y%m%d}{rng.randrange(10**11, 10**12)}.{fmt}"
            item.attachments.append(Attachment(fmt, f"{self.column_dir}{month}/{name}", f"./{name}",
                                               f"{item.title}.{fmt}", CONTENT_TYPES[fmt]))

    # ------------------------------------------------------------------ pages
    def chrome(self, title: str, body: str, head: str = "") -> str:
        i = self.info
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="{esc(i.name)}">
<meta name="SiteDomain" content="www.{i.site_id}.gov.cn">
<title>{esc(title)}_{esc(i.name)}</title>
<link rel="stylesheet" href="/images/common.css">
{head}</head>
<body>
<div class="header"><div class="logo"><a href="/">{esc(i.name)}</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="#">政务动态</a></li>
<li><a href="/zwgk/zfxxgk/index.html">政府信息公开</a></li><li><a href="#">互动交流</a></li></ul></div>
<div class="main">
{body}
</div>
<div class="footer">主办：{esc(i.agency)}办公室 &nbsp; 网站标识码：{i.region_code}0001 &nbsp; 青ICP备0500{i.region_code[:2]}号</div>
</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f"""<div class="banner">{esc(i.agency)}欢迎您</div>
<div class="news"><h3>政务要闻</h3><ul>
<li><a href="#">{esc(i.place)}召开全市优化营商环境大会</a></li>
<li><a href="#">{esc(i.place)}部署春季农业生产工作</a></li></ul></div>""")
        platform = self.chrome("政府信息公开", f"""<div class="position">当前位置：<a href="/">首页</a> &gt; 政府信息公开</div>
<div class="xxgk-nav"><h3>{esc(i.agency)}政府信息公开</h3><ul>
<li><a href="./zfxxgkzn/index.html">政府信息公开指南</a></li>
<li><a href="./zfxxgkzd/index.html">政府信息公开制度</a></li>
<li><a href="./fdzdgknr/index.html">法定主动公开内容</a></li>
<li><a href="./zfxxgknb/index.html">政府信息公开年报</a></li></ul></div>""")
        simple = {
            "zfxxgkzn": ("政府信息公开指南", "本指南根据《中华人民共和国政府信息公开条例》编制，详见政府信息公开年报栏目所列指南。"),
            "zfxxgkzd": ("政府信息公开制度", "政府信息公开保密审查制度、依申请公开工作制度。"),
            "fdzdgknr": ("法定主动公开内容", "机构职能、规划计划、财政预决算等。"),
        }
        out = {
            "/": self.html(home),
            "/index.html": self.html(home),
            self.platform_path: self.html(platform),
            "/images/common.css": Resource(b"body{font-family:SimSun;margin:0}.main{width:1000px;margin:0 auto}\n",
                                           "text/css", self.built),
            "/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain", self.built),
        }
        for slug, (title, text) in simple.items():
            out[f"/zwgk/zfxxgk/{slug}/index.html"] = self.html(self.chrome(
                title, f"<h2>{esc(title)}</h2><p>{esc(text)}</p>"))
        return out

    def article_page(self, item: Item, fragment: str) -> str:
        if item.in_article:
            body = fragment
        else:
            body = (f'<div class="TRS_Editor"><p style="text-indent:2em">现将《{esc(item.title)}》予以公开，'
                    "全文详见附件。</p></div>")
        files = ""
        if item.attachments:
            links = "".join(
                f'<p><a href="{a.href}" OLDSRC="/protect/{a.href[2:]}" OLDID="{a.href[4:12]}" '
                f'target="_blank">{esc(a.name)}</a></p>' for a in item.attachments)
            files = f'<div class="fj"><span>附件：</span>{links}</div>'
        content = f"""<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/zfxxgk/index.html">政府信息公开</a> &gt; <a href="../index.html">政府信息公开年报</a></div>
<div class="article">
<h1 class="title">{esc(item.title)}</h1>
<div class="info">发布时间：{item.published:%Y-%m-%d} &nbsp; 来源：{esc(item.agency)} &nbsp; 【字体：大 中 小】</div>
<div class="content" id="zoom">
{body}
</div>
{files}
</div>"""
        return self.chrome(item.title, content)

    def page_name(self, n: int) -> str:
        return "index.html" if n == 0 else f"index_{n}.html"

    def listing_resources(self) -> dict[str, Resource]:
        chunks = self.chunks()
        out = {}
        for n, chunk in enumerate(chunks):
            lis = "\n".join(
                f'<li><a href=".{it.link_path[len(self.column_dir) - 1:]}" target="_blank" title="{esc(it.title)}">'
                f'{esc(it.title)}</a><span class="date">{it.published:%Y-%m-%d}</span></li>' for it in chunk)
            body = f"""<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="../index.html">政府信息公开</a> &gt; 政府信息公开年报</div>
<div class="list"><h2>政府信息公开年报</h2>
<ul class="list-ul">
{lis}
</ul>
<div class="page"><script>createPageHTML({len(chunks)}, {n}, "index", "html");</script></div>
</div>"""
            html = self.chrome("政府信息公开年报", body, f"<script>\n{PAGER_JS}\n</script>\n")
            out[self.column_dir + self.page_name(n)] = self.html(html, self.column_lm)
        return out

    def listing_pages(self) -> list[dict]:
        return [{"path": self.column_dir + self.page_name(n), "method": "GET",
                 "items": [it.link_path for it in chunk]} for n, chunk in enumerate(self.chunks())]
