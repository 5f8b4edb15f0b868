"""The `ogi` command line: every command on real data (the nightly runs of conftest.py), and bad
input giving one line on stderr with a non-zero exit, never a traceback."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from extract import schema
from extract.api import extract_bytes, spec_view
from flows.cli import app
from flows.extraction import current_version

from .conftest import copy_stored, subset_truth
from .helpers import HOLD_LOCK, db_facts, db_rows

OGI = Path(sys.executable).with_name("ogi")


def ogi(*args: str, code: int = 0):
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "250"})
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    if code:
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one line, no traceback
        assert result.stderr.startswith("ogi: ")
    return result


def error(*args: str, code: int = 1) -> str:
    return ogi(*args, code=code).stderr.strip().removeprefix("ogi: ")


def cells(output: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is `label`."""
    for line in output.splitlines():
        parts = [c.strip() for c in line.split("│")]
        if len(parts) > 2 and parts[1] == label:
            return parts[2:-1]
    raise AssertionError(f"no row {label!r} in\n{output}")


def test_help_lists_every_command():
    out = ogi("--help").stdout
    for cmd in ("demo", "run", "crawl", "extract", "load", "publish", "verify", "query", "show", "schedule",
                "compliance"):
        assert f" {cmd} " in out


# ---------------------------------------------------------------- query
def test_query_prints_a_table(run1):
    from flows.stages import totals

    out = ogi("--data", run1["data"], "query", "SELECT count(*) AS n_reports FROM reports").stdout
    assert cells(out, str(totals(run1["data"])["reports"])) == []
    assert "n_reports" in out


def test_query_writes_csv_and_parquet(run1, tmp_path):
    sql = "SELECT report_id, year FROM reports ORDER BY report_id"
    from flows.query import run

    _, rows, _ = run(sql, run1["data"] / "ogi.duckdb")
    out = ogi("--data", run1["data"], "query", sql, "--out", tmp_path / "r.csv").stdout
    assert f"{len(rows)} rows" in out
    lines = (tmp_path / "r.csv").read_text("utf-8").splitlines()
    assert lines == ["report_id,year"] + [f"{a},{b}" for a, b in rows]
    ogi("--data", run1["data"], "query", sql, "--out", tmp_path / "r.parquet")
    assert [tuple(r.values()) for r in pq.read_table(tmp_path / "r.parquet").to_pylist()] == rows


def test_query_bad_input(run1, tmp_path):
    data = run1["data"]
    assert error("--data", data, "query", "SELEC 1").startswith("SQL error: Parser Error: syntax error")
    assert error("--data", data, "query", "SELECT * FROM nope").startswith(
        "SQL error: Catalog Error: Table with name nope does not exist")
    assert error("--data", data, "query", "DELETE FROM raw.reports").startswith("SQL error:")
    assert error("--data", data, "query", "SELECT 1", "--out", tmp_path / "x.xlsx") == (
        f"--out {tmp_path / 'x.xlsx'}: use a .csv or .parquet file name")
    assert error("--data", tmp_path, "query", "SELECT 1").startswith(f"no database at {tmp_path / 'ogi.duckdb'}")


