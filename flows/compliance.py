"""`ogi compliance [REGION] [--year] [--level]`: who owed a report, who published it, on time,
complete and sound — the `region_compliance` and `compliance` marts, drilled down one level.

No REGION: one row per province. A province: the province and its prefectures. A prefecture:
it and its counties, then the prefecture's own agencies. A county: its agencies, one line each.
Every number is a count from the marts (docs/dataset.md, "Compliance"); nothing is scored."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import UserError
from .sqlfiles import sql

LEVELS = ("all", "central", "province", "city", "county", "department", "township")


@dataclass
class ComplianceView:
    year: int
    level: str
    title: str
    regions: list[dict]
    agencies: list[dict]


def _rows(con, name: str, params: dict) -> list[dict]:
    text = sql(name)  # DuckDB refuses named parameters a statement does not use
    rel = con.execute(text, {k: v for k, v in params.items() if f"${k}" in text})
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def find(con, region: str | None, year: int | None, level: str = "all") -> ComplianceView:
    if level not in LEVELS:
        raise UserError(f"unknown level {level!r}: one of {', '.join(LEVELS)}")
    if year is None:
        year = con.execute(sql("compliance_years")).fetchone()[0]
        if year is None:
            raise UserError("nobody owes a report yet: the registry is empty or every deadline lies ahead")
    place = {"province": None, "city": None, "county": None}
    depth, title = 0, "全国"
    if region:
        found = _rows(con, "compliance_region", {"region": region.strip()})
        if not found:
            raise UserError(f"unknown region {region!r}: give a GB/T 2260 code or a name from the regions table")
        r = found[0]
        place = {"province": r["province"], "city": r["city"], "county": r["county"]}
        depth = {"province": 1, "prefecture": 2, "city": 2}.get(r["level"], 3)
        title = f"{r['name']} ({r['code']})"
    params = {"year": year, "level": level, "depth": depth, **place}
    regions = _rows(con, "compliance_children", params)
    agencies = _rows(con, "compliance_agencies", params) if depth >= 2 else []
    if not regions and not agencies:
        raise UserError(f"no agency in {title} owed or published a report for {year}")
    return ComplianceView(year, level, title, regions, agencies)


def _share(v) -> str:
    return "" if v is None else f"{100 * v:.0f}%"


def render(view: ComplianceView, console) -> None:
    from rich.table import Table

    t = Table(title=f"{view.title} · {view.year} 年度报告 · level {view.level}")
    for c in ("region", "owed", "published", "on time", "late", "complete", "sound", "unregistered",
              "published %", "on time %", "complete %", "sound %"):
        t.add_column(c, justify="left" if c == "region" else "right")
    for r in view.regions:
        t.add_row(r["region"], *(str(r[k]) for k in ("owed", "published", "on_time", "late", "complete", "sound",
                                                     "published_unregistered")),
                  *(_share(r[k]) for k in ("published_share", "on_time_share", "complete_share", "sound_share")))
    console.print(t)
    if not view.agencies:
        return
    a = Table(title="agencies")
    for c in ("agency", "level", "owed", "published", "source", "deadline", "days", "on time", "complete",
              "failed checks", "layout current"):
        a.add_column(c)
    yes = {True: "yes", False: "[red]no[/]", None: ""}
    for r in view.agencies:
        a.add_row(r["agency"], r["level"] or "", "yes" if r["expected"] else "not registered",
                  str(r["published_at"] or ("—" if r["published"] else "[red]missing[/]")),
                  r["published_source"] or "", str(r["deadline"] or "none (township)"),
                  "" if r["days_after_deadline"] is None else f"{r['days_after_deadline']:+d}",
                  yes[r["on_time"]], yes[r["complete"]],
                  "" if r["n_failed_checks"] is None else str(r["n_failed_checks"]), yes[r["layout_current"]])
    console.print(a)
