"""Realistic random facts for one report.

Most agencies are small (a handful of requests, most cells zero); a few are large (thousands of
licensing decisions, hundreds of requests). By default the facts pass every SPEC check; with
fail_balance they fail t3.balance exactly the way seed 002 does (more handled than received).
"""
from __future__ import annotations

import random

from extract import schema

SIZES = ("tiny", "small", "medium", "large")
SIZE_WEIGHTS = (0.45, 0.32, 0.16, 0.07)

# Share of handled requests per outcome row key, as real tables spread them.
OUTCOME_WEIGHTS = {
    "granted": 45, "partial": 8, "denied_secret": 0.3, "denied_law": 0.8, "denied_safety": 0.3,
    "denied_third_party": 1.5, "denied_internal": 1, "denied_process": 1.5, "denied_enforcement": 0.5,
    "denied_query": 1.5, "unable_not_held": 22, "unable_create": 2, "unable_unclear": 2.5,
    "rejected_petition": 3, "rejected_duplicate": 2.5, "rejected_publication": 0.5,
    "rejected_excessive": 0.8, "rejected_confirm": 0.7, "other_no_correction": 2.5,
    "other_no_fee": 0.2, "other_misc": 3, "other": 6,
}
# Share of new requests per applicant column key.
PARTY_WEIGHTS = {"natural": 80, "commercial": 12, "research": 0.5, "social": 0.8, "legal": 3.5,
                 "other_org": 3}


def _n(rng: random.Random, size: str, tiny: int, small: int, medium: int, large: int,
       p_zero: float = 0.0) -> int:
    if rng.random() < p_zero:
        return 0
    top = {"tiny": tiny, "small": small, "medium": medium, "large": large}[size]
    # skewed towards small values, as counts are
    return int(top * rng.random() ** 2.2) if top else 0


def _amount(rng: random.Random, top: float) -> int | float:
    """A 万元 amount with at most two decimals (kept integral when it is)."""
    v = round(rng.uniform(0.05, top) * rng.random(), rng.choice((0, 1, 2, 2)))
    if v == 0:
        v = 0.5
    return int(v) if float(v).is_integer() else v


