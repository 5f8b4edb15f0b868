"""Downloader middlewares: safety, Retry-After, conditional requests, WARC recording."""
