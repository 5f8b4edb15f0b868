"""Expected reports (pipeline/expected.py): who owes which year's report, by when."""
from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq

from crawler.registry import Site
from pipeline.expected import expected_rows, first_years, write
from pipeline.schemas import EXPECTED_REPORTS

SITES = [
    Site("hongze.gov.cn", "洪泽区人民政府", "320813", "county", "http://www.hongze.gov.cn/"),
    Site("jyt.jiangsu.gov.cn", "江苏省教育厅", "320000", "department", "http://jyt.jiangsu.gov.cn/"),
    Site("hongze.gov.cn-xz-jb", "蒋坝镇人民政府", "320813", "township", "http://www.hongze.gov.cn/xz/jb/"),
    Site("gov.cn", "中华人民共和国中央人民政府", "100000", "central", "http://www.gov.cn/"),
    Site("hk.gov.cn", "和康县人民政府", "653228", "county", "http://www.hk.gov.cn/"),
]


def test_rows_per_agency_and_year(tmp_path):
    history = tmp_path / "changes.csv"
    history.write_text("old_code,old_name,new_code,new_name,year,note\n"
                       ",,653228,和康县,2024,设立和康县\n320829,洪泽县,320813,洪泽区,2016,\n", encoding="utf-8")
    appears = first_years(history)
    assert appears == {"653228": 2024}  # 2016 is before the first report year: no effect
    rows = expected_rows(SITES, 2019, 2024, appears)
    assert len(rows) == 4 * 6 + 1
    by = {(r["site_id"], r["year"]): r for r in rows}
    assert (by["hongze.gov.cn", 2019]["deadline"], by["hongze.gov.cn", 2019]["owes_report"]) == (dt.date(2020, 3, 31), True)
    assert by["jyt.jiangsu.gov.cn", 2023]["deadline"] == dt.date(2024, 1, 31)
    assert by["gov.cn", 2024]["deadline"] == dt.date(2025, 3, 31)
    town = by["hongze.gov.cn-xz-jb", 2021]
    assert (town["owes_report"], town["deadline"], town["basis"]) == (False, None, "条例第四十九条未规定乡镇的公布时限")
    assert [r["year"] for r in rows if r["site_id"] == "hk.gov.cn"] == [2024]
    assert by["hk.gov.cn", 2024]["first_year"] == 2024
    out = write(rows, tmp_path / "expected_reports.parquet")
    table = pq.read_table(out)
    assert table.schema.equals(EXPECTED_REPORTS.schema, check_metadata=False)
    assert table.num_rows == 25
    assert sorted(table.column("level").unique().to_pylist()) == ["central", "county", "department", "township"]


def test_cli_writes_the_table(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    reg = tmp_path / "reg.csv"
    reg.write_text("site_id,name,region_code,level,homepage_url,column_url,cms_hint,js,verified\n"
                   "hongze.gov.cn,洪泽区人民政府,320813,county,http://www.hongze.gov.cn/,,,,\n"
                   "hongze.gov.cn-xz-jb,蒋坝镇人民政府,320813,township,http://www.hongze.gov.cn/xz/jb/,,,,\n",
                   encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "flows", "--data", str(tmp_path / "d"), "registry", "expected",
                        "-r", str(reg), "--last", "2020"], capture_output=True, text=True,
                       cwd=Path(__file__).resolve().parents[2], timeout=120, check=False)
    assert p.returncode == 0, p.stderr
    assert " ".join(p.stdout.split()).startswith("4 agency-years (2 owed, 2 township not named by art. 49) →")
    t = pq.read_table(tmp_path / "d" / "compliance" / "expected_reports.parquet").to_pylist()
    assert [(r["site_id"], r["year"], r["deadline"]) for r in t] == [
        ("hongze.gov.cn", 2019, dt.date(2020, 3, 31)), ("hongze.gov.cn", 2020, dt.date(2021, 3, 31)),
        ("hongze.gov.cn-xz-jb", 2019, None), ("hongze.gov.cn-xz-jb", 2020, None)]
