"""The simulated web in a national shape: a national portal → province portals → prefectures →
counties, their departments and townships, on one virtual-hosting server (docs/simweb.md)."""
from .server import NationalWeb

__all__ = ["NationalWeb"]
