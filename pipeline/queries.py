"""The researcher queries (pipeline/sql/queries.sql): run them, time them, and render them with their
real output into docs/dataset.md.

    python -m pipeline.queries --data data --docs docs/dataset.md --label "demo data (make demo)"

rewrites the part of docs/dataset.md between the markers <!-- queries:begin --> and
<!-- queries:end --> with each query and the table it returns on that data directory.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .duck import SQL_DIR, connect
from .paths import Paths

BEGIN, END = "<!-- queries:begin -->", "<!-- queries:end -->"
DICT_BEGIN, DICT_END = "<!-- dictionary:begin -->", "<!-- dictionary:end -->"


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    sql: str


def load_queries(path: Path = SQL_DIR / "queries.sql") -> list[Query]:
    text = path.read_text(encoding="utf-8")
    out = []
    for block in re.split(r"(?m)^-- name: ", text)[1:]:
        name, rest = block.split("\n", 1)
        m = re.match(r"-- title: (.*)\n", rest)
        title = m.group(1).strip() if m else name
        sql = rest[m.end():] if m else rest
        out.append(Query(name.strip(), title, sql.strip().rstrip(";")))
    return out


def run(con, query: Query) -> tuple[list[str], list[tuple], float]:
    t = time.perf_counter()
    cur = con.execute(query.sql)
    rows = cur.fetchall()
    elapsed = time.perf_counter() - t
    return [d[0] for d in cur.description], rows, elapsed


def _cell(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v).replace("|", "\\|").replace("\n", " ")


def markdown_table(columns: list[str], rows: list[tuple], limit: int = 20) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(v) for v in r) + " |" for r in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"| … {len(rows) - limit} more rows |" + " |" * (len(columns) - 1))
    if not rows:
        lines.append("| (no rows) |" + " |" * (len(columns) - 1))
    return "\n".join(lines)


def render_section(db: Path, label: str) -> str:
    con = connect(db, read_only=True)
    parts = [BEGIN, "", f"_Output below: **{label}**._", ""]
    try:
        for i, q in enumerate(load_queries(), 1):
            cols, rows, _ = run(con, q)
            parts += [f"### {i}. {q.title}", "", "```sql", q.sql + ";", "```", "",
                      markdown_table(cols, rows), ""]
    finally:
        con.close()
    parts.append(END)
    return "\n".join(parts)


def render_dictionary() -> str:
    """The data dictionary, from the same pyarrow schemas the writers use."""
    from .datapackage import frictionless_type
    from .schemas import TABLES

    parts = [DICT_BEGIN, ""]
    for t in TABLES.values():
        key = f" · primary key ({', '.join(t.primary_key)})" if t.primary_key else ""
        part = f" · partitioned by `{t.partition_by}` (hive)" if t.partition_by else ""
        parts += [f"#### `{t.name}` — {t.zh} / {t.en}", "",
                  f"Sorted by ({', '.join(t.sort_by)}){key}{part}.", "",
                  "| field | type | unit | 含义 | meaning |", "|---|---|---|---|---|"]
        for f in t.schema:
            meta = {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
            ft = frictionless_type(f.type)
            typ = (ft if ft == str(f.type) else f"{ft} ({f.type})") + ("" if f.nullable else ", required")
            parts.append(f"| `{f.name}` | {typ} | {meta.get('unit', '')} | {meta['description_zh']} | "
                         f"{meta['description_en']} |")
        parts.append("")
    parts.append(DICT_END)
    return "\n".join(parts)


def _replace(text: str, begin: str, end: str, new: str, doc: Path) -> str:
    if begin not in text or end not in text:
        raise SystemExit(f"{doc}: markers {begin} … {end} not found")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + new + tail


def update_docs(doc: Path, db: Path | None, label: str) -> None:
    text = _replace(doc.read_text(encoding="utf-8"), DICT_BEGIN, DICT_END, render_dictionary(), doc)
    if db is not None:
        text = _replace(text, BEGIN, END, render_section(db, label), doc)
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="data directory (default $OGI_DATA or data/)")
    ap.add_argument("--docs", type=Path, help="rewrite the query section of this markdown file")
    ap.add_argument("--label", default="demo data", help="what data the outputs come from")
    args = ap.parse_args(argv)
    db = Paths.of(args.data).database
    if not db.exists():
        print(f"error: {db} does not exist: run the load first", file=sys.stderr)
        return 2
    if args.docs:
        update_docs(args.docs, db, args.label)
        return 0
    else:
        con = connect(db, read_only=True)
        for q in load_queries():
            _, rows, secs = run(con, q)
            print(f"{q.name}: {len(rows)} rows in {secs * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
