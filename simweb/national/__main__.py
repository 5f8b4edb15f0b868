"""`python -m simweb.national serve [--sites N] [--out DIR]`: serve the national web until Ctrl-C,
after writing DIR/roots.csv (the root row), DIR/resolve.json and DIR/truth.json; then e.g.
`ogi registry expand -r DIR/roots.csv --resolve DIR/resolve.json`."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from .server import NationalWeb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m simweb.national")
    ap.add_argument("command", choices=["serve"])
    ap.add_argument("--sites", type=int, default=None, help="a generated tree of N sites [default: the demo tree]")
    ap.add_argument("--out", type=Path, default=Path("data/cache/national"))
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    with NationalWeb(n_sites=a.sites) as web:
        web.write_registry(a.out / "roots.csv")
        web.write_resolve(a.out / "resolve.json")
        (a.out / "truth.json").write_text(json.dumps(web.truth(), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(web.nodes)} sites on 127.0.0.1:{web.port} (Host header); root row {a.out / 'roots.csv'}, "
              f"resolve map {a.out / 'resolve.json'}; Ctrl-C stops", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
