"""The data contract (SPEC.md) as code: every fact code, its printed labels, the table layouts
and the consistency checks (勾稽关系).

This is the only module that spells a fact code. The generator, the extractor's mapper, the
pipeline, the explorer build and the tests all import it. Codes are stable forever: a new
layout gets new codes, an existing code never changes meaning.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SCHEMA_VERSION = "1"

Number = int | float


@dataclass(frozen=True)
class Item:
    """One row or column of a table: its code part, the label the template prints and the
    variants seen in real reports (misprints, older wordings)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    unit: str = "件"

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Block:
    """One sub-table of table 2: a 第二十条 item heading, its value columns and its rows."""

    heading: str
    columns: tuple[Item, ...]
    rows: tuple[Item, ...]


@dataclass(frozen=True)
class Layout:
    table: str  # "t2" | "t3" | "t4"
    name: str  # "2019" | "2021"
    title: str
    codes: tuple[str, ...] = field(default=())


def _i(key: str, label: str, *aliases: str, unit: str = "件") -> Item:
    return Item(key, label, tuple(aliases), unit)


# ---------------------------------------------------------------- table 2 (主动公开)
T2_TITLE = "主动公开政府信息情况"

T2_BLOCKS: dict[str, tuple[Block, ...]] = {
    "2021": (
        Block(
            "第二十条第（一）项",
            (
                _i("issued", "本年制发件数", "本年新制发件数"),
                _i("repealed", "本年废止件数", "本年度止件数", "本年度废止件数", "本年止件数"),
                _i("in_force", "现行有效件数", "现行有效数"),
            ),
            (_i("rules", "规章"), _i("normative", "行政规范性文件", "规范性文件")),
        ),
        Block(
            "第二十条第（五）项",
            (_i("decisions", "本年处理决定数量", "本年度处理决定数量"),),
            (_i("licensing", "行政许可"),),
        ),
        Block(
            "第二十条第（六）项",
            (_i("decisions", "本年处理决定数量", "本年度处理决定数量"),),
            (_i("penalty", "行政处罚"), _i("coercion", "行政强制")),
        ),
        Block(
            "第二十条第（八）项",
            (_i("amount", "本年收费金额（单位：万元）", "本年收费金额（万元）", "本年收费金额", unit="万元"),),
            (_i("fees", "行政事业性收费"),),
        ),
    ),
    "2019": (
        Block(
            "第二十条第（一）项",
            (
                _i("made", "本年新制作数量"),
                _i("published", "本年新公开数量"),
                _i("total_public", "对外公开总数量"),
            ),
            (_i("rules", "规章"), _i("normative", "规范性文件", "行政规范性文件")),
        ),
        Block(
            "第二十条第（五）项",
            (
                _i("prev_items", "上一年项目数量"),
                _i("change", "本年增/减", "本年增减"),
                _i("decisions", "处理决定数量", "本年处理决定数量"),
            ),
            (_i("licensing", "行政许可"), _i("other_services", "其他对外管理服务事项")),
        ),
        Block(
            "第二十条第（六）项",
            (
                _i("prev_items", "上一年项目数量"),
                _i("change", "本年增/减", "本年增减"),
                _i("decisions", "处理决定数量", "本年处理决定数量"),
            ),
            (_i("penalty", "行政处罚"), _i("coercion", "行政强制")),
        ),
        Block(
            "第二十条第（八）项",
            (_i("prev_items", "上一年项目数量"), _i("change", "本年增/减", "本年增减")),
            (_i("fees", "行政事业性收费"),),
        ),
        Block(
            "第二十条第（九）项",
            (_i("items", "采购项目数量"), _i("amount", "采购总金额", unit="万元")),
            (_i("procurement", "政府集中采购"),),
        ),
    ),
}

# ---------------------------------------------------------------- table 3 (依申请公开)
T3_TITLE = "收到和处理政府信息公开申请情况"
T3_COLUMN_GROUP = "法人或其他组织"
T3_COLUMNS: tuple[Item, ...] = (
    _i("natural", "自然人"),
    _i("commercial", "商业企业"),
    _i("research", "科研机构"),
    _i("social", "社会公益组织"),
    _i("legal", "法律服务机构"),
    _i("other_org", "其他", "其它"),
    _i("total", "总计", "合计"),
)
T3_PARTY_COLUMNS = tuple(c.key for c in T3_COLUMNS if c.key != "total")

