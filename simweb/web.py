"""What lives where on the simulated government web: the six sites, the agencies whose reports each
column lists, the years, how each report is published (HTML article, attachment, both), the noise
beside them, where the five real seeds sit, and the reports published later by publish_one.

Everything is drawn from random.Random streams named after the seed and the site, so one seed
always gives the same web and adding a site does not reshuffle the others."""
from __future__ import annotations

import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from simweb import forms, titles
from simweb import generator as gen

from .sites.base import UTC, Docs, Item, Site
from .sites.county import CountySite
from .sites.gkmlpt import GkmlptSite
from .sites.guarded import GuardedSite
from .sites.hanweb import HanwebSite
from .sites.hanwebxxgk import HanwebXxgkSite
from .sites.jiangxi import ObjectIdSite, UuidSite
from .sites.jsonapi import JsonApiSite
from .sites.legacy import LegacyGbkSite
from .sites.portal import PortalSite
from .sites.trs import TrsSite
from .sites.trsvariants import ChallengeSite, FolderSite, RobotsSite
from .sites.vsb import VsbSite

# Bump whenever the plan (sites, items, URLs, markup) may change: part of the cache key.
WEB_VERSION = "3"

YEARS = tuple(range(2019, 2025))
BUILT = datetime(2025, 3, 31, 10, 0, tzinfo=UTC)  # Last-Modified of navigation pages
CLOCK_START = datetime(2025, 4, 1, 1, 0, tzinfo=UTC)  # publish_one's clock starts here
FAIL_SHARE = 0.05  # reports that fail t3.balance like seed 002

STYLES = {"trs": TrsSite, "hanweb": HanwebSite, "jsonapi": JsonApiSite, "county": CountySite,
          "legacy": LegacyGbkSite, "guarded": GuardedSite, "hanweb-xxgk": HanwebXxgkSite, "gkmlpt": GkmlptSite,
          "vsb": VsbSite, "challenge": ChallengeSite, "robots": RobotsSite, "uuid": UuidSite, "objectid": ObjectIdSite,
          "folder": FolderSite}


@dataclass(frozen=True)
class SiteInfo:
    site_id: str
    name: str  # the site's name (registry `name`)
    agency: str  # the agency that runs it and publishes its own reports there
    place: str  # the place name its departments are prefixed with
    region_code: str  # GB/T 2260
    level: str  # central | province | city | county | township | department
    style: str  # key of STYLES
    cms_hint: str  # registry cms_hint
    js: bool  # the column needs a browser
    column_in_registry: bool  # False: the crawler must discover the column from the homepage
    units: tuple[tuple[str, str], ...]  # (agency, level) whose reports the column also lists
    unit_years: tuple[int, ...]
    unit_rate: float  # chance a unit has a report for a given year
    modes: tuple[tuple[str, float], ...]  # how reports are published, with weights
    noise: tuple[tuple[str, str, str, int], ...]  # (kind, agency or "" for the owner, mode, year)
    late: tuple[tuple[str, str], ...]  # agencies whose 2024 report appears later (publish_one)
    t3_2019_share: float | None = None  # old sites print the 2019 table 3 longer than most
    host: str = ""  # the content host (platform and columns)
    portal: str = ""  # the www. homepage host when the platform is on another host ("" = same host)
    scheme: str = "http"  # what the registry says; "https" on the https-broken site (only http answers)
    outcome: str = "ok"  # what a polite crawler should report: ok | robots | challenge | https-fallback
    owner_years: tuple[int, ...] = YEARS  # the owner's own reports
    redated: float = 0.0  # share of reports whose URL / listing date differs from the page's (repost, migration)


def _dept(place: str, names: str, level: str = "department") -> tuple[tuple[str, str], ...]:
    return tuple((place + n, level) for n in names.split())


def _site(site_id, name, place, region, level, style, host, units=(), unit_years=YEARS, unit_rate=0.5,
          modes=(("html", 1.0),), noise=(), late=(), **kw) -> SiteInfo:
    return SiteInfo(site_id, name, kw.pop("agency", name), place, region, level, style, "", kw.pop("js", False),
                    False, tuple(units), tuple(unit_years), unit_rate, tuple(modes), tuple(noise), tuple(late),
                    host=host, **kw)


