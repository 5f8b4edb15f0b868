"""A Hanweb (大汉) site: the CMS of many provincial governments.

The column /col/colNNNN/index.html carries its first records inside
<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>…; the jpage
script fetches the rest with POST /module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=…
and the form fields of its ajaxParam (col, appid, webid, path, columnid, sourceContentType, unitid,
webname, permissiontype), answered with the same datastore XML. Articles live at
/art/YYYY/M/D/art_COL_ID.html; attachments come from /module/download/downfile.jsp with a
Content-Disposition file name."""
from __future__ import annotations

from urllib.parse import quote

from .base import CONTENT_TYPES, Attachment, Item, Request, Resource, Site, esc

COL_PLATFORM, COL_GUIDE, COL_RULES, COL_REPORTS = 1568, 1569, 1570, 1571
WEBID, UNITID = 3, 385412
PROXY = "/module/web/jpage/dataproxy.jsp"
DOWNLOAD = "/module/download/downfile.jsp"
REQUIRED_FORM = ("col", "webid", "columnid", "unitid", "path")

# A small stand-in for jquery.jpage.js (no CDN here): renders the datastore records of the current
# page and fetches later groups from dataproxy.jsp exactly as the real plugin posts them.
JPAGE_JS = r"""(function () {
  function records(xml) {
    var out = [], re = /<record><!\[CDATA\[([\s\S]*?)\]\]><\/record>/g, m;
    while ((m = re.exec(xml))) { out.push(m[1]); }
    return out;
  }
  function Pager(el, o) {
    this.el = el; this.o = o; this.cache = {}; this.page = 1;
    var store = el.querySelector('script[type="text/xml"]');
    var recs = records(store ? store.textContent : "");
    for (var i = 0; i < recs.length; i++) { this.cache[i + 1] = recs[i]; }
    this.pages = Math.max(1, Math.ceil(o.totalRecord / o.perPage));
    this.show(1);
  }
  Pager.prototype.show = function (page) {
    var self = this, o = this.o, first = (page - 1) * o.perPage + 1;
    if (!this.cache[first] && first <= o.totalRecord) {
      var group = o.perPage * o.groupSize, start = Math.floor((first - 1) / group) * group + 1;
      var body = Object.keys(o.ajaxParam).map(function (k) {
        return encodeURIComponent(k) + "=" + encodeURIComponent(o.ajaxParam[k]); }).join("&");
      // the GET flavour (module/jpage) asks for one page by number with the parameters in the query
      var req = o.method === "GET"
        ? fetch(o.proxyUrl + "?page=" + page + "&" + body)
        : fetch(o.proxyUrl + "?startrecord=" + start + "&endrecord=" + (start + group - 1) + "&perpage=" + o.perPage,
                {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: body});
      if (o.method === "GET") { start = first; }
      req
        .then(function (r) { return r.text(); })
        .then(function (xml) {
          var recs = records(xml);
          for (var i = 0; i < recs.length; i++) { self.cache[start + i] = recs[i]; }
          self.show(page);
        });
      return;
    }
    var html = [];
    for (var n = first; n < first + o.perPage && n <= o.totalRecord; n++) { html.push(this.cache[n] || ""); }
    var bar = '<div class="default_pgPanel">共' + o.totalRecord + '条 第' + page + '/' + this.pages + '页 ' +
      (page > 1 ? '<a href="javascript:;" data-p="' + (page - 1) + '">上一页</a> ' : '') +
      (page < this.pages ? '<a href="javascript:;" data-p="' + (page + 1) + '">下一页</a>' : '') + '</div>';
    var view = this.el.querySelector(".jpage-view");
    if (!view) { view = document.createElement("div"); view.className = "jpage-view"; this.el.appendChild(view); }
    view.innerHTML = o.dataBefore + html.join("") + o.dataAfter + bar;
    var links = view.querySelectorAll("a[data-p]");
    for (var k = 0; k < links.length; k++) {
      links[k].onclick = function () { self.show(parseInt(this.getAttribute("data-p"), 10)); };
    }
    this.page = page;
  };
  function $(sel) {
    if (typeof sel === "function") { document.addEventListener("DOMContentLoaded", sel); return; }
    return {
      ready: function (fn) { document.addEventListener("DOMContentLoaded", fn); },
      // like jQuery, "#385412" means the element with that id (not a valid CSS selector)
      jpage: function (o) { new Pager(document.getElementById(sel.replace(/^#/, "")), o); }
    };
  }
  window.$ = window.$ || $;
})();
"""


