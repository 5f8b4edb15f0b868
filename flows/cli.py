"""`ogi`: the command line of the project. Each command is a thin layer over flows/ and pipeline/.

    ogi demo                      the whole thing on the simulated web (same as `make demo`)
    ogi run [nightly|reextract|backfill]   a Prefect run (crawl → extract → load → publish)
    ogi crawl | extract | load | publish | verify    one stage at a time
    ogi query "SQL"               the DuckDB database, as a table or to CSV/Parquet (--out)
    ogi show AGENCY YEAR          one report's three tables as printed
    ogi schedule                  serve the nightly deployment (cron 0 2 * * *, Asia/Shanghai)
    ogi registry expand|expected  grow the registry from its roots; the reports it owes

Errors are one line on stderr and a non-zero exit; --traceback shows the Python traceback.
Prefect is imported only by the commands that run flows, after flows.prefect_env.configure().
"""
from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from .datadir import DataDir
from .errors import UserError

app = typer.Typer(name="ogi", help="The OGI annual reports dataset: crawl, extract, check, publish, query.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]})

# Options several commands share.
RegistryOpt = Annotated[list[Path] | None, typer.Option(
    "--registry", "-r", help="registry CSV (repeatable) [default: <data>/registry/*.csv]")]
SiteOpt = Annotated[list[str] | None, typer.Option("--site", "-s", help="only this site_id (repeatable)")]
FastOpt = Annotated[bool, typer.Option("--fast", help="crawl without politeness delays (local tests only)")]
LoopbackOpt = Annotated[bool, typer.Option("--allow-loopback", help="let the crawler fetch 127.0.0.1")]
ResolveOpt = Annotated[Path | None, typer.Option(
    "--resolve", help="JSON {hostname: address} the crawler resolves first, like curl --resolve")]
DaskOpt = Annotated[str | None, typer.Option("--dask", help="extract on this Dask scheduler (tcp://host:port)")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", help="parallel extractor processes [default: cores]")]
DateOpt = Annotated[str | None, typer.Option("--date", help="snapshot date YYYY-MM-DD [default: today]")]
DocTimeoutOpt = Annotated[float | None, typer.Option("--doc-timeout", help="seconds per document")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB file [default: <data>/ogi.duckdb]")]


@dataclass
class State:
    data: Path
    verbose: bool = False
    traceback: bool = False


STATE = State(DataDir.of(None).root)


@app.callback()
def main(data: Annotated[Path | None, typer.Option("--data", "-d", envvar="OGI_DATA",
                                              help="data directory [default: ./data]")] = None,
         verbose: Annotated[bool, typer.Option("--verbose", "-v", help="show Prefect's and Scrapy's log lines")] = False,
         traceback: Annotated[bool, typer.Option("--traceback", help="show the traceback of an error")] = False):
    STATE.data = DataDir.of(data).root
    STATE.verbose = verbose
    STATE.traceback = traceback


def _fail(message: str, code: int = 1):
    from .console import err_console

    err_console.print(f"[bold red]ogi:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _message(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]


def guarded(fn):
    """Known failures → one line; anything else → one line naming the exception."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .lock import LockBusy

        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as e:
            if STATE.traceback:
                raise
            if isinstance(e, (UserError, LockBusy)):
                _fail(_message(e), 3 if isinstance(e, LockBusy) else 1)
            known = _known_errors()
            if isinstance(e, known):
                _fail(_message(e))
            _fail(f"{type(e).__name__}: {_message(e)} (run with --traceback for details)")

    return wrapper


def _known_errors() -> tuple[type, ...]:
    out: list[type] = [FileNotFoundError, PermissionError]
    from .registry import NoRegistry

    out.append(NoRegistry)
    try:
        from crawler.registry import RegistryError

        out.append(RegistryError)
    except ImportError:  # pragma: no cover
        pass
    from .errors import CrawlFailed

    out.append(CrawlFailed)
    try:
        from pipeline.publish import PublishError

        out.append(PublishError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(out)


def _crawl_env(fast: bool, allow_loopback: bool, resolve: Path | None = None) -> dict:
    env = {}
    if resolve is not None:
        from crawler.middlewares.resolve import ResolveMapError, load_map

        try:
            load_map(resolve)  # a bad map is a one-line error here, not in the crawl's log
        except ResolveMapError as exc:
            raise UserError(str(exc)) from None
        env["OGI_RESOLVE"] = str(resolve.resolve())
    if fast:
        env["OGI_FAST"] = "1"
    if allow_loopback:
        env["OGI_ALLOW_LOOPBACK"] = "1"
    return env


def _date(text: str | None) -> str | None:
    import datetime as dt

    if text is None:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise UserError(f"--date {text!r}: give a date as YYYY-MM-DD")


def _years(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    try:
        if "-" in text:
            a, b = text.split("-", 1)
            first, last = int(a) if a.strip() else None, int(b) if b.strip() else None
        else:
            first = last = int(text)
    except ValueError:
        raise UserError(f"--years {text!r}: give YEAR or FIRST-LAST, e.g. 2019-2021") from None
    if first and last and first > last:
        raise UserError(f"--years {text!r}: the first year is after the last")
    return first, last


# ---------------------------------------------------------------- runs
@app.command()
@guarded
def demo():
    """Start the simulated web, run the nightly flow on it, print the summary and sample queries."""
    from .demo import main as demo_main

    raise typer.Exit(demo_main(STATE.data, verbose=STATE.verbose))


@app.command()
@guarded
def run(flow: Annotated[str, typer.Argument(help="nightly | reextract | backfill")] = "nightly",
        registry: RegistryOpt = None,
        site: SiteOpt = None,
        years: Annotated[str | None, typer.Option("--years", help="backfill: YEAR or FIRST-LAST")] = None,
        dask: DaskOpt = None,
        workers: WorkersOpt = None,
        date: DateOpt = None,
        doc_timeout: DocTimeoutOpt = None,
        fast: FastOpt = False,
        allow_loopback: LoopbackOpt = False,
        expand: Annotated[bool, typer.Option("--expand", help="nightly: expand the registry from its root rows first")] = False,
        resolve: ResolveOpt = None):
    """Run a flow through Prefect (a local API is started when PREFECT_API_URL is not set)."""
    from .console import RichReporter, console, summary_table
    from .run import FLOWS, run_flow
    from .summary import Summary

    if flow not in FLOWS:
        raise UserError(f"unknown flow {flow!r}: one of {', '.join(FLOWS)}")
    params: dict = {"dask_address": dask, "workers": workers, "date": _date(date)}
    if doc_timeout:
        params["doc_timeout"] = doc_timeout
    if flow in ("nightly", "backfill"):
        params.update(registry=[str(p) for p in registry] if registry else None,
                      crawl_env=_crawl_env(fast, allow_loopback, resolve) or None)
    if flow == "nightly":
        params["sites"] = list(site) if site else None
        if expand:
            params["expand"] = True
    elif flow == "backfill":
        if not site:
            raise UserError("backfill needs --site SITE_ID (repeatable)")
        first, last = _years(years)
        params.update(sites=list(site), first_year=first, last_year=last)
    elif registry or site or years:
        raise UserError("reextract takes no --registry/--site/--years: it re-reads the stored documents")
    from .lock import DataLock
    from .run import preflight

    with DataLock(STATE.data, flow):  # a refused or bad run ends here, before any output
        preflight(flow, DataDir.of(STATE.data), params)
        with RichReporter() as reporter:
            out = run_flow(flow, STATE.data, reporter=reporter, quiet=not STATE.verbose, **params)
    console.print(summary_table(Summary.from_dict(out)))


@app.command()
@guarded
def schedule(port: Annotated[int, typer.Option("--port", help="port of the local Prefect server (no PREFECT_API_URL)")] = 4200,
             registry: RegistryOpt = None,
             dask: DaskOpt = None,
             cron: Annotated[str, typer.Option("--cron")] = "0 2 * * *",
             timezone: Annotated[str, typer.Option("--timezone")] = "Asia/Shanghai"):
    """Serve the nightly deployment (runs at 02:00 Asia/Shanghai) until interrupted."""
    import signal

    from .console import console
    from .prefect_env import configure

    configure(STATE.data, quiet=not STATE.verbose)
    server = None
    from . import schedule as sched

    if not os.environ.get("PREFECT_API_URL"):
        console.print(f"starting a Prefect server on http://127.0.0.1:{port} (database in {os.environ['PREFECT_HOME']})")
        server = sched.start_server(port)
        os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
    # SIGTERM (systemd, docker stop) ends the serve loop like Ctrl-C, so the server is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        from prefect import serve

        dep = sched.deployment(STATE.data, cron=cron, timezone=timezone,
                               registry=[str(p.resolve()) for p in registry] if registry else None,
                               dask_address=dask)
        console.print(f"serving deployment nightly/{sched.DEPLOYMENT}: cron {cron!r} ({timezone}), "
                      f"data {STATE.data}; API {os.environ['PREFECT_API_URL']}")
        serve(dep, print_starting_message=False)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            sched.stop_server(server)


# ---------------------------------------------------------------- stages
@app.command()
@guarded
def crawl(registry: RegistryOpt = None,
          site: SiteOpt = None,
          fast: FastOpt = False,
          allow_loopback: LoopbackOpt = False,
          resolve: ResolveOpt = None):
    """Crawl the registry's sites into <data>/raw and <data>/crawl/documents.parquet."""
    from . import documents
    from .console import RichReporter, console
    from .crawl import run_crawl
    from .lock import DataLock
    from .registry import registry_files, site_count

    dd = DataDir.of(STATE.data)
    files = registry_files(dd, [str(p) for p in registry] if registry else None)
    site_count(files, list(site) if site else None)  # a bad registry fails here, in one line
    with DataLock(dd, "crawl"):
        before = documents.url_index(documents.read_rows(dd))
        with RichReporter() as rep:
            rep.start("crawl")

            def on_line(line: str) -> None:
                rep.advance("crawl", note=line.split(" ", 3)[-1] if line.strip() else None)
                if STATE.verbose:
                    rep.progress.console.print(line, highlight=False, markup=False)

            result = run_crawl(dd.root, files, sites=list(site) if site else None,
                               env=_crawl_env(fast, allow_loopback, resolve), on_line=on_line)
            rep.finish("crawl", "done" if result.ok else "failed")
        if not result.ok:
            raise UserError(result.error())
        delta = documents.delta(before, documents.url_index(documents.read_rows(dd)))
    console.print(f"crawled in {result.seconds:.0f}s: {delta.new} new, {delta.changed} changed, "
                  f"{delta.unchanged} unchanged documents → {dd.documents}")


@app.command()
@guarded
def extract(file: Annotated[Path | None, typer.Argument(help="a report file: print the extractor's JSON")] = None,
            full: Annotated[bool, typer.Option("--full", help="with provenance, texts and metadata")] = False,
            workers: WorkersOpt = None,
            doc_timeout: DocTimeoutOpt = None):
    """With FILE: the extractor's JSON for that file. Without: extract every stored document not yet
    extracted by the current extractor version."""
    if file is not None:
        return _extract_file(file, full)
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from . import documents
    from .console import RichReporter, console
    from .extract_flow import default_workers
    from .extraction import DEFAULT_TIMEOUT, current_version, extract_document
    from .lock import DataLock

    dd = DataDir.of(STATE.data)
    version = current_version()
    counts = {"extracted": 0, "cached": 0, "failed": 0}
    with DataLock(dd, "extract"):
        todo = documents.pending(dd, version, documents.read_rows(dd))
        with RichReporter() as rep, ThreadPoolExecutor(workers or default_workers()) as pool:
            rep.start("extract", total=len(todo))
            futs = [pool.submit(extract_document, dd.root, t.sha256, t.content_type, version=version,
                                timeout=doc_timeout or DEFAULT_TIMEOUT, url=t.url) for t in todo]
            for f in as_completed(futs):
                out = f.result()
                counts[out.status] += 1
                rep.advance("extract", note=out.status)
            rep.finish("extract", f"{counts['extracted']} extracted, {counts['failed']} quarantined")
    console.print(f"extractor {version}: {counts['extracted']} extracted, {counts['failed']} quarantined "
                  f"→ {dd.extracted(version)}")


def _extract_file(file: Path, full: bool) -> None:
    """The extractor's JSON for one file, read in a worker under the OS limits, as
    `python -m extract` does (docs/extract.md)."""
    import os

    from extract.errors import ExtractError, source_name
    from extract.limits import open_document, settings
    from extract.worker import run as run_bounded

    limits = settings()
    name = source_name(file)
    try:
        fd = open_document(file, limits.max_bytes)
    except OSError as e:
        raise UserError(f"cannot read {name}: {e.strerror or e}") from None
    except ExtractError as e:
        raise UserError(f"{name}: {e.message}") from None
    try:
        outcome = run_bounded(fd, name, limits, provenance=full)
    finally:
        os.close(fd)
    if outcome.code:
        raise UserError(f"{name}: {outcome.error}")
    sys.stdout.buffer.write(outcome.output)
    sys.stdout.flush()


def _spinner_stage(stage: str, fn, note_fn):
    from .console import RichReporter

    with RichReporter(transient=True) as rep:  # the result line follows; a failure leaves only its line
        rep.start(stage)
        out = fn()
        rep.finish(stage, note_fn(out))
    return out


@app.command()
@guarded
def load():
    """Build <data>/tables/*.parquet and <data>/ogi.duckdb from the extracted documents."""
    from . import stages
    from .console import console
    from .lock import DataLock

    dd = DataDir.of(STATE.data)
    with DataLock(dd, "load"):
        out = _spinner_stage("load", lambda: stages.load(dd.root),
                             lambda o: ", ".join(f"{k} {v}" for k, v in (o.get("rows") or {}).items()))
        t = stages.totals(dd.root)
    console.print(f"{t['reports']} reports, {t['facts']} facts, {t['failed_checks']} failed checks, "
                  f"{t['quarantined']} quarantined → {out.get('database') or dd.duckdb}")


@app.command()
@guarded
def publish(date: DateOpt = None):
    """Write a snapshot <data>/snapshots/<date>/ from the loaded tables and point `latest` at it."""
    from . import stages
    from .console import console
    from .lock import DataLock
    from .summary import dir_bytes, human_bytes

    dd = DataDir.of(STATE.data)
    date = _date(date)
    if not dd.tables.exists():
        raise UserError(f"no tables in {dd.tables}: run `ogi load` first")
    with DataLock(dd, "publish"):
        out = _spinner_stage("publish", lambda: stages.publish(dd.root, date), lambda o: o.get("path", ""))
    path = out.get("path")
    console.print(f"snapshot {path} ({human_bytes(dir_bytes(path)) if path else '?'})")


@app.command()
@guarded
def verify(target: Annotated[str | None, typer.Argument(help="snapshot directory or http(s) URL "
                                                             "[default: <data>/snapshots/latest]")] = None):
    """Check a snapshot: every file's hash against its manifest, and the tables' schemas."""
    from . import stages
    from .console import console

    if target is None:
        latest = DataDir.of(STATE.data).snapshots / "latest"
        if not latest.exists():
            raise UserError(f"no snapshot at {latest}: run `ogi publish` (or `ogi run`) first")
        target = str(latest)
    elif not target.startswith(("http://", "https://")) and not Path(target).exists():
        raise UserError(f"no snapshot at {target}")
    out = stages.verify(target)
    if not out.get("ok", True):
        problems = out.get("problems") or out.get("errors") or []
        raise UserError(f"{target}: verification failed: {problems[0] if problems else out}")
    console.print(f"{target}: verified ({_verify_note(out)})")


def _verify_note(out: dict) -> str:
    parts = [f"{k} {v}" for k, v in out.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return ", ".join(parts) or "ok"


@app.command()
@guarded
def get(url: Annotated[str, typer.Argument(help="http(s) URL of a published snapshot (its directory or manifest.json)")],
        directory: Annotated[Path | None, typer.Argument(help="where to put it [default: ./<snapshot name>]")] = None,
        workers: Annotated[int, typer.Option("--workers", help="files downloaded at once")] = 4,
        limit_rate: Annotated[float | None, typer.Option("--limit-rate", help="bytes per second per file")] = None):
    """Download a published snapshot: manifest first, files in parallel, every file verified by
    SHA-256; run it again after an interruption and it resumes where it stopped."""
    import urllib.request

    from pipeline.remote import GetError
    from pipeline.remote import get as get_snapshot
    from pipeline.verify import verify as verify_snapshot

    from .console import console

    if not url.startswith(("http://", "https://")):
        raise UserError(f"not an http(s) URL: {url}")
    if directory is None:  # the snapshot's own name, as published
        base = url.removesuffix("manifest.json").rstrip("/") + "/"
        try:
            with urllib.request.urlopen(base + "manifest.json", timeout=30) as r:
                name = str(json.loads(r.read()).get("snapshot") or "")
        except (OSError, ValueError) as e:
            raise UserError(f"{base}manifest.json: {e}") from None
        if not name or "/" in name or name.startswith("."):
            raise UserError(f"{base}manifest.json names no usable snapshot: give a DIR")
        directory = Path(name)
    try:
        res = get_snapshot(url, directory, workers=workers, rate_limit=limit_rate)
    except GetError as e:
        raise UserError(f"get failed (run it again to resume): {e}") from None
    check = verify_snapshot(directory)
    if not check.ok:
        raise UserError(f"{directory}: downloaded, but verification failed: {check.problems[0]}")
    console.print(f"{directory}: snapshot {res.snapshot}, {res.files} files verified "
                  f"({res.downloaded:,} bytes fetched, {res.reused} already here, {res.resumed} resumed)",
                  soft_wrap=True, highlight=False)


# ---------------------------------------------------------------- reading
@app.command()
@guarded
def query(sql: Annotated[str, typer.Argument(help="a SELECT (or any read-only statement)")],
          out: Annotated[Path | None, typer.Option("--out", "-o", help="write the result to FILE.csv or FILE.parquet")] = None,
          limit: Annotated[int, typer.Option("--limit", help="rows shown in the terminal")] = 50,
          db: DbOpt = None):
    """Run SQL on the DuckDB database; a table in the terminal, or a CSV/Parquet file with --out."""
    from rich.table import Table

    from . import query as q
    from .console import console

    path = q.database(STATE.data, db)
    if out is not None:
        n = q.write(sql, path, out)
        console.print(f"{n} rows → {out}")
        return
    columns, rows, more = q.run(sql, path, limit)
    t = Table(*columns, show_lines=False)
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    console.print(t)
    if more:
        console.print(f"[dim]first {limit} rows shown; --limit N for more, --out FILE for all[/]")


@app.command()
@guarded
def show(agency: Annotated[str, typer.Argument(help="agency name as the report publishes it")],
         year: Annotated[int, typer.Argument(help="report year")],
         db: DbOpt = None):
    """Redraw one report's three tables as printed, failed checks in red, with the source URL."""
    from . import query as q
    from . import show as s
    from .console import console

    con = q.connect(q.database(STATE.data, db))
    try:
        view = s.find(con, agency, year)
    finally:
        con.close()
    s.render(view, console)


@app.command()
@guarded
def compliance(region: Annotated[str | None, typer.Argument(help="region code or name (default: the nation)")] = None,
               year: Annotated[int | None, typer.Option("--year", help="report year [default: the newest owed]")] = None,
               level: Annotated[str, typer.Option("--level", help="all | central | province | city | county | "
                                                                   "department | township")] = "all",
               db: DbOpt = None):
    """Who owed a report, who published it, on time, complete and sound — by region, then by agency."""
    from . import compliance as c
    from . import query as q
    from .console import console

    con = q.connect(q.database(STATE.data, db))
    try:
        view = c.find(con, region, year, level)
    finally:
        con.close()
    c.render(view, console)


# ---------------------------------------------------------------- registry
registry_app = typer.Typer(help="The site registry: grow it from the roots' directories; the reports it owes.",
                           no_args_is_help=True)
app.add_typer(registry_app, name="registry")
ResolveOpt = Annotated[Path | None, typer.Option("--resolve", help="resolve map JSON {host: address} (like curl --resolve)")]


@registry_app.command("expand")
@guarded
def registry_expand(registry: RegistryOpt = None,
                    out: Annotated[Path | None, typer.Option("--out", "-o", help="[default: <data>/registry/discovered]")] = None,
                    resolve: ResolveOpt = None,
                    fast: FastOpt = False,
                    allow_loopback: LoopbackOpt = False):
    """Read the directories of subordinate sites from the root rows down, level by level, and
    write discovered/sites.csv (registry schema + evidence); hand-kept rows win."""
    from .console import console
    from .expand import run_expand, site_lists
    from .registry import registry_files

    dd = DataDir.of(STATE.data)
    files = site_lists(registry_files(dd, [str(p) for p in registry] if registry else None))
    if not files:
        raise UserError("no registry file with a site_id column: pass --registry FILE")
    if resolve is not None and not resolve.exists():
        raise UserError(f"no such resolve map: {resolve}")
    on_line = (lambda line: console.print(line, highlight=False, markup=False)) if STATE.verbose else None
    s = run_expand(dd, files, out, resolve=str(resolve) if resolve else None,
                   env=_crawl_env(fast, allow_loopback), on_line=on_line)
    levels = ", ".join(f"{k} {v}" for k, v in sorted(s["levels"].items())) or "none"
    console.print(f"{s['sites']} sites found ({levels}) in {s['seconds']:.0f}s → {s['out']}/sites.csv")
    if s["flagged"]:
        console.print(f"{len(s['flagged'])} listed by two parents (flagged, parent left empty): "
                      + ", ".join(s["flagged"]))
    if s["conflicts"]:
        console.print(f"{len(s['conflicts'])} with conflicting region codes (left out, see report.json)")


if __name__ == "__main__":  # pragma: no cover
    app()
