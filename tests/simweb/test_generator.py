"""The report generator: every truth number is printed in the right row and column of every
format, read back through an independent path (tests/simweb/readback.py); truth and checks
agree with extract.schema; random facts look like real ones; noise has no OGI tables."""
from __future__ import annotations

import dataclasses
import json
import random
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from extract import schema
from simweb.generator import (
    FORMATS,
    GENERATOR_VERSION,
    NOISE_KINDS,
    ReportSpec,
    Style,
    noise_spec,
    random_spec,
    render,
    render_html_fragment,
    render_many,
    render_noise,
    seed_specs,
)
from simweb.generator.facts import BREAKS
from simweb.generator.office import ConversionError, convert_many
from simweb.generator.style import DASHES, TYPO_KEYS
from simweb.generator.wordings import targets as wording_targets

from .readback import docx_lines, facts_from_lines, html_lines, norm, pdf_tables, pdf_text_lines, value

EXPECTED = Path(__file__).parents[1] / "fixtures" / "corpus" / "expected"
LAYOUTS = {2020: {"t2": "2019", "t3": "2019"}, 2023: {"t2": "2021", "t3": "2021"},
           2022: {"t2": "2021", "t3": "2019"}}


def _large_spec() -> ReportSpec:
    """A large agency: thousands of requests and licensing decisions, printed with separators."""
    for i in range(500):
        s = random_spec(random.Random(f"large-{i}"), "某市市场监督管理局", 2023)
        if s.facts["t3.new.total"] >= 1000 and s.facts["t2.licensing.decisions"] >= 1000:
            return dataclasses.replace(s, style=dataclasses.replace(s.style, thousands_sep=True))
    raise AssertionError("no large agency in 500 draws")


AGENCIES = ("某县教育局", "某县卫生健康委员会", "某县自然资源局", "某县住房和城乡建设局", "某县交通运输局",
            "某县农业农村局", "某县市场监督管理局", "某县生态环境分局", "某县人力资源和社会保障局", "某县民政局")


def _forced(name: str, year: int, **style) -> ReportSpec:
    agency = AGENCIES[sum(map(ord, name)) % len(AGENCIES)]
    s = random_spec(random.Random(f"forced-{name}"), agency, year, templates=LAYOUTS[year])
    return dataclasses.replace(s, style=dataclasses.replace(Style(), **style))


def _real_wordings(k: int) -> tuple:
    """One real wording per target (the k-th where a target has several)."""
    return tuple((t, ws[k % len(ws)]) for t, ws in sorted(wording_targets().items()))


