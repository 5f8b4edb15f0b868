"""The generator's own arithmetic for the SPEC checks (勾稽关系), so a report's answer key never
depends on the extractor's code: `failed_checks` of a truth is computed here, not by
extract.schema.run_checks. Row and column names come from the schema; the sums are written out."""
from __future__ import annotations

from extract import schema

PARTIES = ("natural", "commercial", "research", "social", "legal", "other_org")
T4_PARTS = ("upheld", "corrected", "other", "pending")


def _t3_rows(facts: dict) -> list[str] | None:
    if any(k.startswith("t3.other_misc.") for k in facts):
        return [r.key for r in schema.T3_ROWS["2021"]]
    if any(k.startswith("t3.other.") for k in facts):
        return [r.key for r in schema.T3_ROWS["2019"]]
    return None


def check_ids(facts: dict) -> list[tuple[str, list[str], list[str]]]:
    """(check id, left codes, right codes) of every check of a report with these facts' layouts."""
    out = []
    rows = _t3_rows(facts)
    if rows:
        outcomes = rows[2:-2]  # between 二、上年结转 and （七）总计 / 四、结转下年度
        for c in PARTIES + ("total",):
            out.append((f"t3.balance.{c}", [f"t3.new.{c}", f"t3.carried_in.{c}"],
                        [f"t3.total.{c}", f"t3.carried_out.{c}"]))
        for c in PARTIES + ("total",):
            out.append((f"t3.outcomes.{c}", [f"t3.total.{c}"], [f"t3.{r}.{c}" for r in outcomes]))
        for r in rows:
            out.append((f"t3.row_total.{r}", [f"t3.{r}.total"], [f"t3.{r}.{c}" for c in PARTIES]))
    for g in ("review", "suit_direct", "suit_after_review"):
        out.append((f"t4.sum.{g}", [f"t4.{g}.total"], [f"t4.{g}.{c}" for c in T4_PARTS]))
    return out


def failed(facts: dict) -> list[str]:
    """Ids of the checks that fail; a check with an input not printed is not decided (not listed)."""
    bad = []
    for cid, lhs, rhs in check_ids(facts):
        decided = all(c in facts for c in lhs + rhs)
        if decided and round(sum(facts[c] for c in lhs), 6) != round(sum(facts[c] for c in rhs), 6):
            bad.append(cid)
    return bad


def undecided(facts: dict) -> list[str]:
    """Ids of the checks whose inputs include a code the report does not print (ok = null)."""
    return [cid for cid, lhs, rhs in check_ids(facts) if not all(c in facts for c in lhs + rhs)]
