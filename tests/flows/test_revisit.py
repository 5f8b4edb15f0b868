"""A report changed in place at its known URL: revalidated by the nightly crawl (conditional GET),
archived as a new version, re-extracted, and counted as "changed 1" in the summary. Real nightly
runs (Prefect, Scrapy subprocess, extractor) against a made-up site on loopback."""
from __future__ import annotations

import html as htmlmod
import json
from pathlib import Path

import pyarrow.parquet as pq

from flows.run import run_flow
from tests.crawler.loopweb import LoopWeb, Static, html, links

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "fixtures" / "corpus" / "seeds" / "000_93e5e8f46c08b0fa.txt"
TITLE = "西宁经济技术开发区管理委员会办公室2024年政府信息公开工作年度报告"


def article(text: str) -> bytes:
    body = "".join(f"<p>{htmlmod.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return html(f'<h1>{TITLE}</h1><div id="zoom">{body}</div>', title=TITLE)


def test_a_report_changed_in_place_is_refetched_and_reextracted(tmp_path):
    text = SEED.read_text("utf-8")
    assert "发布信息 824 条" in text
    report = Static(article(text), modified=1_700_000_000)
    web = LoopWeb({"www.xiugaiqu.gov.cn": {
        "/": html(links(("/xxgk/", "政府信息公开"))),
        "/xxgk/": html(links(("/xxgk/zfxxgknb/", "政府信息公开年报"))),
        "/xxgk/zfxxgknb/": Static(html(links(("/xxgk/zfxxgknb/202501/t20250120_1.html", TITLE)))),
        "/xxgk/zfxxgknb/202501/t20250120_1.html": report,
    }})
    data = tmp_path / "data"
    with web:
        registry = web.registry(tmp_path / "reg.csv", [("xkfq", "西宁经济技术开发区管理委员会办公室",
                                                       "http://www.xiugaiqu.gov.cn/")])
        env = {"OGI_FAST": "1", "OGI_RESOLVE": str(web.write_resolve(tmp_path / "resolve.json")),
               "OGI_REVALIDATE_DAYS": "0"}  # the schedule forced: every archived document is due

        def nightly(date: str) -> dict:
            web.clear()
            return run_flow("nightly", data, registry=[str(registry)], crawl_env=env, date=date)

        first = nightly("2025-04-01")
        assert first["documents"] == {"new": 1, "changed": 0, "unchanged": 0, "total": 1, "failed": 0}
        assert first["extraction"] == {"extracted": 1, "cached": 0, "failed": 0}
        assert first["site_outcomes"] == {"ok": 1}

        second = nightly("2025-04-02")  # nothing changed: a 304, nothing extracted
        doc_hits = [h for h in web.log if h.path.endswith("t20250120_1.html")]
        assert [h.headers.get("if-none-match") is not None for h in doc_hits] == [True]
        assert second["documents"]["changed"] == 0 and second["extraction"]["extracted"] == 0

        report.replace(article(text.replace("发布信息 824 条", "发布信息 842 条")), modified=1_700_500_000)
        third = nightly("2025-04-03")
        assert third["documents"] == {"new": 0, "changed": 1, "unchanged": 0, "total": 1, "failed": 0}
        assert third["extraction"] == {"extracted": 1, "cached": 0, "failed": 0}
    (row,) = pq.read_table(data / "crawl" / "documents.parquet").to_pylist()
    assert row["version"] == 2
    outputs = sorted((data / "extracted").rglob("*.json"))
    assert row["sha256"] in {json.loads(p.read_text("utf-8")).get("sha256") for p in outputs}
    from flows.summary import Summary

    assert "changed 1" in Summary.from_dict(third).text()
