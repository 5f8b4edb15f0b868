"""Blobs, WARC files, the documents journal and its compaction: what survives kill -9."""
from __future__ import annotations

import hashlib
import json
import subprocess

import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator

from crawler.storage.blobs import BlobStore
from crawler.storage.manifest import COLUMNS, Journal, compact, known_rows
from crawler.storage.warc import WarcStore, complete_prefix_length


def _row(url: str, **kw) -> dict:
    row = {c: None for c in COLUMNS}
    row.update(url=url, final_url=url, site_id="s", sha256="0" * 64, size=1, status=200, role="article")
    row.update(kw)
    return row


def _exchange(store: WarcStore, n: int):
    return store.write_exchange(f"http://x.test/{n}", method="GET", request_headers=[(b"User-Agent", b"t")],
                                request_body=b"", status=200, reason="OK",
                                response_headers=[(b"Content-Type", b"text/plain"), (b"Transfer-Encoding", b"chunked")],
                                body=f"body {n} ".encode() * 40)


def _records(path):
    with open(path, "rb") as fh:
        out = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
               for r in ArchiveIterator(fh)]
        assert fh.tell() == path.stat().st_size
    return out


def test_blob_store_writes_each_body_once(tmp_path):
    blobs = BlobStore(tmp_path)
    sha, new = blobs.put(b"report")
    assert (sha, new) == (hashlib.sha256(b"report").hexdigest(), True)
    assert blobs.put(b"report") == (sha, False)
    assert blobs.path(sha) == tmp_path / sha[:2] / sha and blobs.get(sha) == b"report"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [sha]


def test_blob_temporaries_of_dead_writers_are_swept(tmp_path):
    blobs = BlobStore(tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / "ab").mkdir()
    leftover = tmp_path / "ab" / f".tmp-{dead.pid}-xyz"
    leftover.write_bytes(b"half a blob")
    assert blobs.sweep_temporaries() == 1 and not leftover.exists()


