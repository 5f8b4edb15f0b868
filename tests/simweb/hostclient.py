"""A plain HTTP client for the simulated web's named hosts, like curl --resolve: the connection
goes to 127.0.0.1 on the URL's port and the request carries the URL's Host header. No DNS, no
mock: every request is real HTTP to the real server."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import requests


def loopback(url: str) -> tuple[str, str]:
    """(the URL with 127.0.0.1 as its host, the Host header the server must see)."""
    u = urlsplit(url)
    if u.scheme != "http":
        raise ValueError(f"only plain HTTP answers on the simulated web: {url}")
    return urlunsplit(("http", f"127.0.0.1:{u.port}", u.path or "/", u.query, "")), u.netloc


class HostSession(requests.Session):
    """requests.Session whose URLs name simulated hosts. Redirects are not followed (callers
    follow them by hand, resolving Location against the named URL). `cookies_for` adds cookies
    per host name (the challenge site's clearance, once a browser has earned it)."""

    def __init__(self):
        super().__init__()
        self.cookies_for: dict[str, dict[str, str]] = {}

    def request(self, method, url, **kw):  # type: ignore[override]
        target, host = loopback(url)
        headers = {"Host": host, **(kw.pop("headers", None) or {})}
        jar = self.cookies_for.get(urlsplit(url).hostname or "")
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 30)
        return super().request(method, target, headers=headers, **kw)
