"""`python -m extract FILE --json`: SPEC's JSON on stdout; exit 0 when the file was read, else a
one-line error on stderr with the exit code documented in extract/errors.py.

The file is opened and checked here (a regular file, under the size limit, by fstat on the open
descriptor) and read by a worker process under the OS limits of extract/worker.py, so the CLI is
bounded in memory, time and output whatever the file. Stdout and stderr are always valid UTF-8,
an error is always one line (file names escaped), and a reader that closes the pipe early
(`… --json | head -c 10`) ends the run quietly.
"""
from __future__ import annotations

import argparse
import os
import sys

from .errors import EXIT_USAGE, ExtractError, printable, source_name


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage + message
        _say(f"{self.prog}: {message}")
        sys.exit(EXIT_USAGE)


def _say(line: str) -> None:
    try:
        sys.stderr.buffer.write(printable(line).encode("utf-8", "backslashreplace") + b"\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader has gone (`| head`): nothing left to say. Point stdout at /dev/null so the
        # interpreter's own flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None) -> int:
    from .limits import MB, open_document, settings

    ap = _Parser(prog="python -m extract", description="Extract OGI report facts from one file.")
    ap.add_argument("file")
    ap.add_argument("--json", action="store_true", help="print SPEC's JSON object (the default output)")
    ap.add_argument("--provenance", action="store_true", help="include provenance, texts and metadata")
    ap.add_argument("--max-mb", type=float, help="largest file read, MB (OGI_EXTRACT_MAX_MB, default 50)")
    ap.add_argument("--memory-mb", type=float, help="address space of the worker, MB (OGI_EXTRACT_MEMORY_MB, default 1024)")
    ap.add_argument("--seconds", type=float, help="time per document, s (OGI_EXTRACT_SECONDS, default 60)")
    ap.add_argument("--max-output-mb", type=float, help="largest JSON output, MB (OGI_EXTRACT_MAX_OUTPUT_MB, default 64)")
    args = ap.parse_args(argv)
    for flag in ("max_mb", "memory_mb", "seconds", "max_output_mb"):
        value = getattr(args, flag)
        if value is not None and value <= 0:
            ap.error(f"--{flag.replace('_', '-')} must be positive")
    try:
        s = settings(max_bytes=args.max_mb and int(args.max_mb * MB), memory=args.memory_mb and int(args.memory_mb * MB),
                     seconds=args.seconds, max_output=args.max_output_mb and int(args.max_output_mb * MB))
    except ValueError as e:
        ap.error(str(e))
    name = source_name(args.file)
    try:
        fd = open_document(args.file, s.max_bytes)
    except OSError as e:
        _say(f"extract: cannot read {name}: {e.strerror or e}")
        return EXIT_USAGE
    except ExtractError as e:
        _say(f"extract: {name}: {e.message}")
        return e.exit_code
    from .worker import run

    try:
        outcome = run(fd, name, s, provenance=args.provenance)
    finally:
        os.close(fd)
    if outcome.code:
        _say(f"extract: {name}: {outcome.error}")
        return outcome.code
    _write_stdout(outcome.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
