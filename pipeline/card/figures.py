"""The card's figures: PNG files drawn from DuckDB queries over the snapshot's own Parquet, each
with a CSV of exactly the numbers it draws (the same rows: the CSV is written from the query
result and the plot is drawn from that list).

make_figures(snapshot_dir) writes snapshot_dir/figures/<name>.png and <name>.csv.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure as MplFigure

from ..fsutil import atomic_write_bytes
from .fonts import cjk_font
from .snapshot import connect, sql

FIGURES_DIR = "figures"
DPI = 110
NO_DATA = "无数据 / no data"


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    caption: str
    png: Path
    csv: Path
    columns: tuple[str, ...]
    rows: list[dict] = field(repr=False)

    def relative(self, root: Path) -> tuple[str, str]:
        return self.png.relative_to(root).as_posix(), self.csv.relative_to(root).as_posix()


@dataclass(frozen=True)
class Spec:
    name: str
    query: str
    title: str
    caption: str
    draw: Callable[[MplFigure, list[dict]], None]


def _number(v):
    """Integral floats as integers: sums of counts are read back as DuckDB DOUBLE."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _no_data(fig: MplFigure) -> None:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", fontsize=14, color="#666")


def _years(rows: list[dict]) -> list[int]:
    return sorted({r["year"] for r in rows})


def draw_coverage(fig: MplFigure, rows: list[dict]) -> None:
    if not rows:
        return _no_data(fig)
    regions = list(dict.fromkeys(r["region"] for r in rows))  # the query's order
    years = _years(rows)
    grid = [[float("nan")] * len(years) for _ in regions]
    for r in rows:
        grid[regions.index(r["region"])][years.index(r["year"])] = r["reports"]
    fig.set_size_inches(max(6.0, 1.0 + 0.9 * len(years)), max(3.0, 1.2 + 0.34 * len(regions)))
    ax = fig.add_subplot()
    img = ax.imshow(grid, aspect="auto", cmap="YlGnBu", vmin=0)
    top = max(r["reports"] for r in rows)
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if not math.isnan(v):
                ax.text(j, i, f"{int(v):,}", ha="center", va="center", fontsize=8,
                        color="white" if v > 0.6 * top else "black")
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks(range(len(regions)), regions)
    ax.set_xlabel("报告年度 report year")
    fig.colorbar(img, ax=ax, label="报告数 reports", shrink=0.8)


def _stacked_bars(ax, x_labels: list, series: dict[str, list[float]], colors: dict[str, str]) -> float:
    """Stacked bars with each bar's total written on top; returns the tallest total."""
    bottoms = [0.0] * len(x_labels)
    for name, values in series.items():
        ax.bar(range(len(x_labels)), values, bottom=bottoms, label=name, color=colors.get(name))
        bottoms = [b + v for b, v in zip(bottoms, values)]
    for i, total in enumerate(bottoms):
        ax.text(i, total, f"{_number(total):,}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(x_labels)), [str(x) for x in x_labels])
    top = max(bottoms + [1])
    ax.set_ylim(0, top * 1.12)
    return top


LEVEL_COLORS = ["#1b4f72", "#2e86c1", "#48c9b0", "#f4d03f", "#eb984e", "#a569bd", "#95a5a6"]


def draw_requests(fig: MplFigure, rows: list[dict]) -> None:
    if not rows:
        return _no_data(fig)
    years = _years(rows)
    levels = list(dict.fromkeys(r["level_label"] for r in rows))
    series = {lv: [0.0] * len(years) for lv in levels}
    for r in rows:
        series[r["level_label"]][years.index(r["year"])] = r["requests"]
    fig.set_size_inches(max(6.5, 1.5 + 0.9 * len(years)), 4.2)
    ax = fig.add_subplot()
    _stacked_bars(ax, years, series, dict(zip(levels, LEVEL_COLORS)))
    ax.set_xlabel("报告年度 report year")
    ax.set_ylabel("本年新收申请 requests received")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)


