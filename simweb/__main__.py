"""python -m simweb serve [--root DIR] [--seed N] [--cache DIR] [--registry FILE] [--resolve FILE]
python -m simweb summary [--root DIR] [--seed N] [--cache DIR]

`serve` prints each site's homepage URL (names resolved only through the resolve map: curl
--resolve NAME:PORT:127.0.0.1, or the crawler's OGI_RESOLVE) and serves until Ctrl-C; `summary` builds (or loads) the web and
prints what its truth manifest holds. The default root is $OGI_DATA/simweb (data/simweb)."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from .manifest import format_summary, summary
from .server import SimWeb


def _default_root() -> Path:
    return Path(os.environ.get("OGI_DATA", "data")) / "simweb"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m simweb", description="The simulated government web.")
    sub = p.add_subparsers(dest="cmd", required=True)
    for name, text in (("serve", "serve every site on 127.0.0.1 until Ctrl-C"),
                       ("summary", "print the truth manifest summary")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--root", type=Path, default=_default_root(), help="where truth.json and cache/ live")
        s.add_argument("--seed", type=int, default=7)
        s.add_argument("--cache", type=Path, help="rendered-document cache (default ROOT/cache)")
        if name == "serve":
            s.add_argument("--registry", type=Path, help="also write the demo registry CSV here")
            s.add_argument("--resolve", type=Path, help="also write the resolve map (names → 127.0.0.1) here")
    args = p.parse_args(argv)
    try:
        web = SimWeb(args.root, seed=args.seed, cache_dir=args.cache).start()
    except (OSError, RuntimeError, ValueError) as exc:  # no LibreOffice, root not writable, …: one line
        print(f"simweb: cannot build the web: {exc}", file=sys.stderr)
        return 1
    try:
        if args.cmd == "summary":
            print(format_summary(summary(web.truth())))
            print(f"  built/loaded in {web.build_seconds:.1f}s; truth manifest: {args.root / 'truth.json'}")
            return 0
        width = max(len(k) for k in web.sites)
        for site_id, url in web.sites.items():
            print(f"{site_id:<{width}}  {url}/")
        print(f"truth manifest: {args.root / 'truth.json'}")
        if args.registry:
            print(f"registry: {web.write_registry(args.registry)}")
        if args.resolve:
            print(f"resolve map: {web.write_resolve(args.resolve)}")
        first = next(iter(web.sites.values()))
        print(f"every name answers on 127.0.0.1:{web.port}, e.g. curl --resolve "
              f"{urlsplit(first).hostname}:{web.port}:127.0.0.1 {first}/")
        stop = threading.Event()
        # handlers first, then the line a supervisor waits for: a signal right after it stops cleanly
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        print("serving; Ctrl-C to stop", flush=True)
        while not stop.wait(0.5):
            pass
        return 0
    finally:
        web.stop()


if __name__ == "__main__":
    sys.exit(main())
