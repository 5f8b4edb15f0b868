"""Extraction benchmark: our full extraction of generated report PDFs against a bare pdfplumber
pass (extract_tables() + extract_text() on every page) over the same files, in the same run.

    python -m tests.bench extract          (OGI_BENCH_DOCS=N to change the 100 documents)

Prints documents/s and pages/s of both, the time ratio (goal, issue #11: ours ≤ 0.3× pdfplumber), peak
memory of each pass (each runs in its own fresh process: peak RSS, and the peak of Python
allocations under tracemalloc in a separate, untimed pass), and accuracy: every fact of every
report compared with the generator's truth (cells exact) plus the failed checks.
PDFs are rendered once (one LibreOffice run) and cached under $OGI_DATA/cache/bench/.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import random
import resource
import time
import tracemalloc
from pathlib import Path

TEMPLATES = ({"t2": "2021", "t3": "2021"}, {"t2": "2019", "t3": "2019"}, {"t2": "2021", "t3": "2019"})
AGENCIES = ("某某县人民政府办公室", "某某市生态环境局", "某某区司法局", "某某镇人民政府", "某某经济技术开发区管理委员会")


def _data_dir() -> Path:
    return Path(os.environ.get("OGI_DATA", Path(__file__).resolve().parents[2] / "data"))


def bench_specs(n: int) -> list:
    from simweb.generator import random_spec

    return [random_spec(random.Random(7000 + i), AGENCIES[i % len(AGENCIES)], 2019 + i % 6,
                        templates=TEMPLATES[i % len(TEMPLATES)], fail_balance=i % 7 == 0) for i in range(n)]


def prepare(n: int) -> tuple[list[Path], list[dict]]:
    """Render (or reuse) n report PDFs; returns their paths and truths."""
    from simweb.generator import render_many

    cache = _data_dir() / "cache" / "bench"
    files = cache / "pdf"
    files.mkdir(parents=True, exist_ok=True)
    specs = bench_specs(n)
    t0 = time.perf_counter()
    blobs = render_many([(s, "pdf") for s in specs], cache_dir=cache / "render")
    paths = []
    for i, blob in enumerate(blobs):
        path = files / f"{i:04d}.pdf"
        if not path.exists() or path.stat().st_size != len(blob):
            path.write_bytes(blob)
        paths.append(path)
    print(f"{n} report PDFs ready in {time.perf_counter() - t0:.1f} s ({cache})")
    return paths, [s.truth() for s in specs]


# ------------------------------------------------------------------ the passes (child processes)
def _pdfplumber_pass(paths: list[str]) -> dict:
    import pdfplumber

    pages = 0
    cells = 0
    t0 = time.perf_counter()
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                tables = page.extract_tables()
                page.extract_text()
                cells += sum(len(row) for t in tables for row in t)
                pages += 1
    return {"seconds": time.perf_counter() - t0, "pages": pages, "cells": cells}


def _ours_pass(paths: list[str]) -> dict:
    import pypdfium2

    from extract.api import extract_bytes

    pages = 0
    results = []
    t0 = time.perf_counter()
    for p in paths:
        data = Path(p).read_bytes()
        results.append(extract_bytes(data, p))
    seconds = time.perf_counter() - t0
    for p in paths:
        pages += len(pypdfium2.PdfDocument(p))
    facts = [r["reports"][0]["facts"] if r["reports"] else {} for r in results]
    failed = [sorted(c["id"] for c in r["reports"][0]["checks"] if not c["ok"]) if r["reports"] else None
              for r in results]
    return {"seconds": seconds, "pages": pages, "facts": facts, "failed": failed}


def _reader_pass(paths: list[str]) -> dict:
    from extract.readers import pdf

    t0 = time.perf_counter()
    cells = 0
    for p in paths:
        doc = pdf.read(Path(p).read_bytes())
        cells += sum(len(l.cells) for l in doc.lines if l.in_table)
    return {"seconds": time.perf_counter() - t0, "cells": cells}


_PASSES = {"pdfplumber": _pdfplumber_pass, "ours": _ours_pass, "reader": _reader_pass}


def _child(name: str, paths: list[str], traced: bool, queue) -> None:
    if traced:
        tracemalloc.start()
    out = _PASSES[name](paths)
    if traced:
        out["py_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    out["rss_peak_mb"] = _peak_rss_mb()
    queue.put(out)


def _peak_rss_mb() -> float:
    """This process's own peak RSS. (ru_maxrss would include the parent's peak, which Linux
    carries across fork+exec; VmHWM belongs to the new address space alone.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pass(name: str, paths: list[Path], traced: bool = False) -> dict:
    """One pass in a fresh interpreter, so its memory peak is its own."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, [str(p) for p in paths], traced, queue))
    proc.start()
    out = queue.get(timeout=3600)
    proc.join(timeout=60)
    return out


def main() -> None:
    n = int(os.environ.get("OGI_BENCH_DOCS", "100"))
    paths, truths = prepare(n)
    # warm the page cache and the imports' disk reads, untimed
    for p in paths:
        p.read_bytes()
    plumber = run_pass("pdfplumber", paths)
    ours = run_pass("ours", paths)
    reader = run_pass("reader", paths)
    sample = paths[: min(20, len(paths))]
    plumber_mem = run_pass("pdfplumber", sample, traced=True)
    ours_mem = run_pass("ours", sample, traced=True)

    exact_docs = 0
    cells_total = cells_exact = 0
    checks_same = 0
    for truth, facts, failed in zip(truths, ours["facts"], ours["failed"]):
        cells_total += len(truth["facts"])
        cells_exact += sum(1 for k, v in truth["facts"].items() if facts.get(k) == v)
        exact_docs += facts == truth["facts"]
        checks_same += failed == sorted(truth["failed_checks"])
    pages = ours["pages"]

    print(f"documents: {n}, pages: {pages} ({pages / n:.1f} per document)")
    print(f"{'pass':<34}{'seconds':>9}{'docs/s':>9}{'pages/s':>9}{'peak RSS MB':>13}{'py peak MB':>12}")
    rows = [
        ("pdfplumber extract_tables+text", plumber, plumber_mem),
        ("ours: full extraction (facts)", ours, ours_mem),
        ("ours: PDF reader only", reader, None),
    ]
    for label, r, mem in rows:
        py_peak = f"{mem['py_peak_mb']:.1f}" if mem else "-"
        rss = f"{r['rss_peak_mb']:.0f}"
        print(f"{label:<34}{r['seconds']:>9.2f}{n / r['seconds']:>9.1f}{pages / r['seconds']:>9.1f}{rss:>13}{py_peak:>12}")
    print(f"(py peak: tracemalloc over the first {len(sample)} documents, untimed run)")
    ratio = ours["seconds"] / plumber["seconds"]
    print(f"time ratio ours / pdfplumber: {ratio:.3f} (goal ≤ 0.3: {'met' if ratio <= 0.3 else 'NOT met'})")
    print(f"accuracy: {exact_docs}/{n} documents with every fact exact; "
          f"cells exact {cells_exact}/{cells_total} ({100 * cells_exact / max(cells_total, 1):.2f}%); "
          f"failed checks as in the truth: {checks_same}/{n}")
    real_accuracy()


def real_accuracy() -> None:
    """Accuracy on the real reports of tests/fixtures/real (truth typed by hand): every fact both
    ways, the failed checks and the completeness, as tests/extract/test_real_fixtures.py checks."""
    import json

    from extract.api import extract_bytes

    root = Path(__file__).resolve().parents[1] / "fixtures" / "real"
    docs = exact = cells = cells_exact = 0
    for truth_path in sorted(root.glob("*/expected/*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        (doc,) = [p for p in truth_path.parent.parent.iterdir() if p.is_file() and p.stem == truth_path.stem]
        reports = extract_bytes(doc.read_bytes(), doc.name)["reports"]
        rep = reports[0] if reports else {"facts": {}, "checks": [], "complete": None, "missing": None}
        want, got = truth["facts"], rep["facts"]
        docs += 1
        cells += len(want)
        cells_exact += sum(1 for k, v in want.items() if got.get(k) == v)
        exact += (got == want and sorted(c["id"] for c in rep["checks"] if c["ok"] is False)
                  == sorted(truth["failed_checks"])
                  and (rep["complete"], rep["missing"]) == (truth.get("complete", True), truth.get("missing", [])))
    print(f"real fixtures (tests/fixtures/real): {exact}/{docs} documents exact; "
          f"cells exact {cells_exact}/{cells} ({100 * cells_exact / max(cells, 1):.2f}%)")


if __name__ == "__main__":
    main()
