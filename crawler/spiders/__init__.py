"""Scrapy spiders (`scrapy crawl reports -a registry=FILE`)."""
