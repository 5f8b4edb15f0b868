"""The printing habits of one report: every switch the extractor must cope with.

Each switch copies something seen in real reports (see tests/fixtures/corpus/seeds): misprinted
labels, spaces inside wrapped labels, blank or dashed zeros, "3、" section numbering, tables pasted
into a CMS in pieces, full-width digits, thousands separators, amounts in 元."""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields

from .wordings import draw as draw_wordings

# Items whose printed label some real reports replace with the schema's first variant.
TYPO_KEYS = ("repealed", "denied_law", "issued", "in_force", "decisions", "partial", "denied_safety",
             "normative", "change", "other_no_correction", "other_no_fee", "amount")
DASHES = ("—", "/", "无", "-")
FONTS = ("Noto Serif CJK SC", "SimSun", "FangSong", "仿宋_GB2312", "Noto Sans CJK SC")


@dataclass(frozen=True)
class Style:
    label_spaces: bool = False  # "结果 维持", "(一) 予以公开", "1. 属于国家秘密"
    typo_labels: tuple[str, ...] = ()  # item keys printed with the schema variant ("本年度止件数")
    half_parens: bool = False  # "(一)" and "第二十条第(一)项" instead of full-width brackets
    blank_zeros: bool = False  # zeros of tables 3 and 4 left as empty cells
    dash_zeros: str = ""  # "—" "/" "无" "-" for zeros of tables 2 and 4 ("" = print 0)
    heading_style: str = "cn"  # cn: 一、…六、 · arabic: 1、…6、 · mixed: 三 printed as "3、"
    split_tables: bool = False  # HTML: table 3 pasted as 2-3 <table>s
    header_outside: bool = False  # HTML: table 2's 第二十条 heading rows as <p> before each piece
    p_in_cells: bool = False  # HTML: <p>/<span>/<br> inside cells (Word paste)
    fullwidth_digits: bool = False  # "１２"
    thousands_sep: bool = False  # "30,556"
    amount_in_yuan: bool = False  # 2019 table 2: procurement amount as "251000元"
    amount_decimals: bool = False  # 万元 amounts as "837.00"
    corner_note: bool = True  # table 3's 勾稽关系 note in the top-left cell
    repeat_header: bool = False  # DOCX/PDF: table 3 header rows repeat on each page
    page_numbers: bool = True  # DOCX/PDF: "- 1 -" footer
    title_split: bool = False  # agency on one line, "<year>年政府信息公开工作年度报告" on the next
    title_spaces: bool = False  # "2024 年政府信息公开工作年度报告"
    prose_disagrees: bool = False  # section 一 quotes a request count that is not table 3's
    period_sentence: bool = False  # section 六 states the statistics period
    html_flavor: str = "ueditor"  # ueditor | word_paste | plain
    font: str = "Noto Serif CJK SC"  # east-asian font of DOCX/PDF body text
    table_font_pt: float = 10.5
    # from real reports read for issue #11 (tests/fixtures/real, ../shared/realweb/pingtan)
    wordings: tuple[tuple[str, str], ...] = ()  # (target, wording) from real_wordings.csv
    prose_quotes: bool = False  # a paragraph quoting row labels with their numbers before each table
    narrow_labels: bool = False  # DOCX/PDF: table 3 label column so narrow labels wrap over lines
    footnote: bool = False  # a "注：…" row spanning the foot of table 3
    minus_sign: bool = False  # negative 本年增/减 printed with U+2212 ("−18"), as pingtan 2019 does
    t4_blank_row: bool = False  # an extra all-blank row under table 4's values (pingtan)
    total_first: bool = False  # table 3's 总计 column printed first, before 自然人 (issue #11)
    remark_column: bool = False  # table 3 with an extra blank 备注 column on the right
    omit_rows: tuple[str, ...] = ()  # table-3 rows the report does not print (truth: incomplete)
    serial_column: bool = False  # tables 2 and 3 with a 序号 column on the left, rows numbered 1, 2, 3 …
    header_off: bool = False  # table 2 on a 5-column grid; 2019 （五）/（六）: header 1·2·1 over values 2·1·1
    regroup_break: bool = False  # DOCX/PDF: table 3 goes on overleaf as a second table, group labels typed again
    spaced_digits: tuple[str, ...] = ()  # codes whose number is typed with a space in it ("1 0"): no fact

    @classmethod
    def random(cls, rng: random.Random) -> Style:
        """A realistic mix: most reports are tidy, each habit shows up in a fair share."""
        def p(x: float) -> bool:
            return rng.random() < x

        # switches added after the simulated web was first drawn come from a stream of their own,
        # seeded by rng's state without drawing from it: every later draw of random_spec (dates,
        # prose seeds) stays what it was, and so do the reports that do not show the new habits
        later = random.Random(str(rng.getstate()))

        def q(x: float) -> bool:
            return later.random() < x

        typos: tuple[str, ...] = ()
        if p(0.35):
            typos = ("repealed",) + tuple(k for k in TYPO_KEYS[1:] if p(0.25))
        return cls(
            label_spaces=p(0.25),
            typo_labels=typos,
            half_parens=p(0.3),
            blank_zeros=p(0.3),
            dash_zeros=rng.choice(DASHES) if p(0.2) else "",
            heading_style=rng.choices(("cn", "mixed", "arabic"), (0.8, 0.12, 0.08))[0],
            split_tables=p(0.2),
            header_outside=p(0.15),
            p_in_cells=p(0.35),
            fullwidth_digits=p(0.08),
            thousands_sep=p(0.3),
            amount_in_yuan=p(0.3),
            amount_decimals=p(0.25),
            corner_note=p(0.9),
            repeat_header=p(0.15),
            page_numbers=p(0.7),
            title_split=p(0.3),
            title_spaces=p(0.15),
            prose_disagrees=p(0.2),
            period_sentence=p(0.4),
            html_flavor=rng.choices(("ueditor", "word_paste", "plain"), (0.5, 0.35, 0.15))[0],
            font=rng.choice(FONTS),
            table_font_pt=rng.choice((9.0, 10.0, 10.5, 12.0)),
            wordings=draw_wordings(rng),
            prose_quotes=p(0.25),
            narrow_labels=p(0.2),
            footnote=p(0.1),
            minus_sign=p(0.15),
            t4_blank_row=p(0.05),
            total_first=p(0.04),
            remark_column=p(0.05),
            serial_column=q(0.05),
            header_off=q(0.05),
            regroup_break=q(0.06),
        )

    def as_dict(self) -> dict:
        d = asdict(self)
        d["typo_labels"] = list(self.typo_labels)
        d["wordings"] = [list(w) for w in self.wordings]
        d["omit_rows"] = list(self.omit_rows)
        d["spaced_digits"] = list(self.spaced_digits)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Style:
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        if "typo_labels" in kw:
            kw["typo_labels"] = tuple(kw["typo_labels"])
        if "wordings" in kw:
            kw["wordings"] = tuple(tuple(w) for w in kw["wordings"])
        for name in ("omit_rows", "spaced_digits"):
            if name in kw:
                kw[name] = tuple(kw[name])
        return cls(**kw)
