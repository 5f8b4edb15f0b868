"""`ogi query`: run SQL against the DuckDB database (read-only), for the terminal or a file."""
from __future__ import annotations

from pathlib import Path

from .datadir import DataDir
from .errors import UserError


def database(data_dir=None, db: str | Path | None = None) -> Path:
    path = Path(db).expanduser().resolve() if db else DataDir.of(data_dir).duckdb
    if not path.exists():
        raise UserError(f"no database at {path}: build it with `ogi run` (or `ogi load`), or `make demo`")
    return path


def connect(path: Path):
    """Read-only, with the project's offline extensions (pipeline.duck)."""
    import duckdb

    try:
        from pipeline.duck import connect as pconnect

        return pconnect(path, read_only=True)
    except ImportError:  # pragma: no cover - the pipeline package is part of the project
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as e:
        raise UserError(f"cannot open {path}: {first_line(e)}") from None


def first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def run(sql: str, path: Path, limit: int | None = None) -> tuple[list[str], list[tuple], bool]:
    """(columns, the first `limit` rows, whether there are more)."""
    import duckdb

    if not sql.strip():
        raise UserError("empty query")
    con = connect(path)
    try:
        rel = con.sql(sql)
        if rel is None:
            raise UserError("the statement returned no rows (ogi query runs SELECT-style queries)")
        columns = list(rel.columns)
        rows = rel.fetchmany(limit + 1) if limit else rel.fetchall()
    except duckdb.Error as e:
        raise UserError(f"SQL error: {first_line(e)}") from None
    finally:
        con.close()
    more = bool(limit) and len(rows) > limit
    return columns, rows[:limit] if limit else rows, more


def write(sql: str, path: Path, out: Path) -> int:
    """Write the result to CSV or Parquet (by the extension); returns the row count."""
    import duckdb

    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise UserError(f"--out {out}: use a .csv or .parquet file name")
    con = connect(path)
    try:
        rel = con.sql(sql)
        if rel is None:
            raise UserError("the statement returned no rows (ogi query runs SELECT-style queries)")
        out.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".csv":
            rel.write_csv(str(out))
        else:
            rel.write_parquet(str(out))
        return rel.count("*").fetchone()[0]
    except duckdb.Error as e:
        raise UserError(f"SQL error: {first_line(e)}") from None
    finally:
        con.close()
