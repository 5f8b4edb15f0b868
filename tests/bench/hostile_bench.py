"""Hostile-input benchmark: ≥ 300 files an adversary (or a broken CMS) could serve, each through
`python -m extract FILE --json` as a user runs it, under a 4 GiB address-space cap and a 120 s outer
timeout (tests/bench/hostile_corpus.py makes the files and says what a correct answer is).

    python -m tests.bench hostile          (OGI_HOSTILE_JOBS=N runs N at once, default 2)

Reports, per category and in total: crashes (a traceback anywhere), hangs (past the extractor's
own time limit + 5 s, or killed by the outer timeout), peak RSS (the CLI and its worker), refusals
that are not one line or carry an undocumented / wrong exit code, stdout or stderr that is not
valid UTF-8, and misclassifications (a report lost or missing facts next to a hostile cell).
Acceptance (issue 14): 0 tracebacks, 0 runs past the limit, every run ≤ 1 GiB peak RSS, every
refusal one line with the documented exit code; reports next to hostile cells keep their facts.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extract.limits import settings

from .hostile_corpus import Case, expected_facts, generate

ROOT = Path(__file__).resolve().parents[2]
AS_CAP = 4 << 30
OUTER_TIMEOUT = 120.0
DOCUMENTED = {2, 3, 4, 5}
GIB = 1 << 30


@dataclass
class Run:
    case: Case
    code: int | None  # None: killed by the outer timeout
    seconds: float
    peak_rss: int  # bytes
    stdout: bytes
    stderr: bytes
    problems: list[str]


def run_one(case: Case, limit_s: float) -> Run:
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (AS_CAP, AS_CAP))

    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "extract", os.fsencode(case.path), "--json"], cwd=ROOT,
                                stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f,
                                preexec_fn=cap, start_new_session=True)  # noqa: PLW1509
        code: int | None = None
        while True:
            # wait4 on the CLI: its rusage covers it and every descendant it waited for (the worker)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - t0 > OUTER_TIMEOUT:
                os.killpg(proc.pid, 9)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = -1  # reaped above; keep Popen from waiting again
        seconds = time.monotonic() - t0
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    peak = usage.ru_maxrss * 1024
    return Run(case, code, seconds, peak, out, err, judge(case, code, seconds, out, err, limit_s))


def judge(case: Case, code: int | None, seconds: float, out: bytes, err: bytes, limit_s: float) -> list[str]:
    problems = []
    if b"Traceback" in err or b"Traceback" in out:
        problems.append("traceback")
    if code is None:
        problems.append("hang: killed by the outer timeout")
        return problems
    if seconds > limit_s + 5:
        problems.append(f"past the limit: {seconds:.1f} s")
    for stream, data in (("stdout", out), ("stderr", err)):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{stream} not valid UTF-8")
    if code != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        if len(lines) != 1:
            problems.append(f"refusal in {len(lines)} lines")
        if code not in DOCUMENTED:
            problems.append(f"undocumented exit code {code}")
        if out:
            problems.append("output on stdout with an error")
    if case.expect == "refuse" and code not in case.codes:
        problems.append(f"misclassified: exit {code}, want {case.codes}")
    if code == 0:
        try:
            result = json.loads(out)
        except ValueError:
            problems.append("stdout is not JSON")
            return problems
        if case.expect == "report":
            problems.extend(_facts_kept(case, result))
    elif case.expect == "report":
        problems.append(f"misclassified: exit {code} ({err.decode('utf-8', 'replace').strip()[:120]}), want a report")
    return problems


def _facts_kept(case: Case, result: dict) -> list[str]:
    want = {k: v for k, v in expected_facts(case.seed).items() if k not in case.spoiled}
    best = None
    for report in result.get("reports", []):
        facts = report.get("facts", {})
        missing = [k for k, v in want.items() if facts.get(k) != v]
        if best is None or len(missing) < len(best):
            best = missing
    if best is None:
        return [f"misclassified: no report ({result.get('reason')})"]
    if best:
        return [f"misclassified: {len(best)} facts lost or wrong, e.g. {best[:3]}"]
    return []


def main() -> None:
    limit_s = settings().seconds
    work = Path(tempfile.mkdtemp(prefix="ogi-hostile-", dir=os.environ.get("OGI_BENCH_DIR")))
    try:
        t = time.perf_counter()
        cases = generate(work / "files")
        print(f"generated {len(cases)} hostile files in {time.perf_counter() - t:.1f} s "
              f"({sum(c.path.stat().st_size for c in cases if c.path.is_file() and not c.path.is_symlink()) / 1e6:,.0f} MB "
              f"on disk)", flush=True)
        jobs = int(os.environ.get("OGI_HOSTILE_JOBS", "2"))
        t = time.perf_counter()
        with ThreadPoolExecutor(jobs) as pool:
            runs = list(pool.map(lambda c: run_one(c, limit_s), cases))
        print(f"ran them in {time.perf_counter() - t:.1f} s ({jobs} at a time, each under a 4 GiB address-space "
              f"cap and a {OUTER_TIMEOUT:.0f} s outer timeout; extractor limit {limit_s:g} s)")
        report(runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(runs: list[Run]) -> None:
    by_cat: dict[str, list[Run]] = defaultdict(list)
    for r in runs:
        by_cat[r.case.category].append(r)
    print(f"{'category':<16}{'files':>6}{'ok':>5}{'exit 0/2/3/4/5':>18}{'max s':>8}{'max RSS MB':>12}")
    for cat, rs in sorted(by_cat.items()):
        codes = Counter(r.code for r in rs)
        mix = "/".join(str(codes.get(c, 0)) for c in (0, 2, 3, 4, 5))
        print(f"{cat:<16}{len(rs):>6}{sum(not r.problems for r in rs):>5}{mix:>18}"
              f"{max(r.seconds for r in rs):>8.1f}{max(r.peak_rss for r in rs) / 2**20:>12.0f}")
    kinds = Counter(p.split(":")[0] for r in runs for p in r.problems)
    tracebacks = kinds.get("traceback", 0)
    hangs = sum(1 for r in runs if any(p.startswith(("hang", "past the limit")) for p in r.problems))
    over_mem = [r for r in runs if r.peak_rss > GIB]
    bad_refusals = sum(1 for r in runs if any(p.startswith(("refusal in", "undocumented", "output on stdout"))
                                              for p in r.problems))
    misclassified = sum(1 for r in runs if any(p.startswith("misclassified") for p in r.problems))
    print(f"files: {len(runs)}; tracebacks: {tracebacks}; runs past the limit: {hangs}; "
          f"runs over 1 GiB peak RSS: {len(over_mem)}; refusals not one line or undocumented: {bad_refusals}; "
          f"misclassified: {misclassified}; not UTF-8: {kinds.get('stdout not valid UTF-8', 0) + kinds.get('stderr not valid UTF-8', 0)}")
    print(f"peak RSS: max {max(r.peak_rss for r in runs) / 2**20:.0f} MB; slowest: "
          f"{max(runs, key=lambda r: r.seconds).case.name!r} {max(r.seconds for r in runs):.1f} s")
    for r in runs:
        if r.problems:
            err = r.stderr.decode("utf-8", "replace").strip().replace("\n", " | ")[:160]
            print(f"  FAIL {r.case.category}/{r.case.name!r}: exit {r.code}, {r.seconds:.1f} s, "
                  f"{r.peak_rss / 2**20:.0f} MB: {'; '.join(r.problems)} [{err}]")
    ok = not (tracebacks or hangs or over_mem or bad_refusals or misclassified)
    print("acceptance: " + ("met" if ok else "NOT met"))


if __name__ == "__main__":
    main()