# ---------------------------------------------------------------- show
def test_show_redraws_a_report_with_its_failed_checks(run1, sites):
    reports = subset_truth(run1["truth"]["reports"], sites)
    (agency, year), (entry,) = next((k, v) for k, v in sorted(reports.items()) if len(v) == 1 and v[0]["failed_checks"])
    out = ogi("--data", run1["data"], "show", agency, year).stdout
    lines = out.splitlines()
    assert lines[0] == f"{agency} {year}年政府信息公开工作年度报告"
    urls = {r["url"] for r in run1["truth"]["reports"] if r["report_key"] == entry["report_key"]}
    assert lines[1].removeprefix("source: ") in urls  # one of the report's documents
    facts = entry["facts"]
    t3 = entry["templates"]["t3"]
    for row in schema.T3_ROWS[t3]:
        codes = [f"t3.{row.key}.{c.key}" for c in schema.T3_COLUMNS]
        label = next(line.split("│")[1].strip() for line in out.splitlines()
                     if line.count("│") > 2 and line.split("│")[1].strip().endswith(row.prefix + row.item.label))
        assert cells(out, label) == [str(facts[c]) for c in codes]
    for cid in entry["failed_checks"]:
        assert f"✗ {cid}: " in out
    assert f"{len(entry['failed_checks'])} failed check(s)" in out
    for block in schema.T2_BLOCKS[entry["templates"]["t2"]]:
        assert block.heading in out
    # table 4 as printed: one row of 15 cells (the terminal is 250 columns wide here)
    t4 = lines[next(i for i, line in enumerate(lines) if line.startswith(f"四、{schema.T4_TITLE}")):]
    row = t4[next(i for i, line in enumerate(t4) if line.startswith("├")) + 1]
    assert [c.strip() for c in row.split("│")[1:-1]] == [str(facts[c]) for c in schema.layout_codes("t4", "2021")]


def test_show_bad_input(run1, tmp_path):
    data = run1["data"]

    (name, years), *_ = db_rows(data, "agency_years")
    typo = name[:-1]  # the name without its last character
    msg = error("--data", data, "show", typo, 2023)
    assert msg.startswith(f"unknown agency {typo!r}; did you mean: ") and name in msg
    assert error("--data", data, "show", name, 1999) == (
        f"{name} has no report for 1999; it has reports for {', '.join(map(str, years))}")
    assert error("--data", tmp_path, "show", name, 2023).startswith("no database at")
    assert "Invalid value" in CliRunner().invoke(app, ["--data", str(data), "show", name, "last-year"]).stderr


# ---------------------------------------------------------------- verify
def test_verify_latest_and_a_damaged_copy(run1, tmp_path):
    out = ogi("--data", run1["data"], "verify").stdout
    assert "verified" in out and str(run1["data"] / "snapshots" / "latest") in out
    copy = tmp_path / "snap"
    shutil.copytree(run1["data"] / "snapshots" / "latest", copy)
    victim = copy / "reports.parquet"
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    msg = error("--data", run1["data"], "verify", copy)
    assert msg.startswith(f"{copy}: verification failed: reports.parquet: sha256 ")
    assert error("--data", tmp_path, "verify") == (
        f"no snapshot at {tmp_path / 'snapshots' / 'latest'}: run `ogi publish` (or `ogi run`) first")


# ---------------------------------------------------------------- extract
def test_extract_file_prints_the_extractors_json(seeds):
    path, expected = seeds[2]
    out = json.loads(ogi("extract", path).stdout)
    assert out == spec_view(extract_bytes(path.read_bytes(), str(path)))
    assert out["reports"][0]["facts"] == expected["facts"]
    full = json.loads(ogi("extract", path, "--full").stdout)
    assert set(full["reports"][0]["provenance"]) == set(expected["facts"])


def test_extract_file_bad_input(small_stored, tmp_path):
    from extract.errors import ExtractError

    assert error("extract", tmp_path / "missing.pdf").startswith(f"cannot read {tmp_path / 'missing.pdf'}")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(small_stored["broken"]["bytes"])
    with pytest.raises(ExtractError) as err:
        extract_bytes(broken.read_bytes(), str(broken))
    assert error("extract", broken) == f"{broken}: {err.value.message}"


@pytest.fixture(scope="module")
def staged(small_stored, tmp_path_factory) -> Path:
    """A data directory run stage by stage through the CLI: extract → load → publish."""
    return copy_stored(small_stored["root"], tmp_path_factory.mktemp("cli-stages"))


def test_stage_commands_extract_load_publish_verify(staged, small_stored):
    assert error("--data", staged, "publish") == f"no tables in {staged / 'tables'}: run `ogi load` first"
    out = ogi("--data", staged, "extract").stdout
    assert f"extractor {current_version()}: 3 extracted, 1 quarantined" in out
    assert "0 extracted, 0 quarantined" in ogi("--data", staged, "extract").stdout  # nothing pending
    out = ogi("--data", staged, "load").stdout
    assert ", 1 quarantined → " in out and str(staged / "ogi.duckdb") in out
    assert error("--data", staged, "publish", "--date", "May 5") == "--date 'May 5': give a date as YYYY-MM-DD"
    out = ogi("--data", staged, "publish", "--date", "2025-05-05").stdout
    assert f"snapshot {staged / 'snapshots' / '2025-05-05'} (" in out
    assert "verified" in ogi("--data", staged, "verify").stdout


