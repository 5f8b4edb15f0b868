"""Crawler: find every 政府信息公开工作年度报告 on a government site and archive it (docs/crawler.md)."""
