"""Rendering throughput of the report generator (prints figures, asserts nothing):

    .venv/bin/python -m tests.simweb.bench_generator [N]

HTML and DOCX are rendered in-process; PDF and DOC are one soffice run each for the batch; the
last line shows a second batch served from the on-disk cache."""
from __future__ import annotations

import random
import sys
import tempfile
import time

from simweb.generator import random_spec, render_many


def main(n: int = 20) -> None:
    specs = [random_spec(random.Random(i), "某县人民政府办公室", 2019 + i % 6) for i in range(n)]
    with tempfile.TemporaryDirectory() as cache:
        for fmt in ("html", "docx", "pdf", "doc"):
            t = time.perf_counter()
            out = render_many([(s, fmt) for s in specs], cache_dir=cache)
            dt = time.perf_counter() - t
            print(f"{fmt:5} {n} files {dt:7.2f}s  {dt / n * 1000:7.1f} ms/file  {sum(map(len, out)) / n / 1024:6.1f} KiB/file")
        t = time.perf_counter()
        render_many([(s, "pdf") for s in specs], cache_dir=cache)
        print(f"pdf   {n} files from cache {time.perf_counter() - t:.3f}s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
