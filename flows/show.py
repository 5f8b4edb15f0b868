"""`ogi show AGENCY YEAR`: one report's three statistical tables, redrawn in the terminal the
way the report printed them (labels and layouts from extract.schema, cells as printed), with the
cells of failed consistency checks in red, the failed checks listed, and the source URL. An
incomplete report says so: the cells that were not read show "?" and the checks that could not be
made for want of them are listed as unknown."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from rich import box
from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from extract import schema

from .errors import UserError
from .sqlfiles import sql

BAD = "bold red"
UNKNOWN = "bold yellow"


@dataclass
class ReportView:
    report_id: str
    agency: str
    year: int
    source_url: str | None
    t2_layout: str | None
    t3_layout: str | None
    has_t4: bool
    status: str
    complete: bool = True
    missing: list[str] = field(default_factory=list)
    facts: dict[str, tuple[float, str]] = field(default_factory=dict)  # code → (value, raw text)
    checks: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> list[dict]:
        return [c for c in self.checks if c["ok"] is False]

    @property
    def unknown(self) -> list[dict]:
        """Checks that could not be made: an input cell was not read."""
        return [c for c in self.checks if c["ok"] is None]


def find(con, agency: str, year: int) -> ReportView:
    agency = agency.strip()
    row = con.execute(sql("show_report"), {"agency": agency, "year": year}).fetchone()
    if row is None:
        years = [r[0] for r in con.execute(sql("agency_years"), {"agency": agency}).fetchall()]
        if years:
            raise UserError(f"{agency} has no report for {year}; it has reports for "
                            f"{', '.join(str(y) for y in years)}")
        names = [r[0] for r in con.execute(sql("agency_names")).fetchall()]
        close = closest(agency, names)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UserError(f"unknown agency {agency!r}{hint}")
    cols = ("report_id", "agency", "year", "source_url", "t2_layout", "t3_layout", "has_t4", "status",
            "complete", "missing")
    view = ReportView(**dict(zip(cols, row[: len(cols)])))
    view.complete = view.complete is not False
    view.missing = list(view.missing or [])
    view.facts = {code: (value, raw) for code, value, raw in
                  con.execute(sql("show_facts"), {"report_id": view.report_id}).fetchall()}
    order = {cid: i for i, cid in enumerate(schema.all_check_ids())}
    view.checks = sorted(({"id": c, "lhs": lhs, "rhs": rhs, "ok": ok, "missing": list(m or [])}
                          for c, lhs, rhs, ok, m in
                          con.execute(sql("show_checks"), {"report_id": view.report_id}).fetchall()),
                         key=lambda c: (order.get(c["id"], len(order)), c["id"]))
    return view


def closest(name: str, names: list[str], n: int = 5) -> list[str]:
    """Names that contain the query (or that it contains), then the most similar by difflib."""
    name = name.strip()
    contains = [x for x in names if name and (name in x or x in name)]
    similar = difflib.get_close_matches(name, names, n=n, cutoff=0.4)
    out: list[str] = []
    for x in sorted(contains, key=lambda x: (abs(len(x) - len(name)), x)) + similar:
        if x not in out:
            out.append(x)
    return out[:n]


def involved(facts: dict[str, float], failed_ids: set[str]) -> set[str]:
    """The fact codes that enter a failed check, found by asking extract.schema's own checks which
    of them move when one cell moves (so no rule is restated here)."""
    if not failed_ids:
        return set()
    base = {c.id: (c.lhs, c.rhs) for c in schema.run_checks(facts)}
    out = set()
    for code, value in facts.items():
        bumped = dict(facts)
        bumped[code] = value + 1
        for c in schema.run_checks(bumped):
            if c.id in failed_ids and base.get(c.id) != (c.lhs, c.rhs):
                out.add(code)
    return out


def _num(v) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


class _Cells:
    def __init__(self, view: ReportView):
        self.view = view
        self.bad = involved({c: v for c, (v, _) in view.facts.items()}, {c["id"] for c in view.failed})

    def __call__(self, code: str) -> Text:
        if code not in self.view.facts:
            # a cell of the report's layout that was not read: never shown as blank or 0
            return Text("?", style=UNKNOWN) if code in self.view.missing else Text("")
        _, raw = self.view.facts[code]
        return Text(raw if raw is not None else "", style=BAD if code in self.bad else "")


def _failed_lines(view: ReportView, table: str) -> list[Text]:
    failed = [Text(f"✗ {c['id']}: {_num(c['lhs'])} ≠ {_num(c['rhs'])}", style=BAD)
              for c in view.failed if c["id"].split(".", 1)[0] == table]
    unknown = [Text(f"? {c['id']}: not checked, missing {', '.join(c['missing'])}", style=UNKNOWN)
               for c in view.unknown if c["id"].split(".", 1)[0] == table]
    return failed + unknown


def table2(view: ReportView, cell: _Cells):
    title = f"二、{schema.T2_TITLE}"
    if not view.t2_layout:
        return Text(f"{title}: (not in the report)", style="dim")
    blocks = schema.T2_BLOCKS[view.t2_layout]
    codes = iter(schema.layout_codes("t2", view.t2_layout))  # block → row → column order
    width = max(len(b.columns) for b in blocks)
    t = Table(title=title, title_justify="left", box=box.SQUARE, show_header=False, show_lines=False)
    for _ in range(width + 1):
        t.add_column()
    for b in blocks:
        t.add_row(Text(b.heading, style="bold"), *[""] * width)
        t.add_row(Text("信息内容", style="bold"), *[Text(c.label, style="bold") for c in b.columns],
                  *[""] * (width - len(b.columns)))
        for i, r in enumerate(b.rows):
            cells = [cell(next(codes)) for _ in b.columns]
            t.add_row(r.label, *cells, *[""] * (width - len(b.columns)), end_section=i == len(b.rows) - 1)
    return Group(t, *_failed_lines(view, "t2"), Text(f"({view.t2_layout} layout)", style="dim"))


def table3(view: ReportView, cell: _Cells):
    title = f"三、{schema.T3_TITLE}"
    if not view.t3_layout:
        return Text(f"{title}: (not in the report)", style="dim")
    t = Table(title=title, title_justify="left", box=box.SQUARE, show_lines=False)
    t.add_column("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", ratio=3, overflow="fold")
    party = [c for c in schema.T3_COLUMNS if c.key in schema.T3_PARTY_COLUMNS]
    for i, c in enumerate(schema.T3_COLUMNS):
        if c.key == "natural":
            head = f"申请人情况\n\n{c.label}"
        elif c in party:
            head = f"\n{schema.T3_COLUMN_GROUP if i == 1 else ''}\n{c.label}"
        else:
            head = f"\n\n{c.label}"
        t.add_column(head, justify="right")
    codes = iter(schema.layout_codes("t3", view.t3_layout))  # row → column order
    rows = schema.T3_ROWS[view.t3_layout]
    blank = [""] * len(schema.T3_COLUMNS)
    in_results, sub = False, None
    for r in rows:
        if r.outcome and not in_results:
            in_results = True
            t.add_row(Text(schema.RESULTS_GROUP, style="bold"), *blank)
        if r.group and r.group != sub:
            t.add_row("  " + r.group, *blank)
        sub = r.group
        indent = "    " if r.group else ("  " if in_results and r is not rows[-1] else "")
        t.add_row(indent + r.prefix + r.item.label, *[cell(next(codes)) for _ in schema.T3_COLUMNS])
    return Group(t, *_failed_lines(view, "t3"), Text(f"({view.t3_layout} layout)", style="dim"))


def table4(view: ReportView, cell: _Cells, console: Console):
    title = f"四、{schema.T4_TITLE}"
    if not view.has_t4:
        return Text(f"{title}: (not in the report)", style="dim")
    codes = list(schema.layout_codes("t4", "2021"))  # group → column order
    n = len(schema.T4_COLUMNS)
    # The printed layout: one row of 15 cells under two header rows of groups.
    t = Table(title=title, title_justify="left", box=box.SQUARE)
    for gi, g in enumerate(schema.T4_GROUPS):
        top = g.label if gi == 0 else (schema.T4_SUIT_LABEL if gi == 1 else "")
        sub = "" if gi == 0 else g.label
        for ci, c in enumerate(schema.T4_COLUMNS):
            t.add_column(f"{top if ci == 0 else ''}\n{sub if ci == 0 else ''}\n{c.label}", justify="right",
                         no_wrap=True)
    t.add_row(*[cell(c) for c in codes])
    if Measurement.get(console, console.options.update_width(10_000), t).maximum <= console.width:
        return Group(t, *_failed_lines(view, "t4"))
    # Too narrow for 15 columns: one line per group, the same cells.
    t = Table(title=title, title_justify="left", box=box.SQUARE)
    t.add_column("")
    for c in schema.T4_COLUMNS:
        t.add_column(c.label, justify="right")
    for gi, g in enumerate(schema.T4_GROUPS):
        label = g.label if gi == 0 else f"{schema.T4_SUIT_LABEL}·{g.label}"
        t.add_row(label, *[cell(c) for c in codes[gi * n:(gi + 1) * n]])
    note = Text("(printed as one row of 15 cells; shown one line per group to fit the terminal)", style="dim")
    return Group(t, *_failed_lines(view, "t4"), note)


def render(view: ReportView, console: Console) -> None:
    cell = _Cells(view)
    head = Text(f"{view.agency} {view.year}年政府信息公开工作年度报告", style="bold")
    console.print(head)
    console.print(f"source: {view.source_url or '—'}")
    status = Text(f"status: {view.status}", style=BAD if view.failed else "green")
    if view.failed:
        status.append(f" — {len(view.failed)} failed check(s), their cells in red")
    console.print(status)
    if not view.complete:
        note = Text("incomplete: ", style=UNKNOWN)
        if view.missing:
            note.append(f"{len(view.missing)} cell(s) of its layouts not read (shown ?)")
        else:
            note.append("a statistical table was not found")
        if view.unknown:
            note.append(f"; {len(view.unknown)} check(s) could not be made")
        console.print(note)
    console.print()
    console.print(table2(view, cell))
    console.print()
    console.print(table3(view, cell))
    console.print()
    console.print(table4(view, cell, console))
