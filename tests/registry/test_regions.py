"""Name → region matching and link classification (crawler/expand.py), hand-written cases."""
from __future__ import annotations

import pytest

from crawler.expand import Expansion, Regions, classify, short_names, site_id_for, site_key
from crawler.registry import Site


@pytest.fixture(scope="module")
def regions():
    return Regions()


@pytest.mark.parametrize("text, parent, code, how", [
    ("洪泽区", "320800", "320813", "name"),                    # 市辖区
    ("洪泽县人民政府", "320800", "320813", "history"),          # renamed 2016 (region_changes.csv)
    ("淮安市洪泽区人民政府", "320800", "320813", "name"),        # the parent's name in front
    ("清河区", "320800", "320812", "history"),                 # merged into 清江浦区
    ("大厂回族自治县", "131000", "131028", "name"),             # 自治县
    ("大厂县", "131000", "131028", "short"),                   # …without the people's name
    ("大厂", "131000", "131028", "short"),
    ("鄂温克旗", "150700", "150724", "short"),                 # 鄂温克族自治旗
    ("阿荣旗", "150700", "150721", "name"),                    # 旗
    ("三河市人民政府", "131000", "131082", "name"),             # 县级市
    ("昆山市", "320500", "320583", "name"),
    ("定州市", "130000", "130682", "name"),                    # a grandchild: 省直管, listed by the province
    ("江苏", "100000", "320000", "short"),
    ("内蒙古", "100000", "150000", "short"),
    ("广西", "100000", "450000", "short"),
    ("吉林", "100000", "220000", "short"),                     # the province, not 吉林市 one level further
    ("淮安市", "320000", "320800", "name"),
    ("满城县", "130600", "130607", "history"),
    ("新城区", "150100", "150102", "name"),                    # a name many cities have, inside its parent
])
def test_match(regions, text, parent, code, how):
    m = regions.match(text, parent)
    assert (m.code, m.how) == (code, how)


@pytest.mark.parametrize("text, parent", [
    ("涟水县", "320813"),        # a sibling, not inside 洪泽区
    ("淮安市人民政府", "320813"),  # the superior
    ("新城区", "320800"),        # no 新城区 in 淮安市
    ("中国政府网", "320800"),
    ("", "320800"),
])
def test_no_match(regions, text, parent):
    assert regions.match(text, parent) is None


def test_match_levels(regions):
    assert regions.match("淮安市", "320000").level == "city"
    assert regions.match("洪泽区", "320800").level == "county"
    assert regions.match("江苏", "100000").level == "province"


def test_short_names():
    assert short_names("大厂回族自治县", "自治县") == ["大厂县", "大厂"]
    assert short_names("鄂温克族自治旗", "自治旗") == ["鄂温克旗", "鄂温克"]
    assert short_names("内蒙古自治区", "自治区") == ["内蒙古"]
    assert short_names("新疆维吾尔自治区", "自治区") == ["新疆"]
    assert short_names("洪泽区", "市辖区") == ["洪泽"]
    assert short_names("唐县", "县") == []  # one character left is not a name


@pytest.mark.parametrize("text, level, code, gov, want", [
    ("市发展改革委", "city", "320800", "淮安市人民政府", ("department", "320800", "淮安市发展改革委")),
    ("省教育厅", "province", "320000", "江苏省人民政府", ("department", "320000", "江苏省教育厅")),
    ("自治区财政厅", "province", "150000", "内蒙古自治区人民政府", ("department", "150000", "内蒙古自治区财政厅")),
    ("教育局", "county", "320813", "洪泽区人民政府", ("department", "320813", "洪泽区教育局")),
    ("洪泽区教育局", "county", "320813", "洪泽区人民政府", ("department", "320813", "洪泽区教育局")),
    ("市教育局", "county", "131082", "三河市人民政府", ("department", "131082", "三河市教育局")),
    ("教育部", "central", "100000", "中华人民共和国中央人民政府", ("department", "100000", "教育部")),
    ("蒋坝镇", "county", "320813", "洪泽区人民政府", ("township", "320813", "蒋坝镇人民政府")),
    ("高良涧街道", "county", "320813", "洪泽区人民政府", ("township", "320813", "高良涧街道办事处")),
    ("伊敏苏木", "county", "150724", "鄂温克族自治旗人民政府", ("township", "150724", "伊敏苏木")),
    ("洪泽县人民政府", "city", "320800", "淮安市人民政府", ("county", "320813", "洪泽区人民政府")),
    ("州卫生健康委", "city", "222400", "延边朝鲜族自治州人民政府", ("department", "222400", "延边朝鲜族自治州卫生健康委")),
    ("地区教育局", "city", "232700", "大兴安岭地区人民政府", ("department", "232700", "大兴安岭地区教育局")),
    ("盟财政局", "city", "152200", "兴安盟人民政府", ("department", "152200", "兴安盟财政局")),
])
def test_classify(regions, text, level, code, gov, want):
    c = classify(text, level, code, gov, regions)
    assert (c.level, c.region_code, c.name) == want