RESULTS_GROUP = "三、本年度办理结果"


@dataclass(frozen=True)
class T3Row:
    item: Item
    prefix: str  # the numbering the template prints before the label: "一、", "（一）", "1."
    group: str | None = None  # the merged label the row sits under, e.g. "（三）不予公开"
    outcome: bool = False  # part of 三、本年度办理结果 (summed by t3.outcomes)

    @property
    def key(self) -> str:
        return self.item.key


def _r(key, prefix, label, *aliases, group=None, outcome=False) -> T3Row:
    return T3Row(Item(key, label, tuple(aliases)), prefix, group, outcome)


_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

_T3_HEAD = (
    _r("new", "一、", "本年新收政府信息公开申请数量"),
    _r("carried_in", "二、", "上年结转政府信息公开申请数量"),
    _r("granted", "（一）", "予以公开", outcome=True),
    _r("partial", "（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开", outcome=True),
    _r("denied_secret", "1.", "属于国家秘密", group=_DENIED, outcome=True),
    _r("denied_law", "2.", "其他法律行政法规禁止公开", "其他法律行政止公开", "其他法律法规禁止公开",
       group=_DENIED, outcome=True),
    _r("denied_safety", "3.", "危及“三安全一稳定”", "危及三安全一稳定", group=_DENIED, outcome=True),
    _r("denied_third_party", "4.", "保护第三方合法权益", group=_DENIED, outcome=True),
    _r("denied_internal", "5.", "属于三类内部事务信息", group=_DENIED, outcome=True),
    _r("denied_process", "6.", "属于四类过程性信息", group=_DENIED, outcome=True),
    _r("denied_enforcement", "7.", "属于行政执法案卷", group=_DENIED, outcome=True),
    _r("denied_query", "8.", "属于行政查询事项", group=_DENIED, outcome=True),
    _r("unable_not_held", "1.", "本机关不掌握相关政府信息", group=_UNABLE, outcome=True),
    _r("unable_create", "2.", "没有现成信息需要另行制作", group=_UNABLE, outcome=True),
    _r("unable_unclear", "3.", "补正后申请内容仍不明确", group=_UNABLE, outcome=True),
    _r("rejected_petition", "1.", "信访举报投诉类申请", group=_REJECTED, outcome=True),
    _r("rejected_duplicate", "2.", "重复申请", group=_REJECTED, outcome=True),
    _r("rejected_publication", "3.", "要求提供公开出版物", group=_REJECTED, outcome=True),
    _r("rejected_excessive", "4.", "无正当理由大量反复申请", group=_REJECTED, outcome=True),
    _r("rejected_confirm", "5.", "要求行政机关确认或重新出具已获取信息", group=_REJECTED, outcome=True),
)
_T3_TAIL = (
    _r("total", "（七）", "总计", "合计"),
    _r("carried_out", "四、", "结转下年度继续办理"),
)
T3_ROWS: dict[str, tuple[T3Row, ...]] = {
    "2021": _T3_HEAD
    + (
        _r("other_no_correction", "1.", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
           "申请人无正当理由逾期不补正、行政机关不再处理其申请", group=_OTHER, outcome=True),
        _r("other_no_fee", "2.", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
           "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其申请", group=_OTHER, outcome=True),
        _r("other_misc", "3.", "其他", "其它", group=_OTHER, outcome=True),
    )
    + _T3_TAIL,
    "2019": _T3_HEAD + (_r("other", "（六）", "其他处理", "其它处理", outcome=True),) + _T3_TAIL,
}
T3_GROUP_LABELS = (RESULTS_GROUP, _DENIED, _UNABLE, _REJECTED, _OTHER)

# ---------------------------------------------------------------- table 4 (复议、诉讼)
T4_TITLE = "政府信息公开行政复议、行政诉讼情况"
T4_GROUPS: tuple[Item, ...] = (
    _i("review", "行政复议"),
    _i("suit_direct", "未经复议直接起诉"),
    _i("suit_after_review", "复议后起诉"),
)
T4_SUIT_LABEL = "行政诉讼"
T4_COLUMNS: tuple[Item, ...] = (
    _i("upheld", "结果维持"),
    _i("corrected", "结果纠正"),
    _i("other", "其他结果", "其它结果"),
    _i("pending", "尚未审结"),
    _i("total", "总计"),
)

