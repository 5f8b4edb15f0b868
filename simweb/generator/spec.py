"""What one simulated report says: agency, year, per-table layouts, every fact, and how it is
printed. `truth()` is the answer key in the shape of tests/fixtures/corpus/expected/*.json."""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from importlib import resources

from extract import schema

from . import checks
from .facts import BREAKS, break_checks, random_facts
from .outline import Block, outline
from .prose import title_lines
from .style import Style


@dataclass
class ReportSpec:
    agency: str
    year: int
    templates: dict  # {"t2": "2021", "t3": "2019"}
    facts: dict  # every code of schema.codes_for(templates)
    style: Style = field(default_factory=Style)
    region_name: str | None = None  # a place name the prose uses instead of the agency's
    date_line: str | None = None  # "2022年1月5日" under the signature
    seed: int = 0  # drives the prose wording

    def __post_init__(self):
        codes = schema.codes_for(self.templates)
        missing = [c for c in codes if c not in self.facts]
        extra = [c for c in self.facts if c not in set(codes)]
        if missing or extra:
            raise ValueError(f"facts do not match templates {self.templates}: "
                             f"missing {missing[:3]}, unexpected {extra[:3]}")

    @property
    def title(self) -> str:
        lines = title_lines(self)
        # a split title that names the place on its second line reads as that line alone
        text = lines[-1] if self.region_name and len(lines) > 1 else "".join(lines)
        return text.replace(" ", "")

    def blocks(self) -> list[Block]:
        return outline(self)

    def printed_facts(self) -> dict:
        """The facts the document prints: every code except those of omitted table-3 rows and
        those typed with a space between their digits ("1 0" states no number)."""
        gone = {f"t3.{r}." for r in self.style.omit_rows}
        spaced = set(self.style.spaced_digits)
        return {c: v for c, v in self.facts.items() if c[: c.index(".", 3) + 1] not in gone and c not in spaced}

    def truth(self) -> dict:
        """The answer key. failed_checks comes from the generator's own arithmetic (checks.py),
        never from the extractor's schema.run_checks; a report with omitted rows is incomplete."""
        facts = self.printed_facts()
        missing = [c for c in self.facts if c not in facts]
        return {
            "agency": self.agency,
            "year": self.year,
            "templates": dict(self.templates),
            "facts": facts,
            "failed_checks": checks.failed(facts),
            "complete": not missing,
            "missing": missing,
        }

    def as_dict(self) -> dict:
        return {"agency": self.agency, "year": self.year, "templates": dict(self.templates),
                "facts": dict(self.facts), "style": self.style.as_dict(), "region_name": self.region_name,
                "date_line": self.date_line, "seed": self.seed}

    @classmethod
    def from_dict(cls, d: dict) -> ReportSpec:
        return cls(d["agency"], d["year"], dict(d["templates"]), dict(d["facts"]),
                   Style.from_dict(d.get("style", {})), d.get("region_name"), d.get("date_line"), d.get("seed", 0))

    def digest(self) -> str:
        """sha256 of everything that decides the rendered bytes."""
        blob = json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()


def default_templates(rng: random.Random, year: int) -> dict:
    if year < 2019:
        raise ValueError(f"year {year}: the 2019 and 2021 templates start with the 2019 reports")
    if year <= 2020:
        return {"t2": "2019", "t3": "2019"}
    # agencies keep printing the 2019 table 3 for years after 2021 (seed 004)
    return {"t2": "2021", "t3": "2021" if rng.random() < 0.82 else "2019"}


# Share of reports whose tables break a check of each kind. Of the 8 real tables 3 read for
# issue #11 (pingtan ×7, shanghai-bgt-2019), one leaves its 总计 column blank (12 failures);
# seed 002 fails t3.balance. The rest are guesses kept small.
BREAK_SHARE = {"row_total": 0.05, "outcomes": 0.04, "t4_sum": 0.03, "blank_totals": 0.04}


def random_spec(rng: random.Random, agency: str, year: int, templates: dict | None = None,
                fail_balance: bool = False, breaks: tuple[str, ...] | None = None) -> ReportSpec:
    """breaks: check-breaking habits to apply (facts.BREAKS); None draws them with BREAK_SHARE."""
    templates = dict(templates) if templates else default_templates(rng, year)
    facts = random_facts(rng, templates, fail_balance)
    if breaks is None:
        breaks = tuple(k for k in BREAKS if rng.random() < BREAK_SHARE[k])
    for kind in breaks:
        break_checks(rng, facts, templates["t3"], kind)
    style = Style.random(rng)
    month = rng.randint(1, 3)
    date_line = f"{year + 1}年{month}月{rng.randint(5, 28)}日" if rng.random() < 0.6 else None
    return ReportSpec(agency, year, templates, facts, style, None, date_line, rng.randrange(2**31))


# How each seed prints (read off tests/fixtures/corpus/seeds/*.txt).
_SEED_STYLES = {
    "000": (Style(typo_labels=("repealed",), half_parens=True, blank_zeros=True, title_spaces=True), {}),
    "001": (Style(typo_labels=("repealed",), half_parens=True, label_spaces=True, title_spaces=True,
                  period_sentence=True), {}),
    "002": (Style(blank_zeros=True, heading_style="mixed", title_split=True, p_in_cells=True), {}),
    "003": (Style(half_parens=True, label_spaces=True, title_spaces=True), {}),
    "004": (Style(typo_labels=("repealed",), half_parens=True, title_split=True, title_spaces=True),
            {"region_name": "海东工业园区", "date_line": "2022年1月5日"}),
}


def seed_specs() -> list[ReportSpec]:
    """The five real seed reports, with their exact facts (package data simweb/seeds)."""
    out = []
    files = sorted(p for p in resources.files("simweb.seeds").iterdir() if p.name.endswith(".json"))
    for i, path in enumerate(files):
        d = json.loads(path.read_text(encoding="utf-8"))
        style, extra = _SEED_STYLES.get(path.name[:3], (Style(), {}))
        facts = {c: d["facts"][c] for c in schema.codes_for(d["templates"])}
        out.append(ReportSpec(d["agency"], d["year"], dict(d["templates"]), facts, style, seed=i, **extra))
    return out