def sample_specs() -> dict[str, ReportSpec]:
    specs = {f"seed{i}": s for i, s in enumerate(seed_specs())}
    for year, templates in LAYOUTS.items():
        for i in range(8):
            specs[f"random-{year}-{i}"] = random_spec(random.Random(f"sample-{year}-{i}"), AGENCIES[i], year,
                                                      templates=templates)
        specs[f"unbalanced-{year}"] = random_spec(random.Random(f"unb-{year}"), "某区政务服务中心", year,
                                                  templates=templates, fail_balance=True)
    forced = {
        "spaces": (2023, {"label_spaces": True}),
        "typos": (2023, {"typo_labels": TYPO_KEYS}),
        "typos2019": (2020, {"typo_labels": TYPO_KEYS, "half_parens": True}),
        "blank": (2022, {"blank_zeros": True, "p_in_cells": True}),
        "arabic": (2023, {"heading_style": "arabic", "html_flavor": "plain"}),
        "mixed": (2020, {"heading_style": "mixed", "html_flavor": "word_paste"}),
        "split": (2023, {"split_tables": True, "header_outside": True}),
        "split2019": (2020, {"split_tables": True, "header_outside": True, "p_in_cells": True}),
        "fullwidth": (2020, {"fullwidth_digits": True, "amount_decimals": True}),
        "yuan": (2020, {"amount_in_yuan": True, "thousands_sep": True}),
        "nocorner": (2022, {"corner_note": False, "repeat_header": True, "title_split": True}),
        **{f"dash{i}": (2023, {"dash_zeros": d}) for i, d in enumerate(DASHES)},
        # what real reports print that the schema does not list (issue #11)
        "real1": (2023, {"wordings": _real_wordings(0), "prose_quotes": True, "footnote": True}),
        "real2": (2022, {"wordings": _real_wordings(1), "t4_blank_row": True, "narrow_labels": True}),
        "real2019": (2020, {"wordings": _real_wordings(0), "prose_quotes": True, "minus_sign": True,
                            "narrow_labels": True, "p_in_cells": True}),
        # the PDF reader of readback.py finds table-3 rows by the start of their label on one
        # line; narrow (wrapped) labels are read back from HTML/DOCX here and from PDF by the
        # extractor in tests/extract/test_generated_real_shapes.py
        "real2019w": (2020, {"wordings": _real_wordings(1), "prose_quotes": True, "minus_sign": True,
                             "t4_blank_row": True, "footnote": True, "remark_column": True}),
        "totalfirst": (2023, {"total_first": True, "remark_column": True, "footnote": True}),
        "totalfirst2019": (2022, {"total_first": True, "blank_zeros": True, "split_tables": True}),
        # a 序号 column, shanghai-bgt-2019's table 2 grid, table 3 typed again overleaf (issue #11)
        "serial": (2023, {"serial_column": True, "header_off": True, "regroup_break": True}),
        "serial2019": (2020, {"serial_column": True, "header_off": True, "regroup_break": True,
                              "repeat_header": True, "remark_column": True}),
    }
    for name, (year, style) in forced.items():
        specs[f"style-{name}"] = _forced(name, year, **style)
    specs["large"] = _large_spec()
    for kind in BREAKS:
        specs[f"break-{kind}"] = random_spec(random.Random(f"break-{kind}"), "某区民政局", 2023, breaks=(kind,))
    return specs


SPECS = sample_specs()
# PDF costs one soffice run for the whole batch: seeds plus a spread of layouts and habits.
PDF_KEYS = [k for k in SPECS if k.startswith("seed")] + [
    "random-2020-0", "random-2022-1", "random-2023-2", "unbalanced-2023", "style-spaces", "style-typos2019",
    "style-fullwidth", "style-yuan", "style-nocorner", "style-dash0", "style-blank", "large",
    "style-real1", "style-real2", "style-real2019", "style-real2019w", "break-blank_totals",
    "style-totalfirst", "style-serial", "style-serial2019"]


def truth_facts(spec: ReportSpec) -> dict:
    return spec.truth()["facts"]


# ---------------------------------------------------------------- truth and checks
@pytest.mark.parametrize("i", range(5))
def test_seed_truth_is_the_expected_json(i):
    spec = seed_specs()[i]
    exp = json.loads(sorted(EXPECTED.glob("*.json"))[i].read_text("utf-8"))
    exp.pop("file")
    assert spec.truth() == {**exp, "complete": True, "missing": []}


def test_truth_shape_and_failed_checks_come_from_schema():
    for spec in SPECS.values():
        t = spec.truth()
        assert list(t) == ["agency", "year", "templates", "facts", "failed_checks", "complete", "missing"]
        assert list(t["facts"]) == list(schema.codes_for(spec.templates))
        # the generator's own arithmetic (checks.py) agrees with the extractor's schema
        assert t["failed_checks"] == schema.failed_check_ids(spec.facts)
        assert t["complete"] is True and t["missing"] == []


def test_random_specs_pass_every_check_by_default():
    for i in range(200):
        s = random_spec(random.Random(i), "某县人民政府办公室", 2019 + i % 6, breaks=())
        assert s.truth()["failed_checks"] == [], (i, s.truth()["failed_checks"])


def test_fail_balance_fails_exactly_one_column_and_the_total_balance():
    cols = Counter()
    for i in range(200):
        s = random_spec(random.Random(i), "某县人民政府办公室", 2019 + i % 6, fail_balance=True, breaks=())
        failed = s.truth()["failed_checks"]
        party = [f for f in failed if f != "t3.balance.total"]
        assert len(party) == 1 and "t3.balance.total" in failed and len(failed) == 2, failed
        col = party[0].removeprefix("t3.balance.")
        assert col in schema.T3_PARTY_COLUMNS
        cols[col] += 1
        new = s.facts[f"t3.new.{col}"] + s.facts[f"t3.carried_in.{col}"]
        assert new != s.facts[f"t3.total.{col}"] + s.facts[f"t3.carried_out.{col}"]
    assert cols["natural"] > 50 and len(cols) >= 4


