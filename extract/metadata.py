"""Report metadata from the title or first lines: agency, year, statistics period; and whether a
document is an OGI annual report at all (政府工作报告, 指南 and 决算 are not)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import norm

_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"[二][〇○零][一二三四五六七八九〇○零]{2}")

# "…2024年度政府信息公开工作年度报告", "…2023年政务公开工作年度报告", "…2022年信息公开年报"
_TITLE = re.compile(
    r"^(?P<pre>.*?)(?:关于)?(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<mid>.*?)"
    r"(?:政府\s*信息\s*公开|政务\s*公开|信息\s*公开)\s*(?:工作)?\s*(?:年度\s*报告|年\s*报|工作\s*报告)"
)
_YEARLESS_TITLE = re.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度报告|年报)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_AGENCY_SUFFIX = re.compile(
    r"(委员会|管委会|办公室|办公厅|人民政府|政府|局|厅|部|委|署|院|中心|所|站|处|队|会|镇|乡|街道|街道办事处|"
    r"办事处|公司|集团|馆|校|大学|法院|检察院|支队|分局|园区|开发区|办)$"
)
_NOT_OGI = {
    "政府工作报告": "a 政府工作报告 (government work report), not an OGI annual report",
    "决算": "a 决算 (final accounts), not an OGI annual report",
    "预算": "a 预算 (budget), not an OGI annual report",
    "指南": "a 政府信息公开指南 (guide), not an OGI annual report",
    "法治政府建设": "a 法治政府建设 report, not an OGI annual report",
}
_PERIOD = re.compile(
    r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日[起至到—\-－~～]*至?((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"
)


@dataclass
class Meta:
    agency: str | None
    year: int | None
    title: str | None
    period: dict | None


def _arabic_year(text: str) -> str:
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[ch] for ch in m.group(0)), text)


def _clean_agency(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    # a CMS metadata row printed before the report ("标题：沭阳县发展和改革局2023年…", kept by a page
    # saved as a file) names the field, not the agency
    name = re.sub(r"^(?:文章|信息)?(?:标题|题名|名称)[:：]", "", name)
    name = re.sub(r"^(关于|印发)", "", name)
    name = name.strip("《》“”\"'：:，,。 ")
    return name


def looks_like_agency(text: str) -> bool:
    t = _clean_agency(text)
    return 2 <= len(t) <= 40 and not re.search(r"[。；;，,！!？?]", t) and bool(_AGENCY_SUFFIX.search(t))


def find_title(lines: list[str]) -> tuple[int, re.Match] | None:
    """(index of the title's first line, match). A long title is often broken over two lines
    ("海东工业园区 2021 年政府信息公开" / "工作年度报告"), so each line is also tried joined with the next."""
    for joined in (False, True):
        for i, raw in enumerate(lines):
            t = raw + (lines[i + 1] if joined and i + 1 < len(lines) else "")
            t = _arabic_year(norm(t))
            if len(t) > 80:
                continue
            m = _TITLE.search(t)
            if m:
                return i, m
    return None


def _title_with_agency(lines: list[str], found: tuple[int, re.Match]) -> tuple[int, re.Match]:
    """A page that prints the title twice, the second time under the agency's own line
    ("2022年…年度报告" / "桃江县松木塘镇人民政府" / "2022年…年度报告"): the one that names the agency."""
    if _has_agency(lines, found):
        return found
    i = found[0]
    for k in range(i + 1, min(i + 4, len(lines))):
        again = find_title(lines[k:k + 1])
        if again and _has_agency(lines, (k, again[1])) and again[1].group("year") == found[1].group("year"):
            return k, again[1]
    return found


# "现将茅坪回族镇2022年度政府信息公开工作报告如下": the report introducing itself in its first paragraph
_INTRO = re.compile(r"现[将就](?P<pre>[^，。,；;《》“”]{0,30}?)(?P<year>(?:19|20)\d{2})年度?"
                    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告如下")


def _has_agency(lines: list[str], found: tuple[int, re.Match]) -> bool:
    i, m = found
    return bool(_clean_agency(m.group("pre")) or _clean_agency(m.group("mid"))
                or (i > 0 and looks_like_agency(lines[i - 1])))


def metadata(first_lines: list[str], all_text: str, container_title: str | None = None) -> Meta:
    """Agency and year from the report's title line (or the line before it, where the agency is
    often printed on its own), else from the container's title (HTML <title>)."""
    lines = [l for l in first_lines if l.strip()][:25]
    agency = year = title = None
    found = find_title(lines)
    if found:
        found = _title_with_agency(lines, found)
    if container_title and (found is None or not _has_agency(lines, found)):
        # The printed title has no agency (or there is no title line): the container's title
        # (HTML <title>, PDF Info Title) often names it — for the same year only.
        outer = find_title([container_title])
        if outer and (found is None or outer[1].group("year") == found[1].group("year")):
            found, lines = outer, [container_title]
    if found:
        i, m = found
        title = m.group(0)
        year = int(m.group("year"))
        before = _clean_agency(m.group("pre"))
        between = _clean_agency(m.group("mid"))
        previous = _clean_agency(lines[i - 1]) if i > 0 else ""
        if previous and looks_like_agency(previous) and (not before or previous.startswith(before) or before in previous):
            agency = previous
        elif before:
            agency = before
        elif between and 2 <= len(between) <= 30 and not re.search(r"[。；;，,]", between):
            agency = between  # "2023年北京市政府信息公开工作年度报告": the agency follows the year
        elif previous and looks_like_agency(previous):
            agency = previous
    period = None
    pm = _PERIOD.search(norm(all_text))
    if pm:
        y1, m1, d1, y2, m2, d2 = pm.groups()
        period = {"start": f"{y1}-{int(m1):02d}-{int(d1):02d}", "end": f"{y2}-{int(m2):02d}-{int(d2):02d}"}
    if found is None:
        intro = _INTRO.search(_arabic_year(norm(" ".join(lines))))
        if intro:
            year = int(intro.group("year"))
            named = _clean_agency(intro.group("pre"))
            if looks_like_agency(named) and not named.startswith(("本", "我")):
                # "茅坪回族镇" is the 镇's 人民政府 when the report names it so
                full = re.search(re.escape(named) + r"(人民政府|政府)", norm(all_text))
                agency = named + full.group(1) if full and named.endswith(("镇", "乡", "县", "区", "市")) else named
            return Meta(agency, year, None, period)
    if found is None:
        # A title without its year ("政府信息公开工作年度报告" under a separate "2023年度" line):
        # the agency from the line above, the year from the nearby lines or the statistics period.
        for i, raw in enumerate(lines):
            t = norm(raw)
            if len(t) <= 60 and _YEARLESS_TITLE.search(t):
                title = t
                before = _clean_agency(_YEARLESS_TITLE.split(t)[0])
                agency = before or (_clean_agency(lines[i - 1]) if i > 0 and looks_like_agency(lines[i - 1]) else None)
                near = _YEAR.search(_arabic_year(norm(" ".join(lines[max(0, i - 2): i + 3]))))
                year = int(near.group(1)) if near else (int(period["start"][:4]) if period else None)
                break
    return Meta(agency or None, year, title, period)


def not_ogi_reason(first_lines: list[str], container_title: str | None) -> str | None:
    """Why a document without statistical tables is something else (for `reports: []`)."""
    head = norm(" ".join([container_title or ""] + [l for l in first_lines if l.strip()][:5]))
    for word, reason in _NOT_OGI.items():
        if word in head:
            return reason
    return None
