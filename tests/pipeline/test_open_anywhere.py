"""data/ogi.duckdb opens in a plain DuckDB client from any directory: the facts live inside the
file, not in Parquet files found by a relative path (issue 14)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

OPEN = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
row = con.sql("FROM facts LIMIT 1").fetchone()
n = con.sql("SELECT count(*) FROM facts").fetchone()[0]
q = con.sql("SELECT count(*) FROM find_texts('依申请公开', '五')").fetchone()[0]
print(json.dumps({"row": row is not None, "facts": n, "fulltext": q}))
"""


def _open(cwd, path) -> dict:
    # a fresh interpreter with nothing of the project imported: plain duckdb, as a researcher has it
    proc = subprocess.run([sys.executable, "-c", OPEN, str(path)], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_database_opens_from_the_repository_root_and_anywhere(loaded, db, tmp_path):
    root = loaded[0]  # <tmp>/data: its parent plays the repository root
    n_facts = db.execute("SELECT count(*) FROM raw.facts").fetchone()[0]
    n_text = db.execute("SELECT count(*) FROM find_texts('依申请公开', '五')").fetchone()[0]
    assert n_facts > 1000 and n_text > 0
    want = {"row": True, "facts": n_facts, "fulltext": n_text}
    assert _open(root.parent, "data/ogi.duckdb") == want
    assert _open(tmp_path, root / "ogi.duckdb") == want
    # the file alone, moved away from the Parquet tables, still holds every fact
    alone = tmp_path / "elsewhere" / "ogi.duckdb"
    alone.parent.mkdir()
    shutil.copy2(root / "ogi.duckdb", alone)
    assert _open("/", alone) == want
