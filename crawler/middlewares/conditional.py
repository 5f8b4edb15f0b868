"""Conditional requests and the blob store, between HttpCompression and Retry.

Every 200 body (decoded) goes to the blob store once; request.meta["ogi_sha256"] names it.
Requests marked meta["ogi_revalidate"] (listings) are sent with If-None-Match /
If-Modified-Since from the last run's validators; a 304 is answered from the blob store, so the
spider parses the listing as usual without the body crossing the network again."""
from __future__ import annotations

import logging

from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from crawler.storage.session import get_session

log = logging.getLogger(__name__)

_KEEP = ("Content-Type", "ETag", "Last-Modified", "Content-Disposition")


class ConditionalRequestMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def session(self):
        return get_session(self.crawler)

    def _fingerprint(self, request) -> str:
        return self.crawler.request_fingerprinter.fingerprint(request).hex()

    def _replay(self, request, entry, flag: str):
        body = self.session.blobs.get(entry["sha256"])
        if body is None:
            return None
        headers = Headers(entry["headers"])
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        request.meta["ogi_sha256"] = entry["sha256"]
        request.meta["ogi_not_modified"] = True
        return cls(url=request.url, status=200, headers=headers, body=body, request=request, flags=[flag])

    def process_request(self, request, spider=None):
        if not request.meta.get("ogi_revalidate") or request.meta.get("playwright"):
            return None
        entry = self.session.state.validator(self._fingerprint(request))
        if entry is None or not self.session.blobs.has(entry["sha256"]):
            return None
        if request.meta.get("ogi_replay_if_stored"):
            self.stats.inc_value("ogi/listing_replayed")
            return self._replay(request, entry, "replayed")
        if entry["etag"]:
            request.headers[b"If-None-Match"] = entry["etag"]
        if entry["last_modified"]:
            request.headers[b"If-Modified-Since"] = entry["last_modified"]
        request.meta["ogi_validator"] = entry
        return None

    def process_response(self, request, response, spider=None):
        entry = request.meta.get("ogi_validator")
        if response.status == 304 and entry is not None:
            replayed = self._replay(request, entry, "revalidated")
            if replayed is not None:
                self.stats.inc_value("ogi/revalidated_304")
                return replayed
        if response.status == 200 and not request.meta.get("playwright"):
            sha, new = self.session.blobs.put(response.body)
            request.meta["ogi_sha256"] = sha
            request.meta["ogi_not_modified"] = False
            if new:
                self.stats.inc_value("ogi/blobs_written")
            if request.meta.get("ogi_revalidate") or request.meta.get("ogi_keep_validators"):
                # Documents keep theirs for the revalidation schedule. POST answers are stored too (replayed when their column page is unchanged).
                etag = response.headers.get(b"ETag")
                modified = response.headers.get(b"Last-Modified")
                if etag or modified:
                    keep = {k: response.headers.get(k).decode("latin-1") for k in _KEEP if response.headers.get(k)}
                    self.session.state.set_validator(
                        self._fingerprint(request), response.url,
                        etag.decode("latin-1") if etag else None,
                        modified.decode("latin-1") if modified else None, sha, keep,
                    )
        return response