# ---------------------------------------------------------------- crawl
def test_crawl_one_site(registry, sites, run1, tmp_path):
    site = sites[0]
    out = ogi("--data", tmp_path, "crawl", "--registry", registry, "--site", site, "--fast", "--allow-loopback",
              "--resolve", registry.with_name("resolve.json")).stdout
    docs = [r for r in run1["truth"]["reports"] if r["site_id"] == site]
    assert f": {len(docs)} new, 0 changed, 0 unchanged documents" in out
    rows = pq.read_table(tmp_path / "crawl" / "documents.parquet").to_pylist()
    assert sorted(r["url"] for r in rows) == sorted(d["url"] for d in docs)


def test_crawl_bad_input(tmp_path):
    assert error("--data", tmp_path, "crawl") == f"no registry CSV under {tmp_path / 'registry'}; pass --registry FILE"
    assert error("--data", tmp_path, "crawl", "--registry", tmp_path / "nope.csv") == (
        f"no such registry file: {tmp_path / 'nope.csv'}")
    bad = tmp_path / "bad.csv"
    bad.write_text("site_id,name\nx,y\n", "utf-8")
    assert error("--data", tmp_path, "crawl", "--registry", bad).startswith(f"{bad}:1: missing column(s)")


# ---------------------------------------------------------------- run
def test_run_bad_input(tmp_path):
    assert error("--data", tmp_path, "run", "weekly") == "unknown flow 'weekly': one of nightly, reextract, backfill"
    assert error("--data", tmp_path, "run", "backfill") == "backfill needs --site SITE_ID (repeatable)"
    assert error("--data", tmp_path, "run", "--date", "2025-13-01") == "--date '2025-13-01': give a date as YYYY-MM-DD"
    assert error("--data", tmp_path, "run", "backfill", "--site", "x", "--years", "2021-2019") == (
        "--years '2021-2019': the first year is after the last")
    assert error("--data", tmp_path, "run", "reextract", "--site", "x") == (
        "reextract takes no --registry/--site/--years: it re-reads the stored documents")
    assert error("--data", tmp_path, "run").startswith("no registry CSV under")


def test_run_reextract_after_an_extractor_upgrade(quarantine_run, tmp_path):
    """Everything extracted (or quarantined) by an older extractor version is extracted again, and
    the dataset is the same."""
    data = tmp_path / "data"
    shutil.copytree(quarantine_run["data"], data, symlinks=True, ignore=shutil.ignore_patterns(".ogi.lock"))
    (data / "extracted" / current_version()).rename(data / "extracted" / "0.0.1")
    from flows.stages import totals

    before = totals(data)
    out = ogi("--data", data, "run", "reextract", "--date", "2025-06-01").stdout
    n = len(list((data / "extracted" / "0.0.1").glob("*.json")))
    assert len(list((data / "extracted" / current_version()).glob("*.json"))) == n
    assert f"{n - 1} this run (extractor {current_version()}), 1 quarantined" in out
    after = totals(data)
    assert after == before
    assert "verified" in out


def test_run_backfill_a_site_and_years(registry, sites, publish_site, run1, tmp_path):
    site = next(s for s in sites if s != publish_site)  # not the site a test publishes on
    out = ogi("--data", tmp_path, "run", "backfill", "--registry", registry, "--site", site, "--years", "2023-2024",
              "--fast", "--allow-loopback", "--date", "2025-06-02").stdout
    want = subset_truth([r for r in run1["truth"]["reports"] if 2023 <= r["year"] <= 2024], [site])
    got = db_facts(tmp_path)
    assert sorted(got) == sorted(want)
    docs = [r for r in run1["truth"]["reports"] if r["site_id"] == site and 2023 <= r["year"] <= 2024]
    assert f"{len(docs)} this run" in out


