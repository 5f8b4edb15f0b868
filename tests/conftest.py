"""Shared fixtures: the five real seed reports and their exact expected facts (copied from the
project's shared corpus so a clone alone passes `make test`)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis: in CI (CI=true, as .ci/run is started) every run draws the same examples
# (derandomize, no example database), so a red CI is never luck; locally the examples vary and
# failures are remembered. No deadlines anywhere: speed is measured in `make bench`, not in tests.
# HYPOTHESIS_PROFILE=ci reproduces CI's draw locally. Tests' own @settings override what they set.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def seed_cases() -> list[tuple[Path, dict]]:
    out = []
    for exp in sorted((CORPUS / "expected").glob("*.json")):
        out.append((CORPUS / "seeds" / (exp.stem + ".txt"), json.loads(exp.read_text("utf-8"))))
    return out


@pytest.fixture(scope="session")
def seeds():
    return seed_cases()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium, driven by Playwright, for the whole session. Playwright's sync
    API keeps its event loop running while it is open, so a second sync_playwright() in the same
    session would fail: every suite that needs a browser shares this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()
