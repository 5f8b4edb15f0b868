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


def convert_many(docs: list[bytes], fmt: str, timeout_base: float = 60.0, per_file: float = 4.0) -> list[bytes]:
    """Convert DOCX blobs to `fmt` ("pdf" or "doc") in one soffice run; results in input order."""
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
        cmd = [soffice_binary(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nologo", "--nolockcheck", "--convert-to", target, "--outdir", str(out), *names]
        timeout = timeout_base + per_file * len(docs)
        proc = subprocess.Popen(cmd, cwd=src, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionError(f"soffice hung converting {len(docs)} files to {fmt} (killed after {timeout:.0f}s)")
        results = []
        missing = []
        for name in names:
            target_path = out / (Path(name).stem + "." + ext)
            if target_path.exists():
                results.append(target_path.read_bytes())
            else:
                missing.append(name)
        if missing:
            msg = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ConversionError(f"soffice produced no {fmt} for {len(missing)} of {len(docs)} files: {msg[0]}")
        return results
