"""An older site in GB2312 (meta and Content-Type say charset=gb2312; bytes are GBK, its superset,
as such servers write them), table layouts and <font> tags, reports back to 2019 in the 2019
layouts, plain "下一页" links (index.htm, index_2.htm, …). One article was saved as UTF-8 by a newer
editor while its meta and the server still say gb2312 (flag lying_meta)."""
from __future__ import annotations

from .base import CONTENT_TYPES, Attachment, Item, Resource, Site, esc

COLUMN_DIR = "/zwgk/xxgknb/"


class LegacyGbkSite(Site):
    style = "legacy"
    server = "Microsoft-IIS/6.0"
    charset = "gb2312"
    column_path = COLUMN_DIR + "index.htm"
    column_trail = ("政府信息公开", "年报")
    platform_path = "/zwgk/index.htm"
    page_size = 10

    def __init__(self, info, built):
        super().__init__(info, built)
        self.next_id = 1180

    def place(self, item: Item, rng) -> None:
        d = item.published
        aid = self.take_id(rng.randint(4, 30))
        item.article_path = f"{COLUMN_DIR}{d:%Y%m}/{aid}.htm"
        item.link_path = item.article_path
        item.attachments = []
        for fmt in item.attachment_formats:
            path = f"{COLUMN_DIR}UploadFiles/{d:%Y%m%d%H%M%S}{rng.randrange(10, 99)}.{fmt}"
            item.attachments.append(Attachment(fmt, path, path, f"{item.title}.{fmt}", CONTENT_TYPES[fmt]))

    def chrome(self, title: str, body: str) -> str:
        i = self.info
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(title)}--{esc(i.name)}</title>
</head>
<body leftmargin="0" topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="90" bgcolor="#C00000"><font color="#FFFFFF" size="5"><b>{esc(i.name)}</b></font></td></tr>
<tr><td height="30" bgcolor="#EEEEEE">&nbsp;<a href="/index.htm">网站首页</a> | <a href="/zwgk/index.htm">政府信息公开</a> | <a href="#">办事指南</a> | <a href="#">公众参与</a></td></tr>
<tr><td valign="top">
{body}
</td></tr>
<tr><td align="center"><font size="2">{esc(i.agency)}办公室 主办 &nbsp; 建议使用IE6.0以上浏览器 1024*768分辨率浏览</font></td></tr>
</table>
</body>
</html>
"""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.chrome("首页", f'<table width="100%"><tr><td><font size="3">欢迎访问{esc(i.agency)}网站</font></td></tr></table>')
        platform = self.chrome("政府信息公开", """<table width="100%" border="0" cellpadding="4">
<tr><td><b>政府信息公开</b></td></tr>
<tr><td>·<a href="xxgkzn.htm">政府信息公开指南</a></td></tr>
<tr><td>·<a href="xxgkml.htm">政府信息公开目录</a></td></tr>
<tr><td>·<a href="xxgknb/index.htm">年报</a></td></tr>
</table>""")
        return {
            "/": self.html(home),
            "/index.htm": self.html(home),
            self.platform_path: self.html(platform),
            "/zwgk/xxgkzn.htm": self.html(self.chrome("政府信息公开指南", "<p>政府信息公开指南（2020年版）</p>")),
            "/zwgk/xxgkml.htm": self.html(self.chrome("政府信息公开目录", "<p>政府信息公开目录</p>")),
            "/robots.txt": Resource(b"User-agent: *\r\nDisallow:\r\n", "text/plain", self.built),
        }

    def article_page(self, item: Item, fragment: str) -> str:
        body = fragment if item.in_article else f"<p>{esc(item.title)}，请下载附件。</p>"
        files = "".join(f'<br>附件：<a href="{a.href}">{esc(a.name)}</a>' for a in item.attachments)
        return self.chrome(item.title, f"""<table width="100%" border="0" cellpadding="8">
<tr><td align="center"><font size="4" color="#C00000"><b>{esc(item.title)}</b></font></td></tr>
<tr><td align="center"><font size="2">发布时间：{item.published:%Y-%m-%d} 来源：{esc(item.agency)} 点击数：{int(item.article_path[-8:-4]) * 7 % 997}</font></td></tr>
<tr><td>
{body}
{files}
</td></tr></table>""")

    def article_resource(self, item: Item, fragment: str) -> Resource:
        res = super().article_resource(item, fragment)
        if "lying_meta" in item.flags:
            # saved as UTF-8 by a newer editor; the meta and the server still say gb2312
            res.body = self.article_page(item, fragment).encode("utf-8")
            item.charset = "utf-8"
        return res

    def page_name(self, n: int) -> str:
        return "index.htm" if n == 1 else f"index_{n}.htm"

    def listing_resources(self) -> dict[str, Resource]:
        chunks = self.chunks()
        last = len(chunks)
        out = {}
        for n, chunk in enumerate(chunks, start=1):
            rows = "\n".join(
                f'<tr><td height="24">·<a href="{it.link_path[len(COLUMN_DIR):]}" target="_blank">{esc(it.title)}</a></td>'
                f'<td width="90"><font size="2">[{it.published:%Y-%m-%d}]</font></td></tr>' for it in chunk)
            nav = [f"共{len(self.items)}条记录 页次：{n}/{last}", '<a href="index.htm">首页</a>']
            if n > 1:
                nav.append(f'<a href="{self.page_name(n - 1)}">上一页</a>')
            if n < last:
                nav.append(f'<a href="{self.page_name(n + 1)}">下一页</a>')
            nav.append(f'<a href="{self.page_name(last)}">尾页</a>')
            body = f"""<table width="100%" border="0" cellpadding="2">
<tr><td colspan="2"><b>当前位置：<a href="/zwgk/index.htm">政府信息公开</a> &gt;&gt; 年报</b></td></tr>
{rows}
<tr><td colspan="2" align="center">{' '.join(nav)}</td></tr>
</table>"""
            out[COLUMN_DIR + self.page_name(n)] = self.html(self.chrome("年报", body), self.column_lm)
        return out

    def listing_pages(self) -> list[dict]:
        return [{"path": COLUMN_DIR + self.page_name(n), "method": "GET", "items": [it.link_path for it in chunk]}
                for n, chunk in enumerate(self.chunks(), start=1)]
