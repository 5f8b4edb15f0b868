"""Where a site keeps its 年报 columns: the links of a page, classified and scored for a bounded
search (the spider runs the search; this module is pure: a page in, candidate links out).

Real sites put the 政府信息公开年报 column two to five links below the homepage, often on another
host of the same registered domain (www.X.gov.cn → xxgk.X.gov.cn), under 法定主动公开内容, split
by year (2023年, 2023n/) and by 部门 / 乡镇 / 街道; a county platform also lists its departments'
and townships' own sub-platforms (部门信息公开, 乡镇信息公开, 部门平台链接 — often 15–60 of
them, each with its own 年报 column). So a page yields every candidate of each kind:

- `column`    a link to a 年报 column (text 政府信息公开年报 / 信息公开年度报告 / 年报 …,
              URL zfxxgknb / xxgknb / ndbg …); a report title (it names a year) never is one;
- `platform`  a 政务公开 / 政府信息公开 / 法定主动公开内容 hub that may hold the column;
- `subsite`   a department's or township's sub-platform: an agency name (…局, …委员会, …镇,
              …街道) in a 部门/乡镇 list or select box, or on another host of the domain;
              the agency is the link text;
- `subcolumn` inside a column: a year (2023年, /2023n/), 部门 / 乡镇 / 街道 / 本级, or an
              agency-named sub-column;
- `frame`     an <iframe> (the list often lives in one).

Links leave neither the registered domain (X.gov.cn; a bare IP: its own host) nor http(s).
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.listings.base import Page, absolute, clean_text
from crawler.titles import is_ogi_report, normalize, report_year

# ---------------------------------------------------------------- vocabulary
_COLUMN_TEXT = (
    (re.compile(r"^(政府)?信息公开(工作)?(年度报告|年报)(专栏)?$"), 10),
    (re.compile(r"^政务公开(工作)?(年度报告|年报)$"), 9),
    (re.compile(r"^(政府|政务)?信息公开工作年度报告$"), 9),
    (re.compile(r"(政府|政务)?信息公开.*(年度报告|年报)"), 7),
    (re.compile(r"^(年度报告|年报|工作年报|年报专栏)$"), 6),
    (re.compile(r"公开(工作)?(年报|年度报告)$"), 6),
)
_COLUMN_URL = re.compile(r"(zfxxgknb|xxgknb|gknb|zwgknb|ndbg|xxgkndbg|gkndbg|zfxxgkgzndbg|ndxxgkbg|nianbao|"
                         r"xxganb|annualreport|/nb/|_nb\b|/nb_)", re.IGNORECASE)
_PLATFORM_TEXT = (
    (re.compile(r"^(政府)?信息公开(平台|专栏|目录|专题)?$"), 8),
    (re.compile(r"^法定主动公开内容$"), 8),
    (re.compile(r"^(政务公开|政府公开|政务信息公开)$"), 7),
    (re.compile(r"^(主动公开|政府信息公开目录|信息公开目录|公开目录)$"), 5),
    (re.compile(r"(政府信息公开|政务公开|信息公开)"), 4),
)
_PLATFORM_URL = re.compile(r"(zfxxgk|xxgk|zwgk|gkml|govinfo|openness|public|fdzdgk|zdgk|gk/|/gk)", re.IGNORECASE)
# Parts of a platform that never hold the column: guides, rules, applications, catalogues of
# other things. (The column itself is scored first, so "年报" wins over these.)
_NOT_PLATFORM = re.compile(r"(指南|制度|规定|依申请|申请|意见|留言|咨询|信箱|监督|举报|规范|标准|解读|政策|新闻|"
                           r"动态|要闻|公告|通知|财政|预算|决算|人事|招聘|采购|统计|规划|办事|服务|互动|登录|注册|"
                           r"English|无障碍|网站地图)")
_AGENCY = re.compile(r"^[\u4e00-\u9fff（）()·]{2,30}?(人民政府|政府办公室|办公室|管理局|局|委员会|委|办|镇|乡|街道|"
                     r"街道办事处|办事处|中心|研究院|院|所|馆|队|站|社|联合会|协会|会|厅|署|处|公司|集团|总队|支队|"
                     r"大队|管委会|工委|人大|政协|法院|检察院)$")
_LIST_CONTEXT = re.compile(r"(部门|乡镇|乡（镇）|镇街|街道|县区|区县|市直|县直|区直|单位|机构|子站|站群|平台链接|"
                           r"信息公开平台|政府信息公开)")
_YEAR_TEXT = re.compile(r"^(?:19|20)\d{2}(年|年度)?(年报)?$")
_YEAR_URL = re.compile(r"/(?:19|20)\d{2}(?:n|nb|nian|nd)?(?:_\d+)?/(?:index\.s?html?)?$", re.IGNORECASE)
_GROUP_TEXT = re.compile(r"^(县|市|区|旗)?(直)?(部门|政府部门|县直部门|市直部门|区直部门|乡镇|镇|乡镇[（(]街道[)）]|乡镇街道|"
                         r"镇街|街道|镇[（(]街道[)）]|本级|本机关|县政府|市政府|区政府|政府办|政府办公室|部门单位|"
                         r"单位)(年报|信息公开年报|年度报告|信息公开年度报告)?$")
# A column per group inside the 年报 column: 区政府年报, 区直部门年报, 乡镇年报 … (never 统计年报).
_GROUP_REPORT = re.compile(r"^(本级|政府|[县市区旗]政府|[县市区旗]?直?部门|[县市区旗]直单位|乡镇|街道|镇街|乡镇街道|"
                           r"部门单位|机关)(信息公开)?(年报|年度报告)$")
# Script redirects of shell homepages: location.replace("/x/index.shtml"), location.href = "…".
_SCRIPT_REDIRECT = re.compile(r"""(?:location\.replace|location\.assign|location\.href\s*=|window\.location\s*=|"""
                              r"""document\.location\s*=|top\.location\s*=)\s*\(?\s*["']([^"']+)["']""")
_META_REFRESH = re.compile(r"""<meta[^>]+http-equiv=["']?refresh["']?[^>]*content=["'][^"']*url=([^"'>\s]+)""", re.IGNORECASE)
# Article addresses of the common CMS families (realweb PATTERNS §1): never a (sub)column.
_ARTICLE_URL = re.compile(r"(/t\d{8}_\d+|/art_\d+_\d+\.html|/post_\d+\.html|/info/\d+/\d+\.htm|/c01_\d+|"
                          r"/[0-9a-f]{32}\.s?html?$|/[0-9a-f]{24}\.html?$|/\d{14,}\.s?html?$|"
                          r"\.(pdf|docx?|wps|xlsx?|et|ofd|rar|zip|jpg|png)$)", re.IGNORECASE)
_MAX_TEXT = 40


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    kind: str  # column | platform | subsite | subcolumn | frame
    score: int
    agency: str | None = None  # the sub-platform's / sub-column's agency (link text)


# ---------------------------------------------------------------- hosts
def registered_domain(host: str) -> str:
    """The registered domain: X.gov.cn for a.b.X.gov.cn (also .org.cn/.com.cn/.edu.cn); the last
    two labels elsewhere; a bare IP address is its own domain."""
    host = (host or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and labels[-1] == "cn" and labels[-2] in ("gov", "org", "com", "edu", "net", "ac"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def in_domain(url: str, domain: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == domain or host.endswith("." + domain)


# ---------------------------------------------------------------- page facts
def _is_html(page: Page) -> bool:
    """A JSON answer (a listing API) has no links to classify."""
    return getattr(page.selector, "type", "html") == "html"


def column_name(page: Page) -> str:
    """The page's own column name: <meta name="ColumnName">, else the first part of <title>."""
    if not _is_html(page):
        return ""
    sel = page.selector
    for name in ("ColumnName", "columnname", "ColumnDescription"):
        value = sel.xpath(f'//meta[@name="{name}"]/@content').get()
        if value and value.strip():
            return normalize(clean_text(value))
    title = clean_text(" ".join(sel.css("title::text").getall()))
    parts = [p for p in re.split(r"[-_|｜—–]+", title) if p.strip()]
    return normalize(parts[0]) if parts else ""


def channel_id(page: Page) -> str | None:
    """TRS's channel id (<meta name="ChnlId"> / ChannelId), when the page declares it."""
    if not _is_html(page):
        return None
    for name in ("ChnlId", "ChannelId", "channelid", "chnlid"):
        value = page.selector.xpath(f'//meta[@name="{name}"]/@content').get()
        if value and value.strip():
            return value.strip()
    return None


def column_score(text: str, url: str = "") -> int:
    """How much a link text / column name (and its URL) says "the 年报 column"."""
    text = normalize(text)
    if text and report_year(text) is not None:
        return 0  # "2023年政府信息公开工作年度报告" is a report, "关于做好2023年…年度报告…的通知" news
    if _NOT_PLATFORM.search(text) or re.search(r"(通知|编制|解读|图解)", text):
        return 0
    score = max((w for rx, w in _COLUMN_TEXT if rx.search(text)), default=0)
    if url and _COLUMN_URL.search(urlsplit(url).path + "?" + urlsplit(url).query):
        score += 5
    return score


def is_column_page(page: Page) -> bool:
    """The page names itself a 年报 column (ColumnName meta or title)."""
    return column_score(column_name(page)) >= 6


# ---------------------------------------------------------------- links
def _context(a) -> str:
    """The label of the list a link sits in: a short heading just before one of its nearest
    containers (<h3>部门信息公开</h3><ul>…, <span>乡镇信息公开</span><select>…) or a container's own
    short caption. Long texts are content, and an element with links is a list, not a label."""
    bits: list[str] = []
    for anc in a.xpath("ancestor::*[not(self::body) and not(self::html)][position()<=4]"):
        prev = normalize(clean_text(" ".join(anc.xpath("preceding-sibling::*[1][not(self::a) and not(.//a) and not(.//option)]//text()").getall())))
        if 0 < len(prev) <= 15:
            bits.append(prev)
        own = normalize(clean_text(" ".join(anc.xpath("./text()").getall())))
        if 0 < len(own) <= 15:
            bits.append(own)
    return " ".join(bits)


_ID_FRAGMENT = re.compile(r"#(\d{2,})$")


def _absolute(base: str, href: str | None) -> str | None:
    """absolute(), keeping a numeric fragment: gkmlpt addresses its columns as /gkmlpt/index#721."""
    url = absolute(base, href)
    m = _ID_FRAGMENT.search((href or "").strip())
    return f"{url}#{m.group(1)}" if url and m else url


def _anchors(page: Page):
    """(url, text, element) for <a href>, <area href> and <option value=URL> (select-box lists)."""
    if not _is_html(page):
        return
    for a in page.selector.css("a[href], area[href]"):
        url = _absolute(page.url, a.attrib.get("href"))
        if url:
            text = clean_text(" ".join(a.css("::text").getall())) or clean_text(a.attrib.get("title"))
            yield url, normalize(text), a
    for opt in page.selector.css("option[value]"):
        value = (opt.attrib.get("value") or "").strip()
        if value.lower().startswith(("http://", "https://", "/")):
            url = absolute(page.url, value)
            if url:
                yield url, normalize(clean_text(" ".join(opt.css("::text").getall()))), opt


def frames(page: Page, domain: str) -> list[Link]:
    out: list[Link] = []
    if not _is_html(page):
        return out
    for f in page.selector.css("iframe[src], frame[src]"):
        url = absolute(page.url, f.attrib.get("src"))
        if url and in_domain(url, domain):
            out.append(Link(url, normalize(clean_text(f.attrib.get("title") or f.attrib.get("name"))), "frame", 5))
    return out


def is_agency_name(text: str) -> bool:
    return bool(_AGENCY.match(text)) and not is_ogi_report(text) and "公开" not in text


def candidates(page: Page, domain: str) -> list[Link]:
    """Every link of a discovery page worth following, best first (one per URL)."""
    here = (urlsplit(page.url).hostname or "").lower()
    best: dict[str, Link] = {}

    def keep(link: Link) -> None:
        old = best.get(link.url)
        if old is None or link.score > old.score:
            best[link.url] = link

    for url, text, el in _anchors(page):
        if not in_domain(url, domain) or len(text) > _MAX_TEXT or urlsplit(url).path.lower().endswith(
                (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".jpg", ".png", ".zip", ".rar")):
            continue
        cs = column_score(text, url)
        if cs < 6 and _GROUP_REPORT.match(text):
            cs = 6  # "区政府年报", "区直部门年报": a group's 年报 column (gkmlpt trees), never 统计年报
        if cs >= 6:
            keep(Link(url, text, "column", 100 + cs))
            continue
        if report_year(text) is not None and is_ogi_report(text):
            continue
        host = (urlsplit(url).hostname or "").lower()
        if is_agency_name(text) and not _ARTICLE_URL.search(url):
            ctx = _context(el)
            if host != here or _LIST_CONTEXT.search(ctx) or el.root.tag == "option":
                keep(Link(url, text, "subsite", 60, agency=text))
                continue
        if _NOT_PLATFORM.search(text):
            continue
        ps = max((w for rx, w in _PLATFORM_TEXT if rx.search(text)), default=0)
        if _PLATFORM_URL.search(urlsplit(url).path) or _PLATFORM_URL.match(host):
            ps += 3
        if ps >= 4 and not _ARTICLE_URL.search(url):
            keep(Link(url, text, "platform", 40 + ps))
    for link in frames(page, domain) + redirects(page, domain):
        keep(link)
    return sorted(best.values(), key=lambda link: (-link.score, link.url))


def redirects(page: Page, domain: str) -> list[Link]:
    """Where a shell page sends the browser: meta refresh or a script's location.replace/href."""
    out: list[Link] = []
    text = page.text[:20000]
    for rx in (_META_REFRESH, _SCRIPT_REDIRECT):
        for m in rx.finditer(text):
            url = absolute(page.url, m.group(1))
            if url and in_domain(url, domain) and url != page.url:
                out.append(Link(url, "", "platform", 90))
    return out


def subcolumns(page: Page, domain: str) -> list[Link]:
    """Inside a 年报 column: its year, 部门 / 乡镇 / 街道 and agency-named sub-columns, and frames.
    Only links below the column's own directory (zfxxgknb/2023n/, zfxxgknb/bm/fgj/ — never the
    site's navigation) that are not article or file addresses."""
    here = urlsplit(page.url)
    base = here.path.rsplit("/", 1)[0] + "/"
    out: dict[str, Link] = {}
    for url, text, el in _anchors(page):
        parts = urlsplit(url)
        if (parts.netloc != here.netloc or not parts.path.startswith(base) or parts.path == base
                or _ARTICLE_URL.search(url) or len(text) > _MAX_TEXT or url == page.url):
            continue
        if _YEAR_TEXT.match(text):
            out.setdefault(url, Link(url, text, "subcolumn", 30))
        elif _YEAR_URL.search(parts.path) and not text:
            out.setdefault(url, Link(url, text, "subcolumn", 25))
        elif _GROUP_TEXT.match(text):
            out.setdefault(url, Link(url, text, "subcolumn", 30))
        elif is_agency_name(text):
            out.setdefault(url, Link(url, text, "subcolumn", 28, agency=text))
        elif column_score(text, url) >= 6:
            out.setdefault(url, Link(url, text, "subcolumn", 29))
    for link in frames(page, domain):
        out.setdefault(link.url, link)
    return sorted(out.values(), key=lambda link: (-link.score, link.url))


# ---------------------------------------------------------------- compatibility
def find_column(page: Page) -> Link | None:
    """The best link to a 年报 column on this page, if any (same registered domain)."""
    domain = registered_domain(urlsplit(page.url).hostname or "")
    cols = [c for c in candidates(page, domain) if c.kind == "column"]
    return cols[0] if cols else None


def find_platform(page: Page) -> Link | None:
    """The best link to a 政府信息公开 platform on this page, if any."""
    domain = registered_domain(urlsplit(page.url).hostname or "")
    plats = [c for c in candidates(page, domain) if c.kind == "platform"]
    return plats[0] if plats else None
