"""Expected reports: who owes a 政府信息公开工作年度报告 for which year (docs/INTERFACES.md).

条例 (2019) art. 49: every 县级以上人民政府部门 publishes its report by 31 January, every 县级以上地方
人民政府 by 31 March of the next year; art. 50 names no date for 乡镇 (townships are listed, marked
`owes_report = false`). From 2019 (the revised 条例's first report year), or from the year a unit
appears (region_changes.csv: a unit created later owes reports from its first year).

    python -m pipeline.expected OUT.parquet REGISTRY.csv… [--first 2019] [--last 2024]
"""
from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schemas import EXPECTED_REPORTS

FIRST_YEAR = 2019
HISTORY = Path(__file__).resolve().parent.parent / "data" / "registry" / "history" / "region_changes.csv"
GOVERNMENTS = ("central", "province", "city", "county")
BASIS = {
    "department": "条例第四十九条：县级以上人民政府部门，每年1月31日前",
    "government": "条例第四十九条：县级以上地方人民政府，每年3月31日前",
    "township": "条例第四十九条未规定乡镇的公布时限",
}


def deadline(level: str, year: int) -> dt.date | None:
    if level == "department":
        return dt.date(year + 1, 1, 31)
    if level in GOVERNMENTS:
        return dt.date(year + 1, 3, 31)
    return None


def first_years(history_csv: str | Path | None) -> dict[str, int]:
    """region code → the first report year of a unit created after 2019 (from its creation year)."""
    out: dict[str, int] = {}
    if history_csv and Path(history_csv).exists():
        with open(history_csv, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                year = int(row["year"])
                if year > FIRST_YEAR:
                    out[row["new_code"]] = max(out.get(row["new_code"], 0), year)
    return out


def expected_rows(sites, first: int = FIRST_YEAR, last: int | None = None,
                  appears: dict[str, int] | None = None) -> list[dict]:
    """One row per registered site (registry rows: crawler.registry.Site) and year."""
    last = last if last is not None else dt.date.today().year - 1
    appears = appears or {}
    rows = []
    for s in sorted(sites, key=lambda s: s.site_id):
        start = max(first, appears.get(s.region_code, first))
        for year in range(start, last + 1):
            due = deadline(s.level, year)
            kind = "department" if s.level == "department" else "government" if s.level in GOVERNMENTS else "township"
            rows.append({"site_id": s.site_id, "agency": s.name, "region_code": s.region_code, "level": s.level,
                         "year": year, "owes_report": due is not None, "deadline": due, "basis": BASIS[kind],
                         "first_year": start})
    return rows


def write(rows: list[dict], out: str | Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=EXPECTED_REPORTS.schema)
    tmp = out.with_name(out.name + ".tmp")
    if out.suffix == ".csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, tmp)
    else:
        pq.write_table(table, tmp)
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    from crawler.registry import RegistryError, load_many

    ap = argparse.ArgumentParser(prog="python -m pipeline.expected")
    ap.add_argument("out")
    ap.add_argument("registry", nargs="+")
    ap.add_argument("--first", type=int, default=FIRST_YEAR)
    ap.add_argument("--last", type=int, default=None)
    ap.add_argument("--history", default=str(HISTORY))
    a = ap.parse_args(argv)
    try:
        rows = expected_rows(load_many(a.registry), a.first, a.last, first_years(a.history))
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write(rows, a.out)
    print(f"{len(rows)} expected reports → {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
