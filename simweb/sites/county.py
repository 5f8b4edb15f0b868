"""A county 政府信息公开 platform on its gk. host with one sub-platform per department and per
township (部门信息公开 / 乡镇（街道）信息公开 lists, 26 of them), each with its own menu and its own
政府信息公开年报 column listing only that agency's reports — as real county platforms do (the
issue's example: 17 department sub-sites). Titles on a sub-platform often omit the agency
("2023年政府信息公开工作年度报告"), so the sub-platform is the attribution. TRS templates with
.shtml pages and the `_nPageCount` pager (trscols.py)."""
from __future__ import annotations

from .base import Column, Item, Resource
from .trscols import TrsColumnsSite

SLUGS = {
    "教育和体育局": "jtj", "财政局": "czj", "公安局": "gaj", "民政局": "mzj", "司法局": "sfj",
    "人力资源和社会保障局": "rsj", "自然资源和规划局": "zrzyj", "住房和城乡建设局": "zjj", "交通运输局": "jtysj",
    "水利局": "slj", "农业农村局": "nyncj", "商务局": "swj", "文化和旅游局": "whlyj", "卫生健康局": "wjj",
    "界湖街道办事处": "jhjd", "岸堤镇人民政府": "adz", "孙祖镇人民政府": "szz", "双堠镇人民政府": "shz",
    "青驼镇人民政府": "qtz", "张庄镇人民政府": "zzz", "砖埠镇人民政府": "zbz", "葛沟镇人民政府": "ggz",
    "杨坡镇人民政府": "ypz", "马牧池乡人民政府": "mmcx", "辛集镇人民政府": "xjz", "蒲汪镇人民政府": "pwz",
}
OWN = "/fdzdgknr/zfxxgknb/index.shtml"


class CountySite(TrsColumnsSite):
    style = "county"
    server = "Microsoft-IIS/8.5"
    ext = "shtml"
    pager = "_nPageCount"
    page_size = 4
    platform_path = "/index.shtml"
    portal_link = "政府信息公开"

    def slug(self, agency: str) -> str:
        return SLUGS[agency.removeprefix(self.info.place)]

    def unit_dir(self, agency: str, level: str) -> str:
        return f"/{'xzxxgk' if level == 'township' else 'bmxxgk'}/{self.slug(agency)}/"

    def make_columns(self) -> list[Column]:
        i = self.info
        cols = [Column("", i.agency, i.level, OWN, ("法定主动公开内容", "政府信息公开年报"))]
        for agency, level in i.units:
            group = "乡镇（街道）信息公开" if level == "township" else "部门信息公开"
            cols.append(Column(agency, agency, level, f"{self.unit_dir(agency, level)}zfxxgknb/index.shtml",
                               (group, agency, "政府信息公开年报")))
        return cols

    def assign(self, item: Item) -> None:
        units = {a for a, _ in self.info.units}
        item.column = item.unit if item.unit else (item.agency if item.agency in units else "")

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.simple_page(f"{i.agency}政府信息公开平台", [
            ("政府信息公开指南", "/zfxxgkzn/index.shtml"), ("政府信息公开制度", "/zfxxgkzd/index.shtml"),
            ("法定主动公开内容", "/fdzdgknr/index.shtml"), ("部门信息公开", "/bmxxgk/index.shtml"),
            ("乡镇（街道）信息公开", "/xzxxgk/index.shtml")])
        out = {
            "/": home, "/index.shtml": home,
            "/robots.txt": Resource(b"User-agent: *\nDisallow: /admin/\n", "text/plain", self.built),
            "/zfxxgkzn/index.shtml": self.simple_page("政府信息公开指南", [], text="<p>政府信息公开指南。</p>"),
            "/zfxxgkzd/index.shtml": self.simple_page("政府信息公开制度", [], text="<p>政府信息公开制度。</p>"),
            "/fdzdgknr/index.shtml": self.simple_page("法定主动公开内容", [
                ("机构职能", "/fdzdgknr/jgzn/index.shtml"), ("政策文件", "/fdzdgknr/zcwj/index.shtml"),
                ("政府信息公开年报", OWN)]),
            "/fdzdgknr/jgzn/index.shtml": self.simple_page("机构职能", [], text="<p>县政府机构职能。</p>"),
            "/fdzdgknr/zcwj/index.shtml": self.simple_page("政策文件", [], text="<p>县政府政策文件。</p>"),
        }
        for level, path, title in (("department", "/bmxxgk/index.shtml", "部门信息公开"),
                                   ("township", "/xzxxgk/index.shtml", "乡镇（街道）信息公开")):
            units = [(a, lv) for a, lv in i.units if lv == level]
            out[path] = self.simple_page(title, [(a, f"{self.unit_dir(a, lv)}index.shtml") for a, lv in units])
            for a, lv in units:
                d = self.unit_dir(a, lv)
                out[f"{d}index.shtml"] = self.simple_page(f"{a}信息公开", [
                    ("机构职能", f"{d}jgzn/index.shtml"), ("政府信息公开指南", f"{d}zfxxgkzn/index.shtml"),
                    ("政府信息公开年报", f"{d}zfxxgknb/index.shtml")])
                out[f"{d}jgzn/index.shtml"] = self.simple_page("机构职能", [], text=f"<p>{a}机构职能。</p>")
                out[f"{d}zfxxgkzn/index.shtml"] = self.simple_page("政府信息公开指南", [], text=f"<p>{a}政府信息公开指南。</p>")
        return out
