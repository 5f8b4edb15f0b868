"""`python -m flows.extract_worker BLOB NAME`: one document's extract_bytes() JSON on stdout.

Runs in its own process so that a document which hangs or crashes the extractor (a reader stuck
in a malformed PDF, a segfault in a native library, memory blow-up) takes down only this process;
the parent (flows.extraction) enforces the time limit and records the failure.
Exit codes are the extractor's (extract/errors.py); the error is one line on stderr.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from extract.errors import EXIT_UNREADABLE, EXIT_USAGE, ExtractError

    if len(argv) != 2:
        print("usage: python -m flows.extract_worker BLOB NAME", file=sys.stderr)
        return EXIT_USAGE
    blob, name = argv
    try:
        data = Path(blob).read_bytes()
    except OSError as e:
        print(f"cannot read blob: {e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE
    from extract.api import extract_bytes

    try:
        result = extract_bytes(data, name)
    except ExtractError as e:
        print(e.message.splitlines()[0] if e.message else type(e).__name__, file=sys.stderr)
        return e.exit_code
    except Exception as e:  # a reader bug is this document's failure, reported in one line
        print(f"internal error: {type(e).__name__}: {e}".splitlines()[0], file=sys.stderr)
        return EXIT_UNREADABLE
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
