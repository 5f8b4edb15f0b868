"""The prose of a report (title, preface, sections 一, 五, 六, signature), written the way
agencies write it. Prose is never a source of facts; with `prose_disagrees` it even quotes a
request count that differs from table 3, as real reports do."""
from __future__ import annotations

import random

from extract import schema

from .values import count_text
from .wordings import wording

CN_NUMS = "一二三四五六"
HEADING_VARIANTS = {
    "一": ("总体情况", "总体情况", "政府信息公开总体情况"),
    "二": (schema.SECTION_TITLES["二"],),
    "三": (schema.SECTION_TITLES["三"],),
    "四": (schema.SECTION_TITLES["四"],),
    "五": ("存在的主要问题及改进情况", "存在的主要问题及改进情况", "存在问题及改进情况"),
    "六": ("其他需要报告的事项",),
}


def heading(num: str, style, rng: random.Random) -> str:
    idx = CN_NUMS.index(num) + 1
    text = rng.choice(HEADING_VARIANTS[num])
    real = wording(style, f"heading.{num}")  # a real wording or misprint (real_wordings.csv)
    if real:
        text = real
    if style.heading_style == "arabic" or (style.heading_style == "mixed" and num == "三"):
        return f"{idx}、{text}" if style.heading_style == "arabic" else f"{idx}、 {text}"
    return f"{num}、{text}"


