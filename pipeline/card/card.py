"""write_card(snapshot_dir): the snapshot's dataset card, README.md and index.html.

Every number in the text comes from a DuckDB query over the snapshot's own Parquet
(pipeline/card/sql/*.sql) or from the files themselves (bytes); nothing is typed in. The figures
are made here too (pipeline.card.figures), so one call produces the whole card.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from ..fsutil import atomic_write_bytes
from ..parquet_io import table_files
from ..schemas import TABLES
from . import measures
from .figures import Figure, make_figures, query_rows
from .snapshot import connect, snapshot_date

TEMPLATES = Path(__file__).with_name("templates")
EXPLORER_PAGE = "explorer/index.html"


def _fmt(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, (int, float)) and not isinstance(v, bool) else ("—" if v is None else str(v))


def _pct(part, whole) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _files(root: Path, rows_by_table: dict[str, int]) -> list[dict]:
    out = []
    for name, table in TABLES.items():
        files = table_files(root, table)
        if not files:
            continue
        path = f"{name}/{table.partition_by}=*/part-0.parquet" if table.partition_by else files[0].name
        out.append({"path": path, "table": name, "title": f"{table.zh} / {table.en}",
                    "parts": len(files), "rows": _fmt(rows_by_table.get(name)),
                    "bytes": _fmt(sum(p.stat().st_size for p in files))})
    return out


def context(root: Path, figures: list[Figure], date: str | None = None) -> dict:
    con = connect(root)
    try:
        _, (summary,) = query_rows(con, "summary")
        _, per_year = query_rows(con, "per_year")
        _, file_rows = query_rows(con, "files")
    finally:
        con.close()
    years = [{**{k: _fmt(v) for k, v in r.items()}, "year": r["year"],
              "share_failing": _pct(r["reports_failing"], r["reports"])} for r in per_year]
    return {
        "date": date or snapshot_date(root),
        "s": {k: _fmt(v) if k not in ("first_year", "last_year") else (v or "—") for k, v in summary.items()},
        "share_failing": _pct(summary["reports_failing"], summary["reports"]),
        "span": f"{summary['first_year']}–{summary['last_year']}" if summary["first_year"] else "—",
        "years": years,
        "figures": [{"name": f.name, "title": f.title, "caption": f.caption,
                     "png": f.relative(root)[0], "csv": f.relative(root)[1]} for f in figures],
        "files": _files(root, {r["table"]: r["rows"] for r in file_rows}),
        "requests_code": measures.REQUESTS_CODE,
        "explorer": EXPLORER_PAGE,
    }


def _env(autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True)


def render(ctx: dict) -> tuple[str, str]:
    """(README.md text, index.html text) of one card context."""
    return (_env(False).get_template("card.md").render(**ctx),
            _env(True).get_template("card.html").render(**ctx))


def write_card(snapshot_dir: str | Path, date: str | None = None) -> list[Path]:
    """Figures, README.md and index.html in snapshot_dir; returns every file written (for the
    manifest), figures first."""
    root = Path(snapshot_dir)
    figures = make_figures(root)
    readme, html = render(context(root, figures, date))
    atomic_write_bytes(root / "README.md", readme.encode("utf-8"))
    atomic_write_bytes(root / "index.html", html.encode("utf-8"))
    written = [p for f in figures for p in (f.png, f.csv)]
    return written + [root / "README.md", root / "index.html"]
