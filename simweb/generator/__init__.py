"""The report generator of the simulated government web.

It writes OGI annual reports (and look-alike noise documents) from a `ReportSpec` in the formats
agencies publish — HTML article bodies, DOCX, PDF, DOC and WPS — with the printing habits of real
reports (`Style`). `ReportSpec.truth()` is the answer key, computed with extract.schema.

    spec = random_spec(random.Random(1), "某某县人民政府办公室", 2023)
    html = render(spec, "html"); pdfs = render_many([(spec, "pdf"), (other, "pdf")])

PDF, DOC and WPS go through headless LibreOffice, one soffice run per target format per batch;
`render_many(..., cache_dir=...)` keeps results on disk keyed by GENERATOR_VERSION. See
docs/generator.md.
"""
from __future__ import annotations

import os
import random

from .cache import RenderCache
from .docx_report import render_docx
from .html import render_html, render_html_fragment
from .noise import KINDS as NOISE_KINDS
from .noise import NoiseSpec
from .office import ConversionError, convert_many
from .spec import ReportSpec, random_spec, seed_specs
from .style import Style

# Bump whenever rendered bytes may change: the simulated web's cache is keyed by it.
GENERATOR_VERSION = "3"

FORMATS = ("html", "docx", "pdf", "doc", "wps")
# WPS Office saves "compatible" .wps files in the Word 97 binary format, so .wps is a .doc.
_OFFICE_TARGET = {"pdf": "pdf", "doc": "doc", "wps": "doc"}

__all__ = [
    "FORMATS",
    "GENERATOR_VERSION",
    "NOISE_KINDS",
    "ConversionError",
    "NoiseSpec",
    "RenderCache",
    "ReportSpec",
    "Style",
    "noise_spec",
    "random_spec",
    "render",
    "render_html_fragment",
    "render_many",
    "render_noise",
    "seed_specs",
]


def _check_fmt(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")


def _render_direct(spec, fmt: str) -> bytes:
    return render_html(spec) if fmt == "html" else render_docx(spec)


def render(spec: ReportSpec | NoiseSpec, fmt: str) -> bytes:
    """One document as bytes. For many PDF/DOC/WPS files use render_many (one soffice run)."""
    return render_many([(spec, fmt)])[0]


def render_many(items: list[tuple[ReportSpec | NoiseSpec, str]],
                cache_dir: str | os.PathLike | None = None) -> list[bytes]:
    """Render every (spec, fmt) pair; results in input order. All LibreOffice work of the batch
    is one soffice run per target format. With cache_dir, rendered bytes are read from and
    written to a RenderCache there."""
    for _, fmt in items:
        _check_fmt(fmt)
    cache = RenderCache(cache_dir, GENERATOR_VERSION) if cache_dir is not None else None
    out: list[bytes | None] = [None] * len(items)
    pending: dict[str, dict[str, list[int]]] = {"pdf": {}, "doc": {}}  # target → digest → indices
    docx_of: dict[str, bytes] = {}
    for i, (spec, fmt) in enumerate(items):
        if cache is not None and (hit := cache.get(spec, fmt)) is not None:
            out[i] = hit
        elif fmt in ("html", "docx"):
            out[i] = _render_direct(spec, fmt)
            if cache is not None:
                cache.put(spec, fmt, out[i])
        else:
            d = spec.digest()
            if d not in docx_of:
                docx_of[d] = render_docx(spec)
            pending[_OFFICE_TARGET[fmt]].setdefault(d, []).append(i)
    for target, by_digest in pending.items():
        if not by_digest:
            continue
        digests = list(by_digest)
        converted = convert_many([docx_of[d] for d in digests], target)
        for d, blob in zip(digests, converted):
            for i in by_digest[d]:
                out[i] = blob
                if cache is not None:
                    cache.put(items[i][0], items[i][1], blob)
    return out  # type: ignore[return-value]


def noise_spec(kind: str, agency: str, year: int, seed: int | None = None) -> NoiseSpec:
    """A noise document spec; its HTML flavour and fonts are drawn like a report's."""
    s = seed if seed is not None else random.Random(f"{kind}-{agency}-{year}").randrange(2**31)
    return NoiseSpec(kind, agency, year, s, Style.random(random.Random(s)))


def render_noise(kind: str, agency: str, year: int, fmt: str) -> bytes:
    return render(noise_spec(kind, agency, year), fmt)