def test_random_facts_look_like_real_reports():
    specs = [random_spec(random.Random(f"real-{i}"), "某县人民政府", 2019 + i % 6) for i in range(600)]
    new = [s.facts["t3.new.total"] for s in specs]
    assert sum(n == 0 for n in new) > 30, "many agencies receive no request"
    assert sum(n <= 10 for n in new) > 250, "most agencies are small"
    assert sum(n >= 250 for n in new) > 10, "a few are large"
    assert sum(s.facts["t2.licensing.decisions"] >= 1000 for s in specs) > 20
    amounts = [s.facts[c] for s in specs for c in ("t2.fees.amount", "t2.procurement.amount") if c in s.facts]
    assert any(isinstance(a, float) for a in amounts), "fractional 万元 amounts occur"
    assert all(round(a, 2) == a for a in amounts)
    changes = [s.facts[c] for s in specs for c in s.facts if c.endswith(".change")]
    assert min(changes) < 0 < max(changes)
    assert all(v >= 0 for s in specs for c, v in s.facts.items() if not c.endswith(".change"))
    by_year = Counter((s.year >= 2021, s.templates["t2"], s.templates["t3"]) for s in specs)
    assert set(by_year) == {(False, "2019", "2019"), (True, "2021", "2021"), (True, "2021", "2019")}
    assert by_year[(True, "2021", "2021")] > 3 * by_year[(True, "2021", "2019")]


def test_style_random_draws_every_habit():
    styles = [Style.random(random.Random(i)) for i in range(400)]
    for f in dataclasses.fields(Style):
        if f.name in ("omit_rows", "spaced_digits"):  # set by tests only: reports that lose facts by design
            continue
        seen = {json.dumps(getattr(s, f.name)) for s in styles}
        assert len(seen) >= 2, f"{f.name} never varies"
    assert {s.heading_style for s in styles} == {"cn", "mixed", "arabic"}
    assert {s.dash_zeros for s in styles} == {"", *DASHES}
    assert sum(s.blank_zeros for s in styles) < 200, "tidy reports stay the majority"


# ---------------------------------------------------------------- HTML and DOCX read back
@pytest.mark.parametrize("key", list(SPECS))
def test_html_prints_every_fact_in_its_row_and_column(key):
    spec = SPECS[key]
    data = render(spec, "html")
    assert data.startswith(b"<!DOCTYPE html>") and "<title>" + spec.title in data.decode("utf-8")
    assert facts_from_lines(html_lines(data), spec.templates) == truth_facts(spec)


@pytest.mark.parametrize("key", list(SPECS))
def test_docx_prints_every_fact_in_its_row_and_column(key):
    spec = SPECS[key]
    assert facts_from_lines(docx_lines(render(spec, "docx")), spec.templates) == truth_facts(spec)


def test_html_keeps_the_cms_markup_habits():
    seed002 = render(seed_specs()[2], "html").decode("utf-8")
    assert "&nbsp;" in seed002 and 'rowspan="' in seed002 and 'colspan="' in seed002
    assert "3、 收到和处理政府信息公开申请情况" in seed002
    split = render(SPECS["style-split"], "html").decode("utf-8")
    lines = html_lines(split.encode())
    t3_at = next(i for i, ln in enumerate(lines) if ln[0] == "p" and norm(ln[1]).endswith(schema.T3_TITLE))
    t4_at = next(i for i, ln in enumerate(lines) if ln[0] == "p" and norm(ln[1]).endswith(schema.T4_TITLE))
    assert split.count("<table") >= 4 + 2 + 1  # four table-2 pieces, table 3 in 2-3 pieces, table 4
    assert any(ln[0] == "p" and "第二十条" in ln[1] for ln in lines), "第二十条 headings outside the tables"
    assert sum(1 for ln in lines[t3_at:t4_at] if ln[0] == "row") == 3 + len(schema.T3_ROWS["2021"])
    fragment = render_html_fragment(SPECS["style-split"])
    assert fragment.startswith("<div") and "<html" not in fragment and fragment in split
    assert "<br/>" in render(SPECS["style-blank"], "html").decode("utf-8")