def test_warc_rotation_and_offsets(tmp_path):
    store = WarcStore(tmp_path, "w", max_bytes=2000)
    spots = [_exchange(store, n) for n in range(6)]
    store.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) > 1 and not list((tmp_path / ".open").iterdir())
    for n, (name, offset) in enumerate(spots):
        with open(tmp_path / name, "rb") as fh:
            fh.seek(offset)
            rec = next(iter(ArchiveIterator(fh)))
            assert rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI") == f"http://x.test/{n}"
            assert rec.http_headers.get_header("Transfer-Encoding") is None
    for f in files:
        types = [t for t, _, _ in _records(f)]
        assert types[0] == "warcinfo" and types[1:] == ["response", "request"] * ((len(types) - 1) // 2)


def test_abandoned_warc_is_cut_to_its_last_complete_record(tmp_path):
    store = WarcStore(tmp_path, "dead")
    for n in range(3):
        _exchange(store, n)
    path = tmp_path / store.name
    store._fh.flush()
    whole = path.stat().st_size
    with open(path, "ab") as fh:  # what kill -9 in the middle of a record leaves
        fh.write(path.read_bytes()[200:900])
    store._fh.close()  # the process is gone: lock released, marker left behind
    assert (tmp_path / ".open" / path.name).exists()

    live = WarcStore(tmp_path, "live")
    _exchange(live, 9)
    third = WarcStore(tmp_path, "third")  # must not touch the live writer's file
    assert live.repaired == [path.name] and third.repaired == []
    assert path.stat().st_size == whole == complete_prefix_length(path)
    assert [u for t, u, _ in _records(path) if t == "response"] == [f"http://x.test/{n}" for n in range(3)]
    live.close()
    third.close()


def test_journal_compaction_keeps_live_journals_and_skips_torn_lines(tmp_path):
    journals, parquet = tmp_path / "journal", tmp_path / "documents.parquet"
    dead = Journal(journals, "dead")
    dead.append(_row("http://a/1"))
    dead.append(_row("http://a/2"))
    dead._fh.write(b'{"url": "http://a/3", "fin')  # torn by kill -9
    dead._fh.flush()
    dead._fh.close()
    live = Journal(journals, "live")
    live.append(_row("http://a/4"))
    live.append(_row("http://a/1", title="again"))  # same url: the first row wins
    assert [r["url"] for r in known_rows(parquet, journals)] == ["http://a/1", "http://a/2", "http://a/4",
                                                                   "http://a/1"]
    assert compact(parquet, journals) == 3
    assert sorted(p.name for p in journals.iterdir()) == ["live.jsonl"]
    table = pq.read_table(parquet)
    assert table.column_names == list(COLUMNS)
    assert table.column("url").to_pylist() == ["http://a/1", "http://a/2", "http://a/4"]
    assert table.column("title").to_pylist() == [None, None, None]
    live.append(_row("http://a/5"))
    live.close()
    assert compact(parquet, journals) == 4 and list(journals.iterdir()) == []


def test_reopened_journal_drops_a_torn_tail(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_bytes(json.dumps(_row("http://a/1")).encode() + b"\n" + b'{"url": "http://a/2"')
    j = Journal(tmp_path, "w")
    j.append(_row("http://a/3"))
    j.close()
    assert [json.loads(line)["url"] for line in path.read_bytes().splitlines()] == ["http://a/1", "http://a/3"]


# ---------------------------------------------------------------- revisits
from tests.crawler.crawlkit import crawl_env, documents, run_crawl
from tests.crawler.loopweb import LoopWeb, Static, html, links


def _warc_records(data) -> list[tuple[str, str, str | None]]:
    """(record type, target URI path, WARC-Profile tail) of every response/revisit record."""
    out = []
    for path in sorted((data / "raw" / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for r in ArchiveIterator(fh):
                if r.rec_type in ("response", "revisit"):
                    uri = r.rec_headers.get_header("WARC-Target-URI")
                    profile = r.rec_headers.get_header("WARC-Profile")
                    out.append((r.rec_type, uri.split("/", 3)[3], profile.rsplit("/", 1)[1] if profile else None))
    return out


def test_documents_revalidated_on_schedule_and_changed_bytes_become_a_new_version(tmp_path):
    report = Static(b"%PDF-1.4\n% version one\n%%EOF\n", "application/pdf", modified=1_700_000_000)
    web = LoopWeb({"www.gaibianxian.gov.cn": {
        "/": html(links(("/zfxxgknb/", "政府信息公开年报"))),
        "/zfxxgknb/": Static(html(links(("/u/r2023.pdf", "改变县2023年政府信息公开工作年度报告")))),
        "/u/r2023.pdf": report,
    }})
    with web:
        registry = web.registry(tmp_path / "reg.csv", [("gaibian", "改变县人民政府", "http://www.gaibianxian.gov.cn/")])
        resolve = web.write_resolve(tmp_path / "resolve.json")
        data = tmp_path / "data"
        env = crawl_env(OGI_ALLOW_LOOPBACK="", OGI_RESOLVE=str(resolve))
        crawl = lambda name, *s: run_crawl(registry, data, *s, log=tmp_path / f"{name}.log", env=env)

        crawl("first")
        first = documents(data)
        assert [(d["url"].rsplit("/", 1)[1], d["version"]) for d in first] == [("r2023.pdf", 1)]
        web.clear()
        crawl("not-due")  # default schedule (30 days): the document is not asked for again
        assert "/u/r2023.pdf" not in [h.path for h in web.log]
        assert [h.path for h in web.log if h.path.startswith("/zfxxgknb/")] == ["/zfxxgknb/"]

        web.clear()
        crawl("due-unchanged", "OGI_REVALIDATE_DAYS=0")
        hits = [(h.path, h.headers.get("if-none-match") is not None) for h in web.log if h.path == "/u/r2023.pdf"]
        assert hits == [("/u/r2023.pdf", True)]  # conditional GET, answered 304
        assert documents(data) == first

        report.replace(b"%PDF-1.4\n% version two, corrected table\n%%EOF\n", modified=1_700_100_000)
        web.clear()
        crawl("due-changed", "OGI_REVALIDATE_DAYS=0")
        assert [h.path for h in web.log if h.path == "/u/r2023.pdf"] == ["/u/r2023.pdf"]
        (now,) = documents(data)
        assert (now["version"], now["sha256"], now["agency"], now["year"]) == (
            2, hashlib.sha256(b"%PDF-1.4\n% version two, corrected table\n%%EOF\n").hexdigest(), "改变县人民政府", 2023)
        assert now["sha256"] != first[0]["sha256"]
        assert [r for r in _warc_records(data) if r[1] == "u/r2023.pdf"] == [
            ("response", "u/r2023.pdf", None),
            ("revisit", "u/r2023.pdf", "server-not-modified"),
            ("response", "u/r2023.pdf", None),
        ]
