"""DuckDB connections with the offline extensions, and the runner for pipeline/sql/*.sql.

The machine has no internet: DuckDB must never try to download an extension. The extensions
ship as PyPI packages (duckdb-ext-httpfs, duckdb-ext-fts) holding the .duckdb_extension files;
INSTALL from that file path then LOAD makes them available without any network.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).with_name("sql")


class ExtensionMissing(RuntimeError):
    pass


def extension_file(name: str) -> Path:
    """Path of <name>.duckdb_extension inside the duckdb-ext-<name> package."""
    spec = importlib.util.find_spec("duckdb_ext")
    roots = list(spec.submodule_search_locations or []) if spec else []
    version = duckdb.__version__
    for root in roots:
        for p in sorted(Path(root).glob(f"extensions/v{version}/*/{name}.duckdb_extension")):
            return p
    raise ExtensionMissing(f"DuckDB extension {name!r} for duckdb {version} not found: "
                           f"pip install duckdb-ext-{name}")


def load_extensions(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    for name in names:
        loaded = con.execute(
            "SELECT loaded FROM duckdb_extensions() WHERE extension_name = ?", [name]).fetchone()
        if loaded and loaded[0]:
            continue
        con.execute(f"INSTALL '{extension_file(name)}'")
        con.execute(f"LOAD {name}")


def connect(database: str | Path = ":memory:", read_only: bool = False,
            extensions: tuple[str, ...] = ()) -> duckdb.DuckDBPyConnection:
    """A connection with the project's settings: UTC, the offline extensions asked for loaded, and
    relative file paths resolved from the database's own directory."""
    con = duckdb.connect(str(database), read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    if str(database) != ":memory:":
        con.execute(f"SET file_search_path = {quote_literal(Path(database).resolve().parent)}")
    load_extensions(con, *extensions)
    return con


def sql_text(sql_name: str, **params: str) -> str:
    """The text of pipeline/sql/<name>.sql with {{param}} placeholders filled in."""
    text = (SQL_DIR / f"{sql_name}.sql").read_text(encoding="utf-8")
    for k, v in params.items():
        text = text.replace("{{" + k + "}}", v)
    if "{{" in text:
        raise ValueError(f"{sql_name}.sql: unfilled placeholder near {text[text.index('{{'):][:40]!r}")
    return text


def run_sql(con: duckdb.DuckDBPyConnection, sql_name: str, **params: str) -> None:
    for statement in statements(sql_text(sql_name, **params)):
        con.execute(statement)


def statements(text: str) -> list[str]:
    """Split a SQL file into statements (each ends with ';' at the end of a line). DuckDB's own
    splitter expands a PRAGMA before the statements above it have run, so files are run one
    statement at a time."""
    out = []
    for chunk in re.split(r";[ \t]*(?:\n|$)", text):
        code = "\n".join(line for line in chunk.splitlines() if not line.strip().startswith("--"))
        if code.strip():
            out.append(chunk.strip())
    return out


def quote_literal(s: str | Path) -> str:
    return "'" + str(s).replace("'", "''") + "'"
