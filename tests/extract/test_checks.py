"""schema.run_checks / completeness against results worked out by hand (never by run_checks)."""
from __future__ import annotations

from extract import schema

PARTIES = ("natural", "commercial", "research", "social", "legal", "other_org")
COLS = PARTIES + ("total",)
T3_2019_ROWS = ("new", "carried_in", "granted", "partial", "denied_secret", "denied_law", "denied_safety",
                "denied_third_party", "denied_internal", "denied_process", "denied_enforcement", "denied_query",
                "unable_not_held", "unable_create", "unable_unclear", "rejected_petition", "rejected_duplicate",
                "rejected_publication", "rejected_excessive", "rejected_confirm", "other", "total", "carried_out")


def t3_2019(**rows: tuple[int, ...]) -> dict:
    """A 2019-layout table 3: every row zero except those given (six party numbers; the row total
    is written here as their sum)."""
    facts = {}
    for r in T3_2019_ROWS:
        parties = rows.get(r, (0,) * 6)
        for c, v in zip(PARTIES, parties):
            facts[f"t3.{r}.{c}"] = v
        facts[f"t3.{r}.total"] = sum(parties)
    return facts


def t4(review=(0, 0, 0, 0, 0), direct=(0, 0, 0, 0, 0), after=(0, 0, 0, 0, 0)) -> dict:
    cols = ("upheld", "corrected", "other", "pending", "total")
    out = {}
    for g, vals in (("review", review), ("suit_direct", direct), ("suit_after_review", after)):
        out.update({f"t4.{g}.{c}": v for c, v in zip(cols, vals)})
    return out


def by_id(checks):
    return {c.id: c.as_dict() for c in checks}


def test_balanced_report_passes_every_check():
    # 5 new + 1 carried in = 4 granted + 1 partial (total 5) + 1 carried out
    facts = t3_2019(new=(5, 0, 0, 0, 0, 0), carried_in=(1, 0, 0, 0, 0, 0), granted=(4, 0, 0, 0, 0, 0),
                    partial=(1, 0, 0, 0, 0, 0), total=(5, 0, 0, 0, 0, 0), carried_out=(1, 0, 0, 0, 0, 0))
    facts.update(t4(review=(1, 0, 0, 1, 2)))
    checks = by_id(schema.run_checks(facts))
    # 7 balance + 7 outcomes + 23 row totals + 3 table-4 sums
    assert len(checks) == 7 + 7 + 23 + 3
    assert all(c["ok"] is True for c in checks.values())
    assert checks["t3.balance.natural"] == {"id": "t3.balance.natural", "ok": True, "lhs": 6, "rhs": 6}
    assert checks["t3.outcomes.total"] == {"id": "t3.outcomes.total", "ok": True, "lhs": 5, "rhs": 5}
    assert checks["t4.sum.review"] == {"id": "t4.sum.review", "ok": True, "lhs": 2, "rhs": 2}


def test_seed_002_style_balance_failure():
    # 29 new + 2 carried = 31; 34 total + 2 carried out = 36 (the seed's published failure)
    facts = t3_2019(new=(29, 0, 0, 0, 0, 0), carried_in=(2, 0, 0, 0, 0, 0), granted=(34, 0, 0, 0, 0, 0),
                    total=(34, 0, 0, 0, 0, 0), carried_out=(2, 0, 0, 0, 0, 0))
    facts.update(t4())
    checks = by_id(schema.run_checks(facts))
    assert checks["t3.balance.natural"] == {"id": "t3.balance.natural", "ok": False, "lhs": 31, "rhs": 36}
    assert checks["t3.balance.total"] == {"id": "t3.balance.total", "ok": False, "lhs": 31, "rhs": 36}
    assert sorted(i for i, c in checks.items() if c["ok"] is False) == ["t3.balance.natural", "t3.balance.total"]


def test_row_total_and_table4_failures():
    facts = t3_2019(new=(3, 1, 0, 0, 0, 0), granted=(3, 1, 0, 0, 0, 0), total=(3, 1, 0, 0, 0, 0))
    facts["t3.new.total"] = 5  # printed 5 where 3 + 1 = 4
    facts.update(t4(direct=(1, 1, 0, 0, 3)))  # 1 + 1 + 0 + 0 = 2, printed 3
    checks = by_id(schema.run_checks(facts))
    assert checks["t3.row_total.new"] == {"id": "t3.row_total.new", "ok": False, "lhs": 5, "rhs": 4}
    assert checks["t4.sum.suit_direct"] == {"id": "t4.sum.suit_direct", "ok": False, "lhs": 3, "rhs": 2}
    # new.total also feeds balance.total: 5 + 0 ≠ 4 + 0
    assert checks["t3.balance.total"] == {"id": "t3.balance.total", "ok": False, "lhs": 5, "rhs": 4}
    assert sorted(i for i, c in checks.items() if c["ok"] is False) == [
        "t3.balance.total", "t3.row_total.new", "t4.sum.suit_direct"]


