"""Pages of the simulated national web: homepages with their directories in the real forms, the
政府信息公开 platform pages (部门 and 乡镇 lists, the 年报 column) and the report articles.

`build(nodes, reports, port)` returns {(host, path): Page}; bodies that are expensive (articles
rendered by simweb.generator) are made on first request."""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from simweb.generator import random_spec, render_html_fragment

from .tree import Node, Report, children

HTML = "text/html; charset=utf-8"
JS = "application/javascript; charset=utf-8"
# The template's section headings: a tiny article that prints them is a report to the crawler.
HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


@dataclass
class Page:
    content_type: str
    body: bytes | Callable[[], bytes]
    last_modified: str = "2025-06-30"

    def bytes(self) -> bytes:
        if callable(self.body):
            self.body = self.body()
        return self.body


def url(node_host: str, path: str, port: int) -> str:
    return f"http://{node_host}:{port}{path}"


def home_url(n: Node, port: int) -> str:
    return url(n.host, n.path, port)


def _doc(title: str, body: str, nav: str = "", footer: str = "") -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f'</head>\n<body>\n<div class="header"><h1>{escape(title)}</h1>{nav}</div>\n<div class="main">\n{body}\n</div>\n'
            f'<div class="footer">{footer}</div>\n</body>\n</html>\n').encode()


def _ul(title: str, links: list[tuple[str, str]], cls: str = "links") -> str:
    items = "".join(f'<li><a href="{escape(u)}" target="_blank" title="{escape(t)}">{escape(t)}</a></li>' for u, t in links)
    return f'<div class="{cls}"><h3>{escape(title)}</h3><ul>{items}</ul></div>'


