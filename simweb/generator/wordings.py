"""Label wordings seen in real reports that extract/schema.py does not list (real_wordings.csv:
target, wording, source), drawn per report so the generator prints what the parser was not told.

Targets: `heading.<一…六>` (section heading text after the number), `t2.col.<key>`,
`t3.col.<key>`, `t3.group.denied|unable|rejected|other`, `t4.col.<key>`. A "\\n" in a wording is a
line break inside the cell, as in the real file."""
from __future__ import annotations

import csv
import random
from functools import cache
from importlib import resources

# Share of reports printing each real wording (per target); unknown real frequencies, so a
# modest share that still puts every wording into a 100-report sample several times.
SHARE = 0.12


@cache
def real_wordings() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("simweb.generator").joinpath("real_wordings.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return tuple((r["target"], r["wording"].replace("\\n", "\n"), r["source"]) for r in rows)


def targets() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for target, wording, _ in real_wordings():
        out.setdefault(target, []).append(wording)
    return out


def draw(rng: random.Random) -> tuple[tuple[str, str], ...]:
    """The real wordings one report prints: each target with probability SHARE, one of its
    wordings."""
    return tuple((t, rng.choice(ws)) for t, ws in sorted(targets().items()) if rng.random() < SHARE)


def wording(style, target: str) -> str | None:
    for t, w in style.wordings:
        if t == target:
            return w
    return None
