"""Which listing titles are OGI annual reports, their year and agency, and whom a report is
attributed to. The report shapes are the 29 of /work/shared/realweb/PATTERNS.md §3 (numbered as
there), each with an example typed by hand: X = agency, YYYY = year."""
from __future__ import annotations

import pytest

from crawler.titles import (
    agency,
    agency_level,
    attribute,
    body_agency,
    body_year,
    is_ogi_report,
    is_report_column,
    is_report_entry,
    report_year,
)

# (shape number, title, year, agency named in the title)
SHAPES = [
    (1, "西宁市教育局2023年政府信息公开工作年度报告", 2023, "西宁市教育局"),
    (2, "永胜县2023年度政府信息公开工作年度报告", 2023, "永胜县"),
    (3, "沈阳市浑南区民政局\n2022年政府信息公开工作年度报告", 2022, "沈阳市浑南区民政局"),
    (4, "2022年上海市人民政府政府信息公开工作年度报告", 2022, "上海市人民政府"),
    (5, "德州经济技术开发区（德州市经济技术开发区管理委员会）2022年政府信息公开工作年度报告", 2022,
     "德州经济技术开发区（德州市经济技术开发区管理委员会）"),
    (6, "武汉市交通运输局2021年度政府信息公开工作报告", 2021, "武汉市交通运输局"),
    (7, "2022年政府信息公开工作年度报告", 2022, None),
    (8, "济南市历下区财政局2022年政府信息公开工作年度报告（图片版）", 2022, "济南市历下区财政局"),
    (10, "2020年度本级政府（机关）信息公开工作年度报告", 2020, None),
    (11, "Page 4 - 德州市生态环境局2022年政府信息公开工作年度报告", 2022, "德州市生态环境局"),
    (12, "西藏自治区商务厅2023年 政府信息公开工作年度报告", 2023, "西藏自治区商务厅"),
    (14, "海南省旅游和文化广电体育厅2020年度信息公开工作年度报告", 2020, "海南省旅游和文化广电体育厅"),
    (15, "中国科学院兰州文献情报中心信息公开工作2021年度报告", 2021, "中国科学院兰州文献情报中心"),
    (16, "西藏自治区林业和草原局2025年政务信息公开工作开展年度报告", 2025, "西藏自治区林业和草原局"),
    (17, "贵阳市云岩区统计局2022年度信息公开工作报告", 2022, "贵阳市云岩区统计局"),
    (18, "澳门特别行政区某局2021年政府信息公開年度報告", 2021, "澳门特别行政区某局"),
    (19, "海南省林业局2020政府信息公开工作年度报告", 2020, "海南省林业局"),
    (20, "政府信息公开工作年度报告", None, None),
    (21, "重庆市荣昌区商务委员会 2020年政府信息公开工作年度报告", 2020, "重庆市荣昌区商务委员会"),
    (22, "拉萨市城关区2022年政务信息公开年度报告", 2022, "拉萨市城关区"),
    (23, "2020年政府信息公开年报", 2020, None),
    (24, "诸暨市卫生健康局2020年政府信息公开工作年报", 2020, "诸暨市卫生健康局"),
    (25, "青岛市黄岛区城市管理局2021 / 政府信息公开工作年度报告", 2021, "青岛市黄岛区城市管理局"),
    (26, "潍坊市坊子区住房和城乡建设局2022年政府信息公开工作报告", 2022, "潍坊市坊子区住房和城乡建设局"),
    (27, "泰安市岱岳区审计局2021年信息公开工作年度报告", 2021, "泰安市岱岳区审计局"),
    (28, "平潭综合实验区地方税务局2016年信息公开年度报告", 2016, "平潭综合实验区地方税务局"),
    # 工作情况报告 / 年报 / 年度报告 endings (issue #12)
    (0, "沂水县统计局2023年度政府信息公开工作情况报告", 2023, "沂水县统计局"),
    (0, "2023年度西工区政务公开年报", 2023, "西工区"),
    # the agency in a trailing parenthesis (issue #12)
    (0, "2023年度政府信息公开工作年度报告（沂南县教育和体育局）", 2023, "沂南县教育和体育局"),
    (0, "政府信息公开 工作 年度报告（2022年）", 2022, None),
    (0, "二〇二一年政府信息公开工作年度报告", 2021, None),
    (0, "２０２２年度 政府信息公开 工作年度报告", 2022, None),
    (0, "【2023年】北京市财政局政府信息公开工作年度报告", 2023, "北京市财政局"),
    (0, "XX县人民政府信息公开工作2021年度报告", 2021, "XX县人民政府"),
]

# Shape 9 (文字解读:…) and 29 (要点落实情况的函) are the non-reports real 年报 columns hold.
NOT_REPORTS = [
    "文字解读:历下区2022年政府信息公开工作年度报告",
    "关于2014年政府信息公开工作要点落实情况的函",
    "《平潭综合实验区2023年度政府信息公开工作年度报告》解读",
    "政府信息公开申请表",
    "2024年西宁市人民政府政府工作报告",
    "江苏省教育厅2022年度部门决算",
    "海东市人民政府2021年法治政府建设年度报告",
    "沂南县人民政府政府信息公开指南",
    "西工区召开2023年政府信息公开工作年度报告编制工作推进会",
    "关于做好2022年政府信息公开工作年度报告编制发布工作的通知",
    "一图读懂西宁市人民政府2023年政府信息公开工作年度报告",
    "我市发布2023年国民经济和社会发展统计公报",
    "某某集团2023年度报告",
    "2021年度政府网站年度工作报表",
    "2023年政务公开工作要点",
]


