"""Record every response as it came off the wire (before decompression, redirects, retries and
replay from the blob store) in the WARC files, with its request. request.meta["ogi_warc"] holds
(file, offset) of the last response record for the request (after redirects: the final one)."""
from __future__ import annotations

from http import HTTPStatus

from crawler.storage.session import get_session


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class WarcRecorderMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        session = get_session(self.crawler)
        rendered = bool(request.meta.get("playwright"))
        warc_file, offset = session.warc.write_exchange(
            response.url,
            method=request.method,
            request_headers=[(k, v) for k, vs in request.headers.items() for v in vs],
            request_body=request.body or b"",
            status=response.status,
            reason=_reason(response.status),
            response_headers=[(k, v) for k, vs in response.headers.items() for v in vs],
            body=response.body,
            record_type="resource" if rendered else "response",
        )
        request.meta["ogi_warc"] = (warc_file, offset)
        self.crawler.stats.inc_value("ogi/warc_records")
        return response