def _outcome_colors(categories: list[str]) -> dict[str, str]:
    reds = matplotlib.colormaps["OrRd"]
    denied = [c for c in categories if c.startswith("（三）")]
    fixed = {"（一）": "#1a9850", "（二）": "#a6d96a", "（四）": "#5e3c99", "（五）": "#b2abd2", "（六）": "#bababa"}
    out = {}
    for c in categories:
        if c in denied:
            out[c] = matplotlib.colors.to_hex(reds(0.35 + 0.6 * denied.index(c) / max(1, len(denied) - 1)))
        else:
            out[c] = next((v for k, v in fixed.items() if c.startswith(k)), "#777777")
    return out


def draw_outcomes(fig: MplFigure, rows: list[dict]) -> None:
    if not rows:
        return _no_data(fig)
    years = _years(rows)
    cats = list(dict.fromkeys(r["category_label"] for r in rows))
    share = {c: [0.0] * len(years) for c in cats}
    for r in rows:
        share[r["category_label"]][years.index(r["year"])] = (r["share"] or 0.0) * 100
    colors = _outcome_colors(cats)
    fig.set_size_inches(9.0, 2.6 + 0.45 * len(years))
    ax = fig.add_subplot()
    left = [0.0] * len(years)
    for c in cats:
        ax.barh(range(len(years)), share[c], left=left, color=colors[c], label=c)
        left = [a + b for a, b in zip(left, share[c])]
    ax.set_yticks(range(len(years)), [str(y) for y in years])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("占当年办理结果的百分比 % of the year's outcomes (总计 column)")
    ax.legend(fontsize=7, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)


def draw_checks(fig: MplFigure, rows: list[dict]) -> None:
    if not rows:
        return _no_data(fig)
    fig.set_size_inches(8.0, 1.2 + 0.24 * len(rows))
    ax = fig.add_subplot()
    shares = [(r["share_failed"] or 0.0) * 100 for r in rows]
    ax.barh(range(len(rows)), shares, color=["#c0392b" if s else "#d5d8dc" for s in shares])
    for i, r in enumerate(rows):
        ax.text(shares[i], i, f" {r['reports_failed']:,}/{r['reports_checked']:,}", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)), [r["check_id"] for r in rows], fontsize=7)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first check on top, no empty margin
    ax.set_xlim(0, max(shares + [1]) * 1.25)
    ax.set_xlabel("未通过校验的报告占比 % of reports failing the check (failed/checked)")


T4_COLORS = {"结果维持": "#2e86c1", "结果纠正": "#e67e22", "其他结果": "#95a5a6", "尚未审结": "#f4d03f"}


def draw_review(fig: MplFigure, rows: list[dict]) -> None:
    if not rows:
        return _no_data(fig)
    groups = list(dict.fromkeys(r["grp_label"] for r in rows))
    years = _years(rows)
    fig.set_size_inches(max(9.0, 3.0 * len(groups)), 4.0)
    axes = fig.subplots(1, len(groups), sharey=True, squeeze=False)[0]
    top = 1.0
    for ax, g in zip(axes, groups):
        sub = [r for r in rows if r["grp_label"] == g]
        outcomes = list(dict.fromkeys(r["outcome_label"] for r in sub))
        series = {o: [0.0] * len(years) for o in outcomes}
        for r in sub:
            series[r["outcome_label"]][years.index(r["year"])] = r["cases"]
        top = max(top, _stacked_bars(ax, years, series, T4_COLORS))
        ax.set_title(g, fontsize=10)
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes[0].set_ylim(0, top * 1.12)  # shared: the tallest bar of any group fits
    axes[0].set_ylabel("案件数 cases")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    fig.subplots_adjust(bottom=0.25)


COMPLIANCE_PARTS = {"on_time": ("按期发布 on time", "#1e8449"), "late": ("逾期发布 late", "#e67e22"),
                    "no_deadline": ("已发布（乡镇，无期限）published, no deadline", "#7fb3d5"),
                    "undated": ("已发布，日期不明 published, undated", "#bdc3c7"),
                    "missing": ("未发布 missing", "#c0392b")}


def draw_compliance(fig: MplFigure, rows: list[dict]) -> None:
    if not rows:
        return _no_data(fig)
    years = _years(rows)
    series = {label: [r[key] for r in rows] for key, (label, _c) in COMPLIANCE_PARTS.items()}
    fig.set_size_inches(max(6.5, 1.5 + 0.9 * len(years)), 4.2)
    ax = fig.add_subplot()
    _stacked_bars(ax, years, series, {label: color for label, color in COMPLIANCE_PARTS.values()})
    ax.set_xlabel("报告年度 report year")
    ax.set_ylabel("应发布的报告 reports owed")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)


