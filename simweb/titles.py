"""Report titles in the shapes real sites print, with their real frequencies
(/work/shared/realweb/PATTERNS.md §3: counts over 165 real report URLs plus mirrors/fixtures).

Shapes that are not reports (文字解读, 要点落实情况的函, "Page N -" scans) or not government
(CAS) are left out here: the non-reports are placed in columns as noise (web.py)."""
from __future__ import annotations

import random

# (shape id as in PATTERNS.md §3, weight = real count, template). X = agency, Y = year.
SHAPES: tuple[tuple[str, int, str], ...] = (
    ("1", 70, "{X}{Y}年政府信息公开工作年度报告"),
    ("2", 21, "{X}{Y}年度政府信息公开工作年度报告"),
    ("3", 9, "{X}\n{Y}年政府信息公开工作年度报告"),  # two-line heading; listings print it on one line
    ("4", 4, "{Y}年{X}政府信息公开工作年度报告"),
    ("5", 4, "{Y}年度政府信息公开工作年度报告（{X}）"),  # agency in brackets after the title
    ("6", 3, "{X}{Y}年度政府信息公开工作报告"),
    ("7", 2, "{Y}年政府信息公开工作年度报告"),  # no agency
    ("10", 1, "{Y}年度本级政府（机关）信息公开工作年度报告"),  # no agency
    ("12", 1, "{X}{Y}年 政府信息公开工作年度报告"),
    ("13", 1, "{X}"),  # the agency's name only (the year is in the column)
    ("14", 1, "{X}{Y}年度信息公开工作年度报告"),
    ("16", 1, "{X}{Y}年政务信息公开工作开展年度报告"),
    ("17", 1, "{X}{Y}年度信息公开工作报告"),
    ("19", 1, "{X}{Y}政府信息公开工作年度报告"),
    ("20", 1, "政府信息公开工作年度报告"),  # neither agency nor year
    ("21", 1, "{X} {Y}年政府信息公开工作年度报告"),
    ("22", 1, "{X}{Y}年政务信息公开年度报告"),
    ("23", 1, "{Y}年政府信息公开年报"),
    ("24", 1, "{X}{Y}年政府信息公开工作年报"),
    ("26", 1, "{X}{Y}年政府信息公开工作报告"),
    ("27", 1, "{X}{Y}年信息公开工作年度报告"),
    ("28", 1, "{X}{Y}年信息公开年度报告"),
    ("q", 1, "{X}{Y}年度政府信息公开工作情况报告"),  # issue #12 names this ending; not in PATTERNS' counts
)
_IDS, _WEIGHTS, _TEMPLATES = zip(*SHAPES)
NO_AGENCY = {"7", "10", "20", "23"}


def draw_shape(rng: random.Random) -> str:
    return rng.choices(_IDS, _WEIGHTS)[0]


def render(shape: str, agency: str, year: int) -> str:
    return _TEMPLATES[_IDS.index(shape)].format(X=agency, Y=year)


def one_line(title: str) -> str:
    """How a listing prints a two-line heading."""
    return title.replace("\n", "")


def report_title(rng: random.Random, agency: str, year: int) -> tuple[str, str]:
    """(title, shape id) drawn with the real frequencies."""
    shape = draw_shape(rng)
    return render(shape, agency, year), shape