# ---------------------------------------------------------------- demo
def test_demo_refuses_a_real_crawl(small_stored, registry, tmp_path):
    import pyarrow as pa

    data = copy_stored(small_stored["root"], tmp_path)
    # what the previous demo leaves: its simulated web's resolve map (so its names are not "real")
    (data / "cache" / "simweb").mkdir(parents=True)
    shutil.copyfile(registry.with_name("resolve.json"), data / "cache" / "simweb" / "resolve.json")
    table = pq.read_table(data / "crawl" / "documents.parquet")
    urls = ["https://www.gov.cn/zhengce/xxgk/nb.html"] + table.column("url").to_pylist()[1:]
    pq.write_table(table.set_column(0, "url", pa.array(urls)), data / "crawl" / "documents.parquet")
    assert error("--data", data, "demo") == (
        f"{data} holds a real crawl (1 documents, e.g. https://www.gov.cn/zhengce/xxgk/nb.html); run the demo on "
        f"its own data directory: OGI_DATA=/tmp/ogi-demo make demo")
    assert (data / "crawl" / "documents.parquet").exists()  # nothing removed


def test_demo_refuses_while_a_run_holds_the_directory(tmp_path):
    from flows.lock import DataLock

    hold = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert hold.stdout.readline().strip() == "locked"
        out = subprocess.run([sys.executable, "-m", "flows.demo"], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "OGI_DATA": str(tmp_path)}, check=False)
        assert out.returncode == 3
        assert out.stderr.strip().startswith(f"ogi: data directory {tmp_path} is in use by pid {hold.pid}")
        assert len(out.stderr.strip().splitlines()) == 1
    finally:
        hold.kill()
        hold.wait()
    with DataLock(tmp_path, "after"):
        pass


# ---------------------------------------------------------------- schedule
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: dict) -> list:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def test_schedule_serves_the_nightly_deployment(small_stored, tmp_path, registry):
    """`ogi schedule` starts a Prefect server (no PREFECT_API_URL), registers the nightly
    deployment on cron 0 2 * * * Asia/Shanghai and serves it until SIGTERM; a run of the deployment
    (triggered now instead of at 02:00) executes and publishes."""
    data = copy_stored(small_stored["root"], tmp_path / "data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.Popen([str(OGI), "--data", str(data), "schedule", "--port", str(port), "--registry",
                             str(registry)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 240
        deps = []
        while time.monotonic() < deadline and not deps:
            assert proc.poll() is None, proc.stderr.read()
            try:
                deps = _post(f"{api}/deployments/filter", {"deployments": {"name": {"any_": ["ogi-nightly"]}}})
            except OSError:
                pass
            time.sleep(1)
        assert len(deps) == 1, "the deployment never appeared"
        dep = deps[0]
        (sched,) = dep["schedules"]
        assert sched["schedule"]["cron"] == "0 2 * * *"
        assert sched["schedule"]["timezone"] == "Asia/Shanghai"
        assert sched["active"] is True
        assert dep["parameters"] == {"data_dir": str(data.resolve()), "registry": [str(registry.resolve())]}
        assert dep["entrypoint"] == "flows.nightly.nightly"
        flows = _post(f"{api}/flows/filter", {"flows": {"id": {"any_": [dep["flow_id"]]}}})
        assert flows[0]["name"] == "nightly"
        run = _post(f"{api}/deployments/{dep['id']}/create_flow_run",
                    {"parameters": {"crawl": False, "date": "2025-04-05"}})
        state = None
        while time.monotonic() < deadline + 120:
            state = _get(f"{api}/flow_runs/{run['id']}")["state"]["type"]
            if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                break
            time.sleep(1)
        assert state == "COMPLETED"
        assert (data / "snapshots" / "2025-04-05" / "manifest.json").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with pytest.raises(OSError):  # the server went with it
        urllib.request.urlopen(f"{api}/health", timeout=5)
