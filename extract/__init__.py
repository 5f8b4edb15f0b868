"""Turns one document (HTML, PDF, DOCX, DOC/WPS, text, scan) into the facts of SPEC.md.

Pure: bytes in, facts + checks + texts + provenance out; no network, no database.
"""
# Part of every cached result: bump whenever the output for some input may change.
EXTRACTOR_VERSION = "0.4.0"
