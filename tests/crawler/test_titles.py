"""Which listing titles are OGI annual reports, and their year and agency."""
from __future__ import annotations

import pytest

from crawler.titles import agency, agency_level, is_ogi_report, is_report_entry, report_year

REPORTS = [
    ("西宁市教育局2023年政府信息公开工作年度报告", 2023, "西宁市教育局"),
    ("江苏省财政厅2022年度政府信息公开工作年度报告", 2022, "江苏省财政厅"),
    ("2021年沂南县民政局政府信息公开工作年度报告", 2021, "沂南县民政局"),
    ("2023年度西工区政务公开年报", 2023, "西工区"),
    ("政府信息公开 工作 年度报告（2022年）", 2022, None),
    ("二〇二一年政府信息公开工作年度报告", 2021, None),
    ("２０２２年度 政府信息公开 工作年度报告", 2022, None),
    ("2019年度政府信息公开工作报告", 2019, None),
    ("【2023年】北京市财政局政府信息公开工作年度报告", 2023, "北京市财政局"),
    ("海东市2020年信息公开工作年报", 2020, "海东市"),
]
NOISE = [
    "2024年西宁市人民政府政府工作报告",
    "江苏省教育厅2022年度部门决算",
    "海东市人民政府2021年法治政府建设年度报告",
    "沂南县人民政府政府信息公开指南",
    "西工区召开2023年政府信息公开工作年度报告编制工作推进会",
    "关于做好2022年政府信息公开工作年度报告编制发布工作的通知",
    "一图读懂西宁市人民政府2023年政府信息公开工作年度报告",
    "2023年政府信息公开工作年度报告解读",
    "我市发布2023年国民经济和社会发展统计公报",
    "某某集团2023年度报告",
]


@pytest.mark.parametrize("title, year, who", REPORTS)
def test_reports(title, year, who):
    assert is_ogi_report(title)
    assert report_year(title) == year
    assert agency(title) == who


@pytest.mark.parametrize("title", NOISE)
def test_noise(title):
    assert not is_ogi_report(title)


def test_column_name_in_a_menu_is_not_an_entry():
    assert is_ogi_report("政府信息公开年报")
    assert not is_report_entry("政府信息公开年报", None)
    assert is_report_entry("政府信息公开工作年度报告", "2024-03-01")
    assert is_report_entry("西宁市2023年政府信息公开工作年度报告", None)


def test_agency_level():
    assert agency_level("沂南县人民政府", "沂南县人民政府", "county") == "county"
    assert agency_level("岸堤镇人民政府", "沂南县人民政府", "county") == "township"
    assert agency_level("西工区王城路街道办事处", "洛阳市西工区人民政府", "county") == "township"
    assert agency_level("沂南县水利局", "沂南县人民政府", "county") == "department"
