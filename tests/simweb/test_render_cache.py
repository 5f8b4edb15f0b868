"""The render cache is keyed by the generator's source: any edit to simweb/generator/ renders
anew, so no test reads bytes made by older code (issue 14)."""
from __future__ import annotations

import shutil

from simweb.generator.cache import GENERATOR_DIR, RenderCache, generator_digest


class _Spec:
    def __init__(self, digest: str):
        self._d = digest

    def digest(self) -> str:
        return self._d


def test_key_follows_the_generator_source(tmp_path):
    copies = []
    for name in ("same", "edited", "added"):
        copies.append(tmp_path / name)
        shutil.copytree(GENERATOR_DIR, copies[-1], ignore=shutil.ignore_patterns("__pycache__"))
    same, edited, added = copies
    (edited / "html.py").write_bytes((edited / "html.py").read_bytes() + b"\n# one more line\n")
    (added / "new_module.py").write_text("X = 1\n")
    digests = [generator_digest(p) for p in (GENERATOR_DIR, same, edited, added)]
    assert digests[0] == digests[1]
    assert len(set(digests)) == 3
    cache = RenderCache(tmp_path / "cache", "2")
    spec = _Spec("abc")
    assert cache.key(spec, "pdf") != cache.key(spec, "docx") != cache.key(_Spec("abd"), "docx")
    assert cache.path(spec, "pdf").parent.parent == tmp_path / "cache" / "v2"
