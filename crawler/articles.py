"""An article page: its title, published date and attachments; plus the helpers that name and
type downloaded documents (Content-Disposition file names, sniffed content type)."""
from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from crawler.listings.base import Page, absolute, clean_text, find_date

DOC_EXTENSIONS = ("pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "rtf", "zip", "rar")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "tif", "tiff", "bmp", "webp")
_EXT_IN_TEXT = re.compile(r"\.(" + "|".join(DOC_EXTENSIONS + IMAGE_EXTENSIONS) + r")\s*$", re.IGNORECASE)
_DOWNLOAD_PATH = re.compile(r"(downfile|download|attach|fujian|/P0\d{10,}|getfile|filedown)", re.IGNORECASE)
# Where article bodies live in common CMS templates; images count as attachments only in there.
_CONTENT = (
    "#zoom", ".TRS_Editor", ".trs_editor_view", "#UCAP-CONTENT", ".article-content", ".article_content",
    ".bt-content", ".view", ".content", "#content", ".detail", ".main-txt", "article",
)
_PUBLISHED_META = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "Maketime", "article:published_time")
_TITLE_META = ("ArticleTitle", "articletitle", "og:title", "title")


# Section headings of the report format (条例 template): a page that prints several of them holds
# the report; a page that only says "全文详见附件" is a carrier of the attachment.
_REPORT_MARKERS = (
    re.compile(r"总体情况"),
    re.compile(r"主动公开政府信息"),
    re.compile(r"收到和处理政府信息公开申请"),
    re.compile(r"行政复议"),
    re.compile(r"行政诉讼"),
    re.compile(r"存在的?主要问题|改进情况"),
    re.compile(r"其他需要报告"),
)


@dataclass
class Article:
    title: str = ""
    published_date: str | None = None
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (url, link text)
    holds_report: bool = False  # the page itself prints the report (else it only carries files)


def url_extension(url: str) -> str:
    name = posixpath.basename(unquote(urlsplit(url).path)).lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def is_document_link(url: str, text: str = "") -> bool:
    ext = url_extension(url)
    if ext in DOC_EXTENSIONS:
        return True
    if _EXT_IN_TEXT.search(text or ""):
        return bool(_DOWNLOAD_PATH.search(url)) or ext not in ("html", "htm", "shtml", "jsp", "php", "aspx")
    return False


def parse_article(page: Page) -> Article:
    sel = page.selector
    art = Article()
    for name in _TITLE_META:
        value = sel.xpath(f"//meta[@name='{name}' or @property='{name}']/@content").get()
        if value and clean_text(value):
            art.title = clean_text(value)
            break
    if not art.title:
        art.title = clean_text(" ".join(sel.css("h1 ::text").getall())) or clean_text(sel.css("title::text").get())
    for name in _PUBLISHED_META:
        value = sel.xpath(f"//meta[@name='{name}' or @property='{name}']/@content").get()
        if value and find_date(value):
            art.published_date = find_date(value)
            break
    if art.published_date is None:
        m = re.search(r"(发布(?:日期|时间)|成文日期|发文日期|日期)\s*[:：]?\s*([^<]{0,30})", page.text)
        if m:
            art.published_date = find_date(m.group(2))

    body_text = " ".join(sel.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall())
    art.holds_report = sum(1 for rx in _REPORT_MARKERS if rx.search(body_text)) >= 4

    seen: set[str] = {page.url}
    for a in sel.css("a[href]"):
        url = absolute(page.url, a.attrib.get("href"))
        text = clean_text(" ".join(a.css("::text").getall())) or clean_text(a.attrib.get("title"))
        if url and url not in seen and is_document_link(url, text):
            seen.add(url)
            art.attachments.append((url, text))
    container = next((sel.css(css) for css in _CONTENT if sel.css(css)), None)
    if container is not None:
        for src in container.css("img::attr(src)").getall():
            url = absolute(page.url, src)
            if url and url not in seen and url_extension(url) in IMAGE_EXTENSIONS:
                seen.add(url)
                art.attachments.append((url, ""))
    return art


# --- naming and typing downloaded files ---------------------------------------------------------

_DISPOSITION_STAR = re.compile(r"filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)", re.IGNORECASE)
_DISPOSITION = re.compile(r"filename\s*=\s*(\"([^\"]*)\"|[^;]+)", re.IGNORECASE)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*\\/]+")


def safe_filename(name: str, fallback: str = "download") -> str:
    """A file name that is only a name: no directories, no '..', no control or reserved
    characters, no leading dots, at most 200 bytes of UTF-8."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]  # drop every directory part, both separators
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    if name in ("", ".", ".."):
        name = fallback
    while len(name.encode("utf-8")) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:-1] + dot + ext) if stem and len(ext) < 10 else name[:-1]
    return name


def disposition_filename(header: bytes | str | None) -> str | None:
    """The file name a Content-Disposition header proposes (RFC 6266 filename*, then filename;
    GBK and UTF-8 raw bytes as Chinese servers send them), sanitized."""
    if not header:
        return None
    if isinstance(header, bytes):
        for enc in ("utf-8", "gb18030", "latin-1"):
            try:
                header = header.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    m = _DISPOSITION_STAR.search(header)
    if m:
        try:
            raw = unquote(m.group(2).strip(), encoding=m.group(1), errors="strict")
        except (LookupError, UnicodeDecodeError):
            raw = unquote(m.group(2).strip())
    else:
        m = _DISPOSITION.search(header)
        if not m:
            return None
        raw = unquote(m.group(2) if m.group(2) is not None else m.group(1).strip())
    return safe_filename(raw)


_KIND_TO_TYPE = {"html": "html", "pdf": "pdf", "docx": "docx", "doc": "doc", "wps": "wps", "xls": "xls",
                 "xlsx": "xlsx", "et": "xls", "image": "image"}


def content_type(body: bytes, name: str = "") -> str:
    """The INTERFACES content_type (html|pdf|docx|doc|wps|xls|xlsx|image|other) from the bytes;
    the name (file name or URL) only breaks ties."""
    from extract.readers.sniff import sniff  # the project's one byte sniffer

    try:
        kind = sniff(body, name)
    except Exception:  # noqa: BLE001 - a sniffer failure must not stop a crawl; the extractor decides
        kind = "unknown"
    return _KIND_TO_TYPE.get(kind, "other")
