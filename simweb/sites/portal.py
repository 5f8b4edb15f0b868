"""A government portal homepage on the www. host whose 政务公开 platform lives on another host of
the same registered domain (xxgk./zwgk./gk.), as on many city and county sites: the homepage
links it absolutely, and nothing about 年报 is on the portal itself."""
from __future__ import annotations

from .base import Resource, Site, esc


class PortalSite(Site):
    style = "portal"
    server = "nginx"

    def __init__(self, info, built, host: str, target: Site, link_text: str = "政务公开"):
        super().__init__(info, built, host)
        self.target = target  # the content site the 政务公开 link leads to
        self.link_text = link_text

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        to = self.target.url(self.target.platform_path)
        html = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{esc(i.name)}">
<meta name="SiteDomain" content="{self.host}">
<title>{esc(i.name)}</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="{esc(i.name)}"></a>
<div class="search"><form action="/search/" method="get"><input name="q"><button>搜索</button></form></div></div>
<ul class="nav">
<li><a href="/">首页</a></li>
<li><a href="/zwdt/">政务动态</a></li>
<li><a href="{to}" target="_blank">{esc(self.link_text)}</a></li>
<li><a href="/bsfw/">办事服务</a></li>
<li><a href="/hdjl/">互动交流</a></li>
<li><a href="/zjxq/">走进{esc(i.place)}</a></li>
</ul>
<div class="news"><h3>要闻动态</h3><ul>
<li><a href="/zwdt/">{esc(i.place)}召开常务会议研究部署近期重点工作</a></li>
<li><a href="/zwdt/">{esc(i.place)}开展优化营商环境专项督查</a></li>
</ul></div>
<div class="footer">主办：{esc(i.agency)}办公室 &nbsp; 网站标识码：{i.region_code}0001</div>
</body>
</html>
"""
        page = self.html(html)
        stub = self.html(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{esc(i.name)}</title></head>"
                         f"<body><p>栏目建设中</p><a href=\"/\">返回首页</a></body></html>")
        return {"/": page, "/index.html": page, "/zwdt/": stub, "/bsfw/": stub, "/hdjl/": stub, "/zjxq/": stub,
                "/robots.txt": Resource(b"User-agent: *\nDisallow: /search/\n", "text/plain", self.built)}

    def listing_resources(self) -> dict[str, Resource]:
        return {}

    def listing_pages(self) -> list[dict]:
        return []

    def columns(self):
        return []