def test_a_missing_row_makes_its_checks_unknown_not_absent():
    facts = t3_2019(new=(2, 0, 0, 0, 0, 0), granted=(2, 0, 0, 0, 0, 0), total=(2, 0, 0, 0, 0, 0))
    for c in COLS:
        del facts[f"t3.partial.{c}"]
    facts.update(t4())
    checks = by_id(schema.run_checks(facts))
    assert len(checks) == 7 + 7 + 23 + 3  # nothing left out
    assert checks["t3.outcomes.natural"] == {"id": "t3.outcomes.natural", "ok": None, "lhs": None, "rhs": None,
                                             "missing": ["t3.partial.natural"]}
    assert checks["t3.row_total.partial"] == {
        "id": "t3.row_total.partial", "ok": None, "lhs": None, "rhs": None,
        "missing": ["t3.partial.commercial", "t3.partial.legal", "t3.partial.natural", "t3.partial.other_org",
                    "t3.partial.research", "t3.partial.social", "t3.partial.total"]}
    unknown = sorted(i for i, c in checks.items() if c["ok"] is None)
    assert unknown == sorted([f"t3.outcomes.{c}" for c in COLS] + ["t3.row_total.partial"])
    assert checks["t3.balance.natural"]["ok"] is True  # does not need the partial row
    assert schema.failed_check_ids(facts) == []
    assert sorted(schema.unknown_check_ids(facts)) == unknown


def test_completeness_lists_missing_codes_sorted():
    facts = t3_2019()
    del facts["t3.granted.legal"], facts["t3.carried_out.total"]
    facts.update({"t2.rules.made": 0})  # a 2019 table 2 with one code only
    complete, missing = schema.completeness(facts, {"t2": "2019", "t3": "2019", "t4": "2021"})
    assert complete is False
    t2_2019 = ["t2.coercion.change", "t2.coercion.decisions", "t2.coercion.prev_items", "t2.fees.change",
               "t2.fees.prev_items", "t2.licensing.change", "t2.licensing.decisions", "t2.licensing.prev_items",
               "t2.normative.made", "t2.normative.published", "t2.normative.total_public",
               "t2.other_services.change", "t2.other_services.decisions", "t2.other_services.prev_items",
               "t2.penalty.change", "t2.penalty.decisions", "t2.penalty.prev_items", "t2.procurement.amount",
               "t2.procurement.items", "t2.rules.published", "t2.rules.total_public"]
    t4_codes = [f"t4.{g}.{c}" for g in ("review", "suit_after_review", "suit_direct")
                for c in ("corrected", "other", "pending", "total", "upheld")]
    assert missing == sorted(t2_2019 + ["t3.carried_out.total", "t3.granted.legal"] + t4_codes)
    # the same facts with no table 4 found: its codes are not named
    assert schema.completeness(facts, {"t2": "2019", "t3": "2019"}) == (
        False, sorted(t2_2019 + ["t3.carried_out.total", "t3.granted.legal"]))


def test_a_report_without_table_4_is_incomplete_but_names_no_codes_for_it():
    facts = t3_2019()
    complete, missing = schema.completeness(facts, {"t3": "2019"})
    # no table 4 was seen, so there is no detected layout to name codes of; incomplete all the same
    assert (complete, missing) == (False, [])
    assert [c.id for c in schema.run_checks(facts, {"t3": "2019"}) if c.id.startswith("t4.")] == []


def test_a_table_4_found_without_numbers_gives_three_unknown_checks():
    checks = by_id(schema.run_checks({}, {"t4": "2021"}))
    assert list(checks) == ["t4.sum.review", "t4.sum.suit_direct", "t4.sum.suit_after_review"]
    assert checks["t4.sum.review"] == {
        "id": "t4.sum.review", "ok": None, "lhs": None, "rhs": None,
        "missing": ["t4.review.corrected", "t4.review.other", "t4.review.pending", "t4.review.total",
                    "t4.review.upheld"]}


def test_fee_amounts_are_compared_as_printed():
    # 0.1 + 0.2 is 0.30000000000000004 in binary; the check must still say 0.3 = 0.3
    facts = t4(review=(0.1, 0.2, 0, 0, 0.3))
    checks = by_id(schema.run_checks(facts))
    assert checks["t4.sum.review"] == {"id": "t4.sum.review", "ok": True, "lhs": 0.3, "rhs": 0.3}
