"""The simulated government web, served on loopback: one real threaded HTTP server on one
127.0.0.1 ephemeral port answers every host by name (Host header), as shared hosting does.

    with SimWeb(tmp_path) as web:
        web.sites               # {site_id: "http://www.xining.gov.cn:PORT"} (homepage origins)
        web.resolve             # {"www.xining.gov.cn": "127.0.0.1", …}: names → loopback
        web.write_resolve(p)    # that map as JSON (the crawler's OGI_RESOLVE)
        web.truth()             # the manifest: the answer key of every crawl of this web
        web.publish_one()       # one more report appears at the top of some column
        web.request_log         # every request, thread-safe snapshot

Every response carries ETag (a hash of its body) and Last-Modified; If-None-Match and
If-Modified-Since get 304. Rendered documents are cached under root/cache (see docs/simweb.md)."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import socket
import threading
import time
from collections import deque
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import unquote

from simweb import generator as gen

from . import manifest
from .sites.base import Request, Resource, Site, http_date
from .web import BUILT as BUILT_FALLBACK
from .web import WEB_VERSION, Web, plan, render_docs

LOG_LIMIT = 200_000  # the request log keeps the newest entries of a long `serve` session
REGISTRY_COLUMNS = ("site_id", "name", "region_code", "level", "homepage_url", "column_url", "cms_hint", "js",
                    "verified")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def _not_modified(req: Request, etag: str, last_modified: datetime) -> bool:
    inm = req.headers.get("If-None-Match")
    if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = req.headers.get("If-Modified-Since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            return False
        return last_modified.replace(microsecond=0) <= since
    return False


def client_hello_sni(data: bytes) -> str:
    """The server name a TLS ClientHello asks for ("" when it names none or is cut short)."""
    try:
        pos = 5 + 4 + 2 + 32  # record header, handshake header, version, random
        pos += 1 + data[pos]  # session id
        pos += 2 + int.from_bytes(data[pos:pos + 2], "big")  # cipher suites
        pos += 1 + data[pos]  # compression methods
        end = pos + 2 + int.from_bytes(data[pos:pos + 2], "big")
        pos += 2
        while pos + 4 <= end:
            kind, size = int.from_bytes(data[pos:pos + 2], "big"), int.from_bytes(data[pos + 2:pos + 4], "big")
            if kind == 0:  # server_name: list length, name type, name length, name
                n = int.from_bytes(data[pos + 7:pos + 9], "big")
                return data[pos + 9:pos + 9 + n].decode("ascii", "replace").lower()
            pos += 4 + size
    except IndexError:
        pass
    return ""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers
    timeout = 60  # an idle keep-alive connection is closed after this
    max_body = 1 << 20
    site: Site | None = None

    def version_string(self) -> str:
        return self.site.server if self.site is not None else "nginx"

    def handle(self) -> None:
        # Only plain HTTP is spoken here. A TLS ClientHello (an https:// URL) is answered as any
        # plain HTTP server answers bytes it cannot parse — 400 and close — so the client's
        # handshake fails ("wrong version number"), as on an http-only government host.
        try:
            first = self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return
        if first == b"\x16":
            try:
                self.connection.settimeout(5)
                hello = self.connection.recv(16384)
            except OSError:
                hello = b""
            host = client_hello_sni(hello)
            site = self.server.simweb.site_for_host(host)  # type: ignore[attr-defined]
            self.server.simweb._record({  # type: ignore[attr-defined]
                "site_id": site.info.site_id if site else "", "host": host, "method": "TLS", "path": "",
                "query": "", "status": 400, "request_headers": {}, "response_headers": {}, "time": time.time(),
                "body": ""})
            body = b"<html><head><title>400 Bad Request</title></head><body><h1>400 Bad Request</h1></body></html>"
            try:
                self.connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: "
                                        + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
            except OSError:
                pass
            return
        super().handle()

    def do_GET(self):
        self._serve()

    def do_HEAD(self):
        self._serve()

    def do_POST(self):
        self._serve()

    # anything else is answered 405 (with ETag and a log entry, like every answer)
    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def log_message(self, format, *args):  # the request log replaces stderr lines
        pass

    def _serve(self) -> None:
        simweb: SimWeb = self.server.simweb  # type: ignore[attr-defined]
        raw_path, _, query = self.path.partition("?")
        if raw_path.startswith(("http://", "https://")):  # absolute-form target
            raw_path = "/" + raw_path.split("/", 3)[-1] if raw_path.count("/") >= 3 else "/"
        host = (self.headers.get("Host") or "").strip().lower()
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        site = self.site = simweb.site_for_host(host)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > self.max_body:  # not read to the end: this connection cannot carry another request
            self.close_connection = True
        body = self.rfile.read(min(length, self.max_body)) if length > 0 else b""
        req = Request(self.command, unquote(raw_path), query, dict(self.headers.items()), body, host)
        built = site.built if site is not None else BUILT_FALLBACK
        try:
            if site is None:  # a name this web does not serve (as a shared hosting front answers)
                res = Resource(f"404 Not Found: no site {host or '(no Host header)'} here".encode(),
                               "text/plain; charset=utf-8", built, 404)
            elif self.command not in ("GET", "HEAD", "POST"):
                res = Resource(b"Method Not Allowed", "text/plain; charset=utf-8", built, 405,
                               {"Allow": "GET, HEAD, POST"})
            else:
                res = site.respond(req) or site.not_found()
        except Exception as exc:  # noqa: BLE001 - a site bug answers 500 with its reason, not a dropped connection
            res = Resource(f"simweb: {type(exc).__name__}: {exc}".encode(), "text/plain; charset=utf-8", built, 500)
        etag = etag_of(res.body)
        headers = {"Content-Type": res.content_type, "ETag": etag, "Last-Modified": http_date(res.last_modified),
                   **res.headers}
        status = res.status
        if status == 200 and self.command in ("GET", "HEAD") and _not_modified(req, etag, res.last_modified):
            status = 304
        if status == 304:
            headers = {"ETag": etag, "Last-Modified": headers["Last-Modified"]}
        else:
            headers["Content-Length"] = str(len(res.body))
        # logged before the answer leaves, so a client that has its response finds it in the log
        simweb._record({
            "site_id": site.info.site_id if site is not None else "", "host": host, "method": self.command,
            "path": raw_path, "query": query, "status": status, "request_headers": dict(self.headers.items()),
            "response_headers": {"Date": self.date_time_string(), "Server": self.version_string(), **headers},
            "time": time.time(), "body": body.decode("utf-8", "replace") if body else "",
        })
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(res.body)


class _WebServer(ThreadingHTTPServer):
    """One ThreadingHTTPServer for every host of the web (virtual hosting by the Host header). It
    joins its request threads on close and can cut open keep-alive connections, so stop() leaves
    no thread and no socket behind."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, simweb: SimWeb):
        self.simweb = simweb
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request, client_address):
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def cut_connections(self) -> None:
        with self._conns_lock:
            conns = list(self._conns)
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):
        # a client that hangs up mid-response is normal for a web server; anything else is a bug
        import sys
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            super().handle_error(request, client_address)


