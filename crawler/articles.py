"""An article page: its title, its document fields (发布日期, 发布机构, 索引号) and the documents
it carries — taken only from the content block (TRS_Editor, #zoom, .article_content, …) and its
附件 lists, never from menus or sidebars (a sidebar 政府信息公开申请表.doc is not the report).
Document addresses come from links, download servlets (downfile.jsp?filename=x.pdf), pdf.js
viewers (viewer.html?file=), <embed>/<object>/<iframe> and onclick / window.open targets. A split
TRS article (var countPage = N; t…_{id}_1.htm …) names its other pages (`continuations`);
`join_pages` makes one article of them. Plus the helpers that name and type downloaded
documents (Content-Disposition file names, sniffed content type)."""
from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from parsel import Selector
from w3lib.html import replace_entities

from crawler.listings.base import Page, absolute, clean_text, find_date

DOC_EXTENSIONS = ("pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "rtf", "zip", "rar")
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "tif", "tiff", "bmp", "webp")
_EXT_IN_TEXT = re.compile(r"\.(" + "|".join(DOC_EXTENSIONS + IMAGE_EXTENSIONS) + r")\s*$", re.IGNORECASE)
_DOC_IN_VALUE = re.compile(r"\.(" + "|".join(DOC_EXTENSIONS) + r")$", re.IGNORECASE)
_DOWNLOAD_PATH = re.compile(r"(downfile|download|attach|fujian|/P0\d{10,}|getfile|filedown|DownloadAttachUrl)", re.IGNORECASE)
# Where article bodies live in common CMS templates (most specific first).
_CONTENT = (
    ".TRS_Editor", "#zoom", ".trs_editor_view", "#UCAP-CONTENT", ".article_content", ".article-content",
    ".bt-content", "#vsb_content", ".v_news_content", ".wp_articlecontent", ".pages_content", "#content",
    ".detail-content", ".main-txt", ".view", ".article", "article", ".content",
)
# Attachment blocks next to the body (附件 lists); links in them belong to the article.
_ATTACHMENT_BLOCKS = (
    "[class*=attach]", "[id*=attach]", "[class*=fujian]", "[id*=fujian]", "[id^=file_]", "[class*=appendix]",
    ".fj", "#fj", ".xgfj", "#xgfj",
)
# Regions that are never the article: site chrome and sidebars (the 申请表 lives there).
_CHROME = re.compile(r"(^|[\s_-])(header|head|top|nav|menu|footer|foot|bottom|side|sidebar|aside|left|right|"
                     r"links?|yqlj|breadcrumb|share|search)([\s_-]|$)", re.IGNORECASE)
_ALIGN = re.compile(r"\S*align\S*", re.IGNORECASE)  # text_align_left is layout, not a sidebar
_PUBLISHED_META = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "Maketime", "article:published_time")
_TITLE_META = ("ArticleTitle", "articletitle", "og:title", "title")
_DATE_CLASSES = {"date", "time", "pubdate", "pubtime", "publish-time", "publishtime", "fbsj", "fbrq"}
_PUBLISHER_META = ("ContentSource", "contentsource", "source")
_LABEL_SPACE = r"[\s\u00a0\u2002\u3000]*"
_INDEX_NO = re.compile("索" + _LABEL_SPACE + "引" + _LABEL_SPACE + r"号\s*[:：]\s*([0-9A-Za-z][0-9A-Za-z\-_/.（）()]{3,60})")
_PUBLISHER = re.compile(r"(?:发布机构|发文机关|发布单位|发布部门|信息来源|来\s*源)\s*[:：]\s*([^\s:：|，,]{2,40})")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|生成日期)\s*[:：]?\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_VIEWER = re.compile(r"viewer\.html?\?(?:[^\"'#]*&)?file=([^&\"'#\s]+)", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"""['"]([^'"\s]+?\.(?:""" + "|".join(DOC_EXTENSIONS) + r""")(?:\?[^'"\s]*)?|[^'"\s]*downfile[^'"\s]*)['"]""",
                         re.IGNORECASE)
# A long TRS article is split: page 1 is t{date}_{id}.html and says `var countPage = N`; the
# rest are t{date}_{id}_1.html … _{N-1}.html.
_COUNT_PAGE = re.compile(r"\bvar\s+countPage\s*=\s*(\d+)")
_TRS_ARTICLE = re.compile(r"^(.*/t\d{8}_\d+)(?:_(\d+))?\.(s?html?)$")


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
    published_date: str | None = None  # the page's own 发布日期 (else its PubDate meta)
    publisher: str | None = None  # 发布机构 / 发文机关 / 来源 as the page prints it
    index_no: str | None = None  # 索引号
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (url, link text)
    holds_report: bool = False  # the page itself prints the report (else it only carries files)
    continuations: list[str] = field(default_factory=list)  # further pages of a split article
    body_text: str = ""  # the content block's text (all pages once joined)


