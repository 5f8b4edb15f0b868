"""The simulated government web, served on loopback: one real threaded HTTP server per site, each on
its own 127.0.0.1 ephemeral port.

    with SimWeb(tmp_path) as web:
        web.sites               # {site_id: "http://127.0.0.1:PORT"}
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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers
    timeout = 60  # an idle keep-alive connection is closed after this
    max_body = 1 << 20

    def version_string(self) -> str:
        return self.server.site.server  # type: ignore[attr-defined]

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
        server: _SiteServer = self.server  # type: ignore[assignment]
        raw_path, _, query = self.path.partition("?")
        if raw_path.startswith(("http://", "https://")):  # absolute-form target
            raw_path = "/" + raw_path.split("/", 3)[-1] if raw_path.count("/") >= 3 else "/"
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > self.max_body:  # not read to the end: this connection cannot carry another request
            self.close_connection = True
        body = self.rfile.read(min(length, self.max_body)) if length > 0 else b""
        req = Request(self.command, unquote(raw_path), query, dict(self.headers.items()), body)
        try:
            if self.command not in ("GET", "HEAD", "POST"):
                res = Resource(b"Method Not Allowed", "text/plain; charset=utf-8", server.site.built, 405,
                               {"Allow": "GET, HEAD, POST"})
            else:
                res = server.site.respond(req) or server.site.not_found()
        except Exception as exc:  # noqa: BLE001 - a site bug answers 500 with its reason, not a dropped connection
            res = Resource(f"simweb: {type(exc).__name__}: {exc}".encode(), "text/plain; charset=utf-8",
                           server.site.built, 500)
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
        server.simweb._record({
            "site_id": server.site.info.site_id, "method": self.command, "path": raw_path, "query": query,
            "status": status, "request_headers": dict(self.headers.items()),
            "response_headers": {"Date": self.date_time_string(), "Server": self.version_string(), **headers},
            "time": time.time(), "body": body.decode("utf-8", "replace") if body else "",
        })
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(res.body)


class _SiteServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that joins its request threads on close and can cut open keep-alive
    connections, so stop() leaves no thread and no socket behind."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, site: Site, simweb: SimWeb):
        self.site, self.simweb = site, simweb
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
    under `cache_dir` (default root/cache), so a warm start takes seconds."""

    def __init__(self, root: Path | str, seed: int = 7, cache_dir: Path | str | None = None):
        self.root = Path(root)
        self.seed = seed
        self.cache_dir = Path(cache_dir) if cache_dir is not None else self.root / "cache"
        self.sites: dict[str, str] = {}
        self.web: Web | None = None
        self.build_seconds: float | None = None
        self._servers: dict[str, _SiteServer] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._log: deque[dict] = deque(maxlen=LOG_LIMIT)
        self._log_lock = threading.Lock()
        self._publish_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> SimWeb:
        if self._servers:
            return self
        t0 = time.monotonic()
        self.root.mkdir(parents=True, exist_ok=True)
        self.web = plan(self.seed)
        docs = render_docs(list(self.web.all_items()), self.render_cache)
        for site in self.web.sites.values():
            site.build(docs)
        try:
            for site_id, site in self.web.sites.items():
                server = _SiteServer(site, self)
                thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                          name=f"simweb-{site_id}", daemon=True)
                thread.start()
                self._servers[site_id], self._threads[site_id] = server, thread
                self.sites[site_id] = f"http://127.0.0.1:{server.server_address[1]}"
        except Exception:
            self.stop()
            raise
        self.build_seconds = time.monotonic() - t0
        truth = self._write_truth()
        self._write_build_record(truth)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()  # stops accepting; returns when serve_forever has left its loop
        for server in self._servers.values():
            server.cut_connections()
            server.server_close()  # joins every request thread
        for thread in self._threads.values():
            thread.join(timeout=10)
        self._servers.clear()
        self._threads.clear()
        self.sites = {}

    @property
    def running(self) -> bool:
        return bool(self._servers)

    @property
    def render_cache(self) -> Path:
        return self.cache_dir / "render"

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
        if self.web is None or not self._servers:
            raise RuntimeError("SimWeb is not running: use `with SimWeb(root) as web:` or call start()")
        return self.web

    def truth(self) -> dict:
        return manifest.build(self._require(), self.sites, self.seed)

    def publish_one(self) -> dict:
        """Publish one more report at the top of some column (HTML article or DOCX attachment);
        listing pages of that column shift and get a new Last-Modified and ETag, nothing else
        changes. Returns the report's truth entry."""
        web = self._require()
        with self._publish_lock:
            site, item = web.next_publication()
            docs = render_docs([item], self.render_cache)
            site.publish(item, docs, web.clock)
            entries = manifest.report_entries(site, item, self.sites[site.info.site_id])
            self._write_truth()
        return entries[0]

    def write_registry(self, path: Path | str) -> Path:
        """The demo registry (docs/INTERFACES.md): one row per site. Two sites leave column_url
        empty, so the crawler has to find the 年报 column from the homepage."""
        web = self._require()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=REGISTRY_COLUMNS)
            w.writeheader()
            for site_id, site in web.sites.items():
                i, base = site.info, self.sites[site_id]
                w.writerow({"site_id": site_id, "name": i.name, "region_code": i.region_code, "level": i.level,
                            "homepage_url": base + "/", "column_url": base + site.column_path if i.column_in_registry
                            else "", "cms_hint": i.cms_hint, "js": "1" if i.js else "0", "verified": ""})
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
