"""Shared fixtures: the five real seed reports and their exact expected facts (copied from the
project's shared corpus so a clone alone passes `make test`)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def seed_cases() -> list[tuple[Path, dict]]:
    out = []
    for exp in sorted((CORPUS / "expected").glob("*.json")):
        out.append((CORPUS / "seeds" / (exp.stem + ".txt"), json.loads(exp.read_text("utf-8"))))
    return out


@pytest.fixture(scope="session")
def seeds():
    return seed_cases()
