"""Is this listing title an OGI annual report? Which year, which agency?

Titles in the wild: "XX县自然资源局2023年政府信息公开工作年度报告", "2023年度XX市政务公开年报",
"政府信息公开 工作 年度报告（2022年）", "二〇二一年政府信息公开工作年度报告". Look-alikes that are not
reports: 政府工作报告, 部门决算, 法治政府建设年度报告, 政府信息公开指南, and news *about* the
reports ("关于做好2023年政府信息公开工作年度报告编制工作的通知", "一图读懂…年度报告", "…解读").
"""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b]+")
_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "000012345678" + "9")
# Traditional forms real titles use (政府信息公開年度報告).
_TRADITIONAL = str.maketrans("開報務資訊區縣鎮廳", "开报务资讯区县镇厅")

# A report names the open-government subject and the annual-report genre.
_SUBJECT = re.compile(r"(政府信息公开|政务信息公开|信息公开|政务公开)")
_GENRE = re.compile(r"(年度报告|年报|年度工作报告|工作情况报告|年度工作情况报告)")
# "…政府信息公开工作报告" is a report when it names the year it covers.
_GENRE_WITH_YEAR = re.compile(r"(政府信息公开|政务信息公开|信息公开|政务公开)(工作)?(开展)?(情况)?报告")
_GENRE_LOOSE = re.compile(r"年度.*(政府信息公开|政务公开|信息公开)工作报告")
# News, notices, commentary and forms about the reports, never the report itself.
_NOT_A_REPORT = re.compile(
    r"(通知|会议|召开|培训|部署|编制|解读|图解|一图|读懂|评估|考核|检查|督查|通报|发布会|征集|意见|做好|报送|审核|指南|"
    r"目录|决算|预算|法治政府|统计公报|工作要点|要点|落实情况|的函|申请表|申请书|实施方案|专栏说明|说明$|模板|格式|"
    r"政府网站|工作报表)"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度)")
_YEAR_BARE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CN_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年")
_SUBJECT_START = re.compile(r"(关于)?(\d{4}年度?)?(本级)?(政府信息公开|政务信息公开|信息公开|政务公开|政府（机关）信息公开|政府\(机关\)信息公开)")
_EDGE_PUNCT = "　 \t-—_·:：,，.。、|｜/\\【】[]《》<>「」\"'“”()（）"
# "Page 4 - X…": the page title of a flip-book rendering of the report.
_FLIPBOOK = re.compile(r"^Page\d+-", re.IGNORECASE)
# A trailing parenthesis: the agency ("…年度报告（沂南县教育和体育局）"), the year ("（2022年）") or
# the edition ("（图片版）", "（超链版）").
_TRAILING_PAREN = re.compile(r"[（(]([^（）()]+)[）)]$")
_EDITION = re.compile(r"(版|稿|全文|附件|修订|更正)$")
_AGENCY_END = re.compile(r"(政府|委员会|委|局|厅|办公室|办|院|所|处|站|室|中心|街道|街道办事处|镇|乡|区|县|市|省|"
                         r"旗|盟|州|管委会|管理委员会|会|队|馆|社|部|署|司|集团|公司|学校|大学|医院)$")


def normalize(title: str) -> str:
    """NFKC (full-width digits/letters → ASCII), traditional → simplified for the words that
    matter, Chinese-numeral years → digits, no spaces, no "Page N -" flip-book prefix."""
    text = unicodedata.normalize("NFKC", title or "").translate(_TRADITIONAL)
    text = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)
    return _FLIPBOOK.sub("", _SPACE.sub("", text))


def is_ogi_report(title: str) -> bool:
    text = normalize(title)
    if not _SUBJECT.search(text):
        return False
    genre = (_GENRE.search(text) or _GENRE_LOOSE.search(text)
             or (_GENRE_WITH_YEAR.search(text) and (_YEAR.search(text) or _YEAR_BARE.search(text))))
    if not genre:
        return False
    return not _NOT_A_REPORT.search(text)


def report_year(title: str) -> int | None:
    """The year the report covers, as printed in the title (None when the title has none)."""
    text = normalize(title)
    match = _YEAR.search(text) or _YEAR_BARE.search(text)
    return int(match.group(1)) if match else None


def agency(title: str) -> str | None:
    """The agency a report title names: before the subject ("XX县自然资源局2023年政府信息公开
    工作年度报告", "2023年度XX县自然资源局政务公开年报", "X（Y）2023年…", a two-line "X / 2023年…"),
    or in a trailing parenthesis ("2023年度政府信息公开工作年度报告（沂南县教育和体育局）").
    None when the title names none (the site's own report, "本级政府（机关）…")."""
    text = normalize(title)
    paren = _TRAILING_PAREN.search(text)
    if paren:
        inner = paren.group(1)
        text = text[: paren.start()]
        if not _YEAR_BARE.search(inner) and not _EDITION.search(inner) and _AGENCY_END.search(inner):
            return _full_width_parens(inner)
    text = re.sub(r"^[\[【(（]?\d{4}(年度|年)?[\]】)）]?", "", text)  # leading year
    subject = _SUBJECT_START.search(text)
    head = text[: subject.start()] if subject else ""
    head = re.sub(r"\d{4}(年度|年)?$", "", head.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)
    head = re.sub(r"^关于", "", head)
    if head.endswith("人民"):  # "XX县人民政府信息公开…": the subject's 政府 is the agency's
        head += "政府"
    if head.count("(") > head.count(")"):  # "X（Y）2023年…": the edge strip took Y's ）
        head += ")"
    return _full_width_parens(head) or None


def _full_width_parens(name: str) -> str:
    """Agency names are written with full-width parentheses, as registries and sites print them."""
    return name.replace("(", "（").replace(")", "）")


