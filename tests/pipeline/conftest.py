"""Session fixtures: the corpus tree loaded once; tests that change a tree work on a copy."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.duck import connect
from pipeline.load import load

from . import corpus


@pytest.fixture(scope="session")
def loaded(tmp_path_factory):
    """(data_dir, docs, load result) for the stage-1 corpus, loaded once."""
    root = tmp_path_factory.mktemp("ogi") / "data"
    docs = corpus.write_tree(root)
    result = load(root)
    return root, docs, result


@pytest.fixture(scope="session")
def db(loaded):
    con = connect(loaded[0] / "ogi.duckdb", read_only=True)
    yield con
    con.close()


@pytest.fixture
def copy_of(tmp_path):
    def make(src: Path) -> Path:
        dst = tmp_path / "data"
        shutil.copytree(src, dst, symlinks=True)
        return dst
    return make
