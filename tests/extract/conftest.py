"""Session fixtures of the reader tests (hand-made DOCX/PDF files, generated reports), defined in
reader_fixtures.py and shared by every test module of this directory."""
from .reader_fixtures import generated_reports, handmade_docx, handmade_pdf  # noqa: F401