def test_variants_are_printed_as_real_reports_print_them():
    text = lambda key: render(SPECS[key], "html").decode("utf-8")
    assert "本年度止件数" in text("seed0") and "其他法律行政止公开" in text("style-typos")
    assert "结果 维持" in text("style-spaces") and "(一) 予以公开" in text("style-spaces").replace("（", "(").replace("）", ")")
    assert "１" in text("style-fullwidth") or "０" in text("style-fullwidth")
    large = SPECS["large"]
    assert f"{large.facts['t2.licensing.decisions']:,}" in text("large")
    yuan = SPECS["style-yuan"].facts["t2.procurement.amount"]
    if yuan:
        assert f"{round(yuan * 10000):,}元" in text("style-yuan")
    assert "1、" in text("style-arabic") and "6、其他需要报告的事项" in text("style-arabic")


def test_rendering_is_deterministic():
    spec = SPECS["random-2023-3"]
    assert render(spec, "html") == render(spec, "html")
    assert render(spec, "docx") == render(spec, "docx")
    assert render(spec, "docx") != render(SPECS["random-2023-4"], "docx")


def test_some_reports_quote_a_request_count_the_table_does_not_have():
    spec = dataclasses.replace(SPECS["random-2023-1"], style=Style(prose_disagrees=True))
    lines = html_lines(render(spec, "html"))
    prose = "".join(t for kind, t, *_ in lines if kind == "p")
    assert facts_from_lines(lines, spec.templates) == truth_facts(spec)  # the table still tells the truth
    quoted = [int(n) for n in re.findall(r"(?:公开申请|依申请公开)(\d+)件", prose)]
    assert quoted and spec.facts["t3.new.total"] not in quoted[:1]


# ---------------------------------------------------------------- PDF, DOC, WPS (LibreOffice)
@pytest.fixture(scope="module")
def office_docs(tmp_path_factory):
    """One soffice run per target format for everything this module converts."""
    noise = noise_spec("news", "某县人民政府办公室", 2023)
    items = [(SPECS[k], "pdf") for k in PDF_KEYS] + [(noise, "pdf")]
    items += [(SPECS["seed4"], "doc"), (SPECS["seed4"], "wps"), (SPECS["random-2020-0"], "doc")]
    out = render_many(items, cache_dir=tmp_path_factory.mktemp("cache"))
    n = len(PDF_KEYS)
    return {"pdf": dict(zip(PDF_KEYS, out[:n])), "noise_pdf": out[n], "doc": out[n + 1],
            "wps": out[n + 2], "doc2020": out[n + 3]}


def _row_check(tokens: list[str], expected: list, blank_ok: bool, where: str) -> None:
    got = [value(t) for t in tokens]
    if len(got) == len(expected):
        assert got == expected, where
    else:  # blank zeros print nothing, so only the non-zero values are on the line, in order
        assert blank_ok, f"{where}: {got} vs {expected}"
        assert got == [v for v in expected if v != 0], where


@pytest.mark.parametrize("key", PDF_KEYS)
def test_pdf_prints_every_fact_in_its_row_and_column(office_docs, key):
    spec = SPECS[key]
    data = office_docs["pdf"][key]
    assert data.startswith(b"%PDF-")
    rows = pdf_tables(pdf_text_lines(data), spec.templates, value_lines=spec.style.narrow_labels,
                      serial=spec.style.serial_column)
    f = truth_facts(spec)
    for block in schema.T2_BLOCKS[spec.templates["t2"]]:
        for row in block.rows:
            _row_check(rows[("t2", row.key)], [f[f"t2.{row.key}.{c.key}"] for c in block.columns], False,
                       f"t2 {row.key}")
    cols = [c.key for c in schema.T3_COLUMNS]
    if spec.style.total_first:  # 总计 printed before 自然人
        cols = ["total", *cols[:-1]]
    for row in schema.T3_ROWS[spec.templates["t3"]]:
        _row_check(rows[("t3", row.key)], [f[f"t3.{row.key}.{c}"] for c in cols],
                   spec.style.blank_zeros, f"t3 {row.key}")
    _row_check(rows[("t4", None)], [f[c] for c in schema.layout_codes("t4", "2021")], spec.style.blank_zeros, "t4")


