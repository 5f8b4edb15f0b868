"""Cell text → number, per SPEC: blank = 0 inside a filled table; "—", "-", "/", "无" = 0;
full-width digits and thousands separators are normal numbers; amounts normalized to 万元.

Three outcomes, never a guess:
- `None`: the cell is not a value at all (a label, prose) — the mapper uses this to find where a
  row's label ends;
- a `Value` with a number: a clean number (or a documented pattern such as "10（含3件转办）", whose
  leading number is kept with a `warning`);
- a `Value` whose `number` is None: a value cell that does not print a clean number ("3万" in a 件
  column, "1 0", "一", a 5,000-digit string) — it yields no fact, only its `warning`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ZERO_MARKS = {"", "-", "—", "–", "―", "--", "——", "/", "\\", "无", "0.00", "－", "╱", "×", "空"}
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
# footnote marks and parenthesised units after a number: "5*", "12（件）", "3(个)"
_FOOTNOTE = re.compile(r"(?<=\d)(\*+|\([件个项次条]\)|[①②③④⑤])$")
_UNIT = re.compile(r"(万元|元|件|个|项|次|条|宗|人次|万)$")
_COUNT_UNITS = {"", "件", "个", "项", "次", "条", "宗", "人次"}
_MONEY_UNITS = {"", "元", "万元", "万"}
# "10（含3件转办）", "5(其中2件…)": a number followed by a note in brackets
_NOTED = re.compile(r"^([+-]?[\d,.]+(?:万元|元|件|个|项|次|条|宗|人次)?)\((.+)\)$")
# digits split by whitespace ("1 0"): two numbers or one? Never guessed.
_SPLIT_DIGITS = re.compile(r"\d\s+\d")
# A cell that is a value gone wrong rather than a label: it starts with a digit or sign (and is not
# numbered text such as "1.属于国家秘密" or "2023年"), or is a lone Chinese numeral ("一" typed for "—").
_VALUEISH = re.compile(r"^[+-]?\d[\d,.\s]*(?:万元|元|万|件|个|项|次|条|宗|人次)?(?:\(.*\))?$|^[一二三四五六七八九十〇零]$")
MAX_DIGITS = 15  # beyond this a float cannot hold the number exactly (and no table count is that big)


@dataclass(frozen=True)
class Value:
    number: int | float | None  # None: a value cell without a trustworthy number (no fact)
    blank: bool  # printed as nothing (or a dash): the number is the SPEC default 0
    warning: str | None = None  # why the number was refused, or what was left out of the cell


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    t = t.replace("\u2212", "-")  # MINUS SIGN, as real pages print "−18"
    t = re.sub(r"\s+", "", t)
    return t.replace("，", ",").replace("＋", "+")


def _refused(text: str, why: str) -> Value:
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:40] + f"…({len(shown)} chars)"
    return Value(None, False, f"cell {shown!r}: {why}; no value recorded")


@lru_cache(maxsize=65536)
def parse(text: str, unit: str = "件") -> Value | None:
    """The number a cell prints, or None when the cell is not a value (a label, prose). Cached:
    the mapper asks about the same few hundred cell texts many times per report."""
    t = _clean(text)
    if t in ZERO_MARKS or t in {"0元", "0万元"}:
        return Value(0, t != "0.00")
    if _SPLIT_DIGITS.search(unicodedata.normalize("NFKC", text or "").strip()):
        return _refused(text, "digits separated by a space") if _VALUEISH.match(t) else None
    v = _number(t, unit)
    if v is not None:
        return v
    m = _NOTED.match(t)
    if m:
        v = _number(m.group(1), unit)
        if v is not None and v.number is not None:
            return Value(v.number, False, f"cell {text.strip()!r}: kept the leading number {m.group(1)}, "
                                          f"not the note ({m.group(2)})")
    if _VALUEISH.match(t):
        return _refused(text, "not a clean number")
    return None


def _number(t: str, unit: str) -> Value | None:
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
    digits = len(whole.lstrip("0")) + len((frac or "").rstrip("0"))
    printed = f"{t}{unit_printed}"
    if digits > MAX_DIGITS:
        # int() of thousands of digits raises, float() of hundreds is inf: refuse before converting
        return _refused(printed, f"more than {MAX_DIGITS} significant digits")
    money = unit in ("万元", "元")  # "元": a 万元 code whose column header says the amounts are in 元
    if unit_printed not in (_MONEY_UNITS if money else _COUNT_UNITS):
        return _refused(printed, f"unit {unit_printed} in a {unit} column")
    if frac and set(frac) != {"0"}:
        number: int | float = float(f"{whole}.{frac}")
    else:
        number = int(whole)
    if sign == "-":
        number = -number
    if unit_printed == "元" or (unit == "元" and unit_printed == ""):
        number = yuan_to_wan(number)
    return Value(number, False)


def yuan_to_wan(number: float) -> int | float:
    """An amount printed in 元, stored in 万元 (SPEC: "251000元" → 25.1)."""
    out = round(number / 10000, 6)
    return int(out) if float(out).is_integer() else out


def is_value(text: str) -> bool:
    return parse(text) is not None
