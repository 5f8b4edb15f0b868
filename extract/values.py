"""Cell text → number, per SPEC: blank = 0 inside a filled table; "—", "-", "/", "无" = 0;
full-width digits and thousands separators are normal numbers; amounts normalized to 万元."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZERO_MARKS = {"", "-", "—", "–", "―", "--", "——", "/", "\\", "无", "0.00", "－", "一", "╱", "×", "空"}
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
# footnote marks and parenthesised units after a number: "5*", "12（件）", "3(个)"
_FOOTNOTE = re.compile(r"(?<=\d)(\*+|\([件个项次条]\)|[①②③④⑤])$")
_UNIT = re.compile(r"(万元|元|件|个|项|次|条|宗|人次|万)$")


@dataclass(frozen=True)
class Value:
    number: int | float
    blank: bool  # printed as nothing (or a dash): the number is the SPEC default 0


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"\s+", "", t)
    return t.replace("，", ",").replace("＋", "+")


def parse(text: str, unit: str = "件") -> Value | None:
    """The number a cell prints, or None when the cell is not a value (a label, prose)."""
    t = _clean(text)
    if t in ZERO_MARKS or t in {"0元", "0万元"}:
        return Value(0, t != "0.00")
    t = _FOOTNOTE.sub("", t)
    unit_printed = ""
    m_unit = _UNIT.search(t)
    if m_unit:
        unit_printed = m_unit.group(1)
        t = t[: m_unit.start()]
    if t.startswith(("增加", "增")):
        t = t.lstrip("增加")
    elif t.startswith(("减少", "减")):
        t = "-" + t.lstrip("减少")
    m = _NUMBER.match(t)
    if not m:
        return None
    sign, whole, frac = m.groups()
    whole = whole.replace(",", "")
    if frac and set(frac) != {"0"}:
        number: int | float = float(f"{whole}.{frac}")
    else:
        number = int(whole)
    if sign == "-":
        number = -number
    if unit == "万元" and unit_printed == "元":
        number = round(number / 10000, 6)
        if float(number).is_integer():
            number = int(number)
    return Value(number, False)


def is_value(text: str) -> bool:
    return parse(text) is not None