def test_pdf_tables_break_across_pages(office_docs):
    """Table 3 is long: in most reports it runs over a page break, as agencies' PDFs do."""
    broken = 0
    for data in office_docs["pdf"].values():
        pages = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                               check=True).stdout.decode().split("\f")
        t3 = next(i for i, p in enumerate(pages) if "申请人情况" in p)
        t4 = next(i for i, p in enumerate(pages) if "复议后起诉" in p)
        broken += t4 > t3
    assert broken >= len(office_docs["pdf"]) // 2


def test_doc_and_wps_are_word97_binaries(office_docs):
    ole = bytes.fromhex("d0cf11e0a1b11ae1")
    assert office_docs["doc"].startswith(ole) and office_docs["doc2020"].startswith(ole)
    assert office_docs["wps"] == office_docs["doc"]  # WPS writes the Word 97 format under .wps
    # antiword reads the file as Word 97 (it drops table 3's body and the 四 heading when table 4
    # follows, a limit of antiword with LibreOffice-written tables, so the labels are also looked
    # up in the document's UTF-16 text)
    text = norm(subprocess.run(["antiword", "-w", "0", "-"], input=office_docs["doc"], capture_output=True,
                               check=True).stdout.decode("utf-8"))
    assert "海东工业园区2021年政府信息公开工作年度报告" in text and "五、存在的主要问题及改进情况" in text
    assert "|行政规范性文件|1|1|6|" in text
    for row in schema.T3_ROWS["2019"]:
        forms = {row.item.label, row.item.label.replace("（", "(").replace("）", ")")}
        assert any(f.encode("utf-16-le") in office_docs["doc"] for f in forms), row.key


def test_noise_pdf_has_no_ogi_tables(office_docs):
    text = norm("\n".join(pdf_text_lines(office_docs["noise_pdf"])))
    assert "年度报告" in text and "申请人情况" not in text and "第二十条第" not in text


# ---------------------------------------------------------------- noise, cache, errors
@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_noise_documents_have_no_ogi_tables(kind):
    html = render_noise(kind, "某市财政局", 2023, "html")
    for data, lines in ((html, html_lines(html)), (None, docx_lines(render_noise(kind, "某市财政局", 2023, "docx")))):
        text = norm("".join(ln[1] if ln[0] == "p" else "".join(ln[1]) for ln in lines))
        assert len(text) > 150
        for marker in ("申请人情况", "第二十条第", "本年新收政府信息公开申请数量", "结果维持"):
            assert marker not in text, (kind, marker)
    title = noise_spec(kind, "某市财政局", 2023).title
    assert title in html.decode("utf-8")
    assert {"work_report": "政府工作报告", "final_accounts": "部门决算", "rule_of_law": "法治政府建设年度报告",
            "guide": "政府信息公开指南", "news": "年度报告"}[kind] in title


def test_cache_serves_stored_bytes_under_the_generator_version(tmp_path):
    spec = SPECS["seed1"]
    first = render_many([(spec, "html"), (spec, "docx")], cache_dir=tmp_path)
    stored = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(stored) == 2 and all(f"v{GENERATOR_VERSION}" in p.parts for p in stored)
    html_file = next(p for p in stored if p.suffix == ".html")
    assert html_file.read_bytes() == first[0]
    html_file.write_bytes(b"from the cache")
    again = render_many([(spec, "html"), (spec, "docx")], cache_dir=tmp_path)
    assert again == [b"from the cache", first[1]]
    other = dataclasses.replace(spec, facts={**spec.facts, "t3.new.natural": 19})
    assert render_many([(other, "html")], cache_dir=tmp_path)[0] != b"from the cache"


def test_a_hung_soffice_is_killed_with_a_one_line_error():
    with pytest.raises(ConversionError, match=r"soffice hung converting 1 files \(killed after 0s\)"):
        convert_many([render(SPECS["seed0"], "docx")], "pdf", timeout_base=0.05, per_file=0)


