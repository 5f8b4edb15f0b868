"""`make bench`: every benchmark prints its figures (speed and memory goals live here, never in
timed tests). Run one with `python -m tests.bench NAME` (extract, crawl, dataset, ocr, scale, hostile)."""
from __future__ import annotations

import importlib
import sys
import time

BENCHES = {
    "extract": "tests.bench.extract_bench",
    "crawl": "tests.bench.crawl_bench",
    "dataset": "tests.bench.dataset_bench",
    "ocr": "tests.bench.ocr_bench",
    "scale": "tests.bench.scale_bench",
    "hostile": "tests.bench.hostile_bench",
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    failed = []
    for name in names:
        print(f"\n=== bench: {name}", flush=True)
        t0 = time.perf_counter()
        try:
            importlib.import_module(BENCHES[name]).main()
        except Exception as e:  # noqa: BLE001 - one broken bench must not hide the others' figures
            print(f"bench {name} failed: {type(e).__name__}: {e}")
            failed.append(name)
        print(f"=== {name}: {time.perf_counter() - t0:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
