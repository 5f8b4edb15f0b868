"""Two TRS department sites that test a crawler's network manners rather than its parsing.

ChallengeSite — a provincial department on its own host (rst.…) behind a JavaScript cookie
challenge, as Jiasule / Ruishu / EdgeOne front real ones (SOURCES.md: mohrss.gov.cn): every
request without the clearance cookie, robots.txt included, is answered 521 with a script that
computes the cookie and reloads; with the cookie the site answers normally. The value is only
ever assembled by the script (char codes XOR a key), so only a browser gets in. Its listing is
TRS index.html, index_1.html, … ending on a meta refresh back to ./.

RobotsSite — a district site whose robots.txt says `Disallow: /` (SOURCES.md: 顺义). It has a 年报
column with reports at Harbin-style c01_{id}.shtml URLs (PATTERNS.md §1), none of which a polite
crawler may fetch: the truth lists them under never_request, not under reports."""
from __future__ import annotations

import hashlib

from .base import CONTENT_TYPES, Attachment, Column, Item, Request, Resource
from .trscols import TrsColumnsSite

COOKIE = "__jsl_clearance_s"


class ChallengeSite(TrsColumnsSite):
    style = "challenge"
    server = "JSL/1.0"
    ext = "html"
    pager = "countPage"
    page_size = 3
    platform_path = "/xxgk2020/index.html"
    status = 521

    def make_columns(self) -> list[Column]:
        i = self.info
        return [Column("", i.agency, i.level, "/xxgk2020/zfxxgknb/index.html", ("政府信息公开", "政府信息公开年报"))]

    @property
    def clearance(self) -> str:
        return f"{int(self.built.timestamp())}.{hashlib.sha1(self.host.encode()).hexdigest()[:20]}|0|{self.host}"

    def challenge_page(self) -> Resource:
        key = 0x5A
        codes = ",".join(str(ord(c) ^ key) for c in self.clearance)
        js = (f"<script>var _0x=[{codes}];var _k={key};"
              "var v=_0x.map(function(x){return String.fromCharCode(x^_k)}).join('');"
              f"document.cookie='{COOKIE}='+v+';max-age=3600;path=/';"
              "location.href=location.pathname+location.search;</script>")
        return Resource(f"<html><head></head><body>{js}</body></html>".encode(), "text/html; charset=utf-8",
                        self.built, self.status, {"Cache-Control": "no-store"})

    def respond(self, req: Request) -> Resource | None:
        if req.cookies.get(COOKIE) != self.clearance:
            return self.challenge_page()
        return super().respond(req)

    def assign(self, item: Item) -> None:
        item.column = ""

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.simple_page(i.agency, [("政府信息公开", self.platform_path), ("新闻中心", "/xwzx/index.html")])
        return {
            "/": home, "/index.html": home,
            "/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain", self.built),
            "/xwzx/index.html": self.simple_page("新闻中心", [], text="<p>厅机关召开政务公开工作推进会。</p>"),
            self.platform_path: self.simple_page("政府信息公开", [
                ("政府信息公开指南", "/xxgk2020/zn/index.html"), ("政府信息公开年报", "/xxgk2020/zfxxgknb/index.html")]),
            "/xxgk2020/zn/index.html": self.simple_page("政府信息公开指南", [], text="<p>政府信息公开指南。</p>"),
        }

    def pager_script(self, count: int, current: int, name: str) -> str:
        # mohrss-style: no page count on the listing; a crawler walks index_{n} until the refresh
        if name == "index":
            return ""
        return super().pager_script(count, current, name)


class RobotsSite(TrsColumnsSite):
    style = "robots"
    server = "nginx"
    ext = "shtml"
    pager = "countPage"
    page_size = 6
    platform_path = "/zwgk/index.shtml"

    def make_columns(self) -> list[Column]:
        i = self.info
        return [Column("", i.agency, i.level, "/zwgk/zfxxgknb/index.shtml", ("政务公开", "政府信息公开年报"))]

    def assign(self, item: Item) -> None:
        item.column = ""

    def place(self, item: Item, rng) -> None:
        d = item.path_date
        aid = self.take_id(rng.randint(3, 40))
        base = f"/zwgk/c111341/{d:%Y%m}/"
        item.article_path = item.link_path = f"{base}c01_{aid}.shtml"
        item.attachments = [Attachment(fmt, f"{base}P0{d:%Y%m%d}{aid}.{fmt}", f"./P0{d:%Y%m%d}{aid}.{fmt}",
                                       f"{item.title}.{fmt}", CONTENT_TYPES[fmt]) for fmt in item.attachment_formats]

    def item_href(self, col: Column, it: Item) -> str:
        return it.link_path

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        home = self.simple_page(i.agency, [("政务公开", self.platform_path)])
        return {
            "/": home, "/index.shtml": home,
            "/robots.txt": Resource(b"User-agent: *\nDisallow: /\n", "text/plain", self.built),
            self.platform_path: self.simple_page("政务公开", [("政府信息公开年报", "/zwgk/zfxxgknb/index.shtml")]),
        }

    def extras(self) -> dict:
        ex = super().extras()
        ex["never_request_prefixes"] = ["/"]
        ex["never_request"] = [it.article_path for it in self.items] + [a.path for it in self.items
                                                                        for a in it.attachments]
        return ex