def url_extension(url: str) -> str:
    name = posixpath.basename(unquote(urlsplit(url).path)).lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def is_document_link(url: str, text: str = "") -> bool:
    ext = url_extension(url)
    if ext in DOC_EXTENSIONS:
        return True
    # Download servlets name the file in the query: downfile.jsp?filename=x.pdf, ?file=/a/b.doc
    if any(_DOC_IN_VALUE.search(unquote(v)) for _k, v in parse_qsl(urlsplit(url).query)):
        return True
    if _EXT_IN_TEXT.search(text or ""):
        return bool(_DOWNLOAD_PATH.search(url)) or ext not in ("html", "htm", "shtml", "jsp", "php", "aspx")
    return False


def _meta(sel: Selector, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = sel.xpath(f"//meta[@name='{name}' or @property='{name}']/@content").get()
        if value and clean_text(value):
            return clean_text(value)
    return None


# Labels of an information table printed without a colon: <th>发布机构</th><td>青岚县财政局</td>.
_PUBLISHER_LABEL = re.compile(r"^(发布机构|发文机关|发布单位|发布部门|信息来源|来源)$")
_INDEX_LABEL = re.compile(r"^索引号$")


def _cell(sel: Selector, label: re.Pattern) -> str | None:
    """The text of the cell after the first th/td whose whole text is the label."""
    for cell in sel.xpath("//th|//td"):
        text = re.sub(r"[\s\u00a0\u3000:：]", "", "".join(cell.css("::text").getall()))
        if label.match(text):
            value = clean_text(" ".join(cell.xpath("following-sibling::*[1]//text()").getall()))
            if value:
                return value
    return None


def _is_chrome(node: Selector) -> bool:
    for anc in node.xpath("ancestor-or-self::*[@class or @id]"):
        names = _ALIGN.sub(" ", f"{anc.attrib.get('class', '')} {anc.attrib.get('id', '')}")
        if _CHROME.search(names):
            return True
    return node.xpath("ancestor-or-self::*[self::header or self::footer or self::nav or self::aside]") != []


def content_blocks(sel: Selector) -> list[Selector]:
    """The article's body and its attachment blocks. When no known body container exists, the
    whole page minus its chrome (header, menus, sidebars, footer)."""
    body = next((found[0] for css in _CONTENT if (found := [n for n in sel.css(css) if not _is_chrome(n)])), None)
    blocks = [body] if body is not None else []
    for css in _ATTACHMENT_BLOCKS:
        blocks += [n for n in sel.css(css) if not _is_chrome(n)]
    # "附件：<a>…" written straight into the page: the links that follow the words 附件 / 相关附件
    # (in the same element, or right after a label element such as <span>附件：</span>).
    labels = "[starts-with(normalize-space(.), '附件') or starts-with(normalize-space(.), '相关附件')]"
    blocks += [n for n in sel.xpath(f"//text(){labels}/following-sibling::a[@href][position() <= 20]"
                                    f" | //*[self::span or self::strong or self::b or self::label or self::em]{labels}"
                                    "/following-sibling::a[@href][position() <= 20]") if not _is_chrome(n)]
    if body is None:
        blocks += [n for n in sel.xpath("//body/*") if not _is_chrome(n)]
    return blocks


def _link_candidates(page: Page, block: Selector):
    """(url, text) of every document address in a block, in page order: links, download-servlet
    links, pdf.js viewers, <embed>/<object>/<iframe>, and onclick / window.open targets."""
    for node in block.xpath("descendant-or-self::*[self::a or self::iframe or self::embed or self::object or @onclick]"):
        text = clean_text(" ".join(node.css("::text").getall())) or clean_text(node.attrib.get("title"))
        src = node.attrib.get("href") or node.attrib.get("src") or node.attrib.get("data") or ""
        if "{{" in src:
            src = ""  # a client-side template (avalon/vue), not an address
        viewer = _VIEWER.search(src)
        if viewer:
            yield unquote(viewer.group(1)), text
        elif src and not src.strip().lower().startswith("javascript"):
            yield src, text
        script = node.attrib.get("onclick", "")
        if src.strip().lower().startswith("javascript"):
            script += " " + src
        for m in _SCRIPT_URL.finditer(script):
            yield m.group(1), text


def split_pages(page: Page) -> list[str]:
    """The other pages of a split TRS article (only the first page lists them)."""
    m = _COUNT_PAGE.search(page.text)
    parts = _TRS_ARTICLE.match(urlsplit(page.url).path)
    if not m or not parts or parts.group(2) is not None:
        return []
    base = page.url[: page.url.index(parts.group(1)) ] + parts.group(1)
    return [f"{base}_{i}.{parts.group(3)}" for i in range(1, int(m.group(1)))]


def parse_article(page: Page) -> Article:
    sel = page.selector
    art = Article()
    art.title = _meta(sel, _TITLE_META) or clean_text(" ".join(sel.css("h1 ::text").getall())) \
        or clean_text(sel.css("title::text").get())
    visible = " ".join(sel.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall())
    visible = replace_entities(visible)
    m = _PUBLISHED.search(visible)
    art.published_date = find_date(m.group(1)) if m else None
    if art.published_date is None:
        meta = _meta(sel, _PUBLISHED_META)
        art.published_date = find_date(meta) if meta else None
    if art.published_date is None:
        # An unlabelled date line under the heading: <div class="date">2023年01月17日</div>
        for node in sel.xpath("//body//*[(@class or @id) and not(ancestor-or-self::li) and not(ancestor::ul)]"):
            names = f"{node.attrib.get('class', '')} {node.attrib.get('id', '')}".lower().split()
            if set(names) & _DATE_CLASSES and (date := find_date(" ".join(node.css("::text").getall()))):
                art.published_date = date
                break
    m = _PUBLISHER.search(visible)
    art.publisher = m.group(1) if m else (_cell(sel, _PUBLISHER_LABEL) or _meta(sel, _PUBLISHER_META))
    m = _INDEX_NO.search(visible)
    art.index_no = m.group(1) if m else _cell(sel, _INDEX_LABEL)

    blocks = content_blocks(sel)
    art.body_text = clean_text(" ".join(" ".join(b.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall())
                                        for b in blocks[:1]))
    art.holds_report = sum(1 for rx in _REPORT_MARKERS if rx.search(art.body_text)) >= 4

    seen: set[str] = {page.url}
    for block in blocks:
        for href, text in _link_candidates(page, block):
            url = absolute(page.url, href)
            if url and url not in seen and is_document_link(url, text):
                seen.add(url)
                art.attachments.append((url, text))
    if blocks:
        for src in blocks[0].css("img::attr(src)").getall():
            url = absolute(page.url, src)
            if url and url not in seen and url_extension(url) in IMAGE_EXTENSIONS:
                seen.add(url)
                art.attachments.append((url, ""))
    art.continuations = split_pages(page)
    return art


def join_pages(first: Article, rest: list[Article]) -> Article:
    """One article from the pages of a split article: the first page's fields, every page's
    attachments (in page order, once), and the report test over the joined text."""
    joined = Article(first.title, first.published_date, first.publisher, first.index_no,
                     list(first.attachments), False, [], first.body_text)
    seen = {u for u, _ in joined.attachments}
    for art in rest:
        joined.body_text = f"{joined.body_text} {art.body_text}".strip()
        for url, text in art.attachments:
            if url not in seen:
                seen.add(url)
                joined.attachments.append((url, text))
    joined.holds_report = sum(1 for rx in _REPORT_MARKERS if rx.search(joined.body_text)) >= 4
    return joined


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


def document_text(body: bytes, ctype: str, limit: int = 400) -> str:
    """The opening text of an attached report (PDF first page, DOCX first paragraphs), where its
    heading names the agency ("XX局2022年政府信息公开工作年度报告") when nothing else does. Empty
    for other formats and for files that do not open (the document is archived all the same)."""
    try:
        if ctype == "pdf":
            import pypdfium2

            pdf = pypdfium2.PdfDocument(body)
            try:
                return pdf[0].get_textpage().get_text_range()[:limit] if len(pdf) else ""
            finally:
                pdf.close()
        if ctype == "docx":
            import io
            import zipfile

            with zipfile.ZipFile(io.BytesIO(body)) as z:
                xml = z.read("word/document.xml").decode("utf-8", "replace")
            paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
            return " ".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)[:limit]
    except Exception:  # noqa: BLE001 - a damaged or encrypted file names no agency; nothing more
        return ""
    return ""
