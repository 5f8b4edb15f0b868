"""Reads the extractor's output files data/extracted/<extractor_version>/<sha256>.json.

Each file is the library result of extract.api.extract_bytes (SPEC JSON + per report provenance,
texts, period, ocr; top-level extractor_version, kind, reason). A file recording a failed
extraction ({"error": {"code": 3, "message": "…"}} or {"error": "…"}) is accepted too. Nothing
here raises on bad content: a malformed file or report becomes a `problem` string that the load
turns into a quarantine record.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from extract import schema

from .codes import CODE_ORDER, check_order, is_number, render

SHA_NAME = re.compile(r"^[0-9a-f]{64}$")


def version_key(version: str) -> tuple:
    """Orders "0.10.0" after "0.9.1"; non-numeric parts compare as text after numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-+_]", version))


def scan(extracted_dir: Path) -> dict[tuple[str, str], Path]:
    """{(sha256, extractor_version): path} for every extraction file on disk."""
    found: dict[tuple[str, str], Path] = {}
    if not extracted_dir.is_dir():
        return found
    for vdir in sorted(p for p in extracted_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for f in vdir.iterdir():
            if f.suffix == ".json" and SHA_NAME.match(f.stem):
                found[(f.stem, vdir.name)] = f
    return found


@dataclass
class Parsed:
    """One extraction file, flattened into stage rows (lists of dicts, one list per stage table)."""

    extraction: dict
    reports: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)


def _int_or_none(v) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and v.strip().lstrip("-").isdigit():
        return int(v.strip())
    return None


def _float_or_none(v) -> float | None:
    return float(v) if is_number(v) else None


def _printed_label(printed, template: str) -> str | None:
    """The label a cell was read under, kept only where the report prints it differently from
    the template (a misprint, a variant): the common case costs nothing in Parquet."""
    if not isinstance(printed, str) or not printed or printed == template:
        return None
    return printed


def _layout(templates: dict, facts: dict, table: str) -> str | None:
    value = templates.get(table) if isinstance(templates, dict) else None
    if value:
        return str(value)
    if table == "t3":
        return schema.t3_layout_of(facts)
    t2 = [c for c in facts if c.startswith("t2.")]
    if not t2:
        return None
    only_2019 = set(schema.layout_codes("t2", "2019")) - set(schema.layout_codes("t2", "2021"))
    return "2019" if any(c in only_2019 for c in t2) else "2021"


def _error_text(err) -> str:
    if isinstance(err, dict):
        code, msg = err.get("code", err.get("exit_code")), err.get("message") or ""
        return f"{msg} (exit {code})" if code is not None else str(msg)
    return str(err)


def _report_problem(i: int, rep) -> str | None:
    if not isinstance(rep, dict):
        return f"report {i} is not an object"
    facts = rep.get("facts", {})
    if not isinstance(facts, dict):
        return f"report {i}: facts is not an object"
    for code, value in facts.items():
        if code not in CODE_ORDER:
            return f"report {i}: unknown fact code {code}"
        if not is_number(value):
            return f"report {i}: fact {code} is not a number ({value!r})"
    return None


def parse_file(path: Path, sha256: str, version: str) -> Parsed:
    data = path.read_bytes()
    ext = {"sha256": sha256, "extractor_version": version, "kind": None, "n_reports": None,
           "reason": None, "error": None, "json_sha256": hashlib.sha256(data).hexdigest(),
           "status": "invalid", "problem": None}
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        ext["problem"] = f"extraction file is not valid JSON: {e}"
        return Parsed(ext)
    if not isinstance(doc, dict):
        ext["problem"] = "extraction file is not a JSON object"
        return Parsed(ext)
    if doc.get("sha256") not in (None, sha256):
        ext["problem"] = f"extraction file names {sha256[:16]}… but its sha256 is {str(doc['sha256'])[:16]}…"
        return Parsed(ext)
    ext["kind"] = doc.get("kind") if isinstance(doc.get("kind"), str) else None
    ext["reason"] = doc.get("reason") if isinstance(doc.get("reason"), str) else None
    if doc.get("error"):
        ext.update(status="error", error=_error_text(doc["error"]), n_reports=0)
        return Parsed(ext)
    reports = doc.get("reports")
    if not isinstance(reports, list):
        ext["problem"] = "extraction file has no reports list"
        return Parsed(ext)
    ext["n_reports"] = len(reports)
    ext["status"] = "reports" if reports else "no_reports"
    out = Parsed(ext)
    for pos, rep in enumerate(reports):
        _add_report(out, sha256, pos, rep)
    return out