def test_bad_input_gets_a_clear_error():
    spec = SPECS["seed0"]
    with pytest.raises(ValueError, match="unknown format 'xls'"):
        render(spec, "xls")
    with pytest.raises(ValueError, match="facts do not match templates"):
        ReportSpec(spec.agency, spec.year, {"t2": "2019", "t3": "2019"}, spec.facts)
    with pytest.raises(ValueError, match="2019"):
        random_spec(random.Random(0), "某县", 2018)
    with pytest.raises(ValueError, match="unknown noise kind"):
        render_noise("budget", "某县", 2023, "html")
    assert set(FORMATS) == {"html", "docx", "pdf", "doc", "wps"}


# ---------------------------------------------------------------- what real reports do (issue #11)
def test_break_kinds_fail_the_checks_they_name():
    for i in range(60):
        t = {k: random_spec(random.Random(f"brk-{i}"), "某区民政局", 2019 + i % 6, breaks=(k,)).truth()
             for k in BREAKS}
        for k, truth in t.items():
            failed = truth["failed_checks"]
            assert failed == schema.failed_check_ids(truth["facts"]), k  # own arithmetic agrees
        assert any(f.startswith("t3.row_total.") for f in t["row_total"]["failed_checks"])
        out = t["outcomes"]["failed_checks"]
        assert "t3.outcomes.total" in out and not any(f.startswith(("t3.row_total", "t3.balance")) for f in out), out
        assert len(t["t4_sum"]["failed_checks"]) == 1 and t["t4_sum"]["failed_checks"][0].startswith("t4.sum.")
        blank = t["blank_totals"]
        outcome_rows = [r.key for r in schema.T3_ROWS[blank["templates"]["t3"]] if r.outcome]
        expect = [f"t3.row_total.{r}" for r in outcome_rows
                  if any(blank["facts"][f"t3.{r}.{c}"] for c in schema.T3_PARTY_COLUMNS)]
        assert [f for f in blank["failed_checks"] if f.startswith("t3.row_total.")] == expect
        assert ("t3.outcomes.total" in blank["failed_checks"]) == (blank["facts"]["t3.total.total"] != 0)


def test_random_reports_break_checks_at_the_drawn_shares():
    failing = sum(bool(random_spec(random.Random(f"share-{i}"), "某县人民政府", 2023).truth()["failed_checks"])
                  for i in range(400))
    assert 30 <= failing <= 90, failing  # ≈ 15% of reports break at least one check


def test_omitted_rows_make_the_truth_incomplete():
    s = _forced("omit", 2023)
    s = dataclasses.replace(s, style=dataclasses.replace(s.style, omit_rows=("partial",)))
    t = s.truth()
    gone = [f"t3.partial.{c.key}" for c in schema.T3_COLUMNS]
    assert t["complete"] is False and t["missing"] == gone
    assert not set(gone) & set(t["facts"]) and len(t["facts"]) == len(schema.codes_for(s.templates)) - 7
    html = render(s, "html").decode()
    assert "部分公开" not in html.split("收到和处理政府信息公开申请情况")[1].split("行政复议")[0]
    # every check that needs the row is undecided; the others are decided as before
    from simweb.generator.checks import undecided
    assert undecided(t["facts"]) == [f"t3.outcomes.{c.key}" for c in schema.T3_COLUMNS] + ["t3.row_total.partial"]
    assert t["failed_checks"] == []


def test_real_wordings_are_unknown_to_the_schema_and_have_sources():
    from simweb.generator.wordings import real_wordings
    known = {x for rows in schema.T3_ROWS.values() for r in rows for x in r.item.labels}
    known |= {x for b in schema.T2_BLOCKS.values() for bl in b for it in bl.columns + bl.rows for x in it.labels}
    known |= {x for it in schema.T3_COLUMNS + schema.T4_COLUMNS for x in it.labels}
    known |= set(schema.SECTION_TITLES.values()) | set(schema.T3_GROUP_LABELS)
    rows = real_wordings()
    assert len(rows) >= 15
    for target, wording, source in rows:
        assert source.strip() and target.split(".")[0] in ("heading", "t2", "t3", "t4")
        # printed as no schema label is (a line break or a space inside counts)
        assert wording not in known, wording


