"""Rotating WARC writer (warcio) that survives kill -9.

Every record is its own gzip member (warcio's gzip mode), written and flushed whole. The writer
holds an exclusive flock on the file it writes and leaves a marker in warc/.open/ while it is
open. At start-up every marked file whose lock is free belongs to a dead writer: it is truncated
to the end of its last complete gzip member, so each file reads cleanly to its end.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import io
import logging
import os
import uuid
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

log = logging.getLogger(__name__)

_DROP_HEADERS = {b"transfer-encoding"}  # Scrapy hands us de-chunked bodies


def complete_prefix_length(path: Path, chunk_size: int = 1 << 20) -> int:
    """Byte length of the longest prefix of `path` made of complete gzip members (streamed)."""
    good = 0  # end of the last complete member
    member_start = 0
    dec = zlib.decompressobj(wbits=31)
    fed = 0  # compressed bytes fed to `dec` so far
    with open(path, "rb") as fh:
        pending = b""
        while True:
            chunk = pending or fh.read(chunk_size)
            pending = b""
            if not chunk:
                return good
            try:
                while chunk:
                    dec.decompress(chunk, 1 << 22)
                    while dec.unconsumed_tail and not dec.eof:
                        dec.decompress(dec.unconsumed_tail, 1 << 22)
                    if not dec.eof:
                        fed += len(chunk)
                        break
                    used = len(chunk) - len(dec.unused_data)
                    good = member_start + fed + used
                    member_start, fed = good, 0
                    chunk = dec.unused_data
                    dec = zlib.decompressobj(wbits=31)
            except zlib.error:
                return good


def repair(path: Path) -> int:
    """Truncate a WARC file to its last complete record; returns the number of bytes cut."""
    size = path.stat().st_size
    keep = complete_prefix_length(path)
    if keep < size:
        with open(path, "r+b") as fh:
            fh.truncate(keep)
        log.warning("repaired %s: cut %d bytes of an incomplete record", path.name, size - keep)
    return size - keep


class WarcStore:
    def __init__(self, directory: Path, worker: str, max_bytes: int = 1 << 30):
        self.dir = Path(directory)
        self.open_dir = self.dir / ".open"
        self.open_dir.mkdir(parents=True, exist_ok=True)
        self.worker = worker
        self.max_bytes = max_bytes
        self._seq = 0
        self._fh: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self.name: str | None = None
        self.records = 0
        self.repaired = self.repair_abandoned()

    # -- recovery ---------------------------------------------------------------------------
    def repair_abandoned(self) -> list[str]:
        """Repair the files of writers that died (marker present, lock free)."""
        repaired = []
        for marker in sorted(self.open_dir.iterdir()):
            target = self.dir / marker.name
            if not target.exists():
                marker.unlink(missing_ok=True)
                continue
            with open(target, "r+b") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live writer owns it
                repair(target)
                marker.unlink(missing_ok=True)
                fcntl.flock(fh, fcntl.LOCK_UN)
            repaired.append(target.name)
        return repaired

    # -- writing ----------------------------------------------------------------------------
    def _open(self) -> None:
        self._seq += 1
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        self.name = f"ogi-{stamp}-{self.worker}-{self._seq:05d}.warc.gz"
        (self.open_dir / self.name).touch()
        self._fh = open(self.dir / self.name, "ab")  # noqa: SIM115 - the file being written
        fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._writer = WARCWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.name, {"software": "ogi-reports crawler (Scrapy + warcio)", "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)
        self._fh.flush()

    def _close_file(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()
        (self.open_dir / self.name).unlink(missing_ok=True)
        self._fh = None
        self._writer = None

    def close(self) -> None:
        self._close_file()

    def write_exchange(
        self,
        url: str,
        *,
        method: str,
        request_headers: list[tuple[bytes, bytes]],
        request_body: bytes,
        status: int,
        reason: str,
        response_headers: list[tuple[bytes, bytes]],
        body: bytes,
        record_type: str = "response",
        refers_to: tuple[str, str, str] | None = None,
    ) -> tuple[str, int]:
        """Write a response (or resource, or revisit) record and its request record; returns
        (file, offset) of that record. A revisit (`refers_to` = (target URI, date, payload digest)) is a
        304 (profile server-not-modified) or a 200 whose payload we already hold (profile
        identical-payload-digest): its headers, no body again."""
        if self._fh is None or self._fh.tell() >= self.max_bytes:
            self._close_file()
            self._open()
        assert self._writer is not None and self._fh is not None
        offset = self._fh.tell()
        if record_type == "revisit":
            headers = [
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, v in response_headers
                if k.lower() not in _DROP_HEADERS
            ]
            http = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")
            profile = ("http://netpreserve.org/warc/1.1/revisit/server-not-modified" if status == 304
                       else "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")
            target, date, digest = refers_to or ("", "", "")
            record = self._writer.create_revisit_record(url, digest or _payload_digest(body), target, date,
                                                        http_headers=http)
            record.rec_headers.replace_header("WARC-Profile", profile)
        elif record_type == "response":
            headers = [
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, v in response_headers
                if k.lower() not in _DROP_HEADERS
            ]
            http = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")
            record = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        else:
            ctype = {k.lower(): v for k, v in response_headers}.get(b"content-type", b"text/html")
            record = self._writer.create_warc_record(
                url,
                "resource",
                payload=io.BytesIO(body),
                warc_content_type=ctype.decode("latin-1"),
                warc_headers_dict={"WARC-Ogi-Rendered-By": "chromium"},
            )
        self._writer.write_record(record)
        req_http = StatusAndHeaders(
            f"{method} {_request_target(url)} HTTP/1.1",
            [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request_headers],
            is_http_request=True,
        )
        req = self._writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(request_body),
            http_headers=req_http,
            warc_headers_dict={
                "WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID"),
                "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
            },
        )
        self._writer.write_record(req)
        self._fh.flush()  # whole members reach the OS before anyone refers to the offset
        self.records += 1
        return self.name, offset


def _payload_digest(body: bytes) -> str:
    import base64
    import hashlib

    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
