"""Orderings and renderings derived from extract/schema.py (which alone spells the codes)."""
from __future__ import annotations

import math

import pyarrow as pa

from extract import schema

from .schemas import CODES


def _code_order() -> dict[str, int]:
    order: dict[str, int] = {}
    for table in ("t2", "t3", "t4"):
        for layout in sorted(schema.LAYOUTS[table], reverse=True):  # 2021 first, then 2019's own codes
            for code in schema.layout_codes(table, layout):
                order.setdefault(code, len(order))
    return order


CODE_ORDER = _code_order()
CHECK_ORDER = {cid: i for i, cid in enumerate(schema.all_check_ids())}
T3_CODES = tuple(c for c in CODE_ORDER if schema.table_of(c) == "t3")


def check_order(check_id: str) -> int:
    # A check the schema does not know yet sorts after the known ones, by id.
    return CHECK_ORDER.get(check_id, len(CHECK_ORDER))


def render(value: float) -> str:
    """The canonical text of a number; a fact's raw text is stored only when it differs.
    The SQL twin is the macro ogi_render in sql/db_10_staging.sql."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def codes_table() -> pa.Table:
    layouts: dict[str, list[str]] = {}
    for table, names in schema.LAYOUTS.items():
        for layout in sorted(names):
            for code in schema.layout_codes(table, layout):
                layouts.setdefault(code, []).append(layout)
    rows = sorted(CODE_ORDER, key=CODE_ORDER.get)
    info = [schema.code_info(c) for c in rows]
    return pa.table({
        "code": rows,
        "table": [i.table for i in info],
        "layouts": [layouts[c] for c in rows],
        "row_label": [i.row for i in info],
        "column_label": [i.column for i in info],
        "unit": [i.unit for i in info],
        "code_order": [CODE_ORDER[c] for c in rows],
    }).cast(CODES.schema)


def wide_column(code: str) -> str:
    """Column name of a t3 code in the t3_wide mart: t3.denied_law.natural → denied_law_natural."""
    _, row, col = code.split(".")
    return f"{row}_{col}"


assert len({wide_column(c) for c in T3_CODES}) == len(T3_CODES), "t3_wide column names collide"
