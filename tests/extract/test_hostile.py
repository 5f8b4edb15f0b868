"""A small, fast subset of the hostile bench (tests/bench/hostile_bench.py) as regular tests:
`python -m extract FILE --json` run as a user runs it, asserting exit codes, one-line errors,
valid UTF-8 and the facts kept next to hostile input (issue 14)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.errors import EXIT_TIMEOUT, EXIT_TOO_LARGE, EXIT_UNREADABLE, EXIT_USAGE, printable
from extract.limits import read_document, unpack_zip
from extract.worker import dumps
from tests.bench.hostile_corpus import (
    deflate_zeros,
    ooxml_members,
    raw_zip,
    replace_member,
    seed_docx,
    seed_html,
    seeds,
)

ROOT = Path(__file__).resolve().parents[2]
MB = 1 << 20


def run(path, *flags: str, env: dict | None = None) -> tuple[int, bytes, bytes]:
    proc = subprocess.run([sys.executable, "-m", "extract", os.fsencode(path), "--json", *flags], cwd=ROOT,
                          capture_output=True, timeout=180, check=False, env={**os.environ, **(env or {})})
    assert b"Traceback" not in proc.stderr
    proc.stdout.decode("utf-8")  # always valid UTF-8
    proc.stderr.decode("utf-8")
    return proc.returncode, proc.stdout, proc.stderr


def refused(path, code: int, message: str, *flags: str, env: dict | None = None) -> str:
    rc, out, err = run(path, *flags, env=env)
    text = err.decode()
    assert (rc, out) == (code, b""), text
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert message in text, text
    return text


@pytest.fixture(scope="module")
def seed():
    _stem, text, expected = seeds()[0]
    return text, expected["facts"]


def facts_of(out: bytes) -> dict:
    (report,) = json.loads(out)["reports"]
    return report


def test_not_regular_files_are_refused_at_once(tmp_path):
    zero = tmp_path / "zero.pdf"
    zero.symlink_to("/dev/zero")
    refused(zero, EXIT_UNREADABLE, "not a regular file (a character device)")
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)  # nobody writes: opening it blocking would hang forever
    refused(fifo, EXIT_UNREADABLE, "not a regular file (a FIFO)")
    refused(tmp_path, EXIT_UNREADABLE, "not a regular file (a directory)")
    refused(tmp_path / "missing.pdf", EXIT_USAGE, "cannot read")


def test_size_is_checked_on_the_descriptor_before_any_read(tmp_path):
    sparse = tmp_path / "huge.html"
    with open(sparse, "wb") as f:
        f.truncate(8 << 30)  # 8 GB that a reader would have to hold
    refused(sparse, EXIT_TOO_LARGE, "file is 8192.0 MB, over the 50 MB limit")
    small = tmp_path / "small.html"
    small.write_bytes(b"<p>x</p>" * 300)
    refused(small, EXIT_TOO_LARGE, "over the 0 MB limit", "--max-mb", "0.001")
    refused(small, EXIT_TOO_LARGE, "over the 0 MB limit", env={"OGI_EXTRACT_MAX_MB": "0.001"})


def test_names_are_escaped_on_one_line_and_stdout_stays_utf8(tmp_path, seed):
    text, facts = seed
    name = os.fsencode(tmp_path) + b"/bad-\xff\xfe\nname\x1b.html"
    with open(name, "wb") as f:
        f.write(seed_html(text).encode())
    rc, out, err = run(name)
    assert rc == 0, err
    result = json.loads(out)
    assert result["source"].endswith("/bad-\\xff\\xfe\nname\x1b.html")
    assert result["reports"][0]["facts"] == facts
    empty = os.fsencode(tmp_path) + b"/empty-\xff\nfile.pdf"
    open(empty, "wb").close()
    line = refused(empty, EXIT_UNREADABLE, "empty file")
    assert "empty-\\xff\\nfile.pdf" in line
    assert printable("a\udcff\nb\x00") == "a\\xff\\nb\\x00"


def test_a_closed_pipe_ends_quietly(tmp_path, seed):
    page = tmp_path / "r.html"
    page.write_bytes(seed_html(seed[0]).encode())
    cmd = f"{sys.executable} -m extract {page} --json | head -c 10; echo \" rc=${{PIPESTATUS[0]}}\""
    out = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, timeout=120, check=True)
    assert out.stdout == b'{"source": rc=0\n'
    assert out.stderr == b""
    # a reader gone before the first byte is written (`true` exits at once): EPIPE for certain
    cmd = f"{sys.executable} -m extract {page} --json | true; echo \"rc=${{PIPESTATUS[0]}}\""
    out = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, timeout=120, check=True)
    assert (out.stdout, out.stderr) == (b"rc=0\n", b"")


def test_zip_members_are_counted_while_inflating(tmp_path, seed):
    """document.xml inflates to 300 MB while the headers say 100 bytes: read in 64 kB chunks, the
    member ends at its declared size and fails its CRC, so the refusal costs one chunk, not 300 MB
    (zipfile's own read() inflates all compressed bytes in one call): it fits in 300 MB of
    address space, interpreter included."""
    base = seed_docx(seed[0])
    comp, crc = deflate_zeros(300 * MB)
    for part in ("word/document.xml", "word/styles.xml"):
        lying = raw_zip(replace_member(ooxml_members(base), part, comp, 100, crc))
        path = tmp_path / f"lying-{part.replace('/', '-')}.docx"
        path.write_bytes(lying)
        refused(path, EXIT_UNREADABLE, f"corrupt DOCX: Bad CRC-32 for file '{part}'", "--memory-mb", "300")
    # a picture is never inflated (the reader needs none): the report is read whole
    with_picture = raw_zip(ooxml_members(base) + [("word/media/bomb.png", comp, 8, 100, crc)])
    path = tmp_path / "picture-bomb.docx"
    path.write_bytes(with_picture)
    rc, out, err = run(path)
    assert rc == 0, err
    assert facts_of(out)["facts"] == seed[1]
    # a picture whose header claims 1 GB is no reason to refuse: it is never inflated
    claims = raw_zip(ooxml_members(base) + [("word/media/x.png", os.urandom(5000), 8, 10**9, 0)])
    path = tmp_path / "picture-claims-1gb.docx"
    path.write_bytes(claims)
    rc, out, err = run(path)
    assert rc == 0, err
    assert facts_of(out)["facts"] == seed[1]
    # the rebuilt package holds the XML parts, stored, and empty pictures
    import io
    import zipfile

    rebuilt = zipfile.ZipFile(io.BytesIO(unpack_zip(with_picture, "DOCX", lambda n: n.endswith((".xml", ".rels")))))
    assert rebuilt.getinfo("word/media/bomb.png").file_size == 0
    assert {i.compress_type for i in rebuilt.infolist()} == {zipfile.ZIP_STORED}


def test_html_bounds(tmp_path, seed):
    text, facts = seed
    cases = {
        # rowspan 0 / colspan 1000 over 3,000 rows: skipped with a warning, the report after it read
        # (inside the article, where the reader walks)
        "spans": seed_html(text).replace("<div class='article'>", "<div class='article'><table>" + (
            '<tr><td rowspan="0" colspan="1000">x</td><td colspan="1000">y</td></tr>' * 3000) + "</table>", 1),
        # a comment over libxml2's 10 MB text limit, then the report
        "comment": seed_html(text, before="<!--" + "注释" * (11 * MB // 6) + "-->"),
        "script": seed_html(text, before="<script>var a='" + "x" * (11 * MB) + "';</script>"),
        # a million <br>
        "br": seed_html(text, before="<br>" * 1_000_000),
    }
    for name, page in cases.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(page.encode())
        rc, out, err = run(path)
        assert rc == 0, (name, err)
        report = facts_of(out)
        assert report["facts"] == facts, name
        if name == "spans":
            assert "table 1 skipped: its cells cover over 200000 grid cells" in report["warnings"]
    deep = tmp_path / "deep.html"
    deep.write_bytes(seed_html(text, before="<div>" * 5000 + "x" + "</div>" * 5000).encode())
    refused(deep, EXIT_UNREADABLE, "HTML over a parser limit: Excessive depth in document: 2048")


def test_a_few_invalid_bytes_are_replaced_and_counted(tmp_path, seed):
    text, facts = seed
    page = seed_html(text, charset="gbk").encode("gbk")
    # a lone lead byte at the end of four paragraphs: not GBK, not UTF-8
    cut = [i for i in range(len(page)) if page.startswith(b"</p>", i)][3:7]
    for i in reversed(cut):
        page = page[:i] + b"\x81" + page[i:]
    path = tmp_path / "gbk.html"
    path.write_bytes(page)
    rc, out, err = run(path)
    assert rc == 0, err
    report = facts_of(out)
    assert report["facts"] == facts
    assert "4 invalid bytes replaced while decoding" in report["warnings"]


def test_os_limits_bind_the_worker(tmp_path, seed):
    slow = tmp_path / "one-line.txt"
    slow.write_bytes(b"x" * (20 * MB))  # one 20 MB line: the text reader needs many seconds
    refused(slow, EXIT_TIMEOUT, "time limit", "--seconds", "1")
    page = tmp_path / "br.html"
    page.write_bytes(seed_html(seed[0], before="<br>" * 1_000_000).encode())
    refused(page, EXIT_TOO_LARGE, "over the 150 MB memory limit", "--memory-mb", "150")
    refused(page, EXIT_TOO_LARGE, "output over the 0 MB limit", "--max-output-mb", "0.001")
    refused(page, EXIT_USAGE, "--seconds must be positive", "--seconds", "0")


def test_the_json_writer_is_strict():
    assert dumps({"a": 1, "t": "\udcff"}) == b'{"a": 1, "t": "\\udcff"}'
    for bad in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(ValueError):
            dumps({"x": bad})


def test_flows_worker_reads_regular_files_only(tmp_path):
    zero = tmp_path / "zero"
    zero.symlink_to("/dev/zero")
    with pytest.raises(Exception, match=r"not a regular file \(a character device\)"):
        read_document(zero, wait=True)


def test_flows_child_runs_under_the_memory_limit_and_is_replaced(tmp_path, seed, monkeypatch):
    """The flows' long-lived extractor child starts under the same RLIMIT_AS: a document over it
    answers code 4 with the reason (what the quarantine records), the child exits, and the next
    document gets a fresh one."""
    from flows.extractor_process import ExtractorProcess

    text, facts = seed
    heavy = tmp_path / "heavy.html"
    heavy.write_bytes(seed_html(text, before="<br>" * 1_000_000).encode())
    light = tmp_path / "light.html"
    light.write_bytes(seed_html(text).encode())
    monkeypatch.setenv("OGI_EXTRACT_MEMORY_MB", "150")
    proc = ExtractorProcess()
    try:
        first = proc.extract(heavy, "heavy.html", timeout=120)
        assert (first.code, first.error) == (EXIT_TOO_LARGE, "over the 150 MB memory limit")
        pid = proc.proc.pid
        proc.proc.wait(timeout=30)  # it exits after a MemoryError
        ok = proc.extract(light, "light.html", timeout=120)
        assert ok.code == 0 and proc.proc.pid != pid
        assert ok.result["reports"][0]["facts"] == facts
    finally:
        proc.close()
