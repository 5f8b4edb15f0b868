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


# ---------------------------------------------------------------- resolve map (docs/hosts.md)
def host_resolver_rules(mapping: dict[str, str]) -> str | None:
    """Chromium's `--host-resolver-rules` for the crawler's resolve map: the browser reaches the
    same mapped hosts as Scrapy (ports stay those of the URL)."""
    if not mapping:
        return None
    rules = ", ".join(f"MAP {name} {addr}" for name, addr in sorted(mapping.items()))
    return f"--host-resolver-rules={rules}"


# With a resolve map, names point at loopback: Chromium's Private/Local Network Access checks
# would block a page of www.X.gov.cn (a fulfilled, public-looking page) from loading its scripts
# and API from that private address. Only with a map (the simulated web), never on real crawls.
_PNA_OFF = ("--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,"
            "PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks")


def launch_args(base: list[str], mapping: dict[str, str]) -> list[str]:
    """Chromium arguments: the configured ones plus the resolve map's rules."""
    args = [a for a in base if not a.startswith("--host-resolver-rules=") and a != _PNA_OFF]
    rules = host_resolver_rules(mapping)
    return args + [rules, _PNA_OFF] if rules else args


# ---------------------------------------------------------------- JavaScript cookie challenges
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
_CHALLENGE_STATUSES = (412, 521)


async def solve_challenge(url: str, user_agent: str, mapping: dict[str, str], timeout: float = 20.0) -> list[dict]:
    """Open `url` in real Chromium and let the page's script earn its clearance cookie (the
    412/521 + script challenges of Chinese government WAFs set a cookie and reload). Returns the
    browser's cookies for that site once a reload is answered with something else than 412/521,
    else []. Same user agent as Scrapy's: the clearance is often bound to it."""
    import asyncio
    import time

    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    deadline = time.monotonic() + timeout
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                           args=launch_args(CHROMIUM_ARGS, mapping))
        try:
            context = await browser.new_context(user_agent=user_agent, ignore_https_errors=True)
            page = await context.new_page()
            passed = asyncio.Event()

            def on_response(resp):
                if resp.request.is_navigation_request() and resp.status not in _CHALLENGE_STATUSES:
                    passed.set()

            page.on("response", on_response)
            try:
                await page.goto(url, wait_until="load", timeout=timeout * 1000)
            except PlaywrightError:
                pass  # the script may navigate away mid-load; what counts is the next answer
            try:
                await asyncio.wait_for(passed.wait(), max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                return []
            return await context.cookies()
        finally:
            await browser.close()
