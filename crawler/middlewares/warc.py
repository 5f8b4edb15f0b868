"""Record every response as it came off the wire (before decompression, redirects, retries and
replay from the blob store) in the WARC files, with its request. A revalidated document answered
304, or 200 with the bytes already archived, is a `revisit` record (no second copy of the body). request.meta["ogi_warc"] holds
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
        record_type, refers_to = ("resource" if rendered else "response"), None
        old = request.meta.get("ogi_revalidation")  # the archived document row being revalidated
        if old is not None and not rendered:
            import hashlib

            same = response.status == 200 and hashlib.sha256(response.body).hexdigest() == old.get("sha256")
            if response.status == 304 or same:
                record_type = "revisit"
                refers_to = (old.get("final_url") or old["url"], old.get("fetched_at") or "", f"sha256:{old['sha256']}")
        warc_file, offset = session.warc.write_exchange(
            response.url,
            method=request.method,
            request_headers=[(k, v) for k, vs in request.headers.items() for v in vs],
            request_body=request.body or b"",
            status=response.status,
            reason=_reason(response.status),
            response_headers=[(k, v) for k, vs in response.headers.items() for v in vs],
            body=response.body,
            record_type=record_type,
            refers_to=refers_to,
        )
        request.meta["ogi_warc"] = (warc_file, offset)
        self.crawler.stats.inc_value("ogi/warc_records")
        return response
