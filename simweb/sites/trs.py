"""A city's TRS-WCM 政府信息公开 platform on its own xxgk. host, the 年报 four levels down:

    xxgk host /  → 法定主动公开内容 (/fdzdgknr/) → 政府信息公开年报 (/fdzdgknr/zfxxgknb/)
      → 2023年 (/fdzdgknr/zfxxgknb/2023n/) → 市政府 (…/2023n/szf/) | 市政府部门 (…/2023n/bm/)

Year folders are named {yyyy}n (PATTERNS.md §2: 26 of 165 real URLs have a year folder); the
year is the report's year, the URL date is the publication's. Each leaf column is a TRS listing
with `var countPage = N` + createPageHTML (trscols.py). The www. portal links the platform."""
from __future__ import annotations

from .base import Column, Item, Resource
from .trscols import TrsColumnsSite

ROOT = "/fdzdgknr/zfxxgknb/"


class TrsSite(TrsColumnsSite):
    style = "trs"
    ext = "html"
    pager = "countPage"
    page_size = 4
    platform_path = "/index.html"
    portal_link = "政务公开"

    def make_columns(self) -> list[Column]:
        i = self.info
        cols = []
        for y in sorted(i.owner_years, reverse=True):
            trail = ("法定主动公开内容", "政府信息公开年报", f"{y}年")
            cols.append(Column(f"bm-{y}", i.agency, "department", f"{ROOT}{y}n/bm/index.html", trail + ("市政府部门",)))
            cols.append(Column(f"szf-{y}", i.agency, i.level, f"{ROOT}{y}n/szf/index.html", trail + ("市政府",)))
        return cols

    def assign(self, item: Item) -> None:
        own = item.agency == self.info.agency and item.kind == "report"
        year = item.year if item.kind != "noise" or item.year in self.info.owner_years else max(self.info.owner_years)
        item.column = f"{'szf' if own or item.noise_kind in ('work_report', 'jiedu', 'rule_of_law', 'guide', 'news') else 'bm'}-{year}"

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        years = sorted(i.owner_years, reverse=True)
        home = self.simple_page(f"{i.agency}政府信息公开", [
            ("政府信息公开指南", "/zfxxgkzn/index.html"), ("政府信息公开制度", "/zfxxgkzd/index.html"),
            ("法定主动公开内容", "/fdzdgknr/index.html"), ("依申请公开", "/ysqgk/index.html")])
        out = {
            "/": home, "/index.html": home,
            "/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain", self.built),
            "/zfxxgkzn/index.html": self.simple_page("政府信息公开指南", [], text="<p>本指南根据《中华人民共和国政府信息公开条例》编制。</p>"),
            "/zfxxgkzd/index.html": self.simple_page("政府信息公开制度", [], text="<p>保密审查制度、依申请公开工作制度。</p>"),
            "/fdzdgknr/index.html": self.simple_page("法定主动公开内容", [
                ("机构职能", "/fdzdgknr/jgzn/index.html"), ("政策文件", "/fdzdgknr/zcwj/index.html"),
                ("规划计划", "/fdzdgknr/ghjh/index.html"), ("财政预决算", "/fdzdgknr/czyjs/index.html"),
                ("政府信息公开年报", f"{ROOT}index.html")]),
            f"{ROOT}index.html": self.simple_page("政府信息公开年报", [(f"{y}年", f"./{y}n/index.html") for y in years]),
        }
        for slug, title in (("jgzn", "机构职能"), ("zcwj", "政策文件"), ("ghjh", "规划计划"), ("czyjs", "财政预决算")):
            out[f"/fdzdgknr/{slug}/index.html"] = self.simple_page(title, [], text=f"<p>{title}栏目内容。</p>")
        for y in years:
            out[f"{ROOT}{y}n/index.html"] = self.simple_page(f"{y}年", [("市政府", "./szf/index.html"),
                                                                       ("市政府部门", "./bm/index.html")])
        return out
