"""Bad input, through `python -m extract FILE --json` and the library: every case ends in a clear
one-line stderr message with its documented exit code, or in `reports: []` with a reason — never a
traceback, and within a time limit (the subprocess timeout)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from extract import limits
from extract.api import extract_bytes
from extract.errors import (
    EXIT_OK,
    EXIT_TOO_LARGE,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    ExtractError,
    TimedOut,
    TooLarge,
    Unreadable,
)

ROOT = Path(__file__).resolve().parents[2]
CLI_TIMEOUT = 60


def run_cli(path: Path) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "extract", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=CLI_TIMEOUT, check=False)
    assert "Traceback" not in proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


def assert_error(path: Path, code: int, message: str) -> None:
    rc, out, err = run_cli(path)
    assert rc == code, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err


def assert_no_reports(path: Path, reason: str) -> dict:
    rc, out, err = run_cli(path)
    assert rc == EXIT_OK, err
    result = json.loads(out)
    assert result["reports"] == []
    assert reason in result["reason"]
    return result


def zip_bomb(uncompressed_mb: int) -> bytes:
    """A DOCX-shaped zip whose document.xml inflates to `uncompressed_mb` MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(uncompressed_mb):
                f.write(chunk)
    return buf.getvalue()


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert_error(path, EXIT_UNREADABLE, "empty file")


def test_missing_file_is_a_usage_error(tmp_path):
    assert_error(tmp_path / "nope.pdf", EXIT_USAGE, "cannot read")


def test_truncated_encrypted_and_corrupt_pdfs(tmp_path, handmade_pdf):
    data = handmade_pdf["merged"]
    cases = {
        "truncated.pdf": (data[: len(data) // 3], "truncated PDF"),
        "encrypted.pdf": (handmade_pdf["encrypted"], "encrypted PDF"),
        "corrupt.pdf": (b"%PDF-1.4\n" + b"\x00garbage\xff" * 500 + b"\n%%EOF", "corrupt PDF"),
    }
    for name, (blob, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(blob)
        assert_error(path, EXIT_UNREADABLE, message)
        with pytest.raises(Unreadable, match=message):
            extract_bytes(blob, name)


def test_docx_zip_bomb_is_refused_quickly(tmp_path):
    bomb = zip_bomb(260)  # over the 256 MB unpacked limit, ~260 kB on disk
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    t0 = time.perf_counter()
    assert_error(path, EXIT_UNREADABLE, "zip bomb")
    # refused from the central directory: far less time than inflating 260 MB would take
    with pytest.raises(Unreadable, match="unpacks to 260 MB"):
        extract_bytes(bomb, "bomb.docx")
    print(f"zip bomb refused in {time.perf_counter() - t0:.2f} s (CLI + library)")


def test_zip_bomb_by_compression_ratio():
    bomb = zip_bomb(40)  # under the size limit, but 40 MB from ~40 kB
    with pytest.raises(Unreadable, match=r"compression ratio \d+:1"):
        limits.open_zip(bomb, "DOCX")


def test_html_without_tables_gives_no_reports_with_reason(tmp_path):
    path = tmp_path / "news.html"
    path.write_text("<html><head><title>某局召开政务公开工作会议</title></head><body><div class='content'>"
                    "<p>3月5日，某局召开政务公开工作会议，部署全年工作。</p></div></body></html>", "utf-8")
    result = assert_no_reports(path, "")
    assert result["reason"]


def test_fifty_megabyte_file_is_too_large(tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * (limits.MAX_BYTES + 1))
    assert_error(path, EXIT_TOO_LARGE, "over the 50 MB limit")
    with pytest.raises(TooLarge):
        extract_bytes(path.read_bytes(), "huge.pdf")


def test_pdf_named_doc_is_read_as_pdf(tmp_path, handmade_pdf):
    path = tmp_path / "附件.doc"
    path.write_bytes(handmade_pdf["merged"])
    rc, _, err = run_cli(path)
    assert rc == EXIT_OK, err
    result = extract_bytes(handmade_pdf["merged"], str(path))
    assert result["kind"] == "pdf"


def test_image_only_pdf_gives_no_text_layer_reason(tmp_path, handmade_pdf):
    path = tmp_path / "scan.pdf"
    path.write_bytes(handmade_pdf["image_only"])
    assert_no_reports(path, "no text layer")


def test_binary_junk_is_not_a_traceback(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(bytes(range(256)) * 64)
    rc, out, err = run_cli(path)
    assert rc in (EXIT_OK, EXIT_UNREADABLE)
    if rc == EXIT_OK:
        assert json.loads(out)["reports"] == []
    else:
        assert len(err.strip().splitlines()) == 1


def test_time_limit_interrupts_python_work_and_is_checked_between_pages():
    with pytest.raises(TimedOut), limits.time_limit(0.2):
        time.sleep(5)  # the alarm interrupts the sleep
    with pytest.raises(TimedOut), limits.time_limit(0.05):
        while True:
            limits.check_deadline()
    with limits.time_limit(5):  # a finished block leaves no alarm behind
        pass
    time.sleep(0.01)
    limits.check_deadline()
    assert issubclass(TimedOut, ExtractError) and TimedOut("x").exit_code == 5
