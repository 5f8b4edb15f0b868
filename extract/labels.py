"""Label normalization and fuzzy matching: the printed labels of real reports carry stray spaces,
full/half-width brackets, numbering ("（三）", "3、", "1.") and misprints; matching survives them."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Numbering printed before a label: 一、 （三） (3) 3、 1. 1． ①
_NUMBERING = re.compile(r"^(?:[(\[]?[一二三四五六七八九十\d]{1,3}[)\]、.,:]|[①-⑩])+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


def norm(text: str) -> str:
    """Comparable form of a printed label: NFKC (full-width → half-width, （ → ( ), no whitespace,
    straight quotes."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return _SPACE.sub("", text).replace("\u3000", "")


def strip_numbering(normed: str) -> str:
    return _NUMBERING.sub("", normed)


def core(text: str) -> str:
    """A label without whitespace, width variants or leading numbering."""
    return strip_numbering(norm(text))


def similarity(a: str, b: str) -> float:
    """How alike two cored labels are, 0..1. Containment of a long enough fragment counts as a
    strong match (wrapped cells, labels with a parenthetical dropped)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) >= 4 and shorter in longer:
        return 0.9 + 0.1 * len(shorter) / len(longer)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=65536)
def alike(a: str, b: str, threshold: float) -> bool:
    """`similarity(a, b) >= threshold`, without the SequenceMatcher run when the lengths alone rule
    it out: its ratio is 2·matches / (len a + len b) and matches ≤ the shorter length. The mapper
    asks this of every cell of every line, prose included, against a few labels."""
    if not a or not b:
        return threshold <= 0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if a != b and not (len(shorter) >= 4 and shorter in longer) and \
            2 * len(shorter) / (len(a) + len(b)) < threshold:
        return False
    return similarity(a, b) >= threshold


def best_match(text: str, candidates: Iterable[tuple[str, Iterable[str]]], threshold: float = 0.8):
    """(key, score) of the candidate whose labels best match `text`, or (None, score)."""
    frozen = tuple((key, tuple(labels)) for key, labels in candidates)
    return _best_match(core(text), frozen, threshold)


@lru_cache(maxsize=65536)
def _best_match(c: str, candidates: tuple[tuple[str, tuple[str, ...]], ...], threshold: float):
    # Reports repeat the same few hundred labels: memoizing keeps the mapper off the profile.
    best_key, best_score = None, 0.0
    scores: dict[str, float] = {}
    for key, labels in candidates:
        for label in labels:
            s = similarity(c, _core_cached(label))
            scores[key] = max(scores.get(key, 0.0), s)
            if s > best_score:
                best_key, best_score = key, s
    # a fragment that fits two keys equally well ("信息公开申请数量": the tail of both 本年新收…
    # and 上年结转…, its head cut off) names neither
    tied = sum(1 for s in scores.values() if s == best_score)
    if best_score >= threshold and tied == 1:
        return best_key, best_score
    return None, best_score


@lru_cache(maxsize=4096)
def _core_cached(label: str) -> str:
    return core(label)
