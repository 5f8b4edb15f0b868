"""Readers: one module per format, each `read(data: bytes) -> Document`.

`sniff(data, name)` decides the real format from the bytes (the extension lies on the real web).
"""
from __future__ import annotations

import importlib

from ..document import Document

# format → module under extract.readers exposing read(data: bytes) -> Document
READERS = {
    "text": "text",
    "html": "html",
    "docx": "docx",
    "pdf": "pdf",
    "doc": "legacy",
    "wps": "legacy",
    "xls": "legacy",
    "et": "legacy",
    "xlsx": "xlsx",
    "image": "ocr",
}


def read(kind: str, data: bytes) -> Document:
    module = importlib.import_module(f"{__name__}.{READERS[kind]}")
    return module.read(data)
