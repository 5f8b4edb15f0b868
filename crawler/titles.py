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

# A report names the open-government subject and the annual-report genre.
_SUBJECT = re.compile(r"(政府信息公开|政务信息公开|信息公开|政务公开)")
_GENRE = re.compile(r"(年度报告|年报|年度工作报告)")
_GENRE_LOOSE = re.compile(r"年度.*(政府信息公开|政务公开|信息公开)工作报告")
# News, notices and commentary about the reports, never the report itself.
_NOT_A_REPORT = re.compile(
    r"(通知|会议|召开|培训|部署|编制|解读|图解|一图|读懂|评估|考核|检查|督查|通报|发布会|征集|意见|做好|报送|审核|指南|"
    r"目录|决算|预算|法治政府|统计公报|工作要点|实施方案|专栏说明|说明$)"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度)")
_YEAR_BARE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CN_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年")
_SUBJECT_START = re.compile(r"(关于)?(\d{4}年度?)?(政府信息公开|政务信息公开|信息公开|政务公开)")
_EDGE_PUNCT = "　 \t-—_·:：,，.。、|｜/\\【】[]《》<>「」\"'“”()（）"


def normalize(title: str) -> str:
    """NFKC (full-width digits/letters → ASCII), Chinese-numeral years → digits, no spaces."""
    text = unicodedata.normalize("NFKC", title or "")
    text = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)
    return _SPACE.sub("", text)


def is_ogi_report(title: str) -> bool:
    text = normalize(title)
    if not _SUBJECT.search(text):
        return False
    if not (_GENRE.search(text) or _GENRE_LOOSE.search(text)):
        return False
    return not _NOT_A_REPORT.search(text)


def report_year(title: str) -> int | None:
    """The year the report covers, as printed in the title (None when the title has none)."""
    text = normalize(title)
    match = _YEAR.search(text) or _YEAR_BARE.search(text)
    return int(match.group(1)) if match else None


def agency(title: str) -> str | None:
    """The agency named in a report title, e.g. "XX县自然资源局" from
    "XX县自然资源局2023年政府信息公开工作年度报告" or "2023年度XX县自然资源局政务公开年报"."""
    text = normalize(title)
    text = re.sub(r"^[\[【(（]?\d{4}(年度|年)?[\]】)）]?", "", text)  # leading year
    subject = _SUBJECT_START.search(text)
    head = text[: subject.start()] if subject else ""
    head = re.sub(r"\d{4}(年度|年)?$", "", head.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)
    head = re.sub(r"^关于", "", head)
    return head or None


def is_report_entry(title: str, date: str | None) -> bool:
    """A listing item that is an OGI report: a report title that names a year, or is dated in the
    list. The column's own name in a menu ("政府信息公开年报") has neither."""
    if not is_ogi_report(title):
        return False
    return report_year(title) is not None or date is not None


_TOWNSHIP = re.compile(r"(镇|乡|街道|街道办事处|苏木|民族乡)(人民政府|办事处)?$")


def agency_level(agency: str, site_name: str, site_level: str) -> str:
    """Level of the agency that published a report found on a site: the site's own level for the
    site's agency, township for 镇/乡/街道, else department (局, 委, 厅, 办 … of that government)."""
    if not agency or agency == site_name:
        return site_level
    if _TOWNSHIP.search(agency):
        return "township"
    return "department"