def _split(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    counts = dict.fromkeys(weights, 0)
    for k in rng.choices(list(weights), list(weights.values()), k=n):
        counts[k] += 1
    return counts


def _t2_2021(rng, size) -> dict[str, int | float]:
    f: dict[str, int | float] = {}
    big = size == "large" and rng.random() < 0.3  # only governments with legislative power issue 规章
    f["rules.issued"] = _n(rng, size, 0, 0, 0, 6) if big else 0
    f["rules.repealed"] = _n(rng, size, 0, 0, 0, 3) if big else 0
    f["rules.in_force"] = (f["rules.issued"] + _n(rng, size, 0, 0, 0, 150)) if big else 0
    f["normative.issued"] = _n(rng, size, 2, 8, 30, 80, p_zero=0.4)
    f["normative.repealed"] = _n(rng, size, 1, 4, 12, 40, p_zero=0.6)
    f["normative.in_force"] = f["normative.issued"] + _n(rng, size, 3, 20, 120, 400, p_zero=0.3)
    f["licensing.decisions"] = _n(rng, size, 5, 300, 6000, 60000, p_zero=0.55)
    f["penalty.decisions"] = _n(rng, size, 2, 60, 1500, 20000, p_zero=0.55)
    f["coercion.decisions"] = _n(rng, size, 0, 5, 80, 900, p_zero=0.7)
    f["fees.amount"] = _amount(rng, {"tiny": 5, "small": 60, "medium": 400, "large": 3000}[size]) \
        if rng.random() < 0.2 else 0
    return f


def _t2_2019(rng, size) -> dict[str, int | float]:
    f: dict[str, int | float] = {}
    for row, top in (("rules", 0), ("normative", 1)):
        made = _n(rng, size, 2, 8, 30, 80, p_zero=0.4) if top or (size == "large" and rng.random() < 0.3) else 0
        f[f"{row}.made"] = made
        f[f"{row}.published"] = made if rng.random() < 0.8 else int(made * rng.random())
        f[f"{row}.total_public"] = f[f"{row}.published"] + (_n(rng, size, 5, 30, 150, 500) if made else 0)
    for row, tops in (("licensing", (10, 80, 300, 900)), ("other_services", (5, 40, 200, 600)),
                      ("penalty", (20, 150, 800, 3000)), ("coercion", (3, 20, 60, 200))):
        prev = _n(rng, size, *tops, p_zero=0.35)
        f[f"{row}.prev_items"] = prev
        f[f"{row}.change"] = rng.randint(-(prev // 4), max(1, prev // 6)) if prev and rng.random() < 0.5 else 0
        f[f"{row}.decisions"] = _n(rng, size, 5, 300, 6000, 60000) if prev else 0
    prev = _n(rng, size, 3, 10, 30, 80, p_zero=0.5)
    f["fees.prev_items"] = prev
    f["fees.change"] = rng.randint(-min(prev, 5), 2) if prev and rng.random() < 0.4 else 0
    items = _n(rng, size, 3, 15, 60, 300, p_zero=0.5)
    f["procurement.items"] = items
    f["procurement.amount"] = _amount(rng, {"tiny": 20, "small": 200, "medium": 2000, "large": 20000}[size]) \
        if items else 0
    return f


def _t3(rng, size, layout: str) -> dict[str, int]:
    rows = schema.T3_ROWS[layout]
    parties = schema.T3_PARTY_COLUMNS
    outcome_keys = [r.key for r in rows if r.outcome]
    new_total = {"tiny": _n(rng, "tiny", 6, 0, 0, 0, p_zero=0.4), "small": rng.randint(3, 40),
                 "medium": rng.randint(30, 300), "large": rng.randint(250, 3000)}[size]
    new = _split(rng, new_total, PARTY_WEIGHTS)
    f: dict[str, int] = {}
    weights = {k: OUTCOME_WEIGHTS[k] for k in outcome_keys}
    for c in parties:
        carried_in = rng.randint(0, max(1, new[c] // 12)) if new[c] and rng.random() < 0.35 else 0
        carried_out = rng.randint(0, max(1, new[c] // 10)) if new[c] and rng.random() < 0.35 else 0
        carried_out = min(carried_out, new[c] + carried_in)
        handled = _split(rng, new[c] + carried_in - carried_out, weights)
        f[f"new.{c}"], f[f"carried_in.{c}"], f[f"carried_out.{c}"] = new[c], carried_in, carried_out
        for k, v in handled.items():
            f[f"{k}.{c}"] = v
        f[f"total.{c}"] = sum(handled.values())
    for r in rows:
        f[f"{r.key}.total"] = sum(f[f"{r.key}.{c}"] for c in parties)
    return f


def _t4(rng, size) -> dict[str, int]:
    f: dict[str, int] = {}
    for g, tops in (("review", (2, 6, 25, 90)), ("suit_direct", (1, 3, 12, 50)),
                    ("suit_after_review", (1, 2, 6, 30))):
        n = _n(rng, size, *tops, p_zero=0.6)
        parts = _split(rng, n, {"upheld": 60, "corrected": 10, "other": 15, "pending": 15})
        for k, v in parts.items():
            f[f"{g}.{k}"] = v
        f[f"{g}.total"] = n
    return f


def unbalance(rng: random.Random, facts: dict, layout: str) -> None:
    """Break t3.balance for one applicant column and the total column only, as seed 002 does
    (29 + 2 ≠ 34 + 2): either more requests handled than received, or more carried out. Every
    other check still holds because each changed row keeps its row total and outcome sum."""
    col = rng.choice(("natural",) * 4 + schema.T3_PARTY_COLUMNS)
    d = rng.randint(1, 6)
    if rng.random() < 0.5:
        rows = ["carried_out"]
    else:
        rows = [rng.choice([r.key for r in schema.T3_ROWS[layout] if r.outcome]), "total"]
    for row in rows:
        for c in (col, "total"):
            facts[f"t3.{row}.{c}"] += d


def random_facts(rng: random.Random, templates: dict, fail_balance: bool = False) -> dict:
    size = rng.choices(SIZES, SIZE_WEIGHTS)[0]
    raw = {}
    t2 = _t2_2021(rng, size) if templates["t2"] == "2021" else _t2_2019(rng, size)
    raw.update({f"t2.{k}": v for k, v in t2.items()})
    raw.update({f"t3.{k}": v for k, v in _t3(rng, size, templates["t3"]).items()})
    raw.update({f"t4.{k}": v for k, v in _t4(rng, size).items()})
    codes = schema.codes_for(templates)
    missing = set(codes) - set(raw)
    extra = set(raw) - set(codes)
    if missing or extra:  # the generator and the schema disagree: a bug here, not in the data
        raise AssertionError(f"facts drifted from schema: missing {sorted(missing)} extra {sorted(extra)}")
    facts = {c: raw[c] for c in codes}
    if fail_balance:
        unbalance(rng, facts, templates["t3"])
    return facts


# Ways real tables fail their own arithmetic (issue #11): a party cell changed without its row
# total (t3.row_total), an outcome row whose column no longer adds up to （七）总计
# (t3.outcomes), a table-4 group whose 总计 is not its parts (t4.sum), and the 总计 column left
# blank for every outcome row while （七）总计 is filled (shanghai-bgt-2019: 12 failed checks).
BREAKS = ("row_total", "outcomes", "t4_sum", "blank_totals")


def break_checks(rng: random.Random, facts: dict, layout: str, kind: str) -> None:
    outcome_rows = [r.key for r in schema.T3_ROWS[layout] if r.outcome]
    d = rng.randint(1, 5)
    if kind == "row_total":  # e.g. 自然人 typed 13 for 12, 总计 left as it was
        row = rng.choice([r.key for r in schema.T3_ROWS[layout]])
        facts[f"t3.{row}.{rng.choice(schema.T3_PARTY_COLUMNS)}"] += d
    elif kind == "outcomes":  # one outcome row and its total grow; （七）总计 does not
        row = rng.choice(outcome_rows)
        col = rng.choice(("natural",) * 3 + schema.T3_PARTY_COLUMNS)
        facts[f"t3.{row}.{col}"] += d
        facts[f"t3.{row}.total"] += d
    elif kind == "t4_sum":
        g = rng.choice(("review", "suit_direct", "suit_after_review"))
        facts[f"t4.{g}.total"] += d
    elif kind == "blank_totals":
        for row in outcome_rows:
            facts[f"t3.{row}.total"] = 0
    else:
        raise ValueError(f"unknown break {kind!r}; breaks: {', '.join(BREAKS)}")
