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


def update_docs(doc: Path, db: Path, label: str) -> None:
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{doc}: markers {BEGIN} … {END} not found")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(head + render_section(db, label) + tail, encoding="utf-8")


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
    else:
        con = connect(db, read_only=True)
        for q in load_queries():
            cols, rows, secs = run(con, q)
            print(f"{q.name}: {len(rows)} rows in {secs * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