SPECS = (
    Spec("coverage", "coverage", "覆盖：各省份各年度报告数 / Coverage: reports by province and year",
         "每格为该省份（含中央、未定位）该年度数据集中的报告数（每个机关每年一份）。"
         " Each cell: reports in the dataset (one per agency and year).", draw_coverage),
    Spec("requests_by_level", "requests_by_level",
         "各年度收到的政府信息公开申请（按层级）/ Requests received per year, by level",
         "表三“一、本年新收政府信息公开申请数量”总计列之和，按机关层级堆叠。"
         " Sum of table 3 row 一 (总计 column), stacked by the agency's level.", draw_requests),
    Spec("outcome_mix", "outcome_mix", "办理结果构成 / Outcome mix",
         "表三“三、本年度办理结果”总计列：予以公开、部分公开、按理由的不予公开、无法提供、不予处理、其他处理，占当年合计的比例。"
         " Table 3 outcomes (总计 column) as shares of the year's sum: granted, partial, denied by reason,"
         " unable, rejected, other.", draw_outcomes),
    Spec("check_failures", "check_failures", "未通过各项勾稽校验的报告占比 / Reports failing each check",
         "每项校验：未通过的报告数 / 执行该校验的报告数。数字按原样发布，从不修正。"
         " Per check: reports failing it / reports it ran on. Numbers are published as printed, never corrected.",
         draw_checks),
    Spec("review_litigation", "review_litigation", "行政复议和行政诉讼结果 / Review and litigation outcomes",
         "表四各组按年度的结果（结果维持、结果纠正、其他结果、尚未审结）之和。"
         " Table 4: cases per group and year by result (upheld, corrected, other, pending).", draw_review),
    Spec("compliance", "compliance", "按期发布情况 / Published on time?",
         "登记表所列机关应发布的报告（截止日期已过的年度）：按期、逾期、乡镇（无期限）、日期不明、未发布。"
         "期限：部门次年1月31日，政府次年3月31日（条例第四十九、五十条）；发布日期取站点所示最早日期（见数据说明）。"
         " Reports owed by registered agencies (years whose deadline had passed): on time, late, townships"
         " (no deadline), undated, missing. Deadlines: departments 31 January, governments 31 March"
         " (条例 art. 49/50); the publication date is the earliest the site states (see the data docs).",
         draw_compliance),
)


def _csv_bytes(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r[c] is None else r[c] for c in columns])
    # The BOM lets spreadsheet programs on Chinese-locale systems read UTF-8 labels correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _png_bytes(spec: Spec, rows: list[dict]) -> bytes:
    with matplotlib.rc_context({"font.family": cjk_font(), "axes.unicode_minus": False,
                                "axes.spines.top": False, "axes.spines.right": False}):
        fig = MplFigure(figsize=(8, 4.5), layout="constrained" if spec.name != "review_litigation" else None)
        spec.draw(fig, rows)
        fig.suptitle(spec.title, fontsize=12)
        buf = io.BytesIO()
        # No "Software" tag: the same numbers give the same bytes in every snapshot.
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def query_rows(con, query: str) -> tuple[tuple[str, ...], list[dict]]:
    cur = con.execute(sql(query))
    columns = tuple(d[0] for d in cur.description)
    return columns, [{c: _number(v) for c, v in zip(columns, row)} for row in cur.fetchall()]


def make_figures(snapshot_dir: str | Path) -> list[Figure]:
    root = Path(snapshot_dir)
    out_dir = root / FIGURES_DIR
    con = connect(root)
    try:
        figures = []
        for spec in SPECS:
            columns, rows = query_rows(con, spec.query)
            png, csv_path = out_dir / f"{spec.name}.png", out_dir / f"{spec.name}.csv"
            atomic_write_bytes(csv_path, _csv_bytes(columns, rows))
            atomic_write_bytes(png, _png_bytes(spec, rows))
            figures.append(Figure(spec.name, spec.title, spec.caption, png, csv_path, columns, rows))
        return figures
    finally:
        con.close()
