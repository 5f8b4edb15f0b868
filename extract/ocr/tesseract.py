"""The tesseract CLI, batched: many crops per process (the chi_sim model takes longer to load
than a table cell takes to read), words with boxes and confidences from its TSV output.

A batch is a list file of PNGs; tesseract reads them as the pages of one document, and the TSV's
page_num says which crop a word belongs to. Each run is single-threaded (OMP_THREAD_LIMIT=1: the
machine is shared, and per-page parallelism is the caller's business), in its own process group,
and killed with its group on timeout or interruption.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ..errors import Unreadable

LANG = "chi_sim"
DIGITS = "0123456789.,-"


@dataclass
class Word:
    text: str
    conf: float  # 0..100 as tesseract prints it
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int


class TesseractMissing(Unreadable):
    pass


def binary() -> str:
    exe = shutil.which("tesseract")
    if not exe:
        raise TesseractMissing("tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-chi-sim)")
    return exe


def run(images: list[np.ndarray], psm: int, whitelist: str | None = None, lang: str = LANG,
        timeout: float | None = None) -> list[list[Word]]:
    """Words tesseract reads in each image (grayscale arrays), in input order."""
    if not images:
        return []
    exe = binary()
    timeout = timeout or 60 + 0.5 * len(images)
    with tempfile.TemporaryDirectory(prefix="ogi-ocr-") as tmp:
        paths = []
        for i, img in enumerate(images):
            p = Path(tmp) / f"{i:05d}.png"
            cv2.imwrite(str(p), img)
            paths.append(str(p))
        listing = Path(tmp) / "list.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        cmd = [exe, str(listing), "stdout", "-l", lang, "--psm", str(psm), "--dpi", "300"]
        if whitelist:
            cmd += ["-c", f"tessedit_char_whitelist={whitelist}"]
        cmd.append("tsv")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env, cwd=tmp)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise Unreadable(f"tesseract hung on {len(images)} images (killed after {timeout:.0f} s)") from None
        except BaseException:
            _kill(proc)
            raise
    if proc.returncode != 0:
        msg = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        raise Unreadable(f"tesseract failed: {msg[0][:200]}")
    return parse_tsv(out.decode("utf-8", "replace"), len(images))


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def parse_tsv(tsv: str, pages: int) -> list[list[Word]]:
    out: list[list[Word]] = [[] for _ in range(pages)]
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5":
            continue
        text = f[11].strip()
        if not text:
            continue
        page = int(f[1]) - 1
        if 0 <= page < pages:
            out[page].append(Word(text, float(f[10]), int(f[6]), int(f[7]), int(f[8]), int(f[9]),
                                  int(f[2]), int(f[3]), int(f[4])))
    return out
