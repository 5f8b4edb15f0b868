"""End to end through every reader: a generated report rendered as HTML, DOCX and PDF (LibreOffice)
must come back with exactly its facts, its failing checks, its agency and its year."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.api import extract_bytes
from simweb.generator import random_spec, render_many, seed_specs

from .reader_fixtures import AGENCIES, E2E_RANDOM, TEMPLATES, random_specs

FORMATS = ("html", "docx", "pdf")
CASES = [f"seed{i}" for i in range(len(seed_specs()))] + [f"random{i}" for i in range(E2E_RANDOM)]


def assert_same_report(result: dict, truth: dict, label: str) -> None:
    assert result["reason"] is None, f"{label}: {result['reason']}"
    assert len(result["reports"]) == 1, label
    rep = result["reports"][0]
    assert rep["facts"] == truth["facts"], label
    assert sorted(c["id"] for c in rep["checks"] if not c["ok"]) == sorted(truth["failed_checks"]), label
    assert (rep["agency"], rep["year"]) == (truth["agency"], truth["year"]), label
    assert rep["templates"] == truth["templates"], label


def test_generated_reports_in_every_format(generated_reports):
    """The five seeds and random specs of every layout combination and printing style."""
    assert len(generated_reports) == len(CASES) * len(FORMATS)
    kinds = set()
    for k, (spec, fmt, data) in enumerate(generated_reports):
        result = extract_bytes(data, f"report.{fmt}")
        kinds.add(result["kind"])
        assert_same_report(result, spec.truth(), f"{CASES[k // len(FORMATS)]}/{fmt}")
    assert kinds == set(FORMATS)


def test_random_specs_cover_every_layout_combination():
    specs = random_specs(E2E_RANDOM)
    assert {tuple(sorted(s.templates.items())) for s in specs} == {tuple(sorted(t.items())) for t in TEMPLATES}
    assert any(s.truth()["failed_checks"] for s in specs)


spec_args = st.tuples(st.randoms(use_true_random=False), st.sampled_from(AGENCIES), st.integers(2019, 2025),
                      st.sampled_from(TEMPLATES), st.booleans())


def _spec(args):
    rng, agency, year, templates, fail = args
    return random_spec(random.Random(rng.getrandbits(64)), agency, year, templates=templates, fail_balance=fail)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=spec_args, fmt=st.sampled_from(("html", "docx")))
def test_property_html_docx_round_trip(args, fmt):
    spec = _spec(args)
    assert_same_report(extract_bytes(render_many([(spec, fmt)])[0], f"r.{fmt}"), spec.truth(), fmt)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(spec_args, min_size=4, max_size=4))
def test_property_pdf_round_trip(batch):
    """Four random reports per example, printed to PDF in one LibreOffice run."""
    specs = [_spec(a) for a in batch]
    for spec, data in zip(specs, render_many([(s, "pdf") for s in specs])):
        assert_same_report(extract_bytes(data, "r.pdf"), spec.truth(), "pdf")
