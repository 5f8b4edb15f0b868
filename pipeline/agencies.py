"""Agency identity: the same agency in different years gets the same agency_id.

Rule (docs/dataset.md, "Agency identity"):
1. normalize the published name: Unicode NFKC (full-width → half-width), drop every whitespace
   and zero-width character, unify brackets to ( ), drop quote marks, drop a leading year
   ("2023年") and a trailing "政府信息公开工作年度报告" that leaked from a title;
2. follow data/registry/agency_renamings.csv (old_name → new_name, optionally limited to one
   region_code; chains are followed) to the newest name;
3. agency_id = "ag-" + the first 16 hex digits of SHA-256(region key + "|" + that name), where the
   region key is the region code of the site the report came from. An agency without a region
   code is keyed by its site ("site:<site_id>") and flagged as not placed — it is kept, never
   dropped, and never merged with a namesake elsewhere (every county has a 财政局). A report with
   no agency name at all is keyed by its own document, so it can never swallow another report.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from .registry import RegistryError

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")",
                           "［": "(", "］": ")", "〈": "(", "〉": ")"})
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_LEADING_YEAR = re.compile(r"^(19|20)\d{2}年度?")
_TRAILING_TITLE = re.compile(r"(关于)?(\d{4}年度?)?(政府信息公开)?(工作)?年度报告$")


def normalize_name(name: str | None) -> str:
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name)
    s = _SPACE.sub("", s).translate(_BRACKETS)
    s = _QUOTES.sub("", s)
    s = _LEADING_YEAR.sub("", s)
    s = _TRAILING_TITLE.sub("", s)
    return s


class Renamings:
    """old → new name links from agency_renamings.csv, each global or bound to one region."""

    def __init__(self, rows: list[dict[str, str]]):
        self.links: dict[tuple[str, str], str] = {}
        for r in rows:
            old, new = normalize_name(r["old_name"]), normalize_name(r["new_name"])
            if old and new and old != new:
                self.links[(r.get("region_code") or "", old)] = new

    def resolve(self, name: str, region_code: str | None) -> str:
        seen = [name]
        while True:
            nxt = self.links.get((region_code or "", name)) or self.links.get(("", name))
            if nxt is None:
                return name
            if nxt in seen:
                raise RegistryError("agency_renamings.csv: renaming cycle " + " → ".join(seen + [nxt]))
            seen.append(nxt)
            name = nxt


def region_key(region_code: str | None, site_id: str | None) -> str:
    if region_code:
        return region_code
    return f"site:{site_id}" if site_id else "unplaced"


def agency_id(key: str, canonical_name: str) -> str:
    return "ag-" + hashlib.sha256(f"{key}|{canonical_name}".encode()).hexdigest()[:16]


def identify(name: str | None, region_code: str | None, site_id: str | None, renamings: Renamings,
             document_key: str) -> tuple[str, str]:
    """(agency_id, canonical normalized name) of one published name in one place."""
    norm = normalize_name(name)
    if not norm:
        return agency_id(f"doc:{document_key}", ""), ""
    canonical = renamings.resolve(norm, region_code)
    return agency_id(region_key(region_code, site_id), canonical), canonical
