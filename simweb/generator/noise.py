"""Documents that sit next to OGI reports on government sites and must NOT be mistaken for one:
政府工作报告, 部门决算, 法治政府建设年度报告, 政府信息公开指南, and news items whose title contains
"年度报告". None has an OGI statistical table (the 决算 has its own financial table)."""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field

from .grid import GCell, Grid
from .outline import Block
from .style import Style

KINDS = ("work_report", "final_accounts", "rule_of_law", "guide", "news")


@dataclass
class NoiseSpec:
    kind: str
    agency: str
    year: int
    seed: int = 0
    style: Style = field(default_factory=Style)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown noise kind {self.kind!r}; kinds: {', '.join(KINDS)}")

    @property
    def title(self) -> str:
        return _title(self, random.Random(f"noise-title-{self.seed}-{self.kind}"))

    def blocks(self) -> list[Block]:
        return _BUILDERS[self.kind](self, random.Random(f"noise-{self.seed}-{self.kind}-{self.agency}-{self.year}"))

    def as_dict(self) -> dict:
        return {"kind": self.kind, "agency": self.agency, "year": self.year, "seed": self.seed,
                "style": self.style.as_dict()}

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _title(s: NoiseSpec, rng: random.Random) -> str:
    if s.kind == "work_report":
        return f"{s.year + 1}年{s.agency}政府工作报告"
    if s.kind == "final_accounts":
        return f"{s.agency}{s.year}年度部门决算"
    if s.kind == "rule_of_law":
        return f"{s.agency}{s.year}年法治政府建设年度报告"
    if s.kind == "guide":
        return f"{s.agency}政府信息公开指南"
    return rng.choice((
        f"{s.agency}召开{s.year}年政府信息公开工作年度报告编制工作推进会",
        f"关于做好{s.year}年政府信息公开工作年度报告编制发布工作的通知",
        f"一图读懂{s.agency}{s.year}年政府信息公开工作年度报告",
    ))


def _head(s: NoiseSpec) -> list[Block]:
    return [Block("title", s.title)]


def _work_report(s: NoiseSpec, rng: random.Random) -> list[Block]:
    g = round(rng.uniform(3.5, 7.5), 1)
    out = _head(s) + [
        Block("para", f"——{s.year + 1}年1月{rng.randint(5, 25)}日在{s.agency.replace('人民政府', '')}第十七届人民代表大会"
                      f"第{rng.randint(2, 5)}次会议上"),
        Block("para", "各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员和列席人员提出意见。"),
        Block("heading", f"一、{s.year}年工作回顾"),
        Block("para", f"过去的一年，全市经济运行稳中有进。地区生产总值增长{g}%，一般公共预算收入完成"
                      f"{rng.randint(20, 900)}亿元，城乡居民人均可支配收入分别增长{round(g - 0.8, 1)}%和"
                      f"{round(g + 0.6, 1)}%。全年新增城镇就业{rng.randint(2, 90)}万人。"),
        Block("para", f"深入推进政务公开，全年主动公开政府信息{rng.randint(1000, 30000)}条，办理人大代表建议"
                      f"{rng.randint(100, 600)}件、政协提案{rng.randint(100, 600)}件，办复率100%。"),
        Block("heading", f"二、{s.year + 1}年工作安排"),
        Block("para", f"{s.year + 1}年经济社会发展的主要预期目标是：地区生产总值增长{g}%左右，城镇调查失业率控制在5.5%以内，"
                      "居民消费价格涨幅3%左右。"),
        Block("heading", "三、加强政府自身建设"),
        Block("para", "坚持依法行政，深化政务公开，自觉接受人大法律监督、政协民主监督和社会舆论监督，建设人民满意的服务型政府。"),
    ]
    return out