# Names are invented but shaped like real ones (www./xxgk./zwgk./gk. hosts of one registered
# .gov.cn domain); they only ever resolve through SimWeb.resolve, so nothing leaves loopback.
SITES: tuple[SiteInfo, ...] = (
    _site("xining", "西宁市人民政府", "西宁市", "630100", "city", "trs", "xxgk.xining.gov.cn", portal="www.xining.gov.cn",
          units=_dept("西宁市", "教育局 财政局 民政局 人力资源和社会保障局 自然资源和规划局 生态环境局 住房和城乡建设局 "
                               "交通运输局 卫生健康委员会 市场监督管理局"),
          unit_rate=0.55, modes=(("html", 0.74), ("html+pdf", 0.06), ("pdf", 0.13), ("docx", 0.07)),
          noise=(("work_report", "西宁市", "html", 2023), ("final_accounts", "西宁市教育局", "pdf", 2023),
                 ("rule_of_law", "", "html", 2023), ("guide", "", "html", 2022), ("news", "", "html", 2023),
                 ("jiedu", "", "html", 2023)),
          late=_dept("西宁市", "统计局 审计局 应急管理局 医疗保障局 林业和草原局 退役军人事务局"), redated=0.12),
    _site("jiangsu", "江苏省人民政府", "江苏省", "320000", "province", "hanweb", "www.jiangsu.gov.cn",
          units=_dept("江苏省", "教育厅 科学技术厅 工业和信息化厅 民政厅 司法厅 财政厅"), unit_rate=0.4,
          modes=(("html", 0.6), ("html+pdf", 0.12), ("pdf", 0.18), ("docx", 0.1)),
          noise=(("rule_of_law", "", "html", 2023), ("guide", "", "html", 2023), ("news", "", "html", 2022),
                 ("final_accounts", "江苏省教育厅", "docx", 2022)),
          late=_dept("江苏省", "商务厅 文化和旅游厅 卫生健康委员会 审计厅 统计局 体育局")),
    _site("xigong", "洛阳市西工区人民政府", "西工区", "410303", "county", "jsonapi", "www.xigong.gov.cn", js=True,
          units=_dept("西工区", "教育局 财政局 卫生健康委员会 市场监督管理局 住房和城乡建设局")
          + _dept("西工区", "王城路街道办事处 金谷园街道办事处", "township"), unit_rate=0.4,
          modes=(("html", 0.7), ("pdf", 0.2), ("docx", 0.1)),
          noise=(("work_report", "西工区", "html", 2023), ("news", "", "html", 2023), ("guide", "", "html", 2021)),
          late=_dept("西工区", "民政局 司法局 城市管理局 统计局 退役军人事务局")),
    _site("yinan", "沂南县人民政府", "沂南县", "371321", "county", "county", "gk.yinan.gov.cn", portal="www.yinan.gov.cn",
          units=_dept("沂南县", "教育和体育局 财政局 公安局 民政局 司法局 人力资源和社会保障局 自然资源和规划局 "
                               "住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化和旅游局 卫生健康局")
          + _dept("", "界湖街道办事处 岸堤镇人民政府 孙祖镇人民政府 双堠镇人民政府 青驼镇人民政府 张庄镇人民政府 "
                      "砖埠镇人民政府 葛沟镇人民政府 杨坡镇人民政府 马牧池乡人民政府 辛集镇人民政府 蒲汪镇人民政府",
                  "township"),
          unit_years=(2022, 2023, 2024), unit_rate=0.6, owner_years=(2019, 2020, 2021, 2022, 2023, 2024),
          modes=(("html", 0.64), ("docx", 0.12), ("pdf", 0.13), ("doc", 0.08), ("wps", 0.03)),
          noise=(("final_accounts", "沂南县财政局", "pdf", 2023), ("news", "", "html", 2022), ("guide", "", "html", 2023),
                 ("letter", "", "html", 2021)),
          late=_dept("沂南县", "应急管理局 审计局 市场监督管理局 医疗保障局 退役军人事务局 统计局"), redated=0.1),
    _site("haidong", "海东市人民政府", "海东市", "630200", "city", "legacy", "www.haidong.gov.cn",
          units=_dept("海东市", "教育局 财政局 生态环境局"), unit_rate=0.6,
          modes=(("html", 0.7), ("doc", 0.15), ("pdf", 0.15)),
          noise=(("work_report", "海东市", "html", 2021), ("news", "", "html", 2020), ("rule_of_law", "", "html", 2021)),
          late=_dept("海东市", "民政局 交通运输局 水利局"), t3_2019_share=0.5),
    _site("qhdkfq", "秦皇岛经济技术开发区管理委员会", "秦皇岛经济技术开发区", "130300", "department", "guarded",
          "www.qhdkfq.gov.cn", units=_dept("秦皇岛经济技术开发区", "财政局 市场监督管理局 社会事业局"), unit_rate=0.7,
          modes=(("html", 0.62), ("html+pdf", 0.22), ("pdf", 0.16)),
          noise=(("news", "", "html", 2023), ("guide", "", "html", 2022),
                 ("final_accounts", "秦皇岛经济技术开发区财政局", "html", 2023)),
          late=_dept("秦皇岛经济技术开发区", "应急管理局 自然资源和规划局")),
    _site("qinglan", "青岚县人民政府", "青岚县", "330329", "county", "hanweb-xxgk", "www.qinglan.gov.cn",
          units=_dept("青岚县", "发展和改革局 教育局 财政局 民政局 自然资源和规划局 卫生健康局")
          + _dept("青岚县", "城关镇人民政府 石门乡人民政府", "township"),
          unit_years=(2021, 2022, 2023, 2024), unit_rate=0.25, owner_years=(2021, 2022, 2023, 2024),
          modes=(("html", 0.82), ("html+pdf", 0.18)), late=_dept("青岚县", "审计局 统计局")),
    _site("qingxi", "清溪区人民政府", "清溪区", "440514", "county", "gkmlpt", "www.qingxi.gov.cn",
          units=_dept("清溪区", "发展和改革局 教育局 财政局 卫生健康局 城市管理和综合执法局"),
          unit_years=(2021, 2022, 2023, 2024), unit_rate=0.6, owner_years=(2020, 2021, 2022, 2023, 2024),
          modes=(("html", 0.75), ("html+pdf", 0.25)), noise=(("guide", "", "html", 2023),),
          late=_dept("清溪区", "统计局 司法局"), scheme="https", outcome="https-fallback"),
    _site("yunling", "云岭县人民政府", "云岭县", "532931", "county", "vsb", "www.yunling.gov.cn",
          units=_dept("云岭县", "教育体育局 财政局 民政局 林业和草原局 农业农村局 乡村振兴局"),
          unit_years=(2021, 2022, 2023, 2024), unit_rate=0.5, owner_years=(2021, 2022, 2023, 2024),
          modes=(("html", 0.5), ("pdf", 0.32), ("html+pdf", 0.18)), noise=(("news", "", "html", 2023),),
          late=_dept("云岭县", "统计局")),
    _site("rst", "青海省人力资源和社会保障厅", "青海省", "630000", "department", "challenge", "rst.qinghai.gov.cn",
          modes=(("html", 0.7), ("html+pdf", 0.3)), noise=(("guide", "", "html", 2021),), outcome="challenge"),
    _site("shunhe", "顺河区人民政府", "顺河区", "230113", "county", "robots", "www.shunhe.gov.cn",
          owner_years=(2022, 2023, 2024), modes=(("html", 1.0),), outcome="robots"),
    _site("meijiang", "梅江县人民政府", "梅江县", "360726", "county", "uuid", "www.meijiang.gov.cn",
          units=_dept("梅江县", "教育体育局 财政局 卫生健康委员会"), unit_years=(2022, 2023, 2024), unit_rate=0.6,
          owner_years=(2020, 2021, 2022, 2023, 2024), modes=(("html", 0.8), ("html+pdf", 0.2)),
          noise=(("jiedu", "", "html", 2023),), redated=0.45),
    _site("xiyue", "西岳区人民政府", "西岳区", "610118", "county", "objectid", "www.xiyue.gov.cn",
          units=_dept("西岳区", "发展和改革委员会 教育局 财政局") + _dept("西岳区", "城南街道办事处 东关街道办事处", "township"),
          unit_years=(2022, 2023, 2024), unit_rate=0.45, owner_years=(2021, 2022, 2023, 2024),
          modes=(("html", 0.7), ("pdf", 0.2), ("docx", 0.1)), noise=(("letter", "", "html", 2022),)),
    _site("tonghe", "北京市通河区人民政府", "通河区", "110119", "county", "folder", "www.tonghe.gov.cn",
          units=_dept("通河区", "发展和改革委员会 教育委员会 财政局") + _dept("通河区", "永乐街道办事处 宋庄镇人民政府", "township"),
          unit_years=(2022, 2023, 2024), unit_rate=0.55, owner_years=(2022, 2023, 2024),
          modes=(("html", 0.8), ("html+pdf", 0.2)), noise=(("rule_of_law", "", "html", 2023),)),
)


