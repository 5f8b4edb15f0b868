"""The shape of the simulated national web: which sites exist, under whom, and how each lists its
subordinates. Pure data (no HTTP); `pages.py` renders it and `server.py` serves it.

Two builders share the code: `demo_tree()` — about 80 hand-chosen sites over three provinces, with
every naming habit the registry expansion must handle (市辖区, 县级市, 自治县 and 自治旗 by their
short names, a renamed unit linked by its old name, a 省直管 city listed by both its province and
its prefecture) — and `generated_tree(n)` — n small sites drawn from regions.csv for the scale bench.
Region codes and names are the GB/T 2260 rows of data/registry/regions.csv.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "registry" / "regions.csv"
FIRST_YEAR = 2019
LAST_YEAR = 2024  # the sim clock stands at 2025-06-30: every 2024 report is due

# Directory forms (how a site lists its subordinates), each seen on real portals:
#   list    — a titled <ul> of links on the homepage (市县政府 / 区县 / 部门网站 / 乡镇街道)
#   select  — a footer <select> whose option values are URLs, navigated by onchange script
#   page    — a 政府网站 / 站群导航 page of its own, linked from the homepage
#   script  — links written by a linked script with document.writeln (link.js)
#   platform — the 政府信息公开 platform's 部门 / 乡镇 lists (members live under its paths)
FORMS = ("list", "select", "page", "script", "platform")


@dataclass
class Node:
    site_id: str
    name: str  # the agency, as it names itself
    region_code: str
    level: str  # registry levels: central, province, city, county, township, department
    host: str
    path: str = "/"  # a platform member lives under a path of its parent's platform host
    parent: str | None = None  # site_id
    link_text: str = ""  # how the parent's directory names it
    other_parents: list[tuple[str, str]] = field(default_factory=list)  # (site_id, link text)
    gov_form: str = "list"  # how it lists subordinate governments
    dept_form: str = "list"  # how it lists its departments
    town_form: str = "platform"  # how it lists townships
    platform_host: str | None = None  # 政府信息公开 platform on its own host (None: on this host)
    short: str = ""  # 简称 used in menus (淮安, 江苏)
    kind_label: str = "区县政府"  # heading of its government directory

    @property
    def is_government(self) -> bool:
        return self.level in ("central", "province", "city", "county")

    @property
    def platform_root(self) -> tuple[str, str]:
        """(host, path) of its 政府信息公开 platform page."""
        if self.platform_host:
            return self.platform_host, "/"
        if self.path != "/":
            return self.host, self.path  # a platform member: its page is the platform
        return self.host, "/zfxxgk/"


def load_regions(path: Path = REGIONS_CSV) -> dict[str, dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["code"]: r for r in csv.DictReader(fh)}


# Departments: (abbreviation for hosts and paths, name after the government's name, short menu name)
DEPTS_PROVINCE = [("jyt", "教育厅", "省教育厅"), ("czt", "财政厅", "省财政厅"), ("sthjt", "生态环境厅", "省生态环境厅")]
DEPTS_CITY = [("fgw", "发展和改革委员会", "市发展改革委"), ("jyj", "教育局", "市教育局"), ("czj", "财政局", "市财政局"),
              ("wjw", "卫生健康委员会", "市卫生健康委")]
DEPTS_COUNTY = [("fgj", "发展和改革局", "发展和改革局"), ("jyj", "教育局", "教育局"), ("czj", "财政局", "财政局"),
                ("mzj", "民政局", "民政局")]
DEPTS_CENTRAL = [("moe", "教育部", "教育部"), ("mof", "财政部", "财政部")]


def _dept(parent: Node, abbr: str, suffix: str, menu: str, on_platform: bool, registered: str) -> Node:
    name = (parent.name.removesuffix("人民政府") + suffix) if parent.level != "central" else suffix
    place = parent.name.removesuffix("人民政府")
    unit = next((u for u in ("自治区", "地区", "州", "盟", "省", "市") if place.endswith(u)), None)
    if unit and menu[:1] in "省市":
        menu = unit + menu[1:]  # 自治区教育厅 / 州教育局 / 地区教育局, never 省教育厅 there
    if on_platform:
        host, root = parent.platform_root
        path = f"{root}bm/{abbr}/"
        sid = f"{registered}-bm-{abbr}"
    else:
        host, path, sid = (f"www.{abbr}.gov.cn", "/", f"{abbr}.gov.cn") if parent.level == "central" else (
            f"{abbr}.{registered}", "/", f"{abbr}.{registered}")
    return Node(sid, name, parent.region_code, "department", host, path, parent.site_id, menu)


# demo: (code, pinyin label, gov_form, dept_form, departments, platform for depts, townships, link text)
_DEMO = {
    "320000": ("jiangsu", "list", "select", 2, False, [], "江苏", "市县政府"),
    "320800": ("huaian", "page", "platform", 3, True, [], "淮安市", "区县政府"),
    "320803": ("huaianqu", "list", "platform", 1, True, [], "淮安区", ""),
    "320804": ("huaiyin", "list", "platform", 1, True, [], "淮阴区人民政府", ""),
    "320812": ("qjp", "list", "platform", 2, True, [], "清江浦区", ""),
    "320813": ("hongze", "list", "platform", 2, True, ["高良涧街道", "蒋坝镇", "岔河镇"], "洪泽县人民政府", ""),
    "320826": ("lianshui", "list", "platform", 1, True, [], "涟水县", ""),
    "320830": ("xuyi", "list", "list", 1, False, [], "盱眙县人民政府", ""),
    "320831": ("jinhu", "list", "platform", 1, True, [], "金湖县", ""),
    "320500": ("suzhou", "select", "select", 2, False, [], "苏州市", "区县政府"),
    "320508": ("gusu", "list", "platform", 1, True, [], "姑苏区", ""),
    "320583": ("ks", "list", "platform", 2, True, ["玉山镇", "周市镇"], "昆山市", ""),
    "130000": ("hebei", "script", "list", 2, False, [], "河北", "市县政府"),
    "130600": ("baoding", "list", "list", 2, False, [], "保定市", "县（市、区）政府网站"),
    "130602": ("jingxiu", "list", "platform", 1, True, [], "竞秀区", ""),
    "130681": ("zhuozhou", "list", "platform", 1, True, [], "涿州市人民政府", ""),
    "130682": ("dingzhou", "list", "platform", 2, True, [], "定州市", ""),
    "131000": ("lf", "page", "platform", 2, True, [], "廊坊市", "站群导航"),
    "131003": ("lfgy", "list", "platform", 1, True, [], "广阳区政府", ""),
    "131028": ("dachang", "list", "platform", 2, True, ["大厂镇", "夏垫镇", "陈府乡"], "大厂县", ""),
    "131082": ("sanhe", "list", "list", 1, False, [], "三河市人民政府", ""),
    "150000": ("nmg", "list", "select", 2, False, [], "内蒙古", "盟市政府"),
    "150700": ("hlbe", "list", "platform", 2, True, [], "呼伦贝尔市", "旗市区政府"),
    "150702": ("hailar", "list", "platform", 1, True, [], "海拉尔区", ""),
    "150721": ("arongqi", "list", "platform", 1, True, [], "阿荣旗", ""),
    "150724": ("ewenke", "list", "platform", 1, True, ["巴彦托海镇", "伊敏苏木"], "鄂温克旗", ""),
    "150781": ("manzhouli", "list", "platform", 1, True, [], "满洲里市人民政府", ""),
}
# 定州市 is administered by the province (省直管) and listed by it too: the expansion must flag it.
_DEMO_EXTRA_PARENT = {"130682": ("130000", "定州市")}
_TOWN_PINYIN = {"高良涧街道": "glj", "蒋坝镇": "jb", "岔河镇": "ch", "玉山镇": "ys", "周市镇": "zs", "大厂镇": "dc",
                "夏垫镇": "xd", "陈府乡": "cf", "巴彦托海镇": "byth", "伊敏苏木": "ym"}


def _gov(code: str, regions: dict, label: str, parent: Node, gov_form: str, dept_form: str, text: str,
         kind_label: str) -> Node:
    r = regions[code]
    level = {"province": "province", "prefecture": "city", "county": "county"}[r["level"]]
    return Node(f"{label}.gov.cn", r["name"] + "人民政府", code, level, f"www.{label}.gov.cn", "/", parent.site_id, text,
                gov_form=gov_form, dept_form=dept_form, short=r["name"], kind_label=kind_label or "区县政府")


def demo_tree(regions: dict | None = None) -> list[Node]:
    """About 80 sites: 中国政府网-like portal → 江苏, 河北, 内蒙古 → five prefectures → 19 counties,
    their departments (own hosts or platform members) and some townships."""
    regions = regions or load_regions()
    root = Node("gov.cn", "中华人民共和国中央人民政府", "100000", "central", "www.gov.cn", gov_form="select",
                dept_form="select", short="中国政府网", kind_label="省级政府网站")
    nodes = [root]
    by_code: dict[str, Node] = {"100000": root}
    for code in sorted(_DEMO, key=lambda c: (len(c.rstrip("0")), c)):  # parents first
        label, gov_form, dept_form, n_dept, on_platform, towns, text, kind_label = _DEMO[code]
        parent_code = regions[code]["parent_code"] or "100000"
        parent = by_code[parent_code]
        node = _gov(code, regions, label, parent, gov_form, dept_form, text, kind_label)
        if node.level == "city" and code in ("320800", "131000", "150700"):
            node.platform_host = f"xxgk.{label}.gov.cn"  # a separate platform host (PATTERNS.md §2)
        nodes.append(node)
        by_code[code] = node
    for code, (pcode, text) in _DEMO_EXTRA_PARENT.items():
        by_code[code].other_parents.append((by_code[pcode].site_id, text))
    for dabbr, dname, _menu in DEPTS_CENTRAL:
        nodes.append(Node(f"{dabbr}.gov.cn", dname, "100000", "department", f"www.{dabbr}.gov.cn", "/", root.site_id,
                          dname))
    for code, node in list(by_code.items()):
        if code == "100000":
            continue
        label, _, dept_form, n_dept, on_platform, towns, *_ = _DEMO[code]
        table = {"province": DEPTS_PROVINCE, "city": DEPTS_CITY, "county": DEPTS_COUNTY}[node.level]
        for abbr, suffix, menu in table[:n_dept]:
            nodes.append(_dept(node, abbr, suffix, menu, on_platform, f"{label}.gov.cn"))
        for town in towns:
            host, root_path = node.platform_root
            abbr = _TOWN_PINYIN[town]
            name = town if town.endswith(("街道", "苏木")) else town + "人民政府"
            nodes.append(Node(f"{label}.gov.cn-xz-{abbr}", name, code, "township", host, f"{root_path}xz/{abbr}/",
                              node.site_id, town))
    return nodes


def generated_tree(n_sites: int, seed: int = 1, regions: dict | None = None) -> list[Node]:
    """About n_sites small sites for the scale bench: every province, then prefectures and counties
    in code order, each government with 0–2 departments on its platform."""
    regions = regions or load_regions()
    rng = random.Random(seed)
    root = Node("gov.cn", "中华人民共和国中央人民政府", "100000", "central", "www.gov.cn", gov_form="select",
                short="中国政府网", kind_label="省级政府网站")
    nodes = [root]
    by_code = {"100000": root}
    order = sorted(regions.values(), key=lambda r: ({"province": 0, "prefecture": 1, "county": 2}[r["level"]], r["code"]))
    for r in order:
        if len(nodes) >= n_sites:
            break
        if r["code"][:2] in ("71", "81", "82"):
            continue  # 台湾, 香港, 澳门: outside the 条例
        parent = by_code.get(r["parent_code"] or "100000")
        if parent is None:
            continue
        label = f"g{r['code']}"
        node = _gov(r["code"], regions, label, parent, rng.choice(("list", "select", "page")), "platform", r["name"],
                    "下级政府")
        nodes.append(node)
        by_code[r["code"]] = node
        table = {"province": DEPTS_PROVINCE, "city": DEPTS_CITY, "county": DEPTS_COUNTY}[node.level]
        if r["type"] == "直辖市":
            table = DEPTS_CITY  # 北京市教育委员会, 天津市财政局: no 厅 in a 直辖市
        for abbr, suffix, menu in rng.sample(table, rng.randint(0, 2)):
            nodes.append(_dept(node, abbr, suffix, menu, True, f"{label}.gov.cn"))
    return nodes


def children(nodes: list[Node]) -> dict[str, list[Node]]:
    out: dict[str, list[Node]] = {n.site_id: [] for n in nodes}
    for n in nodes:
        if n.parent:
            out[n.parent].append(n)
    return out


# --- reports: which exist, and when they were published --------------------------------------

@dataclass(frozen=True)
class Report:
    site_id: str
    agency: str
    year: int
    published: str  # ISO date
    status: str  # on_time, late, duplicate (a second publication of the same report), not_due (township)
    deadline: str | None  # None: townships (条例 art. 49 names no date for them)
    slug: str  # article id


def deadline(level: str, year: int) -> str | None:
    """条例 art. 49: 县级以上人民政府部门 by 31 January, 县级以上地方人民政府 by 31 March of the next year;
    townships are not named (art. 50 leaves them to the county)."""
    if level == "department":
        return f"{year + 1}-01-31"
    if level in ("central", "province", "city", "county"):
        return f"{year + 1}-03-31"
    return None


def plan_reports(nodes: list[Node], seed: int = 7) -> tuple[list[Report], list[tuple[str, int]]]:
    """(reports, missing): per site and year 2019–2024 a report on time (most), late, missing or
    published twice (a repost after a site migration, months later). The central portal publishes
    no own-agency report here (its 国务院办公厅 report lives elsewhere)."""
    rng = random.Random(f"national-reports-{seed}")
    reports: list[Report] = []
    missing: list[tuple[str, int]] = []
    for n in nodes:
        if n.level == "central":
            continue
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            due = deadline(n.level, year)
            roll = rng.random()
            if roll < 0.08:
                missing.append((n.site_id, year))
                continue
            slug = f"{year}{rng.randrange(10**6):06d}"
            if due is None:  # township: whenever it gets round to it, mostly January–March
                month, day = rng.randint(1, 4), rng.randint(1, 28)
                reports.append(Report(n.site_id, n.name, year, f"{year + 1}-{month:02d}-{day:02d}", "not_due", None, slug))
                continue
            dy, dm, dd = (int(x) for x in due.split("-"))
            if roll < 0.18:  # late: days to months after the deadline (PATTERNS.md §4: +38 d, +76 d, Sept)
                late_days = rng.choice((1, 12, 38, 76, 200))
                import datetime as _dt
                date = (_dt.date(dy, dm, dd) + _dt.timedelta(days=late_days)).isoformat()
                reports.append(Report(n.site_id, n.name, year, date, "late", due, slug))
            else:
                # on time; some on the deadline day itself (PATTERNS.md §4)
                if rng.random() < 0.1:
                    date = due
                else:
                    date = f"{dy}-{rng.randint(1, dm):02d}-{rng.randint(5, 28):02d}"
                    date = min(date, due)
                reports.append(Report(n.site_id, n.name, year, date, "on_time", due, slug))
                if roll > 0.95:  # published twice: reposted later under a new id
                    reports.append(Report(n.site_id, n.name, year, f"{year + 2}-07-{rng.randint(1, 28):02d}",
                                          "duplicate", due, slug + "r"))
    return reports, missing
