"""labels.json for the explorer, generated from extract/schema.py at build time.

The page never spells a fact code: it reads here which code sits in which printed row and column
of each table layout, which cells each check adds up (found by probing schema.run_checks, so a
new check needs no change here), and which numbers it can follow across years.
"""
from __future__ import annotations

from extract import schema


def _short_row(row: schema.T3Row) -> str:
    """The numbering a reader uses for a row: 一, （三）2, （七)."""
    prefix = row.prefix.rstrip("、.")
    if row.group:
        return row.group[: row.group.index("）") + 1] + prefix
    return prefix


def t3_layout(layout: str) -> dict:
    rows = schema.T3_ROWS[layout]
    codes = schema.layout_codes("t3", layout)
    n = len(schema.T3_COLUMNS)
    out = []
    for i, r in enumerate(rows):
        cells = list(codes[i * n:(i + 1) * n])
        assert all(schema.code_info(c).row == r.prefix + r.item.label for c in cells)
        out.append({"key": r.key, "prefix": r.prefix, "label": r.item.label, "group": r.group,
                    # 一、二、四、 are top-level items; everything else sits under 三、本年度办理结果
                    "top": r.prefix.endswith("、"), "short": _short_row(r), "codes": cells})
    return {"rows": out}


def t4() -> dict:
    codes = schema.layout_codes("t4", "2021")
    n = len(schema.T4_COLUMNS)
    return {"title": schema.T4_TITLE, "suit_label": schema.T4_SUIT_LABEL,
            "columns": [{"key": c.key, "label": c.label} for c in schema.T4_COLUMNS],
            "groups": [{"key": g.key, "label": g.label, "suit": i > 0, "codes": list(codes[i * n:(i + 1) * n])}
                       for i, g in enumerate(schema.T4_GROUPS)]}


def t2(layout: str) -> list[dict]:
    codes = iter(schema.layout_codes("t2", layout))  # the schema lists them block by block, row × column
    blocks = []
    for b in schema.T2_BLOCKS[layout]:
        rows = []
        for r in b.rows:
            cells = [next(codes) for _ in b.columns]
            assert [schema.code_info(c).row for c in cells] == [r.label] * len(cells)
            rows.append({"key": r.key, "label": r.label, "codes": cells})
        blocks.append({"heading": b.heading, "columns": [{"label": c.label, "unit": c.unit} for c in b.columns],
                       "rows": rows})
    return blocks


def _probe(codes: tuple[str, ...]) -> dict[str, dict]:
    """Which codes each check adds on its left and right side: bump one code at a time and see
    which side of which check moves."""
    base = {c: 0 for c in codes}
    ref = {c.id: (c.lhs, c.rhs) for c in schema.run_checks(base)}
    out: dict[str, dict] = {cid: {"lhs": [], "rhs": []} for cid in ref}
    for code in codes:
        for c in schema.run_checks({**base, code: 1}):
            lhs, rhs = ref[c.id]
            if c.lhs != lhs:
                out[c.id]["lhs"].append(code)
            if c.rhs != rhs:
                out[c.id]["rhs"].append(code)
    return out


def _cell_name(code: str, short: dict[str, str]) -> str:
    info = schema.code_info(code)
    return short.get(code, info.row) + "·" + info.column


def checks(t3_layout_name: str) -> dict[str, dict]:
    """Every check a report with this table-3 layout (and table 4) can carry, with its cells and a
    readable equation."""
    codes = schema.layout_codes("t3", t3_layout_name) + schema.layout_codes("t4", "2021")
    short = {c: r["short"] for r in t3_layout(t3_layout_name)["rows"] for c in r["codes"]}
    out = {}
    for cid, sides in _probe(codes).items():
        text = " + ".join(_cell_name(c, short) for c in sides["lhs"]) + " = " + \
               " + ".join(_cell_name(c, short) for c in sides["rhs"])
        out[cid] = {**sides, "text": text}
    return out


def trend_metrics() -> list[dict]:
    """Numbers the explorer can follow across years: each table-3 row's 总计, each table-4 group's
    总计 (both layouts share these codes; a 2019-only row is listed once)."""
    seen, out = set(), []
    total = schema.T3_COLUMNS[-1].label
    for layout in ("2021", "2019"):
        for r in t3_layout(layout)["rows"]:
            code = r["codes"][-1]
            if code not in seen and schema.code_info(code).column == total:
                seen.add(code)
                out.append({"code": code, "label": f"表三 {r['short']} {r['label'][:24]}（总计）"})
    for g in t4()["groups"]:
        code = g["codes"][-1]
        label = g["label"] if not g["suit"] else f"{schema.T4_SUIT_LABEL}·{g['label']}"
        out.append({"code": code, "label": f"表四 {label}（总计）"})
    return out


def labels() -> dict:
    return {
        "schema_version": schema.SCHEMA_VERSION,
        "titles": {k: v for k, v in schema.TABLE_TITLES.items()},
        "t3": {"column_group": schema.T3_COLUMN_GROUP, "results_group": schema.RESULTS_GROUP,
               "columns": [{"key": c.key, "label": c.label, "party": c.key in schema.T3_PARTY_COLUMNS}
                           for c in schema.T3_COLUMNS],
               "layouts": {name: t3_layout(name) for name in schema.T3_ROWS}},
        "t4": t4(),
        "t2": {name: t2(name) for name in schema.T2_BLOCKS},
        "checks": {name: checks(name) for name in schema.T3_ROWS},
        "trend_metrics": trend_metrics(),
    }