@pytest.mark.parametrize("text, level, code, gov", [
    ("市教育局", "county", "320813", "洪泽区人民政府"),          # the city's department, seen from a 区
    ("淮安市教育局", "county", "320813", "洪泽区人民政府"),
    ("淮安市教育局", "county", "320803", "淮安区人民政府"),      # 淮安 + 市…: not 淮安区's
    ("省教育厅", "province", "150000", "内蒙古自治区人民政府"),  # an 自治区 has no 省 departments
    ("省教育厅", "province", "120000", "天津市人民政府"),        # nor a 直辖市
    ("市教育局", "city", "232700", "大兴安岭地区人民政府"),      # a 地区 is no 市
    ("淮安市人大常委会", "city", "320800", "淮安市人民政府"),
    ("政协淮安市委员会", "city", "320800", "淮安市人民政府"),
    ("淮安市人民法院", "city", "320800", "淮安市人民政府"),
    ("市委组织部", "city", "320800", "淮安市人民政府"),
    ("政府信息公开年报", "city", "320800", "淮安市人民政府"),
    ("蒋坝镇", "city", "320800", "淮安市人民政府"),              # townships hang under counties
    ("江苏省人民政府", "city", "320800", "淮安市人民政府"),
    ("教育局", "department", "320800", "淮安市教育局"),          # a department lists no departments
])
def test_classify_nothing(regions, text, level, code, gov):
    assert classify(text, level, code, gov, regions) is None


def test_site_key_and_id():
    assert site_key("http://XXGK.huaian.gov.cn:8080/bm/fgw/index.html") == ("xxgk.huaian.gov.cn:8080", "/bm/fgw/")
    assert site_key("http://www.huaian.gov.cn/") == site_key("http://www.huaian.gov.cn/index.shtml")
    assert site_id_for("http://www.huaian.gov.cn:80/") == "huaian.gov.cn"
    assert site_id_for("http://xxgk.huaian.gov.cn/bm/fgw/") == "xxgk.huaian.gov.cn-bm-fgw"


def _root(sid, name, code, level, url):
    return Site(sid, name, code, level, url)


def test_two_parents_flagged_not_guessed(regions):
    ex = Expansion([_root("hebei.gov.cn", "河北省人民政府", "130000", "province", "http://www.hebei.gov.cn/")], regions)
    hebei = ex.nodes[site_key("http://www.hebei.gov.cn/")]
    baoding = ex.offer(hebei, "http://www.baoding.gov.cn/", "保定市", "http://www.hebei.gov.cn/")
    assert (baoding.level, baoding.region_code) == ("city", "130600")
    assert ex.offer(hebei, "http://www.dingzhou.gov.cn/", "定州市", "http://www.hebei.gov.cn/") is not None
    assert ex.offer(baoding, "http://www.dingzhou.gov.cn/index.html", "定州市人民政府", "http://www.baoding.gov.cn/") is None
    rows, conflicts = ex.rows()
    row = next(r for r in rows if r["site_id"] == "dingzhou.gov.cn")
    assert (row["region_code"], row["level"], row["parent_site_id"], row["parents"], row["flag"]) == (
        "130682", "county", "", "baoding.gov.cn;hebei.gov.cn", "two_parents")
    assert row["evidence_text"] == "定州市人民政府 | 定州市"
    assert conflicts == []


def test_two_parents_with_different_regions_are_a_conflict(regions):
    ex = Expansion([_root("a.gov.cn", "淮安市人民政府", "320800", "city", "http://www.a.gov.cn/"),
                    _root("b.gov.cn", "苏州市人民政府", "320500", "city", "http://www.b.gov.cn/")], regions)
    a, b = (ex.nodes[site_key(u)] for u in ("http://www.a.gov.cn/", "http://www.b.gov.cn/"))
    ex.offer(a, "http://www.x.gov.cn/", "洪泽区", "http://www.a.gov.cn/")
    ex.offer(b, "http://www.x.gov.cn/", "昆山市", "http://www.b.gov.cn/")
    rows, conflicts = ex.rows()
    assert rows == []
    assert [(c["site_id"], c["region_code"], c["flag"]) for c in conflicts] == [
        ("x.gov.cn", "320583;320813", "region_conflict")]


def test_platform_member_reads_only_under_its_path(regions):
    ex = Expansion([_root("huaian.gov.cn", "淮安市人民政府", "320800", "city", "http://www.huaian.gov.cn/")], regions)
    city = ex.nodes[site_key("http://www.huaian.gov.cn/")]
    assert ex.may_read(city, "http://xxgk.huaian.gov.cn/")  # its platform host: claimed
    fgw = ex.offer(city, "http://xxgk.huaian.gov.cn/bm/fgw/", "市发展改革委", "http://xxgk.huaian.gov.cn/")
    assert fgw.level == "department"
    assert ex.may_read(fgw, "http://xxgk.huaian.gov.cn/bm/fgw/list.html")
    assert not ex.may_read(fgw, "http://xxgk.huaian.gov.cn/")  # the platform's root is the city's
    assert not ex.may_read(city, "http://www.other.gov.cn/zfwz/")  # another registered domain