def region_of(spec) -> str:
    if spec.region_name:
        return spec.region_name
    name = spec.agency
    for suffix in ("管理委员会办公室", "管委会办公室", "人民政府办公室", "人民政府", "管理委员会", "办公室"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def title_lines(spec) -> list[str]:
    y = f"{spec.year} 年" if spec.style.title_spaces else f"{spec.year}年"
    if spec.style.title_split:
        region = spec.region_name or ""
        return [spec.agency, f"{region}{y}政府信息公开工作年度报告"]
    return [f"{spec.agency}{y}政府信息公开工作年度报告"]


PREFACES = (
    ("{year}年，{region}认真贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级关于政务公开工作的"
    "决策部署，坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。现将{year}年度政府信息公开工作情况报告如下。"),
    ("本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}编制。全文包括总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
    "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency}联系。"),
    ("{year}年度，{region}以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，按照《中华人民共和国政府"
    "信息公开条例》要求，加强组织领导，完善公开制度，健全工作机制，不断提升政务公开质量和实效。现将有关情况报告如下："),
)

ACTIVE = (
    ("（一）主动公开情况。{year}年，通过门户网站主动公开政府信息{posts}条，其中政策文件{docs}条、政策解读{readings}条、"
    "工作动态{news}条；通过政务新媒体发布信息{wechat}条，及时回应社会关切。"),
    ("（一）主动公开。严格按照《条例》规定的主动公开范围发布和更新信息，全年在政府网站公开信息{posts}条，"
    "微信公众号发布政府信息{wechat}条，回复网民留言{replies}条。"),
)
REQUESTS = (
    ("（二）依申请公开情况。进一步规范依申请公开受理、审查、处理、答复等环节，全年共收到政府信息公开申请{requests}件，"
    "均在法定期限内予以答复。"),
    ("（二）依申请公开。严格落实依申请公开工作流程，全年共受理政府信息公开申请{requests}件，其中自然人申请{natural}件，"
    "法人或其他组织申请{orgs}件，已全部按时办结。"),
    ("（二）依申请公开情况。推进依申请公开标准化规范化建设，保障公众合理信息需求。{year}年共收到依申请公开{requests}件，"
    "涉及行政复议{reviews}件。"),
)
MANAGEMENT = (
    ("（三）政府信息管理。健全政府信息公开属性源头认定、保密审查、动态调整等工作制度，严格执行“三审三校”，"
    "对拟公开信息进行严格审查，确保不涉及国家秘密、商业秘密和个人隐私。"),
    ("（三）政府信息管理情况。定期对已公开信息进行梳理和评估，对因情况变化可以公开的信息及时予以公开，"
    "对已过期或失效的信息及时清理更新，确保公开信息准确、及时。"),
)
PLATFORMS = (
    ("（四）政府信息公开平台建设。充分发挥政府网站第一平台作用，优化栏目设置，完善检索功能，加强政务新媒体管理，"
    "落实每日读网和信息更新制度，确保平台安全平稳运行。"),
    ("（四）平台建设情况。持续加强政府网站和政务新媒体建设，对政府信息公开专栏进行改版升级，"
    "设置政策文件、政策解读、重点领域信息等栏目，方便公众查阅。"),
)
OVERSIGHT = (
    ("（五）监督保障及教育培训情况。明确政务公开负责领导和责任科室，指定专人负责信息公开工作；组织开展政务公开业务培训"
    "{trainings}次，提高工作人员业务水平。本年度未发生因政府信息公开工作被责任追究的情况。"),
    "（五）监督保障。将政务公开工作纳入年度目标考核，加强日常指导监督，畅通投诉举报渠道，本年度未收到相关投诉举报。",
)
PROBLEMS = (
    ("{year}年，{region}政府信息公开工作取得了一定成效，但也存在一些不足：一是主动公开的深度和广度还有待拓展；"
    "二是政策解读形式较为单一，图解、视频等解读方式运用不够；三是工作人员业务能力有待进一步提升。"),
    ("政府信息公开工作虽然取得一定成绩，但对照上级要求和群众期盼仍有差距，主要是部分信息更新不够及时，"
    "公开内容的规范性和完整性有待加强。"),
)
IMPROVEMENTS = (
    ("下一步，我们将重点从以下方面加以改进：一是强化落实，持续提升公开质量；二是丰富解读形式，提高政策解读到达率；"
    "三是加强学习培训，提升工作人员业务水平；四是强化监督检查，确保工作不断改进和完善。"),
    ("{next_year}年，将坚持以公开为常态、不公开为例外，进一步完善公开目录，加强平台建设管理，"
    "切实提升政府信息公开工作的规范化水平。"),
)
OTHER = (
    "本年度未收取政府信息公开信息处理费。",
    ("{agency}严格按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定的"
    "按件、按量收费标准，本年度未产生信息公开处理费。"),
    "无其他需要报告的事项。",
    "暂无需要报告事项。",
)
PERIOD = "本报告中所述数据的统计时限为{year}年1月1日起至{year}年12月31日止。"


def sections(spec) -> dict[str, list[str]]:
    """Paragraphs of the prose parts, keyed intro / 一 / 五 / 六 / end."""
    rng = random.Random(f"prose-{spec.seed}-{spec.agency}-{spec.year}")
    f = spec.facts
    new_total = f.get("t3.new.total", 0)
    requests = new_total
    if spec.style.prose_disagrees:
        requests = new_total + rng.choice((-3, -2, -1, 1, 2, 5, 12)) if new_total > 3 else new_total + rng.randint(1, 9)
    posts = rng.randint(10, 3000)
    vals = {
        "year": spec.year, "next_year": spec.year + 1, "agency": spec.agency, "region": region_of(spec),
        "posts": posts, "docs": rng.randint(0, posts // 5), "readings": rng.randint(0, 30), "news": rng.randint(0, posts // 2),
        "wechat": rng.randint(0, 2000), "replies": rng.randint(0, 50), "requests": requests,
        "natural": f.get("t3.new.natural", 0), "orgs": new_total - f.get("t3.new.natural", 0),
        "reviews": f.get("t4.review.total", 0), "trainings": rng.randint(1, 6),
    }
    if spec.style.prose_disagrees:
        vals["natural"], vals["orgs"] = requests, 0

    def pick(pool):
        return rng.choice(pool).format(**vals)

    six = [pick(OTHER)]
    if spec.style.period_sentence:
        six.append(PERIOD.format(**vals))
    end = [spec.agency]
    if spec.date_line:
        end.append(spec.date_line)
    return {
        "intro": [pick(PREFACES)],
        "一": [pick(ACTIVE), pick(REQUESTS), pick(MANAGEMENT), pick(PLATFORMS), pick(OVERSIGHT)],
        "五": [pick(PROBLEMS), pick(IMPROVEMENTS)],
        "六": six,
        "end": end,
        "requests": requests,
    }


def _n(spec, code: str) -> str:
    return count_text(int(spec.facts[code]), spec.style)


def table_quotes(spec, requests: int | None = None) -> dict[str, str]:
    """With `prose_quotes`: the paragraph some reports type right before each table, quoting row
    labels with their numbers (issue #11, class 2). Table 2's row is called 行政规范性文件 here
    even where the 2019 table prints 规范性文件. The numbers are the table's, except the request
    count when `prose_disagrees` (the table wins)."""
    f, t2 = spec.facts, spec.templates["t2"]
    if t2 == "2021":
        q2 = (f"本年度制发行政规范性文件{_n(spec, 't2.normative.issued')}件，废止{_n(spec, 't2.normative.repealed')}件，"
              f"现行有效行政规范性文件{_n(spec, 't2.normative.in_force')}件；行政许可本年处理决定数量"
              f"{_n(spec, 't2.licensing.decisions')}件，行政处罚{_n(spec, 't2.penalty.decisions')}件。")
    else:
        q2 = (f"本年新制作行政规范性文件{_n(spec, 't2.normative.made')}件，本年新公开{_n(spec, 't2.normative.published')}件，"
              f"对外公开总数量{_n(spec, 't2.normative.total_public')}件；行政许可处理决定数量"
              f"{_n(spec, 't2.licensing.decisions')}件。")
    new = f["t3.new.total"] if requests is None else requests
    q3 = (f"本年新收政府信息公开申请数量{count_text(new, spec.style)}件，上年结转政府信息公开申请数量"
          f"{_n(spec, 't3.carried_in.total')}件；予以公开{_n(spec, 't3.granted.total')}件，"
          f"部分公开{_n(spec, 't3.partial.total')}件，本机关不掌握相关政府信息{_n(spec, 't3.unable_not_held.total')}件，"
          f"结转下年度继续办理{_n(spec, 't3.carried_out.total')}件。")
    q4 = (f"本年度因政府信息公开工作被申请行政复议{_n(spec, 't4.review.total')}件，其中结果维持"
          f"{_n(spec, 't4.review.upheld')}件；未经复议直接起诉{_n(spec, 't4.suit_direct.total')}件。")
    return {"t2": q2, "t3": q3, "t4": q4}
