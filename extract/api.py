"""The extractor as a library: one document's bytes → SPEC JSON + provenance.

`extract_bytes` is what the pipeline and `python -m extract` call. It never touches the network
or a database; its output depends only on the bytes and EXTRACTOR_VERSION.
"""
from __future__ import annotations

import hashlib
import itertools

from . import EXTRACTOR_VERSION, schema
from .document import Document
from .errors import Unreadable
from .labels import norm
from .limits import TIME_LIMIT, check_size, time_limit
from .mapper import map_t2, map_t3, map_t4, regroup_stream, split_regions
from .metadata import find_title, looks_like_agency, metadata, not_ogi_reason
from .readers import READERS, read
from .readers.sniff import sniff

TEXT_SECTION_NAMES = schema.TEXT_SECTIONS


def extract_bytes(data: bytes, name: str = "", time_limit_s: float | None = TIME_LIMIT) -> dict:
    """SPEC's object for one document, plus provenance, texts and the extractor version.

    Raises ExtractError (with its exit code) when the bytes cannot be read at all, including
    when reading takes longer than `time_limit_s`."""
    check_size(data)
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data, name)
    out = {"source": name, "sha256": sha, "kind": kind, "extractor_version": EXTRACTOR_VERSION,
           "reports": [], "reason": None}
    if kind == "empty":
        raise Unreadable("empty file")
    if kind not in READERS:
        out["reason"] = f"unsupported format: {kind}"
        return out
    with time_limit(time_limit_s):
        doc = read(kind, data)
        if kind == "pdf" and not doc.lines:
            # pages that are pictures (a scanned, stamped paper copy): read them by OCR
            from .readers.ocr import ocr_pdf

            scanned = ocr_pdf(data)
            scanned.warnings = doc.warnings + scanned.warnings
            doc = scanned
        reports, reason = map_document(doc)
    if doc.ocr:
        from .readers.ocr import low_confidence_warnings

        for report in reports:
            report["warnings"].extend(low_confidence_warnings(report))
    out["reports"] = reports
    out["reason"] = reason
    return out


def map_document(doc: Document) -> tuple[list[dict], str | None]:
    """Reports found in a Document (normally one; a compilation of several agencies' reports
    in one file gives one each, in document order), or ([], reason)."""
    if not doc.lines:
        return [], "; ".join(doc.warnings) or "no text"
    reports: list[dict] = []
    reason = None
    for part in split_reports(doc):
        found, reason = _map_one(part)
        reports.extend(found)
    return reports, (None if reports else reason)


def split_reports(doc: Document) -> list[Document]:
    """Cut a compilation at each report title that is followed by its own table 3."""
    titles = [i for i, l in enumerate(doc.lines)
              if not l.in_table and len(l.text) <= 80 and find_title([l.text]) is not None]
    starts = []
    for k, i in enumerate(titles):
        end = titles[k + 1] if k + 1 < len(titles) else len(doc.lines)
        if any("本年新收" in norm(l.text) for l in doc.lines[i:end]):
            starts.append(i)
    if len(starts) < 2:
        return [doc]
    for k, i in enumerate(starts):
        # the agency is often printed on its own line right above the title
        j = i - 1
        while j > 0 and not doc.lines[j].text.strip():
            j -= 1
        if j > 0 and looks_like_agency(doc.lines[j].text):
            starts[k] = j
    cuts = [0] + starts[1:] + [len(doc.lines)]
    return [Document(doc.lines[a:b], doc.kind, doc.pages, doc.ocr, doc.title if a == 0 else None,
                     list(doc.warnings)) for a, b in itertools.pairwise(cuts)]


def _map_one(doc: Document) -> tuple[list[dict], str | None]:
    reg = split_regions(doc)
    t2 = map_t2(regroup_stream(reg.t2)) if reg.t2 else None
    t3 = map_t3(regroup_stream(reg.t3)) if reg.t3 else None
    t4 = map_t4(regroup_stream(reg.t4)) if reg.t4 else None
    tables = {k: v for k, v in (("t2", t2), ("t3", t3), ("t4", t4)) if v is not None and v.facts}
    head = [l.text for l in (reg.before_tables or doc.lines[:25])]
    if not tables:
        reason = not_ogi_reason(head, doc.title) or "no OGI statistical tables found"
        return [], reason
    all_text = "\n".join(l.text for l in doc.lines)
    meta = metadata(head, all_text, doc.title)
    facts: dict = {}
    provenance: dict = {}
    warnings = list(doc.warnings)
    for name in ("t2", "t3", "t4"):
        res = {"t2": t2, "t3": t3, "t4": t4}[name]
        if res is None:
            warnings.append(f"table {name[1]} not found")
            continue
        warnings.extend(res.warnings)
        if not res.facts:
            continue
        layout_codes = schema.layout_codes(name, res.layout)
        for code in layout_codes:
            if code in res.facts:
                f = res.facts[code]
                facts[code] = f.value
                provenance[code] = f.provenance()
    if meta.agency is None:
        warnings.append("agency not found in the title")
    if meta.year is None:
        warnings.append("year not found in the title")
    # layouts of the tables found (even one that gave no facts: its codes are then all missing)
    detected = {name: res.layout for name, res in (("t2", t2), ("t3", t3), ("t4", t4))
                if res is not None and res.layout}
    complete, missing = schema.completeness(facts, detected)
    texts = {}
    for sec in TEXT_SECTION_NAMES:
        body = "\n".join(l.text.strip() for l in reg.sections.get(sec, []) if l.text.strip())
        if body:
            texts[sec] = body
    report = {
        "agency": meta.agency,
        "year": meta.year,
        "templates": {"t2": tables["t2"].layout if "t2" in tables else None,
                      "t3": tables["t3"].layout if "t3" in tables else None},
        "facts": facts,
        "checks": [c.as_dict() for c in schema.run_checks(facts, detected)],
        "complete": complete,
        "missing": missing,
        "warnings": warnings,
        "title": meta.title,
        "period": meta.period,
        "ocr": doc.ocr,
        "texts": texts,
        "provenance": provenance,
    }
    return [report], None


# The keys of SPEC's JSON contract; `python -m extract --json` prints these (plus `reason`).
SPEC_REPORT_KEYS = ("agency", "year", "templates", "facts", "checks", "complete", "missing", "warnings")


def spec_view(result: dict) -> dict:
    return {
        "source": result["source"],
        "sha256": result["sha256"],
        "reports": [{k: r[k] for k in SPEC_REPORT_KEYS} for r in result["reports"]],
        **({"reason": result["reason"]} if result.get("reason") else {}),
    }
