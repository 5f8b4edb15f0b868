"""The crawl stage's reading of Scrapy's output: the closing stats and the site warnings (lines
in the format Scrapy logs them, with the messages crawler/spiders/reports.py writes)."""
from __future__ import annotations

from flows.crawl import command, parse_stats, site_problems

LOG = """\
2025-04-01 02:00:01 [scrapy.core.engine] INFO: Spider opened
2025-04-01 02:00:02 [crawler.spiders.reports] WARNING: haidong: no 政府信息公开年报 column found from http://127.0.0.1:8001/
2025-04-01 02:00:03 [crawler.spiders.reports] WARNING: gave up on http://127.0.0.1:8002/zfxxgk/ndbg/x.html (404)
2025-04-01 02:00:04 [crawler.spiders.reports] WARNING: gave up on http://10.0.0.9/a.html (TimeoutError)
2025-04-01 02:00:05 [crawler.spiders.reports] WARNING: xining: listing http://127.0.0.1:8003/l.html has no report entries
2025-04-01 02:00:06 [scrapy.statscollectors] INFO: Dumping Scrapy stats:
{'downloader/request_count': 451,
 'elapsed_time_seconds': 22.7,
 'finish_reason': 'finished',
 'ogi/documents_new': 282,
 'start_time': datetime.datetime(2025, 4, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)}
2025-04-01 02:00:07 [scrapy.core.engine] INFO: Spider closed (finished)
""".splitlines()


def test_site_problems_name_the_site_and_the_reason():
    hosts = {"127.0.0.1:8001": "haidong", "127.0.0.1:8002": "qhdkfq", "127.0.0.1:8003": "xining"}
    assert site_problems(LOG, hosts) == [
        {"site_id": "haidong", "reason": "no 政府信息公开年报 column found from http://127.0.0.1:8001/"},
        {"site_id": "qhdkfq", "reason": "gave up on http://127.0.0.1:8002/zfxxgk/ndbg/x.html (404)"},
        {"site_id": "10.0.0.9", "reason": "gave up on http://10.0.0.9/a.html (TimeoutError)"},
        {"site_id": "xining", "reason": "listing http://127.0.0.1:8003/l.html has no report entries"},
    ]


def test_stats_keep_the_numbers():
    assert parse_stats(LOG) == {"downloader/request_count": 451, "elapsed_time_seconds": 22.7,
                                "ogi/documents_new": 282}


def test_command_runs_the_reports_spider(tmp_path):
    cmd = command(tmp_path, [tmp_path / "a.csv", tmp_path / "b.csv"], sites=["x", "y"], settings={"LOG_LEVEL": "INFO"})
    assert cmd[1:] == ["-m", "scrapy", "crawl", "reports", "-a", f"data={tmp_path}",
                       "-a", f"registry={tmp_path / 'a.csv'},{tmp_path / 'b.csv'}", "-a", "sites=x,y",
                       "-s", "LOG_LEVEL=INFO"]
