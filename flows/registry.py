"""Which registry files a run crawls."""
from __future__ import annotations

from pathlib import Path

from .datadir import DataDir

# data/registry/ also holds the region-code table, which is not a list of sites.
NOT_SITE_LISTS = {"regions.csv"}


class NoRegistry(ValueError):
    pass


def registry_files(dd: DataDir, given: list[str] | None) -> list[Path]:
    if given:
        files = [Path(p).expanduser().resolve() for p in given]
        missing = [str(p) for p in files if not p.exists()]
        if missing:
            raise NoRegistry(f"no such registry file: {', '.join(missing)}")
        return files
    files = sorted(p for p in (dd.root / "registry").glob("*.csv") if p.name not in NOT_SITE_LISTS)
    if not files:
        raise NoRegistry(f"no registry CSV under {dd.root / 'registry'}; pass --registry FILE")
    return files


def site_count(files: list[Path], only: list[str] | None = None) -> int:
    from crawler.registry import load_many

    sites = load_many([str(f) for f in files])
    return len([s for s in sites if not only or s.site_id in set(only)])


def registry_hosts(files: list) -> dict[str, str]:
    """host:port → site_id, for naming the site of a URL the crawler reports."""
    from urllib.parse import urlsplit

    from crawler.registry import load_many

    out: dict[str, str] = {}
    for site in load_many([str(f) for f in files]):
        for url in (site.homepage_url, site.column_url):
            if url:
                out.setdefault(urlsplit(url).netloc, site.site_id)
    return out
