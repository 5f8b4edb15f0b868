"""The simulated web against the evidence (/work/shared/realweb/PATTERNS.md): URL families in their
real proportions, titles in the real shapes with their real frequencies, the non-reports real
columns hold, and a truth manifest that is consistent with itself (every report in a column the
truth names, every column and listing answering). Shares are written by hand from PATTERNS.md."""
from __future__ import annotations

import re
from collections import Counter

FAMILIES = (  # PATTERNS.md §1, in the order a URL is tested
    ("trs", re.compile(r"/t\d{8}_\d+(_\d+)?\.s?html?$")),
    ("hanweb", re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$|/module/xxgk/xxgkAnnualReport\.jsp\?")),
    ("gkmlpt", re.compile(r"/post_\d+\.html$")),
    ("vsb", re.compile(r"/info/\d+/\d+\.htm$")),
    ("uuid32", re.compile(r"/[0-9a-f]{32}\.shtml$")),
    ("objectid", re.compile(r"/[0-9a-f]{24}\.html$")),
)


def family(url: str) -> str:
    return next((name for name, rx in FAMILIES if rx.search(url)), "other")


def report_pages(truth: dict) -> dict[str, str]:
    """report_key → the page that publishes it (the article, or the carrier of an attachment)."""
    out = {}
    for e in truth["reports"]:
        out.setdefault(e["report_key"], e["url"] if e["role"] == "article" else e["parent_url"])
    return out


def test_url_families_in_their_real_proportions(simweb_truth):
    pages = report_pages(simweb_truth)
    share = {k: v / len(pages) for k, v in Counter(family(u) for u in pages.values()).items()}
    # real: TRS 45%, Hanweb 13%, VSB 6%, gkmlpt 5.5%, uuid32 3.6%, ObjectId 3.6%, other ~23%
    assert 0.40 <= share["trs"] <= 0.52, share
    assert 0.10 <= share["hanweb"] <= 0.18, share
    assert 0.035 <= share["vsb"] <= 0.09, share
    assert 0.03 <= share["gkmlpt"] <= 0.08, share
    assert 0.02 <= share["uuid32"] <= 0.07 and 0.02 <= share["objectid"] <= 0.07, share
    assert 0.12 <= share["other"] <= 0.30, share


SHAPES = {  # PATTERNS.md §3 shape id → the title as a regex (A = agency, Y = year)
    "1": r"{A}{Y}年政府信息公开工作年度报告", "2": r"{A}{Y}年度政府信息公开工作年度报告",
    "3": r"{A}{Y}年政府信息公开工作年度报告", "4": r"{Y}年{A}政府信息公开工作年度报告",
    "5": r"{Y}年度政府信息公开工作年度报告（{A}）", "6": r"{A}{Y}年度政府信息公开工作报告",
    "7": r"{Y}年政府信息公开工作年度报告", "10": r"{Y}年度本级政府（机关）信息公开工作年度报告",
    "12": r"{A}{Y}年 政府信息公开工作年度报告", "13": r"{A}", "14": r"{A}{Y}年度信息公开工作年度报告",
    "16": r"{A}{Y}年政务信息公开工作开展年度报告", "17": r"{A}{Y}年度信息公开工作报告",
    "19": r"{A}{Y}政府信息公开工作年度报告", "20": r"政府信息公开工作年度报告", "21": r"{A} {Y}年政府信息公开工作年度报告",
    "22": r"{A}{Y}年政务信息公开年度报告", "23": r"{Y}年政府信息公开年报", "24": r"{A}{Y}年政府信息公开工作年报",
    "26": r"{A}{Y}年政府信息公开工作报告", "27": r"{A}{Y}年信息公开工作年度报告", "28": r"{A}{Y}年信息公开年度报告",
    "q": r"{A}{Y}年度政府信息公开工作情况报告",  # the ending issue #12 names
}


def test_titles_take_the_real_shapes_with_their_real_frequencies(simweb_truth):
    reports = {e["report_key"]: e for e in simweb_truth["reports"]}.values()
    drawn = [e for e in reports if not e["seed"]]
    for e in drawn:
        want = SHAPES[e["title_shape"]].format(A=re.escape(e["agency"]), Y=e["year"])
        assert re.fullmatch(want, e["title"]), (e["title_shape"], e["title"])
    n = Counter(e["title_shape"] for e in drawn)
    total = len(drawn)
    # real counts over 127 titles: shape 1 70 (55%), 2 21 (17%), 3 9 (7%), 4 4, 5 4, 6 3, 7 2, the rest 1 each
    assert 0.45 <= n["1"] / total <= 0.65 and 0.10 <= n["2"] / total <= 0.25, n
    assert 0.03 <= n["3"] / total <= 0.12 and n["4"] + n["5"] + n["6"] >= 8, n
    assert len(n) >= 14 and sum(n[s] for s in ("7", "10", "20", "23")) >= 4, n
    assert any(e["title"].endswith("工作报告") for e in drawn) and any(e["title"].endswith("年报") for e in drawn)
    assert any(e["title"].endswith(f"（{e['agency']}）") for e in drawn)


def test_columns_hold_the_non_reports_real_ones_do(simweb_truth):
    keep_out = set(simweb_truth["never_keep"])
    listed = {u for L in simweb_truth["listings"].values() for u in L["items"]}
    noise_listed = keep_out & listed
    assert len(noise_listed) >= 20
    assert len(simweb_truth["forms"]) >= 4  # one per TRS platform's sidebar, never in a listing
    assert not set(simweb_truth["forms"]) & listed


def test_truth_is_consistent_with_itself(simweb_truth):
    t = simweb_truth
    assert set(t["sites"]) == set(t["listings"]) and len(t["sites"]) == 14
    assert Counter(s["outcome"] for s in t["sites"].values()) == Counter(
        {"ok": 11, "robots": 1, "challenge": 1, "https-fallback": 1})
    docs: dict[str, list[dict]] = {}
    for e in t["reports"]:
        docs.setdefault(e["report_key"], []).append(e)
    for key, entries in docs.items():  # each report is listed by its article's link or its carrier
        listed = set(t["listings"][entries[0]["site_id"]]["items"])
        assert any(e["link_url"] in listed or e["parent_url"] in listed for e in entries), key
    for e in t["reports"]:
        site = t["sites"][e["site_id"]]
        assert e["column_url"] in site["column_urls"], e["url"]
        assert e["url"].split("/")[2].split(":")[0] in site["hosts"]
        assert re.fullmatch(r"[0-9a-f]{64}", e["sha256"])
        if e["listed"]:
            assert e["listed"] != e["published"]
    keys = Counter(e["report_key"] for e in t["reports"])
    assert max(keys.values()) == 2
    # every agency-year once
    seen = Counter((e["agency"], e["year"]) for e in {e["report_key"]: e for e in t["reports"]}.values())
    assert max(seen.values()) == 1
