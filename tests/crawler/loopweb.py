"""A tiny real HTTP server on 127.0.0.1 for unit-level crawl tests: many made-up host names on one
port (virtual hosting by the Host header), pages given as a dict, every request logged.

    web = LoopWeb({"www.a.gov.cn": {"/": page("…")}})
    with web:  # serving
        registry = web.registry(tmp_path, [("a", "A县人民政府", "http://www.a.gov.cn/")])
        resolve = web.write_resolve(tmp_path / "resolve.json")

Absolute links in pages are written without the port (http://xxgk.a.gov.cn/…); the server adds it.
A page is bytes (200, text/html), or a `Resp(status, body, headers)`, or a callable
(handler, log entry) → Resp for behaviour such as conditional GET or cookie challenges.
`web.log` holds `Hit(method, host, path, headers, cookie)` in arrival order.
"""
from __future__ import annotations

import csv
import email.utils
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit


@dataclass
class Resp:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)


@dataclass
class Hit:
    method: str
    host: str
    path: str  # with the query
    headers: dict

    @property
    def url(self) -> str:
        return f"{self.host}{self.path}"


def html(body: str, title: str = "", head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>").encode()


def links(*pairs: tuple[str, str]) -> str:
    return "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in pairs)


class Static:
    """A document with validators: answers 304 to a matching If-None-Match / If-Modified-Since.
    `content` may be replaced in place (a report changed at its known URL)."""

    def __init__(self, content: bytes, ctype: str = "text/html; charset=utf-8", modified: float = 1_700_000_000):
        self.content = content
        self.ctype = ctype
        self.modified = modified

    def replace(self, content: bytes, modified: float) -> None:
        self.content, self.modified = content, modified

    def __call__(self, handler, hit: Hit) -> Resp:
        etag = '"' + hashlib.sha256(self.content).hexdigest()[:16] + '"'
        lm = email.utils.formatdate(self.modified, usegmt=True)
        inm = hit.headers.get("if-none-match")
        ims = hit.headers.get("if-modified-since")
        if (inm and inm == etag) or (not inm and ims == lm):
            return Resp(304, b"", {"ETag": etag, "Last-Modified": lm})
        return Resp(200, self.content, {"Content-Type": self.ctype, "ETag": etag, "Last-Modified": lm})


class LoopWeb:
    def __init__(self, sites: dict[str, dict[str, object]]):
        self.sites = sites
        self.log: list[Hit] = []
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _serve(self, method: str):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                hit = Hit(method, host, self.path, {k.lower(): v for k, v in self.headers.items()})
                with web._lock:
                    web.log.append(hit)
                pages = web.sites.get(host, {})
                path = urlsplit(self.path).path or "/"
                entry = pages.get(self.path, pages.get(path))
                if path == "/robots.txt" and entry is None:
                    resp = Resp(404, b"not found", {"Content-Type": "text/plain"})
                elif entry is None:
                    resp = Resp(404, html("<p>404</p>"), {"Content-Type": "text/html; charset=utf-8"})
                elif callable(entry):
                    resp = entry(self, hit)
                elif isinstance(entry, Resp):
                    resp = entry
                else:
                    resp = Resp(200, entry, {"Content-Type": "text/html; charset=utf-8"})
                body = b"" if resp.status == 304 or method == "HEAD" else web.with_port(resp.body)
                self.send_response(resp.status)
                for k, v in resp.headers.items():
                    for one in v if isinstance(v, list) else [v]:
                        self.send_header(k, one)
                if resp.status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def do_HEAD(self):
                self._serve("HEAD")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> Self:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------ helpers
    def with_port(self, body: bytes) -> bytes:
        """Absolute links to the web's own hosts get its port (pages are written without it)."""
        for host in self.sites:
            for scheme in (b"http://", b"https://"):
                body = body.replace(scheme + host.encode() + b"/", scheme + f"{host}:{self.port}/".encode())
        return body

    def url(self, host: str, path: str = "/", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    @property
    def resolve(self) -> dict[str, str]:
        return {host: "127.0.0.1" for host in self.sites}

    def write_resolve(self, path: Path) -> Path:
        path.write_text(json.dumps(self.resolve, indent=1), "utf-8")
        return path

    def registry(self, path: Path, rows: list[tuple[str, str, str]], region: str = "630100",
                 level: str = "city") -> Path:
        """Rows (site_id, name, homepage URL with the placeholder host, e.g. http://www.a.gov.cn/)."""
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["site_id", "name", "region_code", "level", "homepage_url", "column_url", "cms_hint",
                        "js", "verified"])
            for site_id, name, home in rows:
                parts = urlsplit(home)
                w.writerow([site_id, name, region, level,
                            self.url(parts.hostname, parts.path or "/", parts.scheme), "", "", "0", ""])
        return path

    def requests(self, method: bool = False) -> list[str]:
        """The request log as host+path strings (robots.txt included), in arrival order."""
        with self._lock:
            return [f"{h.method} {h.url}" if method else h.url for h in self.log]

    def clear(self) -> None:
        with self._lock:
            self.log.clear()