# Where the five real seeds are published, and how ("several formats": each in one or two).
# (site, level, mode, unit the report is filed under: "" = the site owner's column)
SEED_PLACES = {
    "000": ("xining", "department", "html+pdf", ""),
    "001": ("yinan", "township", "html+docx", "张庄镇人民政府"),
    "002": ("qhdkfq", "department", "html+pdf", ""),
    "003": ("xigong", "department", "pdf", ""),
    "004": ("haidong", "department", "html+doc", ""),
}


def report_title(rng: random.Random, agency: str, year: int) -> tuple[str, str]:
    title, shape = titles.report_title(rng, agency, year)
    return titles.one_line(title), shape


def report_date(rng: random.Random, year: int) -> datetime:
    """Reports for year Y appear between 6 January and 31 March of Y+1 (条例 第五十条), office hours."""
    start = datetime(year + 1, 1, 6, tzinfo=UTC)
    return start + timedelta(days=rng.randint(0, 84), hours=rng.randint(0, 9), minutes=rng.randint(0, 59),
                             seconds=rng.randint(0, 59))


def noise_date(rng: random.Random, kind: str, year: int) -> datetime:
    if kind == "final_accounts":  # 决算 are published in summer
        start = datetime(year + 1, 7, 1, tzinfo=UTC)
    elif kind == "guide":
        start = datetime(year, 5, 1, tzinfo=UTC)
    else:
        start = datetime(year + 1, 1, 10, tzinfo=UTC)
    return start + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 9), minutes=rng.randint(0, 59))


