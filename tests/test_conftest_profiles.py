"""The hypothesis profile tests/conftest.py loads: derandomized in CI (issue 14)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import tests.conftest  # noqa: F401  loads the profile
from hypothesis import settings
s = settings.default
print(s.derandomize, s.database is None, s.deadline)
"""


def _profile(**env) -> str:
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env={**base, **env}, capture_output=True,
                         text=True, timeout=120, check=True)
    return out.stdout.strip()


def test_ci_runs_are_derandomized():
    assert _profile(CI="true") == "True True None"
    assert _profile(HYPOTHESIS_PROFILE="ci") == "True True None"
    assert _profile() == "False False None"
