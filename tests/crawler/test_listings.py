"""Every listing parser over its saved example pages (tests/crawler/examples/<family>/NAME plus
NAME.expected.json: the page's URL and Content-Type, the family detection must pick, every
entry, every further page request, and which entries are OGI reports).

Regenerate after an intended change with `python -m tests.crawler.test_listings --regen`, then
read the diff: the expected files are the specification."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from crawler.listings import Page, parse_listing
from crawler.titles import is_report_entry

EXAMPLES = Path(__file__).parent / "examples"


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*/*") if not p.name.endswith(".expected.json"))


def run(path: Path) -> dict:
    spec = json.loads(Path(f"{path}.expected.json").read_text("utf-8"))
    listing = parse_listing(Page(spec["url"], path.read_bytes(), spec["content_type"]))
    return {
        "url": spec["url"],
        "content_type": spec["content_type"],
        "family": listing.family,
        "entries": [[e.url, e.title, e.date] for e in listing.entries],
        "pages": [[p.method, p.url, [list(kv) for kv in p.formdata]] for p in listing.pages],
        "reports": [e.url for e in listing.entries if is_report_entry(e.title, e.date)],
    }


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_listing_example(path: Path):
    expected = json.loads(Path(f"{path}.expected.json").read_text("utf-8"))
    assert run(path) == expected


def test_every_family_has_examples():
    assert sorted({p.parent.name for p in example_files()}) == ["hanweb", "jsonapi", "paged", "plain", "trs"]
    for path in example_files():
        assert run(path)["family"] == path.parent.name


if __name__ == "__main__" and "--regen" in sys.argv:
    for p in example_files():
        Path(f"{p}.expected.json").write_text(json.dumps(run(p), ensure_ascii=False, indent=1) + "\n", "utf-8")
        print("wrote", f"{p}.expected.json")
