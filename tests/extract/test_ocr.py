"""Scanned reports read by OCR (real tesseract, real LibreOffice-rendered reports, real pixels):
a stamped scan PDF, a rotated long JPEG and a photographed TIFF, each read through extract_bytes
and compared cell by cell with the generator's truth; unreadable scans; the pieces of the OCR
pipeline on real images. The accuracy goal over many scans is measured by tests/bench/ocr_bench."""
from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from extract import schema
from extract.api import extract_bytes
from extract.errors import TimedOut, Unreadable
from extract.ocr import LOW_CONFIDENCE, clean, grid
from extract.ocr.readings import decide
from simweb.generator import random_spec, render_many
from simweb.generator.scans import blank_scan, render_scan, scan_pages, unrelated_photo
from tests.bench.ocr_bench import score

SPECS = [
    random_spec(random.Random(41), "某某县人民政府办公室", 2023, templates={"t2": "2021", "t3": "2021"}),
    random_spec(random.Random(42), "某某市生态环境局", 2020, templates={"t2": "2019", "t3": "2019"}),
    random_spec(random.Random(43), "某某区司法局", 2022, templates={"t2": "2021", "t3": "2019"}, fail_balance=True),
]
# (spec index, format, variant, dpi, file name)
SCANS = [(0, "scan_pdf", "seal", 200, "stamped.pdf"), (1, "jpg", "rotated", 200, "rotated.jpg"),
         (2, "tiff", "photo", 260, "photographed.tif")]  # 300 dpi: a lossless TIFF over 50 MB


@pytest.fixture(scope="session")
def report_pdfs():
    return render_many([(s, "pdf") for s in SPECS])


@pytest.fixture(scope="session")
def scans(report_pdfs):
    """(spec, file name, bytes, extract_bytes result) of each scan; read once per session."""
    out = []
    for i, fmt, variant, dpi, name in SCANS:
        if fmt == "tiff" and variant == "photo":
            # one phone photo per page, saved as the frames of one TIFF
            pages = scan_pages(SPECS[i], "photo", random.Random(7 + i), dpi=dpi, pdf=report_pdfs[i])
            buf = io.BytesIO()
            pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
            data = buf.getvalue()
        else:
            data = render_scan(SPECS[i], fmt, variant, random.Random(7 + i), dpi=dpi, pdf=report_pdfs[i])
        out.append((SPECS[i], name, data, extract_bytes(data, name, time_limit_s=None)))
    return out


# ------------------------------------------------------------------ whole scans, cell by cell
@pytest.mark.parametrize("index", range(len(SCANS)), ids=[s[4] for s in SCANS])
def test_scan_cells_exact_or_given_away(scans, index):
    spec, _name, _, result = scans[index]
    assert result["reason"] is None, result["reason"]
    (report,) = result["reports"]
    truth = spec.truth()
    assert report["templates"] == truth["templates"]
    assert report["year"] == truth["year"]
    s = score(report, truth)
    # ≥ 99% of this scan's cells exactly as printed (≥ 99.5% over all three: next test) ...
    assert s["exact"] >= 0.99 * s["cells"], s["wrong"]
    # ... and a wrong cell never passes silently: it is flagged low-confidence or in a failed check
    assert sorted(s["given_away"]) == sorted(s["wrong"])
    # no code the layout does not have, none invented
    assert set(report["facts"]) <= set(schema.codes_for(truth["templates"]))


def test_scans_accuracy_over_the_sample(scans):
    totals = [score(r["reports"][0], spec.truth()) for spec, _, _, r in scans]
    cells = sum(t["cells"] for t in totals)
    exact = sum(t["exact"] for t in totals)
    assert exact >= 0.995 * cells, [t["wrong"] for t in totals]


def test_true_check_failures_survive_ocr(scans):
    spec, _, _, result = scans[2]  # fail_balance: the report's own arithmetic is wrong
    report = result["reports"][0]
    failed = {c["id"] for c in report["checks"] if not c["ok"]}
    assert set(spec.truth()["failed_checks"]) <= failed
    assert "t3.balance.total" in failed


def test_ocr_report_carries_confidence_and_flags(scans):
    for spec, name, _, result in scans:
        (report,) = result["reports"]
        assert report["ocr"] is True
        prov = report["provenance"]
        assert set(prov) == set(report["facts"])
        for code, p in prov.items():
            assert 0.0 <= p["confidence"] <= 1.0, (name, code)
            assert p["page"] >= 1 and len(p["bbox"]) == 4
        low = sorted(w.split(": ", 1)[1] for w in report["warnings"] if w.startswith("low confidence: "))
        assert low == sorted(c for c, p in prov.items() if p["confidence"] < LOW_CONFIDENCE)


def test_scan_kinds(scans):
    assert [r["kind"] for _, _, _, r in scans] == ["pdf", "image", "image"]


