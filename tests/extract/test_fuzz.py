"""Fuzzing: mutated bytes of real documents of every format (HTML, DOCX, PDF, text) must give a
result or an ExtractError — never another exception, never a hang (each call runs under the
per-document time limit, and a time-out fails the test)."""
from __future__ import annotations

import functools
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import limits
from extract.api import extract_bytes
from extract.errors import ExtractError, TimedOut
from simweb.generator import render_many, seed_specs
from tests.conftest import CORPUS

from .reader_fixtures import _handmade_pdf

FUZZ_TIME_LIMIT = 20.0
EXAMPLES = 40


@functools.cache
def originals() -> dict[str, bytes]:
    """One real document per format (kept out of hypothesis' arguments: their repr is huge)."""
    seed = seed_specs()[1]
    html, docx = render_many([(seed, "html"), (seed, "docx")])
    txt = min((CORPUS / "seeds").glob("*.txt")).read_bytes()
    return {"html": html, "docx": docx, "pdf": _handmade_pdf()["merged"], "txt": txt}


mutation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 4096)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(1, 2048)),
)


def mutate(data: bytes, ops) -> bytes:
    buf = bytearray(data)
    for op, where, arg in ops:
        if not buf:
            break
        i = min(int(where * len(buf)), len(buf) - 1)
        if op == "flip":
            buf[i] ^= arg
        elif op == "delete":
            del buf[i : i + arg]
        elif op == "insert":
            buf[i:i] = arg
        elif op == "truncate":
            del buf[i:]
        elif op == "repeat":
            buf[i:i] = buf[i : i + arg]
    return bytes(buf)


def mutate_docx_xml(docx: bytes, ops) -> bytes:
    """Mutate word/document.xml inside an intact zip, so the fuzz reaches the XML walker."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            dst.writestr(info.filename, mutate(blob, ops) if info.filename == "word/document.xml" else blob)
    return out.getvalue()


def extract_or_error(data: bytes, name: str) -> None:
    try:
        with limits.time_limit(FUZZ_TIME_LIMIT):
            result = extract_bytes(data, name)
    except TimedOut:
        pytest.fail(f"{name}: hung past {FUZZ_TIME_LIMIT} s")
    except ExtractError as e:
        assert e.message and "\n" not in e.message
        return
    assert isinstance(result["reports"], list)
    assert result["reports"] or result["reason"]


fuzz_settings = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.too_slow])


@fuzz_settings
@given(fmt=st.sampled_from(("html", "docx", "pdf", "txt")), ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_bytes_never_crash(fmt, ops):
    extract_or_error(mutate(originals()[fmt], ops), f"fuzz.{fmt}")


@fuzz_settings
@given(ops=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_docx_xml_never_crashes(ops):
    extract_or_error(mutate_docx_xml(originals()["docx"], ops), "fuzz.docx")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(data=st.binary(max_size=2048), name=st.sampled_from(("a.pdf", "a.docx", "a.html", "a.doc", "a", "a.wps")))
def test_random_bytes_never_crash(data, name):
    extract_or_error(data, name)
