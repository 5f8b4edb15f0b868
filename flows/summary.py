"""What a run did, in one record: printed at the end of the run, kept as a Prefect markdown
artifact, and saved as JSON under <data>/cache/runs/ (the CLI and the demo read it back)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .datadir import DataDir


@dataclass
class Summary:
    flow: str
    data_dir: str
    started: str = ""
    seconds: float = 0.0
    extractor_version: str = ""
    sites: int = 0
    site_problems: list[dict] = field(default_factory=list)  # [{site_id, reason}] from the crawl's warnings
    site_outcomes: dict = field(default_factory=dict)  # status → sites (crawl/sites.parquet): ok, no column found …
    documents: dict = field(default_factory=dict)  # total, new, changed, unchanged, failed
    extraction: dict = field(default_factory=dict)  # extracted, cached, failed
    reports: int = 0  # in the published dataset
    facts: int = 0
    failed_checks: int = 0
    snapshot: str | None = None
    snapshot_bytes: int = 0
    verified: bool | None = None
    quarantine: list[dict] = field(default_factory=list)  # this run's failures: {sha256, url, reason}
    crawl: dict = field(default_factory=dict)  # seconds + Scrapy counters
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Summary:
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})

    # ------------------------------------------------------------ rendering
    def rows(self) -> list[tuple[str, str]]:
        d = self.documents
        e = self.extraction
        out = [
            ("sites", f"{self.sites}" + (f" ({len({p['site_id'] for p in self.site_problems})} with problems, "
                                         f"see below)" if self.site_problems else "")),
            ("site outcomes", ", ".join(f"{k} {v}" for k, v in self.site_outcomes.items()) or "—"),
            ("documents", (f"{d.get('total', 0)} — new {d.get('new', 0)}, changed {d.get('changed', 0)}, "
                           f"unchanged {d.get('unchanged', 0)}, failed {d.get('failed', 0)}")),
            ("extracted", (f"{e.get('extracted', 0)} this run (extractor {self.extractor_version}), "
                           f"{e.get('failed', 0)} quarantined")),
            ("reports", f"{self.reports}"),
            ("facts", f"{self.facts}"),
            ("failed checks", f"{self.failed_checks}"),
            ("snapshot", f"{self.snapshot or '—'}" + (f" ({human_bytes(self.snapshot_bytes)}"
                                                      f"{', verified' if self.verified else ''})"
                                                      if self.snapshot else "")),
            ("time", f"{self.seconds:.1f}s"),
        ]
        return out

    def text(self) -> str:
        width = max(len(k) for k, _ in self.rows())
        lines = [f"{self.flow} run on {self.data_dir}"]
        lines += [f"  {k:<{width}}  {v}" for k, v in self.rows()]
        for q in self.quarantine[:20]:
            lines.append(f"  quarantined {q['sha256'][:12]} {q.get('url') or ''}: {q.get('reason')}")
        for s in self.site_problems[:20]:
            lines.append(f"  site {s.get('site_id')}: {s.get('reason')}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [f"# {self.flow} run", "", f"Data directory: `{self.data_dir}`", "", "| | |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in self.rows()]
        if self.quarantine:
            lines += ["", "## Quarantined documents", "", "| sha256 | url | reason |", "|---|---|---|"]
            lines += [f"| `{q['sha256'][:12]}` | {q.get('url') or ''} | {q.get('reason')} |"
                      for q in self.quarantine[:200]]
        if self.site_problems:
            lines += ["", "## Site problems", "", "| site | problem |", "|---|---|"]
            lines += [f"| {s.get('site_id')} | {s.get('reason')} |" for s in self.site_problems]
        if self.notes:
            lines += ["", *[f"- {n}" for n in self.notes]]
        return "\n".join(lines) + "\n"

    def save(self, dd: DataDir, run_id: str) -> Path:
        from .extraction import write_json_atomic

        path = dd.runs / f"{self.started.replace(':', '').replace('-', '')[:15]}-{self.flow}-{run_id[:8]}.json"
        write_json_atomic(path, self.as_dict())
        return path


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def last(dd: DataDir) -> Summary | None:
    runs = sorted(dd.runs.glob("*.json")) if dd.runs.exists() else []
    return Summary.from_dict(json.loads(runs[-1].read_text("utf-8"))) if runs else None
