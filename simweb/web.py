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

from simweb import generator as gen

from .sites.base import UTC, Docs, Item, Site
from .sites.county import CountySite
from .sites.guarded import GuardedSite
from .sites.hanweb import HanwebSite
from .sites.jsonapi import JsonApiSite
from .sites.legacy import LegacyGbkSite
from .sites.trs import TrsSite

# Bump whenever the plan (sites, items, URLs, markup) may change: part of the cache key.
WEB_VERSION = "2"

YEARS = tuple(range(2019, 2025))
BUILT = datetime(2025, 3, 31, 10, 0, tzinfo=UTC)  # Last-Modified of navigation pages
CLOCK_START = datetime(2025, 4, 1, 1, 0, tzinfo=UTC)  # publish_one's clock starts here
FAIL_SHARE = 0.05  # reports that fail t3.balance like seed 002

STYLES = {"trs": TrsSite, "hanweb": HanwebSite, "jsonapi": JsonApiSite, "multi": CountySite,
          "legacy": LegacyGbkSite, "guarded": GuardedSite}


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


def _dept(place: str, names: str, level: str = "department") -> tuple[tuple[str, str], ...]:
    return tuple((place + n, level) for n in names.split())


SITES: tuple[SiteInfo, ...] = (
    SiteInfo(
        "xining", "西宁市人民政府", "西宁市人民政府", "西宁市", "630100", "city", "trs", "trs", False, True,
        _dept("西宁市", "教育局 财政局 民政局 人力资源和社会保障局 自然资源和规划局 生态环境局 住房和城乡建设局 "
                       "交通运输局 卫生健康委员会 市场监督管理局"),
        YEARS, 0.8,
        (("html", 0.35), ("html+pdf", 0.33), ("pdf", 0.32)),
        (("work_report", "西宁市", "html", 2023), ("final_accounts", "西宁市教育局", "pdf", 2023),
         ("rule_of_law", "", "html", 2023), ("guide", "", "html", 2022), ("news", "", "html", 2023)),
        _dept("西宁市", "统计局 审计局 应急管理局 医疗保障局 林业和草原局 退役军人事务局"),
    ),
    SiteInfo(
        "jiangsu", "江苏省人民政府", "江苏省人民政府", "江苏省", "320000", "province", "hanweb", "hanweb", False, True,
        _dept("江苏省", "教育厅 科学技术厅 工业和信息化厅 民政厅 司法厅 财政厅 人力资源和社会保障厅 自然资源厅"),
        YEARS, 0.85,
        (("html", 0.5), ("html+pdf", 0.18), ("pdf", 0.22), ("docx", 0.1)),
        (("rule_of_law", "", "html", 2023), ("guide", "", "html", 2023), ("news", "", "html", 2022),
         ("final_accounts", "江苏省教育厅", "docx", 2022)),
        _dept("江苏省", "商务厅 文化和旅游厅 卫生健康委员会 审计厅 统计局 体育局"),
    ),
    SiteInfo(
        "xigong", "洛阳市西工区人民政府", "洛阳市西工区人民政府", "西工区", "410303", "county", "jsonapi", "jsonapi",
        True, False,
        _dept("西工区", "教育局 财政局 卫生健康委员会 市场监督管理局 住房和城乡建设局")
        + _dept("西工区", "王城路街道办事处 金谷园街道办事处", "township"),
        YEARS, 0.62,
        (("html", 0.55), ("pdf", 0.3), ("docx", 0.15)),
        (("work_report", "西工区", "html", 2023), ("news", "", "html", 2023), ("guide", "", "html", 2021)),
        _dept("西工区", "民政局 司法局 城市管理局 统计局 退役军人事务局"),
    ),
    SiteInfo(
        "yinan", "沂南县人民政府", "沂南县人民政府", "沂南县", "371321", "county", "multi", "multi", False, True,
        _dept("沂南县", "教育和体育局 财政局 公安局 民政局 司法局 人力资源和社会保障局 自然资源和规划局 "
                       "住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化和旅游局 卫生健康局")
        + _dept("", "界湖街道办事处 岸堤镇人民政府 孙祖镇人民政府 双堠镇人民政府 青驼镇人民政府 张庄镇人民政府 "
                    "砖埠镇人民政府 葛沟镇人民政府 杨坡镇人民政府 马牧池乡人民政府 辛集镇人民政府 蒲汪镇人民政府",
                "township"),
        (2021, 2022, 2023, 2024), 0.6,
        (("html", 0.2), ("docx", 0.33), ("pdf", 0.3), ("doc", 0.11), ("wps", 0.06)),
        (("final_accounts", "沂南县财政局", "pdf", 2023), ("final_accounts", "沂南县水利局", "html", 2022),
         ("news", "", "html", 2022), ("guide", "", "html", 2023), ("rule_of_law", "", "docx", 2022)),
        _dept("沂南县", "应急管理局 审计局 市场监督管理局 医疗保障局 退役军人事务局 统计局"),
    ),
    SiteInfo(
        "haidong", "海东市人民政府", "海东市人民政府", "海东市", "630200", "city", "legacy", "plain", False, False,
        _dept("海东市", "教育局 财政局 生态环境局 卫生健康委员会"),
        YEARS, 0.8,
        (("html", 0.7), ("doc", 0.15), ("pdf", 0.15)),
        (("work_report", "海东市", "html", 2021), ("news", "", "html", 2020), ("rule_of_law", "", "html", 2021)),
        _dept("海东市", "民政局 交通运输局 水利局"),
        t3_2019_share=0.5,
    ),
    SiteInfo(
        "qhdkfq", "秦皇岛经济技术开发区管理委员会", "秦皇岛经济技术开发区管理委员会", "秦皇岛经济技术开发区", "130300",
        "department", "guarded", "plain", False, True,
        _dept("秦皇岛经济技术开发区", "财政局 市场监督管理局 社会事业局"),
        YEARS, 0.75,
        (("html", 0.5), ("html+pdf", 0.3), ("pdf", 0.2)),
        (("news", "", "html", 2023), ("guide", "", "html", 2022), ("final_accounts", "秦皇岛经济技术开发区财政局", "html", 2023)),
        _dept("秦皇岛经济技术开发区", "应急管理局 自然资源和规划局"),
    ),
)