class FolderSite(TrsColumnsSite):
    """A Beijing district (SOURCES.md: 通州, 海淀): the homepage is a `location.replace` shell with no
    link; the 年报 column has year folders whose names carry a number (`2023n12`) and under each
    区政府 / 委办局 / 街道乡镇 sub-columns; departments' and streets' reports are folder-per-article
    (`…/xzjd/{19-digit id}/index.shtml`), the district's own at timestamp ids
    (`/new/detail/{yyyymmddHHMMSSmmm}.html`) (PATTERNS.md §1 "other")."""

    style = "folder"
    server = "nginx"
    ext = "shtml"
    pager = "countPage"
    page_size = 5
    sidebar_form = False
    platform_path = "/tonghe/zwgk/index.shtml"
    root = "/tonghe/zwgk/zfxxgknb/"
    subs = (("qzf", "区政府"), ("wbj", "委办局"), ("xzjd", "街道乡镇"))

    def year_dir(self, y: int) -> str:
        return f"{self.root}{y}n{(y * 7) % 90 + 10}/"  # the number is the CMS's, not the year's

    def make_columns(self) -> list[Column]:
        i = self.info
        levels = {"qzf": i.level, "wbj": "department", "xzjd": "township"}
        return [Column(f"{k}-{y}", i.agency, levels[k], f"{self.year_dir(y)}{k}/index.shtml",
                       ("政府信息公开年报", f"{y}年", name))
                for y in sorted(i.owner_years, reverse=True) for k, name in self.subs]

    def assign(self, item: Item) -> None:
        k = "qzf" if item.agency == self.info.agency or item.kind != "report" else \
            "xzjd" if item.level == "township" else "wbj"
        item.column = f"{k}-{min(max(item.year, min(self.info.owner_years)), max(self.info.owner_years))}"

    def place(self, item: Item, rng) -> None:
        d = item.path_date
        col = self.column_by_key(item.column)
        if item.column.startswith("qzf"):
            stamp = f"{d:%Y%m%d%H%M%S}{rng.randrange(1000):03d}"
            item.article_path = f"/tonghe/new/detail/{stamp}.html"
            base = f"/tonghe/new/detail/{stamp}_files/"
        else:
            folder = f"{d:%Y%m%d%H%M%S}{rng.randrange(10**4, 10**5)}"
            base = f"{self.col_dir(col)}{folder}/"
            item.article_path = f"{base}index.shtml"
        item.link_path = item.article_path
        item.attachments = [Attachment(fmt, f"{base}P0{d:%Y%m%d}{n}.{fmt}", f"{base}P0{d:%Y%m%d}{n}.{fmt}",
                                       f"{item.title}.{fmt}", CONTENT_TYPES[fmt])
                            for n, fmt in enumerate(item.attachment_formats)]

    def item_href(self, col: Column, it: Item) -> str:
        return it.link_path

    def navigation(self) -> dict[str, Resource]:
        i = self.info
        shell = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title></title>'
                 '<script>location.replace("/tonghe/index.shtml");</script></head><body></body></html>')
        years = sorted(i.owner_years, reverse=True)
        out = {
            "/": self.html(shell), "/index.html": self.html(shell),
            "/tonghe/index.shtml": self.simple_page(i.agency, [("政务公开", self.platform_path),
                                                               ("政务服务", "/tonghe/zwfw/index.shtml")]),
            "/tonghe/zwfw/index.shtml": self.simple_page("政务服务", [], text="<p>政务服务。</p>"),
            "/robots.txt": Resource(b"User-agent: *\nDisallow: /tonghe/search/\n", "text/plain", self.built),
            self.platform_path: self.simple_page("政务公开", [("政府信息公开指南", "/tonghe/zwgk/zn/index.shtml"),
                                                          ("政府信息公开年报", f"{self.root}index.shtml")]),
            "/tonghe/zwgk/zn/index.shtml": self.simple_page("政府信息公开指南", [], text="<p>指南。</p>"),
            f"{self.root}index.shtml": self.simple_page("政府信息公开年报", [
                (f"{y}年", f"{self.year_dir(y)}index.shtml") for y in years]),
        }
        for y in years:
            out[f"{self.year_dir(y)}index.shtml"] = self.simple_page(
                f"{y}年", [(name, f"./{k}/index.shtml") for k, name in self.subs])
        return out