class SimWeb:
    """The whole simulated web. Deterministic from `seed`; documents are rendered once and cached
    under `cache_dir` (default root/cache), so a warm start takes seconds. Every host is served on
    one loopback port by its name (Host header); `resolve` maps the names to 127.0.0.1."""

    def __init__(self, root: Path | str, seed: int = 7, cache_dir: Path | str | None = None):
        self.root = Path(root)
        self.seed = seed
        self.cache_dir = Path(cache_dir) if cache_dir is not None else self.root / "cache"
        self.sites: dict[str, str] = {}  # site_id → homepage origin that answers (http://name:port)
        self.port = 0
        self.web: Web | None = None
        self.build_seconds: float | None = None
        self._server: _WebServer | None = None
        self._thread: threading.Thread | None = None
        self._log: deque[dict] = deque(maxlen=LOG_LIMIT)
        self._log_lock = threading.Lock()
        self._publish_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> SimWeb:
        if self._server is not None:
            return self
        t0 = time.monotonic()
        self.root.mkdir(parents=True, exist_ok=True)
        web = plan(self.seed)
        server = _WebServer(self)  # bound first: pages link other hosts with the port in the URL
        self.port = server.server_address[1]
        try:
            for site in web.hosts.values():
                site.port = self.port
            docs = render_docs(list(web.all_items()), self.render_cache)
            for site in web.hosts.values():
                site.build(docs)
        except BaseException:
            server.server_close()
            raise
        self.web, self._server = web, server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="simweb", daemon=True)
        self._thread.start()
        self.sites = {sid: web.homepage_site(sid).origin for sid in web.sites}
        self.build_seconds = time.monotonic() - t0
        truth = self._write_truth()
        self._write_build_record(truth)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()  # stops accepting; returns when serve_forever has left its loop
            server.cut_connections()
            server.server_close()  # joins every request thread
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.sites = {}

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def render_cache(self) -> Path:
        return self.cache_dir / "render"

    # ------------------------------------------------------------------ names
    def site_for_host(self, host: str) -> Site | None:
        web = self.web
        return web.hosts.get(host) if web is not None else None

    @property
    def resolve(self) -> dict[str, str]:
        """{hostname: "127.0.0.1"} for every name this web serves (docs/hosts.md)."""
        return {h: "127.0.0.1" for h in sorted(self._require().hosts)}

    def write_resolve(self, path: Path | str) -> Path:
        """The resolve map as JSON, for the crawler's OGI_RESOLVE / -a resolve= / --resolve."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.resolve, indent=1) + "\n", encoding="utf-8")
        return path

    # ------------------------------------------------------------------ request log
    def _record(self, entry: dict) -> None:
        with self._log_lock:
            self._log.append(entry)

    @property
    def request_log(self) -> list[dict]:
        """A snapshot of every request served so far (the newest LOG_LIMIT), in arrival order."""
        with self._log_lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    # ------------------------------------------------------------------ content
    def _require(self) -> Web:
        if self.web is None or self._server is None:
            raise RuntimeError("SimWeb is not running: use `with SimWeb(root) as web:` or call start()")
        return self.web

    def truth(self) -> dict:
        return manifest.build(self._require(), self.seed)

    def publish_one(self) -> dict:
        """Publish one more report at the top of some column (HTML article or DOCX attachment);
        listing pages of that column shift and get a new Last-Modified and ETag, nothing else
        changes. Returns the report's truth entry."""
        web = self._require()
        with self._publish_lock:
            site, item = web.next_publication()
            docs = render_docs([item], self.render_cache)
            site.publish(item, docs, web.clock)
            entries = manifest.report_entries(site, item)
            self._write_truth()
        return entries[0]

    def write_registry(self, path: Path | str) -> Path:
        """The demo registry (docs/INTERFACES.md): one row per site with its homepage only — the
        crawler must find every 年报 column itself (no column_url, no cms_hint). The https-broken
        site is listed with https:// as its registry entry says."""
        web = self._require()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=REGISTRY_COLUMNS)
            w.writeheader()
            for site_id, site in web.sites.items():
                i = site.info
                w.writerow({"site_id": site_id, "name": i.name, "region_code": i.region_code, "level": i.level,
                            "homepage_url": web.registry_homepage(site_id), "column_url": "", "cms_hint": "",
                            "js": "", "verified": ""})
        return path

    # ------------------------------------------------------------------ files under root
    def _write_truth(self) -> dict:
        truth = self.truth()
        tmp = self.root / f"truth.json.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.root / "truth.json")
        return truth

    def _write_build_record(self, truth: dict) -> None:
        """What this cache holds, for people: versions, seed, last start time."""
        rec = self.cache_dir / f"web-w{WEB_VERSION}-g{gen.GENERATOR_VERSION}-s{self.seed}.json"
        rec.parent.mkdir(parents=True, exist_ok=True)
        rec.write_text(json.dumps({"web_version": WEB_VERSION, "generator_version": gen.GENERATOR_VERSION,
                                   "seed": self.seed, "start_seconds": round(self.build_seconds or 0, 2),
                                   "summary": manifest.summary(truth)}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
