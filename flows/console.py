"""Terminal output for the CLI and the demo: rich progress bars fed by flows.progress, and the
run summary as a table."""
from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from . import progress
from .summary import Summary

console = Console()
err_console = Console(stderr=True)

STAGE_TITLES = {"crawl": "crawl", "extract": "extract", "validate": "validate", "load": "load",
                "publish": "publish"}


class RichReporter(progress.Reporter):
    """One bar per stage; a stage without a known total shows a pulsing bar and its latest note."""

    def __init__(self, con: Console | None = None, transient: bool = False):
        self.progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description:<9}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.fields[note]}"),
                                 console=con or console, transient=transient)
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()

    def start(self, stage, total=None):
        if stage in self.tasks:
            self.progress.reset(self.tasks[stage], total=total)
            return
        self.tasks[stage] = self.progress.add_task(STAGE_TITLES.get(stage, stage), total=total, note="")

    def advance(self, stage, n=1, note=None):
        if stage not in self.tasks:
            self.start(stage)
        fields = {"note": _short(note)} if note else {}
        self.progress.update(self.tasks[stage], advance=n, **fields)

    def finish(self, stage, note=None):
        if stage not in self.tasks:
            self.start(stage)
        t = self.progress.tasks[self.progress.task_ids.index(self.tasks[stage])]
        total = t.total if t.total is not None else max(t.completed, 1)
        self.progress.update(self.tasks[stage], total=total, completed=total, note=_short(note or ""))


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summary_table(s: Summary) -> Table:
    t = Table(title=f"{s.flow} run", show_header=False, title_justify="left", box=None, padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    for k, v in s.rows():
        style = "red" if (k == "failed checks" and s.failed_checks) else None
        t.add_row(k, f"[{style}]{v}[/]" if style else v)
    for q in s.quarantine[:10]:
        t.add_row("quarantined", f"{q['sha256'][:12]} {q.get('url') or ''} — {q.get('reason')}")
    if len(s.quarantine) > 10:
        t.add_row("", f"… and {len(s.quarantine) - 10} more (see the run's artifact)")
    for site in s.site_problems[:10]:
        t.add_row("site problem", f"{site.get('site_id')} — {site.get('reason')}")
    return t