class Web:
    """The planned web: every site with its items, plus the clock and stream that publish_one uses.
    `sites` holds each registry site's content site (the one with the columns); `hosts` every name
    served, portals included."""

    def __init__(self, seed: int):
        self.seed = seed
        self.sites: dict[str, Site] = {}
        self.portals: dict[str, Site] = {}
        self.hosts: dict[str, Site] = {}
        self.clock = CLOCK_START
        self.publish_rng = random.Random(f"simweb/{seed}/publish")
        self.published: list[Item] = []

    def add(self, site: Site, portal: Site | None = None) -> None:
        sid = site.info.site_id
        self.sites[sid] = site
        for s in (site, portal, *getattr(site, "extra_hosts", ())):
            if s is not None:
                if s.host in self.hosts:
                    raise ValueError(f"host {s.host} served twice")
                self.hosts[s.host] = s
        if portal is not None:
            self.portals[sid] = portal

    def homepage_site(self, site_id: str) -> Site:
        return self.portals.get(site_id) or self.sites[site_id]

    def registry_homepage(self, site_id: str) -> str:
        """The homepage URL as the registry lists it: https:// where the registry says so, even
        though only plain HTTP answers there (the https-broken site)."""
        home = self.homepage_site(site_id)
        scheme = self.sites[site_id].info.scheme
        return f"{scheme}://{home.host}:{home.port}/"

    def all_items(self):
        for site in self.sites.values():
            yield from site.items
            yield from getattr(site, "drafts", ())
            yield from getattr(site, "hidden", ())

    def item(self, key: str) -> Item:
        for it in self.all_items():
            if it.key == key:
                return it
        raise KeyError(key)

    # ------------------------------------------------------------------ publish_one
    def next_publication(self) -> tuple[Site, Item]:
        """The next late report: a 2024 report of an agency that has none yet, on a site drawn from
        the publish stream. The clock moves on by about a day each time."""
        rng = self.publish_rng
        order = [s for s in self.sites.values() if s.info.outcome == "ok"]
        rng.shuffle(order)
        for site in order:
            have = {(it.agency, it.year) for it in site.items}
            free = [(a, lvl) for a, lvl in site.info.late if (a, 2024) not in have]
            if not free:
                continue
            agency, level = rng.choice(free)
            spec = gen.random_spec(rng, agency, 2024)
            self.clock += timedelta(days=1, hours=rng.randint(0, 6), minutes=rng.randint(0, 59))
            mode = rng.choice(("html", "html", "docx"))
            title, shape = report_title(rng, agency, 2024)
            item = Item(f"{site.info.site_id}-p{len(self.published):03d}", "report", title, self.clock, agency,
                        level, site.info.region_code, 2024, mode, spec, shape=shape)
            site.assign(item)
            site.place(item, rng)
            self.published.append(item)
            return site, item
        raise RuntimeError("publish_one: every site's late agencies have published; start a new SimWeb")