_COLUMN_GENRE = re.compile(r"(年报|年度报告)$")
_OTHER_YEARBOOK = re.compile(r"(统计|财务|企业|工商|社会责任|质量|环境|信用)")  # other kinds of 年报


def is_report_column(name: str) -> bool:
    """A column named as a 年报 column: a report-like name ("政府信息公开年报"), or the genre alone
    or after a group ("年报", "部门年报", "乡镇年度报告") as menus under 政府信息公开 name them."""
    text = normalize(name)
    return is_ogi_report(text) or (bool(_COLUMN_GENRE.search(text)) and len(text) <= 12
                                   and not _NOT_A_REPORT.search(text) and not _OTHER_YEARBOOK.search(text))


def is_report_entry(title: str, date: str | None, column: str | None = None) -> bool:
    """A listing item that is an OGI report: a report title that names a year, or is dated in the
    list. The column's own name in a menu ("政府信息公开年报") has neither. In a column that is
    itself a 年报 column (its `<meta name="ColumnName">`, `column`), a dated item titled with
    nothing but an agency's name is that agency's report (real sites do this)."""
    if is_ogi_report(title):
        return report_year(title) is not None or date is not None
    if column and date and is_report_column(column) and not _NOT_A_REPORT.search(normalize(title)):
        name = normalize(title)
        return bool(_AGENCY_END.search(name)) and not _SUBJECT.search(name) and len(name) <= 40
    return False


# --- attribution ------------------------------------------------------------------------------

_NOT_AGENCY = re.compile(r"^(本站|本网|本网站|网站|网站管理员|管理员|编辑部?|系统|原创|转载|佚名|admin)$", re.IGNORECASE)
ATTRIBUTION_SOURCES = ("title", "body", "publisher", "section", "site")
# A body's heading: an agency, the year, the subject and the genre ("XX局 2023 年政府信息公开工作
# 年度报告"); text nodes are joined by spaces, so the agency is what runs up to the year without a
# space, digit or punctuation (a page's "来源：XX区人民政府" line before it is another run).
def _spaced(word: str) -> str:
    return r"\s*".join(word)  # a heading wrapped across lines in a PDF ("年政\n府信息公开")


_BODY_HEADING = re.compile(r"([^\s\d:：,，.。；;、()（）]{2,40}?)\s*((?:19|20)\d{2})\s*年\s*度?\s*(?:"
                           + "|".join(_spaced(w) for w in ("政府信息公开", "政务公开", "信息公开"))
                           + r")\s*" + _spaced("工作年度报告"))


def _body_headings(body_text: str | None):
    text = unicodedata.normalize("NFKC", (body_text or "")[:300]).translate(_TRADITIONAL)
    text = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)
    for m in _BODY_HEADING.finditer(_SPACE.sub(" ", text)):
        name = clean_agency(m.group(1))
        if name:
            yield name, int(m.group(2))


def body_agency(body_text: str) -> str | None:
    """The agency a report body names in its heading ("XX局2023年政府信息公开工作年度报告" at the
    top of the text), else None ("现将2023年度…报告如下" names none)."""
    return next((name for name, _year in _body_headings(body_text)), None)


def body_year(body_text: str | None) -> int | None:
    """The year a report body's heading names, else None."""
    return next((year for _name, year in _body_headings(body_text)), None)


def attribute(site_name: str, title: str | None = None, body_text: str | None = None,
              publisher: str | None = None, section: str | None = None) -> tuple[str, str]:
    """(agency, source) for a report, from the first that names one: the report's own title,
    its body's heading, the page's 发布机构, the sub-column or sub-site it was found under, then
    the site's owner. A name that is the site's own ("西宁市" on 西宁市人民政府's site) is the
    site's agency, credited to where it was found; a 发布机构 that is the site's own office
    (XX县人民政府办公室 publishing the government's report) names no other agency. `source` is
    one of ATTRIBUTION_SOURCES. The one rule: the crawler credits every document by it."""
    publisher = clean_agency(publisher)
    if publisher and site_name and (publisher.startswith(site_name) or site_name.startswith(publisher)):
        publisher = None
    candidates = (("title", agency(title) if title else None),
                  ("body", body_agency(body_text) if body_text else None),
                  ("publisher", publisher),
                  ("section", clean_agency(section)))
    for source, name in candidates:
        if name:
            return (site_name if site_name.startswith(name) else name), source
    return site_name, "site"


def clean_agency(name: str | None) -> str | None:
    """An agency name as a page prints it (发布机构：XX局), or None when it is not one (本站,
    网站管理员, a date)."""
    text = normalize(name or "").strip(_EDGE_PUNCT)
    if not text or _YEAR_BARE.search(text) or not _AGENCY_END.search(text) or len(text) > 40 or _NOT_AGENCY.search(text):
        return None
    return text


_TOWNSHIP = re.compile(r"(镇|乡|街道|街道办事处|苏木|民族乡)(人民政府|办事处)?$")


_PLACE = re.compile(r"(省|市|县|区|旗|盟|州|镇|乡|街道|苏木|村|社区)")


def agency_level(agency: str, site_name: str, site_level: str, section: str | None = None) -> str:
    """Level of the agency that published a report found on a site: the site's own level for the
    site's agency, township for 镇/乡/街道, else department (局, 委, 厅, 办 … of that government).
    A name without a place in it ("党政办公室") is an office of the sub-platform it was found
    under (`section`, e.g. 张庄镇人民政府), and has that platform's level."""
    if not agency or agency == site_name:
        return site_level
    if section and section != agency and not _PLACE.search(agency[:-1]):
        return agency_level(section, site_name, site_level)
    if _TOWNSHIP.search(agency):
        return "township"
    return "department"
