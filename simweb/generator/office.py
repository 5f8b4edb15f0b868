"""Batch conversions with headless LibreOffice: DOCX → PDF / DOC, many files per soffice run.

One soffice process per target format converts the whole batch (start-up costs seconds, a page
costs milliseconds). Each run has its own profile directory, so parallel runs never share a
lock, and a timeout that grows with the batch; on a hang the whole process group is killed.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

# fmt → (soffice --convert-to target, output extension)
TARGETS = {"pdf": ("pdf:writer_pdf_Export", "pdf"), "doc": ("doc:MS Word 97", "doc")}


class ConversionError(RuntimeError):
    pass


def soffice_binary() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise ConversionError("LibreOffice (soffice) is not installed; run `make setup`")
    return exe


def _run_soffice(names: list[str], src: Path, out: Path, profile: Path, target: str, timeout: float) -> str:
    cmd = [soffice_binary(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nologo", "--nolockcheck", "--convert-to", target, "--outdir", str(out), *names]
    proc = subprocess.Popen(cmd, cwd=src, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice forks; take the whole group down
        proc.communicate()
        raise ConversionError(f"soffice hung converting {len(names)} files (killed after {timeout:.0f}s)") from None
    return err.decode("utf-8", "replace")


def convert_many(docs: list[bytes], fmt: str, timeout_base: float = 60.0, per_file: float = 4.0) -> list[bytes]:
    """Convert DOCX blobs to `fmt` ("pdf" or "doc") in one soffice run; results in input order.
    Files the run did not produce get one more run of their own before the batch fails."""
    if fmt not in TARGETS:
        raise ValueError(f"cannot convert to {fmt!r}; LibreOffice targets: {sorted(TARGETS)}")
    if not docs:
        return []
    target, ext = TARGETS[fmt]
    with tempfile.TemporaryDirectory(prefix="ogi-soffice-") as tmp:
        tmpdir = Path(tmp)
        src, out, profile = tmpdir / "in", tmpdir / "out", tmpdir / "profile"
        src.mkdir()
        names = []
        for i, blob in enumerate(docs):
            path = src / f"{i:06d}.docx"
            path.write_bytes(blob)
            names.append(path.name)

        def produced(name: str) -> Path:
            return out / (Path(name).stem + "." + ext)

        err = ""
        todo = names
        for _attempt in range(2):
            err = _run_soffice(todo, src, out, profile, target, timeout_base + per_file * len(todo))
            todo = [n for n in todo if not produced(n).exists()]
            if not todo:
                break
        if todo:
            last = err.strip().splitlines()[-1:] or ["no output"]
            raise ConversionError(f"soffice produced no {fmt} for {len(todo)} of {len(docs)} files: {last[0]}")
        return [produced(n).read_bytes() for n in names]
