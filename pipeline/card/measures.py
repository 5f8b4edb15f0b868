"""What the card measures, derived from extract/schema.py (which alone spells fact codes).

The card's SQL never names a fact code: it joins the facts to the small lookup tables built here
(registered in DuckDB by pipeline.card.snapshot.connect), so a schema change reaches the card
without editing a query.
"""
from __future__ import annotations

from extract import schema

from ..codes import CHECK_ORDER

T3_TOTAL = schema.T3_COLUMNS[-1]  # 总计: the column the card sums
assert T3_TOTAL.label == "总计"
T4_TOTAL = schema.T4_COLUMNS[-1]
assert T4_TOTAL.label == "总计"

# Levels as INTERFACES.md lists them (registry `level`), in administrative order.
LEVELS = (("central", "中央 central"), ("province", "省级 province"), ("city", "市级 city"),
          ("county", "县级 county"), ("township", "乡镇 township"), ("department", "部门 department"),
          ("unknown", "未知 unknown"))

# The outcome rows the card keeps apart; every other outcome row is summed into its group
# (（四）无法提供, （五）不予处理, （六）其他处理). The brief asks for denials by reason.
SPLIT_GROUP_PREFIX = "denied"


def t3_code(layout: str, row_key: str, col_key: str = T3_TOTAL.key) -> str:
    """The code of one cell of table 3, looked up in the schema's own code list."""
    rows = [r.key for r in schema.T3_ROWS[layout]]
    cols = [c.key for c in schema.T3_COLUMNS]
    code = schema.layout_codes("t3", layout)[rows.index(row_key) * len(cols) + cols.index(col_key)]
    info = schema.code_info(code)
    row = schema.T3_ROWS[layout][rows.index(row_key)]
    assert info.row == row.prefix + row.item.label and info.column == schema.T3_COLUMNS[cols.index(col_key)].label
    return code


def _first_row_key() -> str:
    return schema.T3_ROWS["2021"][0].key  # 一、本年新收政府信息公开申请数量


REQUESTS_CODE = t3_code("2021", _first_row_key())
assert REQUESTS_CODE == t3_code("2019", _first_row_key())


def _group_prefix(group: str) -> str:
    return group[: group.index("）") + 1] if "）" in group else group


def outcome_categories() -> list[dict]:
    """One row per (layout, outcome row): the code of its 总计 cell and the card category."""
    out: list[dict] = []
    order: dict[str, int] = {}
    for layout in sorted(schema.T3_ROWS, reverse=True):
        for i, row in enumerate(r for r in schema.T3_ROWS[layout] if r.outcome):
            family = row.key.split("_")[0]
            if row.group is None:
                key, label = row.key, row.prefix + row.item.label
                label = label.split("（区分处理的")[0]  # 部分公开 without the template's footnote
            elif family == SPLIT_GROUP_PREFIX:
                key, label = row.key, f"{_group_prefix(row.group)}{row.prefix}{row.item.label}"
            else:
                key, label = family, row.group
            order.setdefault(key, len(order))
            out.append({"code": t3_code(layout, row.key), "layout": layout, "category": key,
                        "category_label": label, "category_order": order[key], "row_order": i})
    # The 2019 layout's single （六）其他处理 row is the same category as the 2021 sub-rows.
    labels = {r["category"]: r["category_label"] for r in out}
    for r in out:
        for key, label in labels.items():
            if key != r["category"] and label == r["category_label"]:
                r["category"], r["category_order"] = key, order[key]
    return out


def t4_cells() -> list[dict]:
    """Every table-4 cell except the 总计 column: group × outcome with labels and order."""
    codes = schema.layout_codes("t4", "2021")
    n = len(schema.T4_COLUMNS)
    out = []
    for gi, g in enumerate(schema.T4_GROUPS):
        for ci, c in enumerate(schema.T4_COLUMNS):
            if c is T4_TOTAL:
                continue
            code = codes[gi * n + ci]
            info = schema.code_info(code)
            assert info.row == g.label and info.column == c.label
            label = g.label if gi == 0 else f"{schema.T4_SUIT_LABEL}·{g.label}"
            out.append({"code": code, "grp": g.key, "grp_label": label, "grp_order": gi,
                        "outcome": c.key, "outcome_label": c.label, "outcome_order": ci})
    return out


def lookup_tables() -> dict[str, list[dict]]:
    return {
        "card_outcome_codes": outcome_categories(),
        "card_t4_cells": t4_cells(),
        "card_check_order": [{"check_id": c, "check_order": i} for c, i in CHECK_ORDER.items()],
        "card_levels": [{"level": k, "level_label": v, "level_order": i} for i, (k, v) in enumerate(LEVELS)],
        "card_measure_codes": [{"measure": "requests", "code": REQUESTS_CODE}],
    }
