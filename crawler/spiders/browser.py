"""Chromium as an endpoint finder (scrapy-playwright page init callback).

The page's HTML is served to the browser from what Scrapy already fetched (no second request for
it); the XHR/fetch calls its scripts make are recorded into request.meta["ogi_xhr"] (a GET as
its URL, a POST as {url, method, body, content_type}) and aborted, so the spider fetches (or
replays) those endpoints itself: archived, revalidated, parsed like any listing.
Images, fonts and styles are not loaded."""
from __future__ import annotations

_SKIP = ("image", "media", "font", "stylesheet")


async def init_page(page, request):
    body, ctype = request.meta["ogi_shell"]
    seen: list[str] = request.meta.setdefault("ogi_xhr", [])
    target = request.url

    async def route(route):
        req = route.request
        if req.is_navigation_request() and req.url.split("#")[0] == target:
            await route.fulfill(status=200, body=body, headers={"Content-Type": ctype})
        elif req.resource_type in ("xhr", "fetch"):
            if req.method == "GET":
                seen.append(req.url)
            elif req.method == "POST":
                # Recorded as sent, so the spider replays the same POST (Hanweb jpage, xxgk
                # search.jsp, JSON list APIs all page by POST).
                seen.append({"url": req.url, "method": "POST", "body": req.post_data or "",
                             "content_type": req.headers.get("content-type", "")})
            await route.abort()
        elif req.resource_type in _SKIP:
            await route.abort()
        else:
            await route.fallback()

    await page.route("**/*", route)


# ---------------------------------------------------------------- resolve map (CONTRACT-hosts.md)
def host_resolver_rules(mapping: dict[str, str]) -> str | None:
    """Chromium's `--host-resolver-rules` for the crawler's resolve map: the browser reaches the
    same mapped hosts as Scrapy (ports stay those of the URL)."""
    if not mapping:
        return None
    rules = ", ".join(f"MAP {name} {addr}" for name, addr in sorted(mapping.items()))
    return f"--host-resolver-rules={rules}"


def launch_args(base: list[str], mapping: dict[str, str]) -> list[str]:
    """Chromium arguments: the configured ones plus the resolve map's rules."""
    args = [a for a in base if not a.startswith("--host-resolver-rules=")]
    rules = host_resolver_rules(mapping)
    return args + [rules] if rules else args