def _site_items(info: SiteInfo, seed: int, seeds: dict[str, gen.ReportSpec]) -> list[Item]:
    rng = random.Random(f"simweb/{seed}/{info.site_id}")
    pairs = [(info.agency, info.level, y) for y in info.owner_years]
    for agency, level in info.units:
        pairs += [(agency, level, y) for y in info.unit_years if rng.random() < info.unit_rate]
    fails = set(rng.sample(range(len(pairs)), max(1, round(FAIL_SHARE * len(pairs)))))
    names, weights = zip(*info.modes)
    items = []
    for n, (agency, level, year) in enumerate(pairs):
        templates = None
        if info.t3_2019_share is not None and year >= 2021:
            templates = {"t2": "2021", "t3": "2019" if rng.random() < info.t3_2019_share else "2021"}
        spec = gen.random_spec(rng, agency, year, templates, fail_balance=n in fails)
        title, shape = report_title(rng, agency, year)
        items.append(Item(f"{info.site_id}-r{n:03d}", "report", title, report_date(rng, year), agency, level,
                          info.region_code, year, rng.choices(names, weights)[0], spec, shape=shape))
    for sid, (site_id, level, mode, unit) in SEED_PLACES.items():
        if site_id == info.site_id:
            spec = seeds[sid]
            # one report per agency and year: the real seed takes the place of a drawn one
            items = [it for it in items if (it.agency, it.year) != (spec.agency, spec.year)]
            it = Item(f"{site_id}-seed{sid}", "report", f"{spec.agency}{spec.year}年政府信息公开工作年度报告",
                      report_date(rng, spec.year), spec.agency, level, info.region_code, spec.year, mode, spec,
                      seed_id=sid, shape="1")
            it.unit = unit
            items.append(it)
    for n, (kind, agency, mode, year) in enumerate(info.noise):
        owner = agency or info.agency
        if kind in HAND_NOISE:  # non-reports the generator does not write: short hand-made pages
            title, body = HAND_NOISE[kind](owner, year)
            items.append(Item(f"{info.site_id}-n{n:02d}", "noise", title, noise_date(rng, "news", year), owner,
                              info.level, info.region_code, year, "html", noise_kind=kind, body=body))
            continue
        ns = gen.noise_spec(kind, owner, year)
        items.append(Item(f"{info.site_id}-n{n:02d}", "noise", ns.title, noise_date(rng, kind, year),
                          owner, info.level, info.region_code, year, mode, ns, noise_kind=kind))
    if info.redated:
        _redate(items, info.redated, rng)
    _special(info, items, rng)
    return items