def test_prose_and_metadata_are_read(scans):
    spec, _, _, result = scans[0]
    report = result["reports"][0]
    assert report["agency"] == spec.agency
    assert set(report["texts"]) == {"一", "五", "六"}


# ------------------------------------------------------------------ unreadable scans
@pytest.mark.parametrize("fmt", ["jpg", "scan_pdf"])
def test_blank_scan_gives_no_report_and_a_reason(fmt):
    result = extract_bytes(blank_scan(random.Random(3), fmt), f"blank.{'pdf' if fmt == 'scan_pdf' else fmt}")
    assert result["reports"] == []
    assert "OCR found no text" in result["reason"]


def test_photo_of_something_else_gives_no_report():
    result = extract_bytes(unrelated_photo(random.Random(5)), "photo.jpg")
    assert result["kind"] == "image"
    assert result["reports"] == []
    assert result["reason"]


def test_corrupt_image_is_one_line_error(tmp_path):
    png = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(png, "PNG")
    data = png.getvalue()[:60]
    with pytest.raises(Unreadable):
        extract_bytes(data, "cut.png")
    path = tmp_path / "cut.png"
    path.write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "extract", str(path), "--json"], check=False, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 3 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1


def _children(name: str) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("Name", "").strip() == name and fields.get("PPid", "").strip() == str(os.getpid()):
            out.append(int(d.name))
    return out


def test_ocr_stops_at_the_time_limit_and_leaves_no_tesseract(scans):
    _, _, data, _ = scans[0]
    with pytest.raises(TimedOut):
        extract_bytes(data, "stamped.pdf", time_limit_s=2)
    assert _children("tesseract") == []


# ------------------------------------------------------------------ the pieces, on real pixels
def _table_page(report_pdfs) -> np.ndarray:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(report_pdfs[0])
    try:
        for i in range(len(pdf)):
            text = pdf[i].get_textpage().get_text_range()
            if "本年新收" in text:
                return np.asarray(pdf[i].render(scale=300 / 72).to_pil().convert("L"))
    finally:
        pdf.close()
    raise AssertionError("no page with table 3")


def test_deskew_recovers_the_rotation(report_pdfs):
    page = _table_page(report_pdfs)
    for angle in (-2.5, 1.2):
        h, w = page.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        rotated = cv2.warpAffine(page, m, (w, h), borderValue=255)
        assert abs(clean.skew_angle(rotated) + angle) <= 0.2


def test_grid_finds_table3_header_merges(report_pdfs):
    page = _table_page(report_pdfs)
    tables, rulings = grid.find_tables(clean.ink_mask(page))
    t3 = max(tables, key=lambda t: len(t.xs))
    assert len(t3.xs) - 1 == 10 or len(t3.xs) - 1 == 8  # full grid, or a page holding only its top
    spans = {(c.rowspan, c.colspan) for c in t3.cells if c.row == 0}
    # the corner note over three header rows, 申请人情况 over the seven value columns
    assert (3, 1) in spans or (3, 3) in spans
    assert (1, 7) in spans
    assert rulings.any()


def test_seal_removal_keeps_black_print():
    img = Image.new("RGB", (600, 300), (245, 245, 245))
    d = ImageDraw.Draw(img)
    d.rectangle((100, 140, 500, 150), fill=(10, 10, 10))  # a black bar (print)
    a = np.asarray(img).astype(np.float32)
    seal = Image.new("RGB", (600, 300), (255, 255, 255))
    ImageDraw.Draw(seal).ellipse((200, 40, 420, 260), outline=(214, 32, 38), width=18)
    stamped = (a * np.asarray(seal, np.float32) / 255).astype(np.uint8)
    out, removed = clean.remove_seal(stamped)
    assert removed > 5000
    assert out[145, 110].max() < 60 and out[145, 300].max() < 60  # the bar, also where the ring crosses it
    assert out[50, 310].min() > 200  # the ring's top, away from print: white


def test_decide_keeps_a_reading_and_flags_disagreement():
    # both value passes agree: the mixed reading with its unit, full confidence
    assert decide("251000元", 0.9, "2510007", 0.95, "251000元", 0.93)[0] == "251000元"
    assert decide("网", 0.58, "2", 0.94, "2", 0.96) == ("2", 0.96)
    # they disagree: the digits reading, flagged
    text, conf = decide("", 0.0, "3", 0.9, "95", 0.6)
    assert text == "3" and conf < LOW_CONFIDENCE
    # a short label both Chinese readings agree on is never turned into digits
    assert decide("规章", 0.85, "5", 0.3, "规章", 0.9)[0] == "规章"
    # a zero mark the digits pass finds no digit in
    assert decide("无", 0.9, "", 0.0, "无", 0.9)[0] == "无"
    # ink nobody could read: nothing, at confidence 0
    assert decide("防", 0.1, "", 0.0, "", 0.0) == ("", 0.0)