@pytest.mark.parametrize("shape, title, year, who", SHAPES, ids=[f"{s[0]}:{s[1][:12]}" for s in SHAPES])
def test_report_shapes(shape, title, year, who):
    assert is_ogi_report(title)
    assert report_year(title) == year
    assert agency(title) == who


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_not_reports(title):
    assert not is_ogi_report(title)
    assert not is_report_entry(title, "2024-01-30")


def test_column_name_in_a_menu_is_not_an_entry():
    assert is_ogi_report("政府信息公开年报")
    assert not is_report_entry("政府信息公开年报", None)
    assert is_report_entry("政府信息公开工作年度报告", "2024-03-01")
    assert is_report_entry("西宁市2023年政府信息公开工作年度报告", None)


def test_shape_13_agency_name_only_in_a_report_column():
    # 浑南区's department reports are listed under their agency's name alone.
    assert is_report_entry("沈阳市浑南区农业农村局", "2023-01-18", column="政府信息公开年报")
    assert not is_report_entry("沈阳市浑南区农业农村局", None, column="政府信息公开年报")
    assert not is_report_entry("沈阳市浑南区农业农村局", "2023-01-18", column="政务要闻")
    assert not is_report_entry("沈阳市浑南区农业农村局", "2023-01-18")
    assert not is_report_entry("关于调整工作时间的通知", "2023-01-18", column="政府信息公开年报")


def test_attribution_order():
    site = "沂南县人民政府"
    # 1. the title names the agency
    assert attribute(site, title="2023年度政府信息公开工作年度报告（沂南县教育和体育局）",
                     publisher="沂南县人民政府办公室", section="沂南县水利局") == ("沂南县教育和体育局", "title")
    # 2. else the body's heading
    assert attribute(site, title="2023年度政府信息公开工作年度报告",
                     body_text="  沂南县水利局2023年政府信息公开工作年度报告  本报告根据《条例》编制……",
                     publisher="沂南县人民政府办公室") == ("沂南县水利局", "body")
    # 3. else the page's 发布机构
    assert attribute(site, title="2023年度政府信息公开工作年度报告", body_text="本报告根据《条例》编制……",
                     publisher="沂南县民政局", section="部门信息公开") == ("沂南县民政局", "publisher")
    # 4. else the sub-column / sub-site it was found under
    assert attribute(site, title="2023年度政府信息公开工作年度报告", publisher="本站",
                     section="岸堤镇人民政府") == ("岸堤镇人民政府", "section")
    # 5. else the site's owner
    assert attribute(site, title="2023年度政府信息公开工作年度报告") == ("沂南县人民政府", "site")
    # the site's own name in a title is the site's agency
    assert attribute("西宁市人民政府", title="西宁市2023年政府信息公开工作年度报告") == ("西宁市人民政府", "title")


def test_body_agency():
    assert body_agency("平潭综合实验区2023年度政府信息公开工作年度报告 本报告根据……") == "平潭综合实验区"
    assert body_agency("本报告根据《中华人民共和国政府信息公开条例》编制。") is None


def test_agency_level():
    assert agency_level("沂南县人民政府", "沂南县人民政府", "county") == "county"
    assert agency_level("岸堤镇人民政府", "沂南县人民政府", "county") == "township"
    assert agency_level("西工区王城路街道办事处", "洛阳市西工区人民政府", "county") == "township"
    assert agency_level("沂南县水利局", "沂南县人民政府", "county") == "department"


def test_agency_only_title_under_a_column_named_by_its_link():
    # PATTERNS.md §3 shape 13: a 街道's report listed as "西工区王城路街道办事处" under a column the menu
    # calls 年报 (the page itself names nothing: a JSON API fills it)
    assert is_report_column("年报") and is_report_column("部门年报") and is_report_column("政府信息公开年报")
    assert not is_report_column("统计年报") and not is_report_column("政府工作报告") and not is_report_column("通知公告")
    assert is_report_entry("西工区王城路街道办事处", "2021-01-29", column="年报")
    assert not is_report_entry("西工区王城路街道办事处", "2021-01-29", column="统计年报")


def test_body_heading_across_text_nodes_lines_and_page_chrome():
    # a Word-made body splits the year into its own span; a PDF wraps the heading; a page's
    # 来源 line runs into the heading; "现将…报告如下" names no agency
    assert (body_agency("青岚县财政局 2021 年政府信息公开工作年度报告 2021年度，"), body_year("青岚县财政局 2021 年政府信息公开工作年度报告")) == (
        "青岚县财政局", 2021)
    assert body_agency("秦皇岛经济技术开发区社会事业局 2022 年政\r\n府信息公开工作年度报告\r\n本报告") == "秦皇岛经济技术开发区社会事业局"
    assert body_agency("发布时间：2020-03-05 00:06 来源：洛阳市西工区人民政府 洛阳市西工区人民政府2019年政府信息公开工作年度报告") == \
        "洛阳市西工区人民政府"
    assert (body_agency("现将2023年度政府信息公开工作年度报告如下"), body_year("现将2023年度政府信息公开工作年度报告如下")) == (None, None)


def test_the_site_office_as_publisher_names_no_other_agency():
    assert attribute("青岚县人民政府", title="2021年政府信息公开工作年度报告", publisher="青岚县人民政府办公室",
                     section="青岚县民政局") == ("青岚县民政局", "section")
    assert attribute("青岚县人民政府", title="2021年政府信息公开工作年度报告", publisher="青岚县财政局") == (
        "青岚县财政局", "publisher")


def test_an_office_without_a_place_has_its_sub_platform_level():
    assert agency_level("党政办公室", "沂南县人民政府", "county", section="张庄镇人民政府") == "township"
    assert agency_level("党政办公室", "沂南县人民政府", "county") == "department"
    assert agency_level("沂南县交通运输局", "沂南县人民政府", "county", section="张庄镇人民政府") == "department"