def _final_accounts(s: NoiseSpec, rng: random.Random) -> list[Block]:
    basic = round(rng.uniform(80, 5000), 2)
    project = round(rng.uniform(10, 3000), 2)
    income = round(basic + project, 2)
    rows = [[GCell("项目", kind="head"), GCell("行次", kind="head"), GCell("决算数（万元）", kind="head")]]
    items = [("一、一般公共预算财政拨款收入", income), ("二、政府性基金预算财政拨款收入", 0),
             ("本年收入合计", income), ("一、一般公共服务支出", round(basic * 0.6, 2)),
             ("二、社会保障和就业支出", round(basic * 0.4, 2)), ("三、其他支出", project),
             ("本年支出合计", income)]
    for i, (label, v) in enumerate(items, 1):
        rows.append([GCell(label, kind="label"), GCell(str(i)), GCell(f"{v:.2f}")])
    grid = Grid("fa", 3, rows, [5, 1, 2], header_rows=1).place()
    three = round(rng.uniform(1, 60), 2)
    return _head(s) + [
        Block("heading", "第一部分 部门概况"),
        Block("para", f"{s.agency}是主管本地区相关工作的政府工作部门，内设机构{rng.randint(4, 15)}个，"
                      f"{s.year}年末实有人员{rng.randint(10, 200)}人。"),
        Block("heading", f"第二部分 {s.year}年度部门决算表"),
        Block("para", "收入支出决算总表"),
        Block("table", grid=grid),
        Block("heading", f"第三部分 {s.year}年度部门决算情况说明"),
        Block("para", f"{s.year}年度收入总计{income:.2f}万元，其中基本支出{basic:.2f}万元，项目支出{project:.2f}万元。"
                      f"“三公”经费支出{three:.2f}万元，比上年减少{round(three * 0.1, 2):.2f}万元。"),
        Block("heading", "第四部分 名词解释"),
        Block("para", "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ]


def _rule_of_law(s: NoiseSpec, rng: random.Random) -> list[Block]:
    return _head(s) + [
        Block("para", f"{s.year}年，{s.agency}坚持以习近平法治思想为指导，深入推进依法行政，法治政府建设取得新成效。"
                      "现将有关情况报告如下。"),
        Block("heading", "一、主要举措和成效"),
        Block("para", f"（一）深化“放管服”改革。全年办理行政许可事项{rng.randint(100, 50000)}件，"
                      f"承诺时限压缩{rng.randint(30, 70)}%。"),
        Block("para", f"（二）推进政务公开。严格落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息"
                      f"{rng.randint(100, 8000)}条，依法办理政府信息公开申请{rng.randint(0, 300)}件。"),
        Block("para", f"（三）规范行政执法。全面推行行政执法“三项制度”，办理行政复议案件{rng.randint(0, 80)}件。"),
        Block("heading", "二、存在的不足和原因"),
        Block("para", "法治宣传教育的针对性有待加强，基层执法人员业务能力仍需提升。"),
        Block("heading", f"三、{s.year + 1}年工作安排"),
        Block("para", "持续深化法治政府建设，加强行政执法监督，提升依法行政水平。"),
    ]


def _guide(s: NoiseSpec, rng: random.Random) -> list[Block]:
    return _head(s) + [
        Block("para", "为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"),
        Block("heading", "一、主动公开"),
        Block("para", "（一）公开范围。机构职能、规范性文件、规划计划、财政预决算、行政许可和行政处罚等信息。"),
        Block("para", "（二）公开方式。政府网站、政务新媒体、政府公报、政务服务中心等。"),
        Block("heading", "二、依申请公开"),
        Block("para", f"受理机构：{s.agency}办公室。办公地址：人民路{rng.randint(1, 300)}号。"
                      f"办公时间：工作日上午9:00—12:00，下午13:30—17:30。联系电话：0{rng.randint(100, 999)}-"
                      f"{rng.randint(1000000, 9999999)}。"),
        Block("para", "申请人可以通过当面提交、邮政寄送、网上申请等方式提出申请。行政机关收到申请后，能够当场答复的当场予以答复；"
                      "不能当场答复的，自收到申请之日起20个工作日内予以答复。"),
        Block("heading", "三、收费标准"),
        Block("para", "按照《政府信息公开信息处理费管理办法》执行。"),
        Block("heading", "四、监督和救济"),
        Block("para", "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。"),
    ]


def _news(s: NoiseSpec, rng: random.Random) -> list[Block]:
    return _head(s) + [
        Block("para", f"{s.year + 1}年1月{rng.randint(5, 28)}日，{s.agency}组织召开专题会议，部署{s.year}年政府信息公开"
                      "工作年度报告编制和发布工作。"),
        Block("para", "会议要求，各单位要严格按照国务院办公厅政府信息公开办公室印发的年度报告格式，如实准确填报各项数据，"
                      "确保于3月31日前在政府网站公开发布。"),
        Block("para", "会议强调，要认真核对数据间的勾稽关系，做到报告内容完整、数据准确、格式规范。"),
    ]


_BUILDERS = {"work_report": _work_report, "final_accounts": _final_accounts, "rule_of_law": _rule_of_law,
             "guide": _guide, "news": _news}
