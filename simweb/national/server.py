"""One threaded HTTP server for the whole simulated national web: every site's host name on one
loopback port, told apart by the Host header (virtual hosting), so 80 or 2,000 sites cost one
socket. Host names are real-looking (www.huaian.gov.cn, xxgk.huaian.gov.cn, jyt.jiangsu.gov.cn);
the crawler reaches them through the resolve map (docs/hosts.md), never through DNS.

    with NationalWeb() as web:                     # demo tree (~80 sites); NationalWeb(n_sites=2000) for the bench
        web.write_registry(tmp / "roots.csv")      # the root row(s): where expansion starts
        web.write_resolve(tmp / "resolve.json")    # {host: "127.0.0.1"}
        web.truth()                                # every site (region, level, parent) and report (dates)
"""
from __future__ import annotations

import csv
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from .pages import Builder, home_url
from .tree import FIRST_YEAR, LAST_YEAR, demo_tree, generated_tree, load_regions, plan_reports

REGISTRY_COLUMNS = ("site_id", "name", "region_code", "level", "homepage_url", "column_url", "cms_hint", "js",
                    "verified")
LAST_MODIFIED = "Mon, 30 Jun 2025 08:00:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, *args):  # the server keeps its own log
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        web: NationalWeb = self.server.web  # type: ignore[attr-defined]
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = urlsplit(self.path).path or "/"
        page = web.pages.get((host, path))
        if page is None and path.endswith("/"):
            page = web.pages.get((host, path + "index.html"))
        if page is None and path.endswith("/index.html"):  # the directory's index, as any server
            page = web.pages.get((host, path.removesuffix("index.html")))
        status = 200 if page is not None else 404
        body = page.bytes() if page is not None else b"<html><body><h1>404 Not Found</h1></body></html>"
        ctype = page.content_type if page is not None else "text/html; charset=utf-8"
        web.log(host, path, status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


class NationalWeb:
    def __init__(self, n_sites: int | None = None, seed: int = 7, tiny: bool | None = None):
        regions = load_regions()
        self.nodes = generated_tree(n_sites, seed, regions) if n_sites else demo_tree(regions)
        self.tiny = bool(n_sites) if tiny is None else tiny
        self.seed = seed
        self.reports, self.missing = plan_reports(self.nodes, seed)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.requests: list[tuple[str, str, int]] = []
        self.pages: dict = {}
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> Self:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.web = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self.builder = Builder(self.nodes, self.reports, self.port, tiny=self.tiny, seed=self.seed)
        self.pages = self.builder.build()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log(self, host: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((host, path, status))

    # -- what the crawler is given -------------------------------------------------------------
    @property
    def resolve(self) -> dict[str, str]:
        return {host: "127.0.0.1" for host, _ in self.pages}

    def write_resolve(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(dict(sorted(self.resolve.items())), indent=1) + "\n", encoding="utf-8")
        return path

    def homepage(self, site_id: str) -> str:
        return home_url(next(n for n in self.nodes if n.site_id == site_id), self.port)

    def write_registry(self, path: str | Path, everything: bool = False, columns: bool = True) -> Path:
        """The root row (the national portal) — where `ogi registry expand` starts; with
        everything=True every site (with its column URL unless columns=False: the crawler then
        discovers it from the homepage)."""
        path = Path(path)
        nodes = self.nodes if everything else self.nodes[:1]
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=REGISTRY_COLUMNS, lineterminator="\n")
            w.writeheader()
            for n in nodes:
                host, root = n.platform_root
                column = f"http://{host}:{self.port}{root}zfxxgknb/index.html" if n.level != "central" else ""
                w.writerow({"site_id": n.site_id, "name": n.name, "region_code": n.region_code, "level": n.level,
                            "homepage_url": home_url(n, self.port), "column_url": column if everything and columns else "",
                            "cms_hint": "", "js": "0", "verified": ""})
        return path

    # -- the answer key --------------------------------------------------------------------------
    def truth(self) -> dict:
        by_id = {n.site_id: n for n in self.nodes}
        sites = []
        for n in self.nodes:
            parents = ([n.parent] if n.parent else []) + [p for p, _ in n.other_parents]
            sites.append({"site_id": n.site_id, "name": n.name, "region_code": n.region_code, "level": n.level,
                          "homepage_url": home_url(n, self.port),
                          "parent_url": home_url(by_id[n.parent], self.port) if n.parent else None,
                          "parent_urls": sorted(home_url(by_id[p], self.port) for p in parents),
                          "link_text": n.link_text})
        art = self.builder.article_urls
        reports = [{"site_id": r.site_id, "agency": r.agency, "year": r.year, "published": r.published,
                    "deadline": r.deadline, "status": r.status, "url": art[(r.site_id, r.year, r.slug)]}
                   for r in self.reports]
        return {"first_year": FIRST_YEAR, "last_year": LAST_YEAR, "port": self.port, "sites": sites,
                "reports": reports, "missing": [{"site_id": s, "year": y} for s, y in self.missing]}
