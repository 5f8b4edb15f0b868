"""The validate stage: what the extractor produced for this crawl's documents, checked against
the data contract before it is loaded.

A report the load will keep out of the dataset (no year, an unknown fact code, a value that is
not a number) is named here with its reason before the load publishes it in the `quarantine`
table; oddities the load copes with (no agency name, an unknown layout name) are logged as
warnings. The rest of the run goes on. Failed consistency checks are not errors: they are facts
about the report.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from extract import schema

from .datadir import DataDir
from .extraction import cache_path


@dataclass
class Validation:
    documents: int = 0  # extracted documents looked at
    with_reports: int = 0
    not_reports: int = 0  # read fine, but no OGI tables (listing noise, an article stub)
    reports: int = 0
    facts: int = 0
    failed_checks: int = 0
    invalid: list[dict] = field(default_factory=list)  # [{sha256, reason}]: the load quarantines them
    warnings: list[dict] = field(default_factory=list)  # [{sha256, reason}]: kept, worth a look

    def as_dict(self) -> dict:
        return asdict(self)


def problems(result: dict, listing_year: int | None = None) -> tuple[list[str], list[str]]:
    """(what keeps a report out of the dataset, what is merely odd) for one extraction output.

    Out, as the load rules it (docs/dataset.md, Quarantine): a fact code that is not
    extract.schema's, a value that is not a number, no year in the report nor in the crawl's
    listing. Odd: no year in the report but one in the listing, no agency (the load falls back to
    the listing's), a layout name the schema does not know (the load infers it from the codes)."""
    bad, odd = [], []
    for i, rep in enumerate(result.get("reports") or []):
        where = f"report {i}"
        if not isinstance(rep.get("year"), int) or isinstance(rep.get("year"), bool):
            if listing_year is None:
                bad.append(f"{where}: no year")
            else:
                odd.append(f"{where}: no year in the report (the listing says {listing_year})")
        facts = rep.get("facts") or {}
        unknown = sorted(c for c in facts if c not in schema.CODE_INFO)
        if unknown:
            bad.append(f"{where}: unknown fact code {', '.join(unknown[:3])}")
        nan = sorted(c for c, v in facts.items() if isinstance(v, bool) or not isinstance(v, (int, float)))
        if nan:
            bad.append(f"{where}: fact {nan[0]} is not a number ({facts[nan[0]]!r})")
        if not rep.get("agency"):
            odd.append(f"{where}: no agency in the report")
        for table, layout in (rep.get("templates") or {}).items():
            if layout is not None and layout not in schema.LAYOUTS.get(table, ()):
                odd.append(f"{where}: unknown {table} layout {layout!r}")
    return bad, odd


def validate(data_dir, shas: list[str], version: str, listing_years: dict[str, int] | None = None) -> Validation:
    """`listing_years`: {sha256: year} as the crawl's listing gave it, where it did."""
    dd = DataDir.of(data_dir)
    v = Validation()
    listing_years = listing_years or {}
    for sha in sorted(set(shas)):
        p = cache_path(dd, sha, version)
        if not p.exists():
            continue
        result = json.loads(p.read_text("utf-8"))
        if result.get("error"):
            continue  # a quarantine record: counted by the extract stage
        v.documents += 1
        bad, odd = problems(result, listing_years.get(sha))
        v.warnings += [{"sha256": sha, "reason": r} for r in odd]
        if bad:
            v.invalid.append({"sha256": sha, "reason": "; ".join(bad)})
            continue
        reports = result.get("reports") or []
        if not reports:
            v.not_reports += 1
            continue
        v.with_reports += 1
        v.reports += len(reports)
        for rep in reports:
            v.facts += len(rep.get("facts") or {})
            v.failed_checks += sum(1 for c in rep.get("checks") or [] if c.get("ok") is False)  # None: not made
    return v
