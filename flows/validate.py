"""The validate stage: what the extractor produced for this crawl's documents, checked against
the data contract before it is loaded.

A document's JSON is well-formed when every report names an agency and a year, every fact code
is one of extract.schema's, and every template is a known layout. An ill-formed report is logged
here and kept out of the dataset by the load, which publishes it in the `quarantine` table with
its reason; the rest of the run goes on. Failed consistency checks are not errors: they are
facts about the report.
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
    invalid: list[dict] = field(default_factory=list)  # [{sha256, reason}]

    def as_dict(self) -> dict:
        return asdict(self)


def problems(result: dict) -> list[str]:
    out = []
    for i, rep in enumerate(result.get("reports") or []):
        where = f"report {i + 1}"
        if not rep.get("agency"):
            out.append(f"{where}: no agency")
        if not isinstance(rep.get("year"), int):
            out.append(f"{where}: no year")
        for table, layout in (rep.get("templates") or {}).items():
            if layout is not None and layout not in schema.LAYOUTS.get(table, ()):
                out.append(f"{where}: unknown {table} layout {layout!r}")
        unknown = [c for c in rep.get("facts") or {} if c not in schema.CODE_INFO]
        if unknown:
            out.append(f"{where}: unknown fact codes {', '.join(sorted(unknown)[:3])}")
    return out


def validate(data_dir, shas: list[str], version: str) -> Validation:
    dd = DataDir.of(data_dir)
    v = Validation()
    for sha in sorted(set(shas)):
        p = cache_path(dd, sha, version)
        if not p.exists():
            continue
        result = json.loads(p.read_text("utf-8"))
        if result.get("error"):
            continue  # a quarantine record: counted by the extract stage
        v.documents += 1
        bad = problems(result)
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
            v.failed_checks += sum(1 for c in rep.get("checks") or [] if not c.get("ok"))
    return v
