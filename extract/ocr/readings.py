"""Which reading of a cell to keep, and how sure to be of it.

A value-shaped cell is read three times: by the Chinese model (t1), by the English model with a
digits-only whitelist (t2) and by the Chinese+English model (t3, which reads digits well and still
knows 元, 万元 and 无). `decide` keeps one of those readings — never a number computed from them —
and a confidence that says how far the readings agree. A misread that the passes disagree on is
thus flagged, not silently believed; one they agree on almost always breaks a SPEC check.
"""
from __future__ import annotations

import re

from ..values import parse

DISAGREE_CONFIDENCE = 0.3  # two readings of a value that disagree
ONE_READING = 0.6  # a value only one pass could read
UNREAD_CONFIDENCE = 0.0  # ink that no pass could read
SURE_LABEL = 0.9  # a Chinese reading this sure of one or two characters is a label
LABEL_CONFIDENCE = 0.5  # ... of three or more characters

_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_WORDS = set("元万无一")  # characters a value cell may print (units, zero marks)
_UNIT = re.compile(r"(万元|元)$")


def cjk(text: str) -> int:
    """How many Chinese characters of a word (not a unit or zero mark) a reading has."""
    return sum(1 for ch in _CJK.findall(text) if ch not in _NOT_WORDS)


def sure_label(text: str, conf: float) -> bool:
    """The Chinese model is sure it read words (a digit misread as a character is never this
    sure, nor three characters long)."""
    n = cjk(text)
    return (n >= 1 and conf >= SURE_LABEL) or (n >= 3 and conf >= LABEL_CONFIDENCE)


def number(text: str):
    """The value of a reading that prints a digit, else None."""
    v = parse(text)
    return v if v is not None and any(ch.isdigit() for ch in text) else None


def _digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def decide(t1: str, c1: float, t2: str, c2: float, t3: str, c3: float) -> tuple[str, float]:
    """(text, confidence) to keep for a value-shaped cell read as t1/t2/t3 (see the module doc):
    - t1 and t3 both read characters (no number): a short label ("规章"), whatever digits the
      digits-only pass forced onto it;
    - t2 and t3 read the same number: t3 (units included), the better confidence;
    - a zero mark (—, /, 无) in which the digits pass finds no digit: the zero mark;
    - only one of t2/t3 reads a number: that one, capped at ONE_READING (flagged);
    - t2 and t3 read different numbers: the digits reading, at DISAGREE_CONFIDENCE (flagged);
    - no number at all: the Chinese reading when it is a plausible label, else nothing at
      confidence 0 — ink nobody could read is flagged, never guessed (and never left as a stray
      character that would pass for a row label)."""
    n2, n3 = number(t2), number(t3)
    if cjk(t3) and n3 is None and cjk(t1):
        return t1, max(c1, c3)
    if n2 is not None and n3 is not None:
        if n2.number == n3.number:
            return t3, max(c2, c3)
        unit = _UNIT.search(t3)
        # "251000元": the digits pass reads the 元 as some digit; the numbers agree up to it
        if unit and _digits_of(t2).startswith(_digits_of(t3)) and len(_digits_of(t3)) >= 2:
            return t3, min(c2, c3)
        return t2 + (unit.group(0) if unit else ""), min(c2, c3, DISAGREE_CONFIDENCE)
    for zero, conf in ((t3, c3), (t1, c1)):
        v = parse(zero) if zero.strip() else None  # an empty reading is no reading, not a blank
        if v is not None and v.blank and n2 is None:
            return zero, conf
    if n2 is not None or n3 is not None:
        text, conf = (t2, c2) if n2 is not None else (t3, c3)
        return text, min(conf, ONE_READING)
    if t1 and (c1 >= LABEL_CONFIDENCE or cjk(t1) > 2):
        return t1, c1
    return "", UNREAD_CONFIDENCE
