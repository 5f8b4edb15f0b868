"""Legacy Office files: DOC, WPS (Word 97 binary or RTF), XLS and ET (Excel 97 binary) → Document.

Nothing in Python reads the binary Word format well, so headless LibreOffice converts the file to
its OOXML twin (DOC/WPS → DOCX, XLS/ET → XLSX) and the DOCX or XLSX reader does the rest: one
table model, one code path, whatever the container. Each conversion gets its own throw-away
profile directory (parallel soffice runs otherwise fight over one profile lock), runs in its own
process group, and is killed as a group when it hangs. When LibreOffice cannot open a .doc,
`antiword` (a small, robust Word 97 text dumper) is the fallback: its tables come out as
`|cell|cell|` lines, which become tab-separated rows for the text reader.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..document import Document
from ..errors import Unreadable

SOFFICE_TIMEOUT = 90.0  # seconds for one conversion, start-up (2-5 s) included
ANTIWORD_TIMEOUT = 30.0

# target → (soffice --convert-to filter, output extension)
_TARGETS = {"docx": ("docx:MS Word 2007 XML", "docx"), "xlsx": ("xlsx:Calc MS Excel 2007 XML", "xlsx")}


class ConversionFailed(RuntimeError):
    """LibreOffice could not convert the file (the message says why, on one line)."""


def _run_group(cmd: list[str], cwd: Path, timeout: float, env: dict | None = None) -> tuple[int, bytes, bytes]:
    """Run `cmd` in its own process group; on timeout (or any interruption, such as the
    per-document alarm) kill the whole group, so no soffice.bin is left behind."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ConversionFailed(f"{Path(cmd[0]).name} hung (killed after {timeout:.0f} s)") from None
    except BaseException:
        _kill_group(proc)
        raise
    return proc.returncode, out, err


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def soffice_convert(data: bytes, src_ext: str, target: str, timeout: float = SOFFICE_TIMEOUT,
                    workdir: str | os.PathLike | None = None) -> bytes:
    """`data` (a file with extension `src_ext`) converted by headless LibreOffice to `target`
    ("docx" or "xlsx"). The input, output and profile live in a fresh temporary directory
    (under `workdir` when given)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise ConversionFailed("LibreOffice (soffice) is not installed")
    filt, out_ext = _TARGETS[target]
    with tempfile.TemporaryDirectory(prefix="ogi-legacy-", dir=workdir) as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input.{src_ext}"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        profile = tmpdir / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
               "--nologo", "--nolockcheck", "--nodefault", "--convert-to", filt, "--outdir", str(outdir),
               src.name]
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "HOME": str(tmpdir)}
        code, _, err = _run_group(cmd, tmpdir, timeout, env)
        produced = outdir / f"input.{out_ext}"
        if not produced.exists():
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {code}"]
            raise ConversionFailed(f"LibreOffice could not convert the {src_ext.upper()} file: {last[0][:200]}")
        return produced.read_bytes()


def antiword_text(data: bytes, timeout: float = ANTIWORD_TIMEOUT) -> str:
    """The text of a Word 97 file by antiword, tables as tab-separated rows."""
    exe = shutil.which("antiword")
    if not exe:
        raise ConversionFailed("antiword is not installed")
    with tempfile.TemporaryDirectory(prefix="ogi-antiword-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        # -w 0: no re-wrapping of paragraphs (one paragraph per line)
        code, out, err = _run_group([exe, "-m", "UTF-8.txt", "-w", "0", str(src)], Path(tmp), timeout,
                                    {**os.environ, "LANG": "C.UTF-8"})
    if code != 0 or not out.strip():
        msg = err.decode("utf-8", "replace").strip().splitlines()[:1] or [f"exit code {code}"]
        raise ConversionFailed(f"antiword could not read the file: {msg[0][:200]}")
    return _antiword_tables_to_tabs(out.decode("utf-8", "replace"))


def _antiword_tables_to_tabs(text: str) -> str:
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if len(s) > 1 and s.startswith("|") and s.endswith("|"):
            lines.append("\t".join(c.strip() for c in s[1:-1].split("|")))
        else:
            lines.append(line)
    return "\n".join(lines)


def _container(data: bytes) -> str:
    """word | sheet | rtf: which kind of legacy file the bytes are (the sniffer already said it
    is one of doc/wps/xls/et)."""
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    from .sniff import sniff

    kind = sniff(data, "")
    if kind in ("xls", "et"):
        return "sheet"
    if kind in ("doc", "wps"):
        return "word"
    raise Unreadable("not a Word or Excel 97 file (no WordDocument or Workbook stream)")


def read(data: bytes) -> Document:
    kind = _container(data)
    if kind == "sheet":
        from . import xlsx

        try:
            converted = soffice_convert(data, "xls", "xlsx")
        except ConversionFailed as e:
            raise Unreadable(str(e)) from None
        doc = xlsx.read(converted)
        doc.kind = "xls"
        return doc
    from . import docx

    try:
        converted = soffice_convert(data, "rtf" if kind == "rtf" else "doc", "docx")
    except ConversionFailed as first:
        if kind == "rtf":
            raise Unreadable(str(first)) from None
        try:
            text = antiword_text(data)
        except ConversionFailed as second:
            raise Unreadable(f"{first}; {second}") from None
        from . import text as text_reader

        doc = text_reader.read(text.encode("utf-8"))
        doc.kind = "doc"
        doc.warnings.append(f"read with antiword ({first})")
        return doc
    doc = docx.read(converted)
    doc.kind = "doc"
    return doc