TABLE_TITLES = {"t2": T2_TITLE, "t3": T3_TITLE, "t4": T4_TITLE}
SECTION_TITLES = {
    "一": "总体情况",
    "二": T2_TITLE,
    "三": T3_TITLE,
    "四": T4_TITLE,
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
# Sections kept as text for full-text research (prose, never a source of facts).
TEXT_SECTIONS = ("一", "五", "六")

LAYOUTS = {"t2": ("2019", "2021"), "t3": ("2019", "2021"), "t4": ("2021",)}


# ---------------------------------------------------------------- codes
@dataclass(frozen=True)
class CodeInfo:
    code: str
    table: str  # t2 | t3 | t4
    layout: str
    row: str  # printed row label
    column: str  # printed column label
    unit: str  # 件 | 万元


def _build_codes() -> dict[tuple[str, str], tuple[CodeInfo, ...]]:
    out: dict[tuple[str, str], tuple[CodeInfo, ...]] = {}
    for name, blocks in T2_BLOCKS.items():
        infos = []
        for b in blocks:
            for r in b.rows:
                for c in b.columns:
                    infos.append(CodeInfo(f"t2.{r.key}.{c.key}", "t2", name, r.label, c.label, c.unit))
        out[("t2", name)] = tuple(infos)
    for name, rows in T3_ROWS.items():
        out[("t3", name)] = tuple(
            CodeInfo(f"t3.{r.key}.{c.key}", "t3", name, r.prefix + r.item.label, c.label, "件")
            for r in rows
            for c in T3_COLUMNS
        )
    out[("t4", "2021")] = tuple(
        CodeInfo(f"t4.{g.key}.{c.key}", "t4", "2021", g.label, c.label, "件")
        for g in T4_GROUPS
        for c in T4_COLUMNS
    )
    return out


_CODES = _build_codes()
CODE_INFO: dict[str, CodeInfo] = {}
for _infos in _CODES.values():
    for _ci in _infos:
        CODE_INFO.setdefault(_ci.code, _ci)


def layout_codes(table: str, layout: str) -> tuple[str, ...]:
    """Every code of one table in one layout, in the order the template prints them."""
    return tuple(ci.code for ci in _CODES[(table, layout)])


def codes_for(templates: Mapping[str, str], t4: bool = True) -> tuple[str, ...]:
    """Every code a report with these per-table layouts carries ({"t2": "2021", "t3": "2019"}),
    in template order. Table 4 has a single layout, so SPEC's `templates` never names it; pass
    t4=False for a report whose table 4 is missing."""
    out: list[str] = []
    for table in ("t2", "t3"):
        if templates.get(table):
            out.extend(layout_codes(table, templates[table]))
    if t4:
        out.extend(layout_codes("t4", "2021"))
    return tuple(out)


def code_info(code: str) -> CodeInfo:
    return CODE_INFO[code]


def table_of(code: str) -> str:
    return code.split(".", 1)[0]


# ---------------------------------------------------------------- checks
@dataclass(frozen=True)
class CheckResult:
    """One check of one report. `ok` is None when some of its inputs were not found in the
    report (`missing` names them): the check could not be made, and says so."""

    id: str
    ok: bool | None
    lhs: Number | None
    rhs: Number | None
    missing: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        out = {"id": self.id, "ok": self.ok, "lhs": self.lhs, "rhs": self.rhs}
        if self.ok is None:
            out["missing"] = list(self.missing)
        return out


def _num(x: Number) -> Number:
    # Sums of 万元 amounts are floats; keep integers integral and floats rounded so equality is
    # decided on what was printed, not on binary noise.
    if isinstance(x, float):
        r = round(x, 6)
        return int(r) if r.is_integer() else r
    return x


def _check(cid: str, facts: Mapping[str, Number], lhs: Iterable[str], rhs: Iterable[str]) -> CheckResult:
    lhs, rhs = list(lhs), list(rhs)
    missing = tuple(sorted(c for c in lhs + rhs if c not in facts))
    if missing:
        return CheckResult(cid, None, None, None, missing)
    left = _num(sum(facts[c] for c in lhs))
    right = _num(sum(facts[c] for c in rhs))
    return CheckResult(cid, left == right, left, right)


def t3_layout_of(facts: Mapping[str, Number]) -> str | None:
    if any(k.startswith(("t3.other_misc.", "t3.other_no_correction.", "t3.other_no_fee.")) for k in facts):
        return "2021"
    if any(k.startswith("t3.other.") for k in facts):
        return "2019"
    if any(k.startswith("t3.") for k in facts):
        return "2021"  # neither （六） form was found: the current template's rows are expected
    return None


def detected_layouts(facts: Mapping[str, Number], templates: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The layout of each table a report holds: the extractor's `templates` where known (table 4
    has one layout and is detected by its facts), else read from the codes present."""
    templates = templates or {}
    out: dict[str, str] = {}
    t2 = templates.get("t2") or (
        "2019" if any(k.startswith("t2.") and k.split(".")[2] in ("made", "published", "total_public", "prev_items",
                                                                  "change", "items") for k in facts)
        else "2021" if any(k.startswith("t2.") for k in facts) else None)
    if t2:
        out["t2"] = t2
    t3 = templates.get("t3") or t3_layout_of(facts)
    if t3:
        out["t3"] = t3
    if templates.get("t4") or any(k.startswith("t4.") for k in facts):
        out["t4"] = "2021"
    return out


def missing_codes(facts: Mapping[str, Number], templates: Mapping[str, str | None] | None = None) -> list[str]:
    """Codes of the report's detected layouts that it does not carry, sorted. A table that was not
    found at all has no detected layout, so no codes are listed for it (`completeness` then says
    incomplete)."""
    layouts = detected_layouts(facts, templates)
    return sorted(c for t, lay in layouts.items() for c in layout_codes(t, lay) if c not in facts)


def completeness(facts: Mapping[str, Number], templates: Mapping[str, str | None] | None = None) -> tuple[bool, list[str]]:
    """(complete, missing): complete when all three tables were found and every code of their
    detected layouts is present."""
    missing = missing_codes(facts, templates)
    layouts = detected_layouts(facts, templates)
    return (not missing and all(t in layouts for t in ("t2", "t3", "t4"))), missing


def run_checks(facts: Mapping[str, Number], templates: Mapping[str, str | None] | None = None) -> list[CheckResult]:
    """Every SPEC check of the report's detected tables, in a stable order. A check whose inputs
    are not all present is returned with ok=None and the missing codes — never left out. A check
    is a fact about the report: it is never used to change a number."""
    out: list[CheckResult] = []
    layouts = detected_layouts(facts, templates)
    t3 = layouts.get("t3")
    if t3:
        rows = T3_ROWS[t3]
        outcome_rows = [r.key for r in rows if r.outcome]
        for c in T3_COLUMNS:
            out.append(_check(f"t3.balance.{c.key}", facts,
                              [f"t3.new.{c.key}", f"t3.carried_in.{c.key}"],
                              [f"t3.total.{c.key}", f"t3.carried_out.{c.key}"]))
        for c in T3_COLUMNS:
            out.append(_check(f"t3.outcomes.{c.key}", facts, [f"t3.total.{c.key}"],
                              [f"t3.{r}.{c.key}" for r in outcome_rows]))
        for r in rows:
            out.append(_check(f"t3.row_total.{r.key}", facts, [f"t3.{r.key}.total"],
                              [f"t3.{r.key}.{c}" for c in T3_PARTY_COLUMNS]))
    if "t4" in layouts:
        for g in T4_GROUPS:
            out.append(_check(f"t4.sum.{g.key}", facts, [f"t4.{g.key}.total"],
                              [f"t4.{g.key}.{c.key}" for c in T4_COLUMNS if c.key != "total"]))
    return out


def failed_check_ids(facts: Mapping[str, Number], templates: Mapping[str, str | None] | None = None) -> list[str]:
    return [c.id for c in run_checks(facts, templates) if c.ok is False]


def unknown_check_ids(facts: Mapping[str, Number], templates: Mapping[str, str | None] | None = None) -> list[str]:
    """Checks that could not be made because an input is missing (ok=None)."""
    return [c.id for c in run_checks(facts, templates) if c.ok is None]


def all_check_ids() -> tuple[str, ...]:
    ids = [f"t3.balance.{c.key}" for c in T3_COLUMNS] + [f"t3.outcomes.{c.key}" for c in T3_COLUMNS]
    seen = set()
    for rows in T3_ROWS.values():
        for r in rows:
            if r.key not in seen:
                seen.add(r.key)
                ids.append(f"t3.row_total.{r.key}")
    ids += [f"t4.sum.{g.key}" for g in T4_GROUPS]
    return tuple(ids)
