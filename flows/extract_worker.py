"""The extractor in a child process, so one document that hangs or crashes it (a reader stuck in
a malformed PDF, a segfault in a native library, a memory blow-up) takes down only this process.

    python -m flows.extract_worker --serve      one JSON request per stdin line:
        {"blob": PATH, "name": NAME, "time_limit": SECONDS}
      → one JSON reply per stdout line: {"code": 0, "result": {…extract_bytes…}}
                                      or {"code": EXIT, "error": "one line"}
    python -m flows.extract_worker BLOB NAME    one document, its JSON on stdout (for debugging)

The parent (flows.extractor_process) starts this process under the extractor's memory limit
(RLIMIT_AS, extract.limits.Settings), enforces a hard time limit per document and replaces the
process after a timeout, a crash or a document that ran out of memory (this process answers
code 4 and exits). Exit codes are the extractor's (extract/errors.py).
"""
from __future__ import annotations

import ctypes
import json
import signal
import sys


def extract_one(blob: str, name: str, time_limit: float | None = None) -> dict:
    from extract.api import extract_bytes
    from extract.errors import EXIT_TOO_LARGE, EXIT_UNREADABLE, EXIT_USAGE, ExtractError
    from extract.limits import read_document, settings

    limits = settings()
    try:
        data = read_document(blob, limits.max_bytes, wait=True)  # regular files only, size by fstat first
    except OSError as e:
        return {"code": EXIT_USAGE, "error": f"cannot read blob: {e.strerror or e}"}
    except ExtractError as e:
        return {"code": e.exit_code, "error": one_line(e.message)}
    try:
        kwargs = {"time_limit_s": time_limit} if time_limit else {}
        return {"code": 0, "result": extract_bytes(data, name, **kwargs)}
    except ExtractError as e:
        return {"code": e.exit_code, "error": one_line(e.message) or type(e).__name__}
    except MemoryError:
        return {"code": EXIT_TOO_LARGE, "error": f"over the {limits.memory >> 20} MB memory limit",
                "exit": True}
    except RecursionError:
        return {"code": EXIT_UNREADABLE, "error": "nested too deeply"}
    except Exception as e:  # noqa: BLE001 - a reader bug is this document's failure, in one line
        return {"code": EXIT_UNREADABLE, "error": one_line(f"internal error: {type(e).__name__}: {e}")}


def one_line(text: str) -> str:
    return " ".join(str(text).split())[:500]


def serve() -> int:
    # Die with the thread that started us (Linux PR_SET_PDEATHSIG): no orphan survives its run.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass
    import extract.api  # noqa: F401 - import once, before the first request, not inside its time limit
    from extract.worker import dumps

    out = sys.stdout.buffer
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        reply = extract_one(req["blob"], req.get("name", ""), req.get("time_limit"))
        try:
            body = dumps(reply)
        except ValueError:  # NaN/Infinity in a result: strict JSON refuses it
            body = dumps({"code": 3, "error": "internal error: a value is not finite"})
        out.write(body + b"\n")
        out.flush()
        if reply.pop("exit", False):  # after a MemoryError the heap is not to be trusted
            return 0
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--serve"]:
        return serve()
    if len(argv) != 2:
        print("usage: python -m flows.extract_worker --serve | BLOB NAME", file=sys.stderr)
        return 2
    from extract.errors import printable
    from extract.worker import dumps

    reply = extract_one(*argv)
    if reply["code"]:
        print(printable(reply["error"]), file=sys.stderr)
        return reply["code"]
    sys.stdout.buffer.write(dumps(reply["result"]) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