# Where the five real seeds are published, and how ("several formats": each in one or two).
SEED_PLACES = {
    "000": ("xining", "department", "html+pdf"),
    "001": ("yinan", "department", "html+docx"),
    "002": ("qhdkfq", "department", "html+pdf"),
    "003": ("xigong", "department", "pdf"),
    "004": ("haidong", "department", "html+doc"),
}


def report_title(rng: random.Random, agency: str, year: int) -> str:
    return rng.choice((f"{agency}{year}年政府信息公开工作年度报告",
                       f"{agency}{year}年度政府信息公开工作年度报告",
                       f"{year}年{agency}政府信息公开工作年度报告"))


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
    """The planned web: every site with its items, plus the clock and stream that publish_one uses."""

    def __init__(self, seed: int):
        self.seed = seed
        self.sites: dict[str, Site] = {}
        self.clock = CLOCK_START
        self.publish_rng = random.Random(f"simweb/{seed}/publish")
        self.published: list[Item] = []

    def all_items(self):
        for site in self.sites.values():
            yield from site.items
            yield from getattr(site, "drafts", ())

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
        order = list(self.sites.values())
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
            item = Item(f"{site.info.site_id}-p{len(self.published):03d}", "report",
                        report_title(rng, agency, 2024), self.clock, agency, level, site.info.region_code,
                        2024, mode, spec)
            site.place(item, rng)
            self.published.append(item)
            return site, item
        raise RuntimeError("publish_one: every site's late agencies have published; start a new SimWeb")


def _site_items(info: SiteInfo, seed: int, seeds: dict[str, gen.ReportSpec]) -> list[Item]:
    rng = random.Random(f"simweb/{seed}/{info.site_id}")
    pairs = [(info.agency, info.level, y) for y in YEARS]
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
        items.append(Item(f"{info.site_id}-r{n:03d}", "report", report_title(rng, agency, year),
                          report_date(rng, year), agency, level, info.region_code, year,
                          rng.choices(names, weights)[0], spec))
    for sid, (site_id, level, mode) in SEED_PLACES.items():
        if site_id == info.site_id:
            spec = seeds[sid]
            # one report per agency and year: the real seed takes the place of a drawn one
            items = [it for it in items if (it.agency, it.year) != (spec.agency, spec.year)]
            items.append(Item(f"{site_id}-seed{sid}", "report", f"{spec.agency}{spec.year}年政府信息公开工作年度报告",
                              report_date(rng, spec.year), spec.agency, level, info.region_code, spec.year,
                              mode, spec, seed_id=sid))
    for n, (kind, agency, mode, year) in enumerate(info.noise):
        ns = gen.noise_spec(kind, agency or info.agency, year)
        items.append(Item(f"{info.site_id}-n{n:02d}", "noise", ns.title, noise_date(rng, kind, year),
                          agency or info.agency, info.level, info.region_code, year, mode, ns, noise_kind=kind))
    _special(info, items, rng)
    return items


def _first(items: list[Item], pred) -> Item:
    return next(it for it in sorted(items, key=lambda i: i.key) if it.kind == "report" and not it.seed_id
                and pred(it))


def _special(info: SiteInfo, items: list[Item], rng: random.Random) -> None:
    """The odd cases each style is there to test, on fixed, deterministic items."""
    if info.style == "hanweb":
        it = _first(items, lambda i: i.year == 2021 and i.agency != info.agency)
        it.mode, it.flags = "pdf", it.flags + ("traversal_filename",)
    elif info.style == "multi":
        it = _first(items, lambda i: i.mode == "pdf")
        it.flags += ("extension_lies",)
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
            site.place(it, place_rng)
        for d in getattr(site, "drafts", ())[1:]:  # the drafts only the preview page links
            site.place(d, place_rng)
        site.items = sorted(items, key=lambda i: (i.published, i.key), reverse=True)
        web.sites[info.site_id] = site
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

    return Docs(fragment, blob)
