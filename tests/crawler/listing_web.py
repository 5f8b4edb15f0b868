"""A small loopback web of the listing shapes that page by POST or by a JSON API, for crawls
through real Scrapy (tests/crawler/test_listing_paging.py). Each site is a path prefix on one
127.0.0.1 server; every request is logged as (method, path with query, form body).

The shapes follow what public crawlers send to real sites (realweb/SOURCES.md): Hanweb jpage
dataproxy.jsp POST with the column's ajaxParam form, Hanweb xxgk search.jsp POST paged by
currpage, xxgkAnnualReport.jsp addressed by unit and year, gkmlpt `/gkmlpt/api/all/{id}?page=&sid=`
JSON with `total`, and a list a script POSTs for (pageNo in the form)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def report_page(title: str) -> bytes:
    body = "".join(f"<p>{s}</p><p>（略）</p>" for s in SECTIONS)
    return (f'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}"></head><body>'
            f'<div class="article"><h1>{title}</h1><div class="TRS_Editor">{body}</div></div></body></html>').encode()


def html(body: str, head: str = "") -> bytes:
    return f'<html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'.encode()


# --- Hanweb jpage: 8 records, 3 on the column page, the rest by POST in groups of 3 -----------
HANWEB_RECORDS = [
    (f"/hw/art/2024/1/{20 + i}/art_1571_{100 + i}.html", title, f"2024-01-{20 + i:02d}")
    for i, title in enumerate([
        "某县水利局2023年政府信息公开工作年度报告", "某县召开政务公开工作会议", "某县民政局2023年政府信息公开工作年度报告",
        "某县教育局2023年政府信息公开工作年度报告", "关于做好2023年政府信息公开工作年度报告编制工作的通知",
        "某县财政局2023年政府信息公开工作年度报告", "某县审计局2023年政府信息公开工作年度报告",
        "某县统计局2023年度政府信息公开工作情况报告"])
]


def _records(rows) -> str:
    return "".join(f"<record><![CDATA[<li><a href='{u}' title='{t}' target='_blank'>{t}</a><span>{d}</span></li>]]></record>"
                   for u, t, d in rows)


def hanweb_column() -> bytes:
    store = ('<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/hw/module/web/jpage/dataproxy.jsp?'
             'page=1&appid=1&webid=3&path=/&columnid=1571&unitid=4866&webname=某县&permissiontype=0"></a>]]></nextgroup>'
             f"<recordset>{_records(HANWEB_RECORDS[:3])}</recordset></datastore></script>")
    call = ("<script>$('#4866').jpage({dataStore: dataStore, perPage: 3, totalRecord: 8, groupSize: 1, "
            "proxyUrl: '/hw/module/web/jpage/dataproxy.jsp', ajaxParam: {col:1, appid:1, webid:3, path:'/', "
            "columnid:1571, sourceContentType:1, unitid:'4866', webname:'某县', permissiontype:0}});</script>")
    return html(f'<div id="4866">{store}</div>{call}')


def hanweb_proxy(query: dict, form: dict) -> bytes:
    if form.get("columnid") != "1571" or form.get("unitid") != "4866":
        return b"<datastore><recordset></recordset></datastore>"  # the real proxy answers nothing
    start, end = int(query["startrecord"]), int(query["endrecord"])
    rows = HANWEB_RECORDS[start - 1:end]
    return f"<datastore><totalrecord>8</totalrecord><recordset>{_records(rows)}</recordset></datastore>".encode()


# --- Hanweb xxgk: search.jsp POST, 2 rows a page, 3 pages --------------------------------------
XXGK_ROWS = [
    ("/xg/art/2024/1/25/art_3_1.html", "某市交通运输局2023年政府信息公开工作年度报告", "2024-01-25"),
    ("/xg/art/2024/1/24/art_3_2.html", "某市交通运输局关于调整公交线路的通告", "2024-01-24"),
    ("/xg/art/2024/1/23/art_3_3.html", "某市住房和城乡建设局2023年政府信息公开工作年度报告", "2024-01-23"),
    ("/xg/art/2024/1/22/art_3_4.html", "某市人力资源和社会保障局2023年政府信息公开工作年度报告", "2024-01-22"),
    ("/xg/art/2024/1/21/art_3_5.html", "某市商务局2023年政府信息公开工作年度报告", "2024-01-21"),
]


def _xxgk_form(page: int) -> str:
    return ('<form id="searchform" method="post" action="/xg/module/xxgk/search.jsp">'
            '<input type="hidden" name="infotypeId" value="A0101"><input type="hidden" name="area" value="001">'
            f'<input type="hidden" name="currpage" value="{page}"><input type="text" name="vc_title" value="">'
            '<input type="submit" value="搜索"></form>')


def xxgk_column() -> bytes:
    units = "".join(f'<option value="{code}">{name}</option>' for code, name in
                    (("11370826004323472M", "某市人民政府"), ("00248503X", "某市发展和改革委员会")))
    years = "".join(f'<option value="{y}">{y}</option>' for y in (2022, 2023))
    annual = ('<form action="/xg/module/xxgk/xxgkAnnualReport.jsp" method="get">'
              f'<select name="area">{units}</select><select name="fbtime">{years}</select></form>')
    return html(_xxgk_form(1) + annual)


def xxgk_search(form: dict) -> bytes:
    if form.get("infotypeId") != "A0101":
        return html("<p>参数错误</p>")
    page = int(form.get("currpage") or 1)
    rows = XXGK_ROWS[(page - 1) * 2: page * 2]
    items = "".join(f'<tr><td><a href="{u}" title="{t}">{t}</a></td><td>{d}</td></tr>' for u, t, d in rows)
    return html(f"<table>{items}</table><div>共3页 当前第{page}页</div>{_xxgk_form(page)}")


# --- gkmlpt: shell + JSON API, 5 articles, 2 a page --------------------------------------------
GKMLPT_ARTICLES = [
    {"id": 1001 + i, "title": title, "url": f"/gk/gkmlpt/content/0/{1001 + i}/post_{1001 + i}.html",
     "created_at": created}
    for i, (title, created) in enumerate([
        ("某区2023年政府信息公开工作年度报告", "2024-01-18 09:30:00"),
        ("某区卫生健康局2023年政府信息公开工作年度报告", 1705888800),  # 2024-01-22 10:00 China time
        ("某区2023年政务公开工作要点", "2023-03-01 10:00:00"),
        ("某区2022年政府信息公开工作年度报告", "2023-01-20 09:00:00"),
        ("某区司法局2022年政府信息公开工作年度报告", "2023-01-19 16:00:00"),
    ])
]


def gkmlpt_shell() -> bytes:
    return html('<div id="app"></div>', head="<script>window._CONFIG = {SID: '755001', LANG: 'zh'};</script>")


def gkmlpt_api(column: str, query: dict) -> bytes:
    if column != "721" or query.get("sid") != "755001":
        return json.dumps({"articles": [], "total": 0}).encode()
    page = int(query.get("page") or 1)
    return json.dumps({"articles": GKMLPT_ARTICLES[(page - 1) * 2: page * 2], "total": 5}, ensure_ascii=False).encode()


# --- a list a script POSTs for (rendered once in Chromium) --------------------------------------
JS_ROWS = [
    (f"/js/xxgk/nb/{2019 + i}/report.html", f"某镇{2019 + i}年政府信息公开工作年度报告", f"{2020 + i}-01-15")
    for i in range(5)
]


def js_column() -> bytes:
    script = """<script>
