"""The 政府信息公开申请表 that sidebars link as a .doc: a real Word 97 file (python-docx, then
LibreOffice), a form and not a report, for crawlers that take any attachment on the page for the
report. Rendered once and cached next to the report renders."""
from __future__ import annotations

import io
import os
from pathlib import Path

from docx import Document

from simweb.generator import convert_many

FORM_VERSION = "1"
FIELDS = (("申请人信息", "公民", "姓名", "工作单位", "证件名称", "证件号码", "通信地址", "邮政编码", "联系电话", "电子邮箱"),
          ("申请人信息", "法人或者其他组织", "名称", "统一社会信用代码", "法定代表人", "联系人姓名", "联系人电话", "", "", ""),
          ("所需信息情况", "所需信息的内容描述", "", "", "", "", "", "", "", ""),
          ("所需信息情况", "获取信息的方式", "邮寄 / 电子邮件 / 当面领取 / 在线查阅", "", "", "", "", "", "", ""))


def form_docx() -> bytes:
    doc = Document()
    doc.core_properties.author = "办公室"
    doc.add_heading("政府信息公开申请表", level=1)
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for row in FIELDS:
        labels = [x for x in row[2:] if x]
        for i in range(0, len(labels), 2):
            cells = table.add_row().cells
            cells[0].text = row[1] if i == 0 else ""
            cells[1].text = labels[i]
            cells[2].text = labels[i + 1] if i + 1 < len(labels) else ""
            cells[3].text = ""
    doc.add_paragraph("申请人签名（盖章）：            申请时间：    年  月  日")
    doc.add_paragraph("注：本表可复印使用。")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def form_doc(cache_dir: Path | None) -> bytes:
    """The form as .doc bytes (LibreOffice once, then from the cache)."""
    path = Path(cache_dir) / f"forms-v{FORM_VERSION}" / "zfxxgksqb.doc" if cache_dir is not None else None
    if path is not None and path.exists():
        return path.read_bytes()
    blob = convert_many([form_docx()], "doc")[0]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, path)
    return blob