def _select(title: str, links: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{escape(u)}">{escape(t)}</option>' for u, t in links)
    return (f'<select class="yqlj" onchange="if(this.value){{window.open(this.options[this.selectedIndex].value,\'_blank\')}}">'
            f'<option value="">{escape(title)}</option>{opts}</select>')


def _script(links: list[tuple[str, str]], title: str) -> bytes:
    # the shape of a real link.js: document.writeln of string-concatenated markup
    lines = ["document.writeln('<div class=\"link\">');", f"document.writeln('<h3>{title}</h3><ul class=\"navUl\">');"]
    for u, t in links:
        lines.append(f"document.writeln('    <li><a href=\"{u}\" target=\"_blank\">{t}</a></li>');")
    lines.append("document.writeln('</ul></div>');")
    return ("\n".join(lines) + "\n").encode("utf-8")


class Builder:
    def __init__(self, nodes: list[Node], reports: list[Report], port: int, tiny: bool = False, seed: int = 7):
        self.nodes = nodes
        self.by_id = {n.site_id: n for n in nodes}
        self.kids = children(nodes)
        self.reports = reports
        self.port = port
        self.tiny = tiny
        self.seed = seed
        self.pages: dict[tuple[str, str], Page] = {}
        self.article_urls: dict[tuple[str, int, str], str] = {}  # (site_id, year, slug) → URL
        self.root = nodes[0]

    def u(self, n: Node) -> str:
        return home_url(n, self.port)

    def add(self, host: str, path: str, body, ctype: str = HTML) -> None:
        self.pages[(host, path)] = Page(ctype, body)

    # -- pieces every page carries ---------------------------------------------------------------
    def nav(self, n: Node) -> str:
        ph, pp = n.platform_root
        if n.path != "/":  # a platform member: the platform's own header links the platform's root
            ph, pp = self.by_id[n.parent].platform_root
        return (f'<ul class="nav"><li><a href="{url(n.host, n.path, self.port)}">首页</a></li>'
                f'<li><a href="{url(ph, pp, self.port)}">政府信息公开</a></li>'
                f'<li><a href="http://zwfw.{n.host.split(".", 1)[1]}:{self.port}/">政务服务</a></li>'
                f'<li><a href="{url(n.host, n.path, self.port)}hdjl/">互动交流</a></li></ul>')

    def footer(self, n: Node) -> str:
        links = [(self.u(self.root), "中国政府网")]
        if n.parent and n.parent != self.root.site_id:
            p = self.by_id[n.parent]
            links.append((self.u(p), p.name))
        if n.is_government and n.level != "central":
            base = n.host.split(".", 1)[1]
            short = n.name.removesuffix("人民政府")
            # other organs of the same place: not governments, no OGI report duty
            links += [(f"http://www.{base.split('.')[0]}rd.gov.cn:{self.port}/", f"{short}人大常委会"),
                      (f"http://www.{base.split('.')[0]}zx.gov.cn:{self.port}/", f"政协{short}委员会"),
                      (f"http://www.{base.split('.')[0]}court.gov.cn:{self.port}/", f"{short}人民法院")]
        if n.level == "county" and n.parent:
            # the prefecture's departments by their full names: not this county's (a trap for the expansion)
            links += [(self.u(d), d.name) for d in self.kids[n.parent] if d.level == "department"][:2]
        html = "".join(f'<a href="{escape(u)}" target="_blank">{escape(t)}</a> | ' for u, t in links)
        if n.level == "county" and n.parent:
            # 区县导航: the prefecture and the sibling counties (not this county's subordinates)
            p = self.by_id[n.parent]
            sib = [(self.u(s), s.short or s.name) for s in self.kids[p.site_id] if s.is_government and s is not n]
            html += _select("区县导航", [(self.u(p), p.name)] + sib)
        return html + f'<p>主办：{escape(n.name)}办公室　网站标识码：{n.region_code}0001</p>'

    # -- sites ------------------------------------------------------------------------------------
    def build(self) -> dict[tuple[str, str], Page]:
        by_site: dict[str, list[Report]] = {}
        for r in self.reports:
            by_site.setdefault(r.site_id, []).append(r)
        for n in self.nodes:
            self.site(n, by_site.get(n.site_id, []))
        return self.pages

    def site(self, n: Node, reports: list[Report]) -> None:
        kids = self.kids[n.site_id]
        govs = [(self.u(k), k.link_text) for k in kids if k.is_government]
        govs += [(self.u(k), text) for k in self.nodes for pid, text in k.other_parents if pid == n.site_id]
        depts = [(self.u(k), k.link_text) for k in kids if k.level == "department"]
        towns = [(self.u(k), k.link_text) for k in kids if k.level == "township"]
        ph, pp = n.platform_root
        if n.path == "/":
            self.homepage(n, govs, depts)
        # the platform page: for a platform member it is its homepage
        body = [(f'<div class="gkzn"><a href="{url(ph, pp, self.port)}gkzn/">政府信息公开指南</a> '
                 f'<a href="{url(ph, pp, self.port)}gkzd/">政府信息公开制度</a> '
                 f'<a href="{url(ph, pp, self.port)}fdzdgknr/">法定主动公开内容</a> '
                 f'<a href="{url(ph, pp, self.port)}zfxxgknb/index.html">政府信息公开年报</a></div>')]
        if n.dept_form == "platform" and depts:
            body.append(_ul("部门信息公开", depts, "bmlist"))
        if towns:
            body.append(_ul("乡镇（街道）信息公开", towns, "xzlist"))
        title = f"{n.name}政府信息公开" if n.path == "/" else n.name
        self.add(ph, pp, _doc(title, "\n".join(body), self.nav(n), self.footer(n)))
        self.column(n, ph, pp, reports)

    def homepage(self, n: Node, govs, depts) -> None:
        parts = [f'<div class="banner"><p>{escape(n.name)}门户网站</p></div>',
                 ('<div class="news"><h3>要闻动态</h3><ul><li><a href="xwdt/202506/t20250626_1.html">'
                  f'{escape(n.short or n.name)}召开常务会议</a></li></ul></div>')]
        if govs:
            if n.gov_form == "list":
                parts.append(_ul(n.kind_label, govs))
            elif n.gov_form == "select":
                parts.append(_select(n.kind_label, govs))
            elif n.gov_form == "page":
                label = "站群导航" if n.kind_label == "站群导航" else "政府网站"
                parts.append(f'<div class="zqdh"><a href="/zfwz/index.html">{label}</a></div>')
                sub = [_ul(n.kind_label if n.kind_label != "站群导航" else "区县政府", govs)]
                if depts and n.dept_form != "platform":
                    sub.append(_ul("部门网站", depts))
                self.add(n.host, "/zfwz/index.html", _doc(f"{n.name} {label}", "\n".join(sub), self.nav(n), self.footer(n)))
            elif n.gov_form == "script":
                parts.append('<div id="links"><script type="text/javascript" src="/js/link.js"></script></div>')
                self.add(n.host, "/js/link.js", _script(govs, n.kind_label), JS)
        if depts and n.dept_form == "list":
            parts.append(_ul("部门网站", depts))
        footer = self.footer(n)
        if depts and n.dept_form == "select":
            footer = _select("部门网站", depts) + footer
        self.add(n.host, "/", _doc(n.name, "\n".join(parts), self.nav(n), footer))
        self.add(n.host, "/robots.txt", b"User-agent: *\nDisallow: /search/\n", "text/plain; charset=utf-8")

    def column(self, n: Node, host: str, root: str, reports: list[Report]) -> None:
        items = []
        for r in sorted(reports, key=lambda r: (r.published, r.slug), reverse=True):
            d = r.published.replace("-", "")
            path = f"{root}zfxxgknb/{d[:6]}/t{d}_{r.slug}.html"
            title = f"{r.agency}{r.year}年政府信息公开工作年度报告"
            self.article_urls[(r.site_id, r.year, r.slug)] = url(host, path, self.port)
            items.append(f'<li><a href="./{d[:6]}/t{d}_{r.slug}.html" title="{escape(title)}">{escape(title)}</a>'
                         f'<span class="date">{r.published}</span></li>')
            self.add(host, path, self.article(r, title))
        body = f'<div class="list"><h3>政府信息公开年报</h3><ul>{"".join(items)}</ul></div>'
        self.add(host, f"{root}zfxxgknb/index.html", _doc(f"{n.name} 政府信息公开年报", body, self.nav(n), self.footer(n)))

    def article(self, r: Report, title: str):
        head = (f'<div class="article"><h2>{escape(title)}</h2><p class="info">发布日期：{r.published}　'
                f'来源：{escape(r.agency)}</p>')
        if self.tiny:
            text = "".join(f"<p>{h}</p><p>略。</p>" for h in HEADINGS)
            return _doc(title, head + text + "</div>")
        seed = self.seed

        def render() -> bytes:
            spec = random_spec(random.Random(f"{seed}-{r.site_id}-{r.year}"), r.agency, r.year)
            return _doc(title, head + render_html_fragment(spec) + "</div>")

        return render