fetch('/js/api/nb/list', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
  body: 'channelId=88&pageNo=1&pageSize=2'}).then(r => r.json()).then(d => {
  document.getElementById('list').innerHTML = d.data.list.map(x => '<li><a href="' + x.url + '">' + x.title + '</a></li>').join('');
});
</script>"""
    return html('<ul id="list"></ul>' + script)


def js_api(form: dict) -> bytes:
    if form.get("channelId") != "88":
        return b'{"code": 1, "data": null}'
    page, size = int(form.get("pageNo") or 1), int(form.get("pageSize") or 2)
    rows = [{"title": t, "url": u, "publishDate": d} for u, t, d in JS_ROWS[(page - 1) * size: page * size]]
    return json.dumps({"code": 0, "data": {"list": rows, "total": len(JS_ROWS), "pageSize": size}},
                      ensure_ascii=False).encode()


# --- a long TRS article split over three pages (var countPage = 3; t…_{id}_1.htm …) ------------
SPLIT = "/sp/zwgk/zfxxgknb/202401/t20240115_5550123"
SPLIT_TITLE = "某县2023年政府信息公开工作年度报告"


def split_column() -> bytes:
    return html(f'<ul><li><a href="{SPLIT}.htm">{SPLIT_TITLE}</a><span>2024-01-15</span></li></ul>')


def split_page(n: int) -> bytes:
    sections = [SECTIONS[0:2], SECTIONS[2:4], SECTIONS[4:6]][n]
    body = "".join(f"<p>{s}</p>" for s in sections)
    if n == 1:
        body += '<p>附件：<a href="/sp/zwgk/zfxxgknb/202401/P020240115000001.xls">附表.xls</a></p>'
    pager = f"<script>var currentPage = {n}; //所在页从0开始\nvar countPage = 3 //共多少页</script>"
    return (f'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{SPLIT_TITLE}"></head><body>'
            f'<div class="TRS_Editor">{body}</div>{pager}<div class="side"><a href="/sp/sqb.doc">政府信息公开申请表.doc</a>'
            "</div></body></html>").encode()


REPORT_PAGES = {u: t for u, t, _ in HANWEB_RECORDS + XXGK_ROWS + JS_ROWS}
REPORT_PAGES.update({a["url"]: a["title"] for a in GKMLPT_ARTICLES})


class ListingWeb:
    def __init__(self):
        self.log: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                self._serve("GET", b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self._serve("POST", self.rfile.read(length))

            def _serve(self, method: str, raw: bytes):
                body_text = raw.decode("utf-8", "replace")
                with web._lock:
                    web.log.append((method, self.path, body_text))
                status, ctype, body = web.answer(method, self.path, body_text)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, method: str, target: str, body: str) -> tuple[int, str, bytes]:
        parts = urlsplit(target)
        path, query = parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))
        form = dict(parse_qsl(body, keep_blank_values=True))
        page = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path == "/hw/col/col1571/index.html":
            return 200, page, hanweb_column()
        if path == "/hw/module/web/jpage/dataproxy.jsp" and method == "POST":
            return 200, "text/xml;charset=UTF-8", hanweb_proxy(query, form)
        if path == "/xg/col/col3/index.html":
            return 200, page, xxgk_column()
        if path == "/xg/module/xxgk/search.jsp" and method == "POST":
            return 200, page, xxgk_search(form)
        if path == "/xg/module/xxgk/xxgkAnnualReport.jsp":
            names = {"11370826004323472M": "某市人民政府", "00248503X": "某市发展和改革委员会"}
            name = names.get(query.get("area", ""))
            if name and query.get("fbtime") in ("2022", "2023"):
                return 200, page, report_page(f"{name}{query['fbtime']}年政府信息公开工作年度报告")
        if path == "/gk/gkmlpt/index":
            return 200, page, gkmlpt_shell()
        if path.startswith("/gk/gkmlpt/api/all/"):
            return 200, "application/json; charset=utf-8", gkmlpt_api(path.rsplit("/", 1)[1], query)
        if path == "/js/xxgk/nb/index.html":
            return 200, page, js_column()
        if path == "/js/api/nb/list" and method == "POST":
            return 200, "application/json; charset=utf-8", js_api(form)
        if path == "/sp/zwgk/zfxxgknb/index.htm":
            return 200, page, split_column()
        for n, suffix in enumerate(("", "_1", "_2")):
            if path == f"{SPLIT}{suffix}.htm":
                return 200, page, split_page(n)
        if path == "/sp/zwgk/zfxxgknb/202401/P020240115000001.xls":
            return 200, "application/vnd.ms-excel", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
        if path in REPORT_PAGES:
            return 200, page, report_page(REPORT_PAGES[path])
        return 404, page, html("<p>404</p>")

    def __enter__(self):
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
