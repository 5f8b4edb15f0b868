"""Publication-date candidates from real report URLs (shared/realweb/report_urls.csv; the dates
were read off the URLs by hand) and the choice rule (docs/dataset.md, "Publication dates")."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.dates import choose, url_dates

D = date


@pytest.mark.parametrize("url, expected", [
    ("http://js.changchun.gov.cn/zcbm/styjrswj/ndbg/202401/t20240115_3271106.html", {"url": D(2024, 1, 15)}),
    ("https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html", {"url": D(2023, 3, 31)}),
    ("http://gb.shandong.gov.cn/art/2024/1/29/art_341595_41790.html", {"url": D(2024, 1, 29)}),
    ("http://cqck.gov.cn/zwgk_270/zfxxgknb/xzfbm/zfbgs/202102/t20210203_8862455_wap.html", {"url": D(2021, 2, 3)}),
    ("http://www.ningdu.gov.cn/ndxxxgk/c101626/202401/6f9fc7dc825a40b08adfbb702cf2c4d0.shtml", {"url_month": D(2024, 1, 1)}),
    ("http://hrbdl.gov.cn/hebdlq/c111239/202301/c01_868731.shtml", {"url_month": D(2023, 1, 1)}),
    ("http://www.changanqu.gov.cn/zwgk/xxgknb/jbxxgknb/63ae9ee5f8fd1c4c2133970d.html", {"url_id": D(2022, 12, 30)}),
    ("http://www.lixia.gov.cn/gongkai/site_lixiaqulxqdmhjdbscaf/channel_63899ae537599182826222fc/doc_641d4d4d749a4723fdc77fb7.html",
     {"url_id": D(2023, 3, 24)}),
    ("http://dzs.gov.cn/col/1640831570232/2023/01/12/1673509194691.html", {"url": D(2023, 1, 12), "url_id": D(2023, 1, 12)}),
    ("http://fgw.henan.gov.cn/2023/01-19/2677014.html", {"url": D(2023, 1, 19)}),
    ("http://www.dzxq.gov.cn/c/2023-01-29/6650991.shtml", {"url": D(2023, 1, 29)}),
    ("http://big5.www.gov.cn/gate/big5/www.gov.cn/gzdt/2010-04/06/content_1574256.htm", {"url": D(2010, 4, 6)}),
    ("https://www.hebei.gov.cn/columns/8aef2fa0-cc14-409e-9f68-fbdba00a0c72/202308/21/720faafd-6610-4d9e-9cc8-9e0f056c2101.html",
     {"url": D(2023, 8, 21)}),
    ("http://www.liling.gov.cn/c25931/20240201/i2160361.html", {"url": D(2024, 2, 1)}),
    ("http://cnjg.gov.cn/new/detail/20220124145934053.html", {"url_id": D(2022, 1, 24)}),
    ("https://www.longyang.gov.cn/info/1934/13718389.htm", {}),
    ("http://www.pinghu.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2022&area=741033213", {}),
    ("https://www.guiyang.gov.cn/zwgk/zfxxgks/zfxxgknb/2021n/202201/t20220129_72448544.html", {"url": D(2022, 1, 29)}),
    (None, {}),
])
def test_url_dates_of_real_report_urls(url, expected):
    assert url_dates(url) == expected


def test_earliest_site_date_wins_over_a_migration_date():
    # hebei.gov.cn: the page says 2021-03-29, the URL folder (a 2023 migration) says 2023-08-21
    assert choose({"page": D(2021, 3, 29), "url": D(2023, 8, 21)}, 2020) == (D(2021, 3, 29), "page")
    # sthjt.hunan.gov.cn: page 2024-01-30, URL 2024-02-02 (reposted)
    assert choose({"page": D(2024, 1, 30), "url": D(2024, 2, 2)}, 2023) == (D(2024, 1, 30), "page")


def test_a_date_before_the_year_ended_is_not_the_publication():
    # changanqu: ObjectId created 2022-12-30 for the 2022 report; the listing says 2023-01-05
    assert choose({"url_id": D(2022, 12, 30), "listing": D(2023, 1, 5)}, 2022) == (D(2023, 1, 5), "listing")
    assert choose({"url_id": D(2022, 12, 30), "first_seen": D(2024, 5, 1)}, 2022) == (D(2024, 5, 1), "first_seen")


def test_weak_then_upper_bounds():
    assert choose({"url_month": D(2024, 1, 1), "last_modified": D(2024, 1, 20)}, 2023) == (D(2024, 1, 1), "url_month")
    assert choose({"last_modified": D(2024, 3, 2), "first_seen": D(2024, 2, 1)}, 2023) == (D(2024, 2, 1), "first_seen")
    assert choose({}, 2023) == (None, None)


def test_ties_prefer_the_page():
    assert choose({"listing": D(2024, 1, 9), "page": D(2024, 1, 9), "url": D(2024, 1, 9)}, 2023) == (D(2024, 1, 9), "page")