def _jiedu(agency: str, year: int) -> tuple[str, str]:
    title = f"文字解读：{agency}{year}年政府信息公开工作年度报告"
    return title, (f"<p>　　近日，{agency}发布了《{agency}{year}年政府信息公开工作年度报告》。现将主要内容解读如下：</p>"
                   f"<p>　　一、主动公开情况。全年主动公开政府信息较上年有所增加，重点领域信息公开进一步深化。</p>"
                   f"<p>　　二、依申请公开情况。依申请公开办理质量持续提升，答复均在法定期限内完成。</p>"
                   f"<p>　　三、下一步工作。持续推进政务公开标准化规范化建设。</p>")


def _letter(agency: str, year: int) -> tuple[str, str]:
    title = f"关于{year}年政府信息公开工作要点落实情况的函"
    return title, (f"<p>市政务公开办：</p><p>　　按照《{year}年政务公开工作要点》要求，{agency}认真抓好各项任务落实，"
                   f"现将落实情况函告如下：一是加强组织领导；二是深化重点领域信息公开；三是做好政府信息公开年度报告编制发布工作。</p>"
                   f"<p style=\"text-align:right\">{agency}办公室<br/>{year}年12月20日</p>")


HAND_NOISE = {"jiedu": _jiedu, "letter": _letter}


def _redate(items: list[Item], share: float, rng: random.Random) -> None:
    """Real listings and URLs do not always carry the page's 发布日期: a report re-uploaded weeks
    later gets a new URL date while the listing keeps the first date (repost), and a site migrated
    in one day stamps that day into the URLs and the listing of everything it moved (migration)."""
    reports = sorted((it for it in items if it.kind == "report" and not it.seed_id), key=lambda i: i.key)
    for it in rng.sample(reports, max(2, round(share * len(reports)))):
        if rng.random() < 0.5:
            it.url_date = it.published + timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 5))
        else:
            moved = datetime(2023, 8, 21, 9, 30, tzinfo=UTC) if it.published.year < 2023 else \
                datetime(2025, 5, 12, 9, 30, tzinfo=UTC)
            it.url_date = it.listed = moved + timedelta(minutes=rng.randint(0, 300))


def _first(items: list[Item], pred) -> Item:
    return next(it for it in sorted(items, key=lambda i: i.key) if it.kind == "report" and not it.seed_id
                and pred(it))


def _special(info: SiteInfo, items: list[Item], rng: random.Random) -> None:
    """The odd cases each style is there to test, on fixed, deterministic items."""
    if info.style == "hanweb":
        it = _first(items, lambda i: i.year >= 2021 and i.agency != info.agency)
        it.mode, it.flags = "pdf", it.flags + ("traversal_filename",)
    elif info.style == "county":
        it = _first(items, lambda i: i.mode == "pdf")
        it.flags += ("extension_lies",)
    elif info.style in TRS_STYLES:
        reports = sorted((i for i in items if i.kind == "report" and not i.seed_id), key=lambda i: i.key)
        for it in [i for i in reports if i.mode == "html"][1:7:3]:
            it.flags += ("split",)  # long articles continued on t…_{id}_1
        for it in [i for i in reports if i.mode == "pdf"][:2] if info.style == "trs" else []:
            it.flags += ("viewer",)  # shown in the pdf.js viewer
    elif info.style == "legacy":
        it = _first(items, lambda i: i.year == 2022 and i.agency == info.agency)
        it.mode, it.flags = "html", it.flags + ("lying_meta",)
    elif info.style == "guarded":
        it = _first(items, lambda i: i.year == 2022 and i.agency == info.agency)
        it.flags += ("redirect",)
        if not it.in_article:  # the chain ends on the report itself
            it.mode = "html+" + it.mode
        for n, (status, year) in enumerate((("404", 2020), ("500", 2021))):
            items.append(Item(f"{info.site_id}-b{n:02d}", "broken", f"{info.agency}{year}年政府信息公开工作年度报告（原文）",
                              report_date(rng, year), info.agency, info.level, info.region_code, year, "html",
                              flags=(status,)))


TRS_STYLES = ("trs", "county", "challenge")


