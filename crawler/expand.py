"""Registry expansion: from the link texts of a site's directories to registry rows.

A portal names its subordinates the way people do — 淮安区, 洪泽县人民政府 (renamed 洪泽区 in 2016),
大厂县 (大厂回族自治县), 鄂温克旗 (鄂温克族自治旗), 三河市人民政府, 市发展改革委, 蒋坝镇 — so each link
text is read as: a subordinate government (its region code matched by name *inside the parent's
code*: full names, short names without 区/县/市/旗, 自治 variants without the ethnic names, old
names from data/registry/history/region_changes.csv), a township (…镇/乡/街道/苏木, region = the
county), a department (…局/委/厅/办/部/署…, of the parent's own government), or nothing (人大, 政协,
法院, the parent's own superiors and siblings, news).

`Expansion` collects what the spider (crawler/spiders/directory.py) finds: candidates are keyed by
host+path; a key found under two parents is flagged, never assigned to one of them.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from crawler.registry import COLUMNS, NATIONAL_CODE, Site, load_regions

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "registry"
HISTORY_CSV = REGISTRY_DIR / "history" / "region_changes.csv"
EVIDENCE_COLUMNS = ("parent_site_id", "parents", "flag", "evidence_url", "evidence_text", "depth")
OUT_COLUMNS = COLUMNS + EVIDENCE_COLUMNS
LEVEL_OF = {"province": "province", "prefecture": "city", "county": "county"}
GOVERNMENT_LEVELS = ("central", "province", "city", "county")

# 55 minority nationalities (+ 各族), longest first; 自治 names drop them in their short form.
_ETHNIC = sorted(["蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各"], key=len, reverse=True)
_ETHNIC_TAIL = re.compile("(?:" + "|".join(f"{e}族" + (f"|{e}" if len(e) > 1 else "") for e in _ETHNIC) + ")+$")
_SITE_WORDS = re.compile(r"(人民政府门户网站|政府门户网站|门户网站|人民政府网站|政府网站|人民政府网|政府网|网站|人民政府|政府)$")
_PARENS = re.compile(r"[（(][^）)]*[）)]")
# Organs that are not the government and owe no 政府信息公开 report, and media.
_NOT_GOVERNMENT = re.compile(r"(人大|政协|法院|检察|监察委|纪委|纪检|中共|党委|党校|组织部|宣传部|统战部|政法委|团委|共青团|"
                             r"妇联|工会|科协|文联|侨联|残联|红十字|日报|新闻网|电视台|广播|网$)")
_TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,8}?(镇|乡|街道|苏木)(人民政府|办事处|政府)?$")
_DEPARTMENT = re.compile(r"(局|委|厅|委员会|办公室|办|部|署|管委会|管理委员会|总队|支队)$")
_GENERIC_PREFIX = "省市区县旗州盟"
# Links that lead to a site's directory pages (read as part of the same site).
DIRECTORY_TEXT = re.compile(r"^((政府|部门|区县|市县|县区|县市区|旗县|旗市区|盟市|乡镇|街道|乡镇街道)(网站|政府网站|网站群)|"
                            r"政府网站|网站群|站群导航|站群|网站导航|站点导航|政府网站群|网站地图|"
                            r"(政府)?信息公开(平台|专栏|目录|网)?|政务公开|政府信息公开目录)$")


def clean(text: str | None) -> str:
    """NFKC, no spaces, no parenthesised remarks, without 人民政府/门户网站 tails."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t)
    t = _PARENS.sub("", t)
    prev = None
    while prev != t:
        prev, t = t, _SITE_WORDS.sub("", t)
    return t


