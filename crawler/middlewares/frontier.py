"""The shared (Redis) frontier's dupefilter, scoped by site for the bounded search.

A discovery page is searched once per site: another registry row on the same host must still
walk it for its own columns. One process keeps that rule with each site's own `visited` set
(and dont_filter); with several processes on one Redis frontier the set is per process, and
whichever worker parses a page may reach a link the other already requested. So on a shared
frontier a discovery request is filtered by the shared set under a fingerprint that names its
site (`meta["ogi_fp_scope"]`), and every worker sees it."""
from __future__ import annotations

from scrapy_redis.dupefilter import RFPDupeFilter


class SiteScopedRFPDupeFilter(RFPDupeFilter):
    def request_fingerprint(self, request):
        fp = super().request_fingerprint(request)
        scope = request.meta.get("ogi_fp_scope")
        return f"{fp}:{scope}" if scope else fp
