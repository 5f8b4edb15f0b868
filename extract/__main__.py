"""`python -m extract FILE --json`: SPEC's JSON on stdout; exit 0 when the file was read, else a
one-line error on stderr with the exit code documented in extract/errors.py."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import EXIT_UNREADABLE, EXIT_USAGE, ExtractError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract", description="Extract OGI report facts from one file.")
    ap.add_argument("file")
    ap.add_argument("--json", action="store_true", help="print SPEC's JSON object (the default output)")
    ap.add_argument("--provenance", action="store_true", help="include provenance, texts and metadata")
    args = ap.parse_args(argv)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        print(f"extract: cannot read {path}: {e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE
    from .api import extract_bytes, spec_view

    try:
        result = extract_bytes(data, str(path))
    except ExtractError as e:
        print(f"extract: {path}: {e.message}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # a reader bug must still give one line, never a traceback
        print(f"extract: {path}: internal error: {type(e).__name__}: {e}".splitlines()[0], file=sys.stderr)
        return EXIT_UNREADABLE
    out = result if args.provenance else spec_view(result)
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