def _add_report(out: Parsed, sha: str, pos: int, rep) -> None:
    problem = _report_problem(pos, rep)
    if problem:
        out.reports.append({"sha256": sha, "position": pos, "problem": problem})
        return
    facts: dict = rep.get("facts") or {}
    templates = rep.get("templates") or {}
    prov = rep.get("provenance") if isinstance(rep.get("provenance"), dict) else {}
    checks = rep.get("checks")
    if not isinstance(checks, list):  # an extractor that did not run them: the schema can
        checks = [c.as_dict() for c in schema.run_checks(facts, templates if isinstance(templates, dict) else None)]
    complete, missing = rep.get("complete"), rep.get("missing")
    if not isinstance(complete, bool) or not isinstance(missing, list):
        # an extractor older than the completeness fields: the schema can say it from the codes
        complete, missing = schema.completeness(facts, templates if isinstance(templates, dict) else None)
    failed = [str(c.get("id")) for c in checks if isinstance(c, dict) and c.get("ok") is False]
    period = rep.get("period")
    if period is not None and not isinstance(period, str):
        period = json.dumps(period, ensure_ascii=False, sort_keys=True)
    warnings = rep.get("warnings")
    out.reports.append({
        "sha256": sha, "position": pos, "problem": None,
        "agency": rep.get("agency") if isinstance(rep.get("agency"), str) else None,
        "year": _int_or_none(rep.get("year")),
        "t2_layout": _layout(templates, facts, "t2"),
        "t3_layout": _layout(templates, facts, "t3"),
        "has_t4": any(c.startswith("t4.") for c in facts),
        "ocr": bool(rep.get("ocr")),
        "period": period,
        "warnings": [str(w) for w in warnings] if isinstance(warnings, list) else [],
        "n_facts": len(facts), "n_checks": len(checks), "n_failed_checks": len(failed),
        "failed_checks": failed,
        "complete": complete, "missing": sorted(str(m) for m in missing),
    })
    for code, value in facts.items():
        p = prov.get(code) if isinstance(prov.get(code), dict) else {}
        raw = p.get("raw")
        raw = None if raw is None else str(raw)
        out.facts.append({
            "sha256": sha, "position": pos, "code": code, "code_order": CODE_ORDER[code],
            "value": float(value),
            "raw": None if raw == render(value) else raw,
            "row": _printed_label(p.get("row"), schema.code_info(code).row),
            "column": _printed_label(p.get("column"), schema.code_info(code).column),
            "page": _int_or_none(p.get("page")), "confidence": _float_or_none(p.get("confidence")),
        })
    for c in checks:
        if not isinstance(c, dict) or not c.get("id"):
            continue
        out.checks.append({
            "sha256": sha, "position": pos, "check_id": str(c["id"]),
            "check_order": check_order(str(c["id"])),
            "lhs": _float_or_none(c.get("lhs")), "rhs": _float_or_none(c.get("rhs")),
            # None: the check could not be made (an input is missing; `missing` names it)
            "ok": c.get("ok") if c.get("ok") is None else bool(c.get("ok")),
            "missing": [str(m) for m in c.get("missing") or []] if c.get("ok") is None else [],
        })
    texts = rep.get("texts") if isinstance(rep.get("texts"), dict) else {}
    for section, text in texts.items():
        if isinstance(text, str) and text.strip():
            out.texts.append({"sha256": sha, "position": pos, "section": str(section), "text": text})
