"""publish(data_dir, date=None): a dated, self-verifying snapshot of the Parquet tables.

data/snapshots/<YYYY-MM-DD>/ holds the tables, manifest.json (every file's rows, bytes and
sha256; schema and extractor versions; coverage figures), datapackage.json and a README.md
dataset card. The snapshot is written under a hidden temporary name, fsynced, then renamed into
place; `latest` (a relative symlink, plus the plain-text pointer file LATEST for clients that
cannot follow links) moves only after that. A crash at any point leaves the previous snapshot
and pointer intact; leftovers are removed by the next publish.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from extract.schema import SCHEMA_VERSION

from .card.card import write_card
from .datapackage import write_descriptor
from .duck import connect, quote_literal
from .explorer.build import build_explorer
from .fsutil import (
    atomic_symlink,
    atomic_write_bytes,
    fsync_tree,
    remove_stale_temps,
    replace_dir,
    sha256_file,
)
from .parquet_io import parquet_rows, table_files
from .paths import Paths
from .schemas import DATASET_SCHEMA_VERSION, TABLES

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PublishError(RuntimeError):
    pass


def _figures(root: Path) -> dict:
    """Coverage and version figures, computed from the snapshot's own files."""
    con = connect(extensions=())
    try:
        def q(sql):
            return con.execute(sql).fetchall()

        def t(name):
            return f"read_parquet({quote_literal(root / (name + '.parquet'))})"

        facts = [p for p in table_files(root, TABLES["facts"])]
        n_facts = sum(parquet_rows(p) for p in facts)
        reports = t("reports")
        return {
            "reports": q(f"SELECT count(*) FROM {reports}")[0][0],
            "facts": n_facts,
            "agencies": q(f"SELECT count(*) FROM {t('agencies')}")[0][0],
            "agencies_not_placed": q(f"SELECT count(*) FROM {t('agencies')} WHERE NOT placed")[0][0],
            "documents": q(f"SELECT count(*) FROM {t('documents')}")[0][0],
            "quarantined": q(f"SELECT count(*) FROM {t('quarantine')}")[0][0],
            "reports_failing_checks": q(f"SELECT count(*) FROM {reports} WHERE n_failed_checks > 0")[0][0],
            "reports_per_year": {str(y): n for y, n in q(
                f"SELECT year, count(*) FROM {reports} GROUP BY year ORDER BY year")},
            "reports_per_level": {str(lv): n for lv, n in q(
                f"SELECT coalesce(level, 'unknown'), count(*) FROM {reports} GROUP BY 1 ORDER BY 1")},
            "provinces": q(f"SELECT count(DISTINCT province) FROM {reports}")[0][0],
            "sites_registered": q(f"SELECT count(*) FROM {t('sites')}")[0][0],
            "sites_with_reports": q(f"SELECT count(DISTINCT r.site_id) FROM {reports} r "
                                    f"JOIN {t('sites')} s USING (site_id)")[0][0],
        }, {v: n for v, n in q(f"SELECT extractor_version, count(*) FROM {reports} GROUP BY 1 ORDER BY 1")}
    finally:
        con.close()


def publish(data_dir: str | os.PathLike | None = None, date: str | None = None,
            hook: Callable[[str], None] | None = None) -> Path:
    """Write data/snapshots/<date>/ from data/tables and point `latest` at it. `hook(point)` is
    called at each step ("copied", "described", "synced", "renamed", "pointed"), for tests that
    interrupt a publish."""
    paths = Paths.of(data_dir)
    date = date or datetime.now(UTC).date().isoformat()
    if not DATE.match(date):
        raise PublishError(f"snapshot date must be YYYY-MM-DD, got {date!r}")
    if not (paths.tables / "reports.parquet").exists():
        raise PublishError(f"no tables in {paths.tables}: run the load first")
    hook = hook or (lambda point: None)
    snaps = paths.snapshots
    snaps.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(snaps)

    tmp = snaps / f".{date}.tmp-{os.getpid()}"
    tmp.mkdir()
    files = []
    for table in TABLES.values():
        for src in table_files(paths.tables, table):
            rel = src.relative_to(paths.tables)
            dst = tmp / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            files.append({"path": rel.as_posix(), "table": table.name, "rows": parquet_rows(dst),
                          "bytes": dst.stat().st_size, "sha256": sha256_file(dst)})
    hook("copied")

    figures, extractor_versions = _figures(tmp)
    write_descriptor(tmp, with_hashes=True, version=date)
    # the dataset card (README.md, index.html, figures/) and the browser explorer (explorer/)
    extras = write_card(tmp, date) + build_explorer(tmp, date)
    for p in [tmp / "datapackage.json", *extras]:
        files.append({"path": p.relative_to(tmp).as_posix(), "table": None, "rows": None,
                      "bytes": p.stat().st_size, "sha256": sha256_file(p)})
    manifest = {
        "snapshot": date,
        "dataset_schema_version": DATASET_SCHEMA_VERSION,
        "fact_schema_version": SCHEMA_VERSION,
        "extractor_versions": extractor_versions,
        "coverage": figures,
        "files": files,
    }
    atomic_write_bytes(tmp / "manifest.json",
                       (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    hook("described")
    fsync_tree(tmp)
    hook("synced")
    target = snaps / date
    replace_dir(tmp, target)
    hook("renamed")
    atomic_symlink(snaps / "latest", date)
    atomic_write_bytes(snaps / "LATEST", (date + "\n").encode())
    hook("pointed")
    return target