def test_every_real_wording_is_drawn_and_printed():
    seen = Counter()
    for i in range(300):
        s = random_spec(random.Random(f"w-{i}"), "某县人民政府", 2019 + i % 6)
        seen.update(t for t, _ in s.style.wordings)
    assert set(seen) == set(wording_targets()) and min(seen.values()) >= 15, seen
    html = "".join(render(SPECS[k], "html").decode() for k in ("style-real1", "style-real2019"))
    for t, w in SPECS["style-real1"].style.wordings:
        assert w.replace("\n", "<br/>") in html, (t, w)


def test_prose_quotes_labels_and_numbers_before_each_table():
    s = SPECS["style-real2019"]
    paras = [b.text for b in s.blocks() if b.kind == "para"]
    q2 = next(p for p in paras if p.startswith("本年新制作行政规范性文件"))
    assert f"{s.facts['t2.normative.made']}件" in q2
    table2 = render_html_fragment(s).split("主动公开政府信息情况")[1].split("收到和处理")[0]
    assert ">规范性文件<" in table2 and ">行政规范性文件<" not in table2


def test_minus_sign_and_extra_rows():
    st = Style(minus_sign=True)
    from simweb.generator.values import cell_text
    assert cell_text(-18, "t2", st) == "\u221218" and cell_text(-18, "t2", Style()) == "-18"
    html = render(SPECS["style-real1"], "html").decode()
    assert "注：本表数据统计期限" in html
    t4 = render(SPECS["style-real2"], "html").decode().split("复议后起诉")[1]
    assert t4.count("<tr") == 3  # 结果维持… header, the values, and one all-blank row


def test_spaced_digits_print_a_space_and_leave_the_truth():
    s = _forced("spaced", 2023)
    codes = [c for c, v in s.facts.items() if c.startswith("t3.") and v >= 10][:2]
    assert len(codes) == 2
    s = dataclasses.replace(s, style=dataclasses.replace(s.style, spaced_digits=tuple(codes)))
    t = s.truth()
    assert t["complete"] is False and t["missing"] == codes
    assert not set(codes) & set(t["facts"]) and len(t["facts"]) == len(schema.codes_for(s.templates)) - 2
    cells = {c for kind, row, *_ in html_lines(render(s, "html")) if kind == "row" for c in row}
    for code in codes:
        text = str(s.facts[code])
        assert f"{text[0]} {text[1:]}" in cells, code
    # a number of one digit has no two digits to type a space between
    one = next(c for c, v in s.facts.items() if c.startswith("t3.") and 0 < v < 10)
    with pytest.raises(ValueError, match="no two digits"):
        render(dataclasses.replace(s, style=dataclasses.replace(s.style, spaced_digits=(one,))), "html")


def test_serial_column_numbers_rows_and_header_off_shifts_value_spans():
    from simweb.generator.tables import table2, table3
    s = SPECS["style-serial2019"]
    t3 = table3(s)
    assert t3.ncols == 12 and t3.rows[0][0].text == "序号"  # 序号 + 3 label + 7 value columns + 备注
    assert [row[0].text for row in t3.rows[3:]] == [str(n) for n in range(1, len(schema.T3_ROWS["2019"]) + 1)]
    t2 = table2(s)
    spans = {row[1].text: [c.colspan for c in row[2:]] for row in t2.rows if len(row) > 2}
    heads = [[c.colspan for c in row[2:]] for row in t2.rows if len(row) > 2 and row[1].text == "信息内容"]
    assert heads == [[1, 2, 1]] * 3 + [[2, 2]] * 2 and spans["规章"] == [1, 2, 1]
    assert spans["行政许可"] == spans["行政处罚"] == [2, 1, 1]  # one grid column off their header
    assert spans["行政事业性收费"] == spans["政府集中采购"] == [2, 2]
    assert [row[0].text for row in t2.rows if row[0].kind == "serial"] == ["1", "2", "3", "4", "5", "6", "7", "8"]