class HanwebSite(Site):
    style = "hanweb"
    server = "Apache-Coyote/1.1"  # JCMS runs on Tomcat
    column_path = f"/col/col{COL_REPORTS}/index.html"
    column_trail = ("政府信息公开", "信息公开年度报告")
    platform_path = f"/col/col{COL_PLATFORM}/index.html"
    page_size = 5  # jpage perPage
    group_size = 2  # pages per datastore / dataproxy group

    def __init__(self, info, built):
        super().__init__(info, built)
        self.next_id = 20310

    @property
    def ajax_param(self) -> dict[str, str]:
        return {"col": "1", "appid": "1", "webid": str(WEBID), "path": "/", "columnid": str(COL_REPORTS),
                "sourceContentType": "1", "unitid": str(UNITID), "webname": self.info.name,
                "permissiontype": "0"}

    # ------------------------------------------------------------------ URLs
    def place(self, item: Item, rng) -> None:
        d = item.published
        aid = self.take_id(rng.randint(5, 90))
        item.article_path = f"/art/{d.year}/{d.month}/{d.day}/art_{COL_REPORTS}_{aid}.html"
        item.link_path = item.article_path
        item.attachments = []
        for fmt in item.attachment_formats:
            stored = f"{d:%y%m%d}{rng.randrange(10**9, 10**10)}.{fmt}"
            shown = f"{item.title}.{fmt}"
            if "traversal_filename" in item.flags:
                disposition, note = 'attachment; filename="../../etc/passwd.pdf"', "traversal_filename"
            else:
                disposition, note = f"attachment; filename=\"{stored}\"; filename*=UTF-8''{quote(shown)}", ""
            path = f"{DOWNLOAD}?classid=0&filename={stored}"
            item.attachments.append(Attachment(fmt, path, path, shown, CONTENT_TYPES[fmt], disposition, note))

    # ------------------------------------------------------------------ pages
    def chrome(self, title: str, body: str) -> str:
        i = self.info
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="{esc(i.name)}" />
<meta name="SiteIDCode" content="{i.region_code[:2]}00000001" />
<title>{esc(title)} {esc(i.name)}</title>
<script type="text/javascript" src="/module/jslib/jpage/jpage.js"></script>
</head>
<body>
<div class="top"><a href="/">{esc(i.name)}</a></div>
<div class="dh"><a href="/">首页</a> | <a href="#">要闻动态</a> | <a href="/col/col{COL_PLATFORM}/index.html">政府信息公开</a> | <a href="#">政务服务</a> | <a href="#">互动交流</a></div>
<div class="main">
{body}
</div>
<div class="bottom">主办单位：{esc(i.agency)}办公厅 &nbsp; 网站标识码：{i.region_code[:2]}00000001</div>
</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f"""<div class="tt">{esc(i.agency)}</div>
<div class="ywdt"><h3>要闻动态</h3><ul><li><a href="#">全省政务公开工作会议召开</a></li></ul></div>""")
        platform = self.chrome("政府信息公开", f"""<div class="bt">{esc(i.agency)}政府信息公开</div>
<ul class="xxgk-menu">
<li><a href="/col/col{COL_GUIDE}/index.html">政府信息公开指南</a></li>
<li><a href="/col/col{COL_RULES}/index.html">政府信息公开制度</a></li>
<li><a href="/col/col{COL_REPORTS}/index.html">信息公开年度报告</a></li>
</ul>""")
        out = {
            "/": self.html(home),
            "/index.html": self.html(home),
            self.platform_path: self.html(platform),
            "/module/jslib/jpage/jpage.js": Resource(JPAGE_JS.encode(), "application/javascript", self.built),
        }
        for col, title in ((COL_GUIDE, "政府信息公开指南"), (COL_RULES, "政府信息公开制度")):
            out[f"/col/col{col}/index.html"] = self.html(self.chrome(
                title, f"<div class=\"bt\">{title}</div><p>{esc(i.agency)}{title}（2023年修订）。</p>"))
        return out  # no robots.txt: the site answers 404, as many do

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else (
            f"<p>　　{esc(item.title)}已编制完成，现予公布，全文见附件。</p>")
        files = "".join(f'<p>附件：<a href="{esc(a.href)}" target="_blank">{esc(a.name)}</a></p>'
                        for a in item.attachments)
        index_no = f"{i_code(self.info.region_code)}/{item.published:%Y}-{item.article_path[-10:-5]}"
        return self.chrome(item.title, f"""<div class="bt-position">您当前的位置：<a href="/">首页</a> &gt; <a href="/col/col{COL_PLATFORM}/index.html">政府信息公开</a> &gt; <a href="/col/col{COL_REPORTS}/index.html">信息公开年度报告</a></div>
<table class="xxgk_table">
<tr><th>索引号</th><td>{index_no}</td><th>发布机构</th><td>{esc(item.agency)}</td></tr>
<tr><th>生成日期</th><td>{item.published:%Y-%m-%d}</td><th>公开方式</th><td>主动公开</td></tr>
</table>
<div class="main-txt"><div class="sp_title">{esc(item.title)}</div>
<div id="zoom">
{body}
</div>
<div class="fj">{files}</div></div>""")

    def record(self, it: Item) -> str:
        return (f'<record><![CDATA[\n<li><a href="{it.link_path}" title="{esc(it.title)}" target="_blank">'
                f'{esc(it.title)}</a><span class="bt-data-time">{it.published:%Y-%m-%d}</span></li>\n]]></record>')

    def datastore(self, items: list[Item]) -> str:
        total = len(self.items)
        pages = max(1, -(-total // self.page_size))
        nextgroup = (f'<a href="{PROXY}?page=1&webid={WEBID}&path=/&columnid={COL_REPORTS}'
                     f'&unitid={UNITID}&permissiontype=0"></a>')
        recs = "\n".join(self.record(it) for it in items)
        return (f"<datastore>\n<totalrecord>{total}</totalrecord>\n<totalpage>{pages}</totalpage>\n"
                f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup>\n<recordset>\n{recs}\n</recordset>\n</datastore>")

    @property
    def group(self) -> int:
        return self.page_size * self.group_size

    def listing_resources(self) -> dict[str, Resource]:
        p = self.ajax_param
        param = ", ".join(f"{k}: {v if v.isdigit() else repr(v)}" for k, v in p.items())
        body = f"""<div class="bt-position">您当前的位置：<a href="/">首页</a> &gt; <a href="/col/col{COL_PLATFORM}/index.html">政府信息公开</a> &gt; 信息公开年度报告</div>
<div class="bt">信息公开年度报告</div>
<div id="{UNITID}"><script type="text/xml">{self.datastore(self.items[:self.group])}</script></div>
<script type="text/javascript">
$(document).ready(function () {{
  $('#{UNITID}').jpage({{dataStore: '#{UNITID}', perPage: {self.page_size}, totalRecord: {len(self.items)}, groupSize: {self.group_size}, proxyUrl: '{PROXY}', barPosition: 'bottom', dataBefore: '<ul class="list">', dataAfter: '</ul>', ajaxParam: {{{param}}}}});
}});
</script>"""
        return {self.column_path: self.html(self.chrome("信息公开年度报告", body), self.column_lm)}

    def dynamic(self, req: Request) -> Resource | None:
        if req.path == PROXY:
            return self.dataproxy(req)
        if req.path == DOWNLOAD:
            name = req.params.get("filename", "")
            for key in self.files:
                if key.startswith(DOWNLOAD) and key.endswith(f"filename={name}") and name:
                    return self.files[key]
            return self.html("<html><body>文件不存在</body></html>", self.built, 404)
        return None

    def dataproxy(self, req: Request) -> Resource:
        def error(status: int, msg: str) -> Resource:
            return Resource(msg.encode(), "text/plain; charset=utf-8", self.built, status,
                            {"Allow": "POST"} if status == 405 else {})

        if req.method != "POST":
            return error(405, "dataproxy.jsp answers POST only")
        try:
            start = int(req.params["startrecord"])
            end = int(req.params["endrecord"])
            int(req.params["perpage"])
        except (KeyError, ValueError):
            return error(400, "startrecord, endrecord and perpage must be integers in the query string")
        form = req.form
        missing = [k for k in REQUIRED_FORM if k not in form]
        if missing:
            return error(400, f"missing form field(s): {', '.join(missing)}")
        p = self.ajax_param
        wrong = [k for k in ("webid", "columnid", "unitid") if form[k] != p[k]]
        if wrong:
            return error(400, f"unknown {', '.join(wrong)}")
        items = self.items[max(start, 1) - 1:max(end, 0)]
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + self.datastore(items)
        return Resource(xml.encode(), "text/xml; charset=utf-8", self.column_lm)

    def proxy_path(self, start: int) -> str:
        return f"{PROXY}?startrecord={start}&endrecord={start + self.group - 1}&perpage={self.page_size}"

    def listing_pages(self) -> list[dict]:
        pages = [{"path": self.column_path, "method": "GET",
                  "items": [it.link_path for it in self.items[:self.group]]}]
        for start in range(self.group + 1, len(self.items) + 1, self.group):
            pages.append({"path": self.proxy_path(start), "method": "POST", "form": self.ajax_param,
                          "items": [it.link_path for it in self.items[start - 1:start - 1 + self.group]]})
        return pages


def i_code(region_code: str) -> str:
    # 索引号 prefix: an organisation code look-alike built from the region code
    return f"0141{region_code}"
