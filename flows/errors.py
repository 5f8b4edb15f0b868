"""Errors the CLI shows as one line (no traceback) with a non-zero exit."""
from __future__ import annotations


class UserError(Exception):
    """Bad input or a missing prerequisite; the message says what to do."""

    exit_code = 1


class CrawlFailed(RuntimeError):
    """The Scrapy process failed or timed out (after the crawl task's retries)."""