def _drafts(info: SiteInfo, rng: random.Random) -> list[Item]:
    """Draft reports under the robots-disallowed preview path (guarded site)."""
    out = []
    for n, year in enumerate((2024, 2023)):
        spec = gen.random_spec(rng, info.agency, year)
        out.append(Item(f"{info.site_id}-d{n:02d}", "draft", f"{info.agency}{year}年政府信息公开工作年度报告（审核稿）",
                        report_date(rng, year), info.agency, info.level, info.region_code, year, "html", spec))
    return out


def plan(seed: int) -> Web:
    web = Web(seed)
    seeds = {f"{i:03d}": s for i, s in enumerate(gen.seed_specs())}
    for info in SITES:
        site = STYLES[info.style](info, BUILT)
        items = _site_items(info, seed, seeds)
        if info.style == "guarded":
            drafts = _drafts(info, random.Random(f"simweb/{seed}/{info.site_id}/drafts"))
            site.drafts = drafts
            items.append(drafts[0])  # one draft is linked from the column itself
        place_rng = random.Random(f"simweb/{seed}/{info.site_id}/urls")
        for it in sorted(items, key=lambda i: (i.published, i.key)):
            site.assign(it)
            site.place(it, place_rng)
        for d in getattr(site, "drafts", ())[1:]:  # the drafts only the preview page links
            site.place(d, place_rng)
        site.items = sorted(items, key=lambda i: (i.list_date, i.key), reverse=True)
        portal = PortalSite(info, BUILT, info.portal, site, getattr(site, "portal_link", "政务公开")) \
            if info.portal else None
        web.add(site, portal)
    return web


# ---------------------------------------------------------------------- rendering
PARALLEL_FROM = 24  # cache misses worth a second process (DOCX writing and soffice both use one core)


def _render_chunk(pairs: list[tuple], cache_dir: str) -> int:
    gen.render_many(pairs, cache_dir=cache_dir)  # results land in the cache; the parent reads them
    return len(pairs)


def _fill_cache(pairs: list[tuple], cache_dir: Path) -> None:
    """Render cache misses in two processes: a cold build takes about half the time on 2 cores."""
    cache = gen.RenderCache(cache_dir, gen.GENERATOR_VERSION)
    misses = [(spec, fmt) for spec, fmt in pairs if not cache.path(spec, fmt).exists()]
    workers = min(2, os.cpu_count() or 1)
    if len(misses) < PARALLEL_FROM or workers < 2:
        return
    by_spec: dict[int, list[tuple]] = {}
    for spec, fmt in misses:  # one spec's formats stay together: its DOCX is written once
        by_spec.setdefault(id(spec), []).append((spec, fmt))
    chunks: list[list[tuple]] = [[] for _ in range(workers)]
    for group in sorted(by_spec.values(), key=len, reverse=True):
        min(chunks, key=len).extend(group)
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that may run server threads
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        list(pool.map(_render_chunk, chunks, [str(cache_dir)] * workers))


def render_docs(items: list[Item], cache_dir: Path | None) -> Docs:
    """Render every attachment of `items` (LibreOffice once per target format and process; cached
    under cache_dir by GENERATOR_VERSION and spec digest) and return the Docs the sites build from."""
    wanted: dict[tuple[int, str], tuple] = {}
    for it in items:
        for a in it.attachments:
            wanted.setdefault((id(it.spec), a.fmt), (it.spec, a.fmt))
    if cache_dir is not None:
        _fill_cache(list(wanted.values()), cache_dir)
    blobs = gen.render_many(list(wanted.values()), cache_dir=cache_dir) if wanted else []
    by_key = dict(zip(wanted, blobs))
    fragments: dict[str, str] = {}

    def fragment(item: Item) -> str:
        if item.key not in fragments:
            fragments[item.key] = gen.render_html_fragment(item.spec) if item.spec is not None else ""
        return fragments[item.key]

    def blob(item: Item, fmt: str) -> bytes:
        return by_key[(id(item.spec), fmt)]

    form_bytes: list[bytes] = []

    def form() -> bytes:
        if not form_bytes:
            form_bytes.append(forms.form_doc(cache_dir))
        return form_bytes[0]

    return Docs(fragment, blob, form)