def short_names(name: str, typ: str) -> list[str]:
    """Names people use besides the full one: 洪泽区 → 洪泽; 大厂回族自治县 → 大厂县, 大厂;
    鄂温克族自治旗 → 鄂温克旗, 鄂温克; 内蒙古自治区 → 内蒙古; 广西壮族自治区 → 广西."""
    out: list[str] = []
    m = re.match(r"^(.+?)自治(区|州|县|旗)$", name)
    if m:
        base, unit = m.group(1), m.group(2)
        stripped = _ETHNIC_TAIL.sub("", base)
        if len(stripped) < 2:  # 鄂温克族自治旗, 内蒙古自治区: the unit is named after the people
            stripped = base.removesuffix("族")
        if unit == "区":
            out.append(stripped)
        else:
            out += [stripped + unit, stripped]
        return [o for o in out if len(o) >= 2 and o != name]
    for suffix in ("特别行政区", "地区", "林区", "特区", "省", "市", "区", "县", "旗", "盟", "州"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            out.append(name[: -len(suffix)])
            break
    return out


@dataclass(frozen=True)
class RegionMatch:
    code: str
    name: str  # the current name
    level: str  # registry level: province, city, county
    how: str  # name, short, history


class Regions:
    """The GB/T 2260 table (regions.csv) with its history (region_changes.csv), indexed by name."""

    def __init__(self, regions_csv: str | Path = REGISTRY_DIR / "regions.csv", history_csv: str | Path | None = HISTORY_CSV):
        self.rows = load_regions(regions_csv)
        self.by_name: dict[str, list[tuple[str, int, str]]] = {}  # variant → [(code, rank, how)]
        for code, r in self.rows.items():
            self._add(r["name"], code, 3, "name")
            for s in short_names(r["name"], r["type"]):
                self._add(s, code, 1, "short")
        if history_csv and Path(history_csv).exists():
            with open(history_csv, encoding="utf-8", newline="") as fh:
                for h in csv.DictReader(fh):
                    if h["new_code"] in self.rows and h["old_name"]:
                        self._add(h["old_name"], h["new_code"], 2, "history")
                        for s in short_names(h["old_name"], ""):
                            if s not in self.by_name:
                                self._add(s, h["new_code"], 1, "history")

    def _add(self, variant: str, code: str, rank: int, how: str) -> None:
        self.by_name.setdefault(variant, []).append((code, rank, how))

    def ancestors(self, code: str) -> list[str]:
        out = []
        while code in self.rows and self.rows[code]["parent_code"]:
            code = self.rows[code]["parent_code"]
            out.append(code)
        return out

    def depth_below(self, code: str, parent: str) -> int | None:
        """1 for a child of `parent`, 2 for a grandchild …; None when not inside it."""
        if parent == NATIONAL_CODE:
            return len(self.ancestors(code)) + 1 if code in self.rows else None
        chain = self.ancestors(code)
        return chain.index(parent) + 1 if parent in chain else None

    def names_of(self, code: str) -> list[str]:
        r = self.rows.get(code)
        if not r:
            return []
        return [r["name"]] + short_names(r["name"], r["type"])

    def match(self, text: str, parent_code: str) -> RegionMatch | None:
        """The region a link text names, inside `parent_code`: best rank (full name > old name >
        short name), then nearest the parent; None when nothing or two regions tie."""
        t = clean(text)
        if not t:
            return None
        tries = [t]
        # "淮安市洪泽区" / "江苏省淮安市": drop the names of the parent and its ancestors in front
        for code in [parent_code] + self.ancestors(parent_code):
            for n in sorted(self.names_of(code), key=len, reverse=True):
                if t.startswith(n) and len(t) > len(n):
                    tries.append(t[len(n):])
        found: dict[str, tuple[int, int, str]] = {}
        for variant in tries:
            for code, rank, how in self.by_name.get(variant, []):
                depth = self.depth_below(code, parent_code)
                if depth is None:
                    continue
                key = (rank, -depth)
                if code not in found or key > found[code][:2]:
                    found[code] = (rank, -depth, how)
        if not found:
            return None
        ranked = sorted(found.items(), key=lambda kv: kv[1][:2], reverse=True)
        if len(ranked) > 1 and ranked[0][1][:2] == ranked[1][1][:2]:
            return None  # two regions answer to this name at the same distance: not guessed
        code, (_, _, how) = ranked[0]
        r = self.rows[code]
        return RegionMatch(code, r["name"], LEVEL_OF[r["level"]], how)

    def names_other_region(self, text: str, own_code: str) -> bool:
        """Does the text start with the name of a region other than `own_code` (an ancestor's too:
        淮安市教育局 on 洪泽区's page is the prefecture's department)?"""
        own = set(self.names_of(own_code))
        for n in range(min(len(text), 12), 1, -1):
            head = text[:n]
            if head in own:
                return False
            if any(rank >= 1 for _, rank, _ in self.by_name.get(head, [])):
                return True
        return False


@dataclass(frozen=True)
class Candidate:
    level: str
    region_code: str
    name: str
    how: str  # name, short, history, township, department


def classify(text: str, parent_level: str, parent_code: str, parent_name: str, regions: Regions) -> Candidate | None:
    """What a directory link names, seen from a parent site of (level, region, name)."""
    raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    if not raw or len(raw) > 40 or _NOT_GOVERNMENT.search(raw):
        return None
    if parent_level in GOVERNMENT_LEVELS:
        m = regions.match(raw, parent_code)
        if m is not None:
            return Candidate(m.level, m.code, m.name + "人民政府", m.how)
    t = clean(raw)
    if parent_level == "county" and _TOWNSHIP.match(raw):
        name = raw if raw.endswith(("人民政府", "办事处", "政府", "苏木")) else (
            raw + "办事处" if raw.endswith("街道") else raw + "人民政府")
        return Candidate("township", parent_code, name, "township")
    if parent_level in GOVERNMENT_LEVELS and _DEPARTMENT.search(t):
        gov = parent_name.removesuffix("人民政府")
        region_names = regions.names_of(parent_code) if parent_code != NATIONAL_CODE else []
        rest = t
        for n in sorted(region_names, key=len, reverse=True):
            if rest.startswith(n):
                rest = rest[len(n):]
                if n != region_names[0] and rest[:1] in _GENERIC_PREFIX:
                    return None  # 淮安市教育局 read on 淮安区's page: 淮安 + 市…, not this 区's
                break
        else:
            if regions.names_other_region(t, parent_code):
                return None  # 淮安市教育局 on a county's page: the prefecture's department
            auto = next((a for a in ("自治区", "自治州", "自治县", "自治旗", "地区") if rest.startswith(a)), None)
            if auto:
                if not gov.endswith(auto):
                    return None
                rest = rest[len(auto):]
            elif rest[:1] in _GENERIC_PREFIX and len(rest) > 2:
                own_unit = gov[-1:] if gov else ""
                if rest[0] != own_unit:
                    return None  # 市教育局 on a 区 government's page is the city's
                rest = rest[1:]
        if not rest or not _DEPARTMENT.search(rest) or rest in ("委", "办", "部"):
            return None
        return Candidate("department", parent_code, (gov + rest) if parent_code != NATIONAL_CODE else rest,
                         "department")
    return None


# --- candidate sites -------------------------------------------------------------------------

_INDEX = re.compile(r"(?:index|default)\.(?:s?html?|jsp|aspx?|php)$", re.IGNORECASE)


def site_key(url: str) -> tuple[str, str]:
    """(host[:port], path) a site is known by: the homepage's directory, index file dropped."""
    p = urlsplit(url)
    path = _INDEX.sub("", p.path or "/")
    if not path.endswith("/"):
        path = path.rsplit("/", 1)[0] + "/" if "." in path.rsplit("/", 1)[-1] else path + "/"
    return p.netloc.lower(), path


def homepage_of(url: str) -> str:
    host, path = site_key(url)
    return f"{urlsplit(url).scheme or 'http'}://{host}{path}"


def site_id_for(url: str) -> str:
    host, path = site_key(url)
    name = host.split(":")[0].removeprefix("www.")
    slug = "-".join(s for s in path.strip("/").lower().split("/") if s)
    sid = re.sub(r"[^a-z0-9._-]", "-", f"{name}-{slug}" if slug else name).strip("-._")
    if len(sid) > 64:
        sid = sid[:55] + "-" + hashlib.sha1(sid.encode()).hexdigest()[:8]
    return sid


def registered_domain(host: str) -> str:
    labels = host.split(":")[0].lower().split(".")
    return ".".join(labels[-3:] if labels[-2:] in (["gov", "cn"], ["com", "cn"], ["org", "cn"]) else labels[-2:])


@dataclass
class Found:
    key: tuple[str, str]
    homepage_url: str
    site_id: str
    depth: int
    parents: dict[str, tuple[str, str, Candidate]] = field(default_factory=dict)  # parent id → (page, text, cand)
    known: Site | None = None  # a hand-kept row for the same site wins
    own_name: str | None = None  # the name the site gives itself (its homepage's <title>)


# What a site calls itself: "首页 - 保定市发展和改革委员会门户网站" → 保定市发展和改革委员会.
_TITLE_SPLIT = re.compile(r"\s*[-_|｜—·]+\s*")
_TITLE_TAIL = re.compile(r"(门户网站|政府门户网|网站|官网|首页|政务网)$")
_AGENCY_END = re.compile(r"(人民政府|委员会|办事处|管委会|局|委|厅|办公室|办|部|署|院|中心|苏木|街道|镇|乡)$")


def own_name(title: str, found_as: str) -> str | None:
    """The agency name a site's homepage title gives, when it plainly names an agency of the same
    place as the directory link that led there (it shares its first two characters); directory link
    texts are short forms ("市发展改革委"), reports carry the full name ("保定市发展和改革委员会")."""
    for part in _TITLE_SPLIT.split(unicodedata.normalize("NFKC", title or "").strip()):
        name = _TITLE_TAIL.sub("", part.strip())
        if 3 <= len(name) <= 30 and _AGENCY_END.search(name) and name[:2] == found_as[:2]:
            return name
    return None


@dataclass
class Node:
    """A site whose pages the spider reads: a root row or a candidate found."""
    site_id: str
    key: tuple[str, str]
    level: str
    region_code: str
    name: str
    depth: int
    url: str  # where its pages are read from: the homepage URL


class Expansion:
    def __init__(self, roots: list[Site], regions: Regions | None = None):
        self.regions = regions or Regions()
        self.hand: dict[tuple[str, str], Site] = {site_key(s.homepage_url): s for s in roots}
        self.hand_ids = {s.site_id for s in roots}
        self.found: dict[tuple[str, str], Found] = {}
        self.nodes: dict[tuple[str, str], Node] = {}
        self.host_owner: dict[str, tuple[str, str]] = {}
        for s in roots:
            self.add_node(Node(s.site_id, site_key(s.homepage_url), s.level, s.region_code, s.name, 0, s.homepage_url))

    def add_node(self, node: Node) -> Node:
        self.nodes[node.key] = node
        host, path = node.key
        if path == "/":
            self.host_owner.setdefault(host, node.key)
        return node

    def may_read(self, node: Node, url: str) -> bool:
        """Is a directory page at `url` part of `node`'s site? Own host under its own path, or a
        host of the same registered domain that no other site owns (xxgk.X.gov.cn for www.X.gov.cn)."""
        host, path = site_key(url)
        nhost, npath = node.key
        if host == nhost:
            return path.startswith(npath) and (npath != "/" or self.host_owner.get(host) in (None, node.key))
        owner = self.host_owner.get(host)
        if owner is None and npath == "/" and registered_domain(host) == registered_domain(nhost):
            self.host_owner[host] = node.key
            return True
        return owner == node.key

    def offer(self, parent: Node, url: str, text: str, page_url: str) -> Node | None:
        """A link on one of `parent`'s directory pages. Returns a new Node to read, if any."""
        key = site_key(url)
        if key == parent.key:
            return None
        cand = classify(text, parent.level, parent.region_code, parent.name, self.regions)
        if cand is None:
            return None
        if key in self.nodes and self.nodes[key].depth < parent.depth and key not in self.hand:
            return None  # a site above this one
        f = self.found.get(key)
        if f is None:
            f = self.found[key] = Found(key, homepage_of(url), self.hand[key].site_id if key in self.hand
                                        else self._unique_id(site_id_for(url)), parent.depth + 1,
                                        known=self.hand.get(key))
        f.parents.setdefault(parent.site_id, (page_url, text.strip(), cand))
        if key in self.nodes:
            return None
        return self.add_node(Node(f.site_id, key, cand.level, cand.region_code, cand.name, parent.depth + 1, url))

    def named(self, node: Node, title: str) -> None:
        """The site's homepage was read: keep the name it gives itself, if it names an agency."""
        f = self.found.get(node.key)
        if f is not None and f.known is None and (name := own_name(title, node.name)):
            f.own_name = name

    def _unique_id(self, sid: str) -> str:
        taken = self.hand_ids | {f.site_id for f in self.found.values()}
        if sid not in taken:
            return sid
        i = 2
        while f"{sid}-{i}" in taken:
            i += 1
        return f"{sid}-{i}"

    # -- output --------------------------------------------------------------------------------
    def rows(self) -> tuple[list[dict], list[dict]]:
        """(registry rows with evidence, conflicts). Hand-kept sites are left out (they win)."""
        rows, conflicts = [], []
        for f in sorted(self.found.values(), key=lambda f: (f.depth, f.site_id)):
            if f.known is not None:
                continue
            cands = {(c.level, c.region_code) for _, _, c in f.parents.values()}
            parent_ids = sorted(f.parents)
            cand = f.parents[parent_ids[0]][2]
            row = {"site_id": f.site_id, "name": f.own_name or cand.name, "region_code": cand.region_code,
                   "level": cand.level,
                   "homepage_url": f.homepage_url, "column_url": "", "cms_hint": "", "js": "0", "verified": "",
                   "parent_site_id": parent_ids[0] if len(parent_ids) == 1 else "",
                   "parents": ";".join(parent_ids), "flag": "" if len(parent_ids) == 1 else "two_parents",
                   "evidence_url": " | ".join(f.parents[p][0] for p in parent_ids),
                   "evidence_text": " | ".join(f.parents[p][1] for p in parent_ids), "depth": str(f.depth)}
            if len(cands) > 1:
                conflicts.append({**row, "flag": "region_conflict",
                                  "region_code": ";".join(sorted(c[1] for c in cands))})
            else:
                rows.append(row)
        return rows, conflicts

    def write(self, out_dir: str | Path) -> dict:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        rows, conflicts = self.rows()
        tmp = out / ".sites.csv.tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=OUT_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        tmp.replace(out / "sites.csv")
        levels: dict[str, int] = {}
        for r in rows:
            levels[r["level"]] = levels.get(r["level"], 0) + 1
        summary = {"sites": len(rows), "levels": levels, "flagged": [r["site_id"] for r in rows if r["flag"]],
                   "conflicts": conflicts, "hand_kept": sorted(f.site_id for f in self.found.values() if f.known)}
        (out / "report.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return summary
