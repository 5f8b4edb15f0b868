"""The published tables, defined once as pyarrow schemas.

Everything downstream reads this module: the Parquet writers cast to these schemas (column order,
types, nullability), the Frictionless descriptor (datapackage.json) is generated from the field
metadata, and the snapshot manifest lists the same tables. Each field carries its meaning in
Chinese and English and, where it has one, its unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

# Bump when a published table changes shape (a column added, renamed or retyped).
DATASET_SCHEMA_VERSION = "2"


def F(name: str, typ: pa.DataType, zh: str, en: str, unit: str | None = None,
      nullable: bool = True) -> pa.Field:
    meta = {"description_zh": zh, "description_en": en}
    if unit:
        meta["unit"] = unit
    return pa.field(name, typ, nullable=nullable, metadata=meta)


STR = pa.string()
I16 = pa.int16()
I32 = pa.int32()
I64 = pa.int64()
F64 = pa.float64()
BOOL = pa.bool_()
DATE = pa.date32()
TS = pa.timestamp("us", tz="UTC")
STR_LIST = pa.list_(pa.string())
DATE_CANDIDATES = pa.list_(pa.struct([("source", pa.string()), ("date", pa.date32()), ("url", pa.string())]))


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    schema: pa.Schema
    primary_key: tuple[str, ...] = ()
    sort_by: tuple[str, ...] = ()  # the stable row order every writer produces
    partition_by: str | None = None  # hive-style directory partition (the column is not in the files)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, table, field)
    extra: dict = field(default_factory=dict)

    def file_schema(self) -> pa.Schema:
        """The schema of the Parquet files themselves (a partition column lives in the path)."""
        if not self.partition_by:
            return self.schema
        return self.schema.remove(self.schema.get_field_index(self.partition_by))


DOCUMENTS = Table(
    "documents", "抓取到的文档（未被隔离的）", "Crawled documents (those not quarantined)",
    pa.schema([
        F("url", STR, "文档地址", "URL the document was requested at"),
        F("final_url", STR, "重定向后的最终地址", "URL after redirects"),
        F("listing_url", STR, "发现该文档的栏目页地址", "listing page the document was found on"),
        F("site_id", STR, "站点编号（见 sites 表）", "site id (see table sites)"),
        F("agency", STR, "栏目页所列的机关名称", "agency name as the listing page shows it"),
        F("agency_source", STR, "机关名称的来源：title（标题）/body（正文标题）/publisher（发布机构）/section（所在子栏目或子站）/site（站点）",
          "where the agency came from: title / body (the report's heading) / publisher (发布机构) / section (sub-column or sub-site) / site"),
        F("region_code", STR, "站点的行政区划代码", "administrative region code of the site"),
        F("level", STR, "站点层级：central/province/city/county/township/department",
          "site level: central/province/city/county/township/department"),
        F("title", STR, "文档标题", "document title"),
        F("year", I16, "栏目页或标题显示的报告年度", "report year as the listing or title shows it", "年"),
        F("published_date", DATE, "网站发布日期", "publication date shown by the site"),
        F("content_type", STR, "按内容识别的格式：html/pdf/docx/doc/wps/xls/xlsx/image/other",
          "format sniffed from the bytes: html/pdf/docx/doc/wps/xls/xlsx/image/other"),
        F("size", I64, "文档字节数", "document size", "字节 bytes"),
        F("sha256", STR, "文档内容的 SHA-256（十六进制）", "SHA-256 of the document bytes (hex)", nullable=False),
        F("fetched_at", TS, "抓取时间（UTC）", "time of the fetch (UTC)"),
        F("status", I16, "HTTP 状态码", "HTTP status code"),
        F("warc_file", STR, "保存该响应的 WARC 文件", "WARC file holding the response"),
        F("warc_offset", I64, "响应在 WARC 文件中的偏移", "offset of the response in the WARC file", "字节 bytes"),
        F("role", STR, "article（网页正文）或 attachment（附件）", "article (web page) or attachment"),
        F("parent_url", STR, "附件所属网页的地址", "URL of the article an attachment hangs off"),
        F("listing_date", DATE, "栏目页列出的日期", "date the listing page shows for the document"),
        F("page_date", DATE, "文章页上的发布日期（附件取其所属网页的）",
          "发布日期 printed on the article page (for an attachment: its article's)"),
        F("last_modified", DATE, "HTTP Last-Modified 响应头的日期", "date of the HTTP Last-Modified header"),
        F("publisher", STR, "文章页所印的发布机构（附件取其所属网页的）",
          "发布机构 printed on the article page (for an attachment: its article's)"),
        F("index_no", STR, "文章页所印的索引号", "索引号 (index number) printed on the article page"),
        F("extractor_version", STR, "当前采用的抽取器版本", "extractor version in use for this document"),
        F("n_reports", I16, "从文档中抽取到的报告数", "reports the extractor found in the document"),
        F("report_ids", STR_LIST, "来自本文档并被采用的报告编号", "ids of the reports kept from this document"),
        F("duplicate_of", STR_LIST, "本文档中的报告与之重复而未采用的报告编号",
          "ids of the kept reports that this document's dropped reports duplicate"),
        F("load_status", STR,
          "used（有报告被采用）/duplicate（报告均与他处重复）/pending（尚未抽取）",
          "used (a report was kept) / duplicate (every report is a duplicate) / pending (not extracted yet)",
          nullable=False),
    ]),
    sort_by=("url", "sha256"),
)

REPORTS = Table(
    "reports", "年度报告（每个机关每年一份）", "Annual reports (one per agency and year)",
    pa.schema([
        F("report_id", STR, "报告编号：文档 SHA-256 前16位 + '-' + 报告在文档中的序号",
          "report id: first 16 hex digits of the document SHA-256, '-', position of the report in it",
          nullable=False),
        F("year", I16, "报告年度", "report year", "年", nullable=False),
        F("agency_id", STR, "机关编号（见 agencies 表）", "agency id (see table agencies)", nullable=False),
        F("agency", STR, "报告上发布的机关名称", "agency name as the report publishes it"),
        F("region_code", STR, "行政区划代码", "administrative region code"),
        F("province", STR, "省级行政区名称", "province name"),
        F("city", STR, "地级行政区名称", "prefecture (city) name"),
        F("county", STR, "县级行政区名称", "county name"),
        F("level", STR, "层级：central/province/city/county/township/department",
          "level: central/province/city/county/township/department"),
        F("site_id", STR, "来源站点编号", "site the report was found on"),
        F("t2_layout", STR, "表二格式：2019 或 2021（缺表时为空）", "table 2 layout: 2019 or 2021 (null: table missing)"),
        F("t3_layout", STR, "表三格式：2019 或 2021（缺表时为空）", "table 3 layout: 2019 or 2021 (null: table missing)"),
        F("has_t4", BOOL, "是否有表四（行政复议、行政诉讼）", "whether table 4 (reviews and suits) is present"),
        F("source_url", STR, "报告来源地址", "URL of the source document"),
        F("sha256", STR, "来源文档的 SHA-256", "SHA-256 of the source document", nullable=False),
        F("position", I16, "报告在文档中的序号（从0开始）", "position of the report in its document (from 0)",
          nullable=False),
        F("content_type", STR, "来源文档格式", "format of the source document"),
        F("published_date", DATE, "网站发布日期", "publication date shown by the site"),
        F("published_at", DATE, "首次发布日期（按 docs/dataset.md 的规则从候选日期中选定；同一报告多处发布取最早）",
          "first publication date, chosen from the candidates by the rule in docs/dataset.md "
          "(a report published twice: the earliest copy)"),
        F("published_source", STR, "published_at 的来源：page/listing/url/site/url_month/url_id/last_modified/first_seen",
          "source of published_at: page/listing/url/site/url_month/url_id/last_modified/first_seen"),
        F("date_candidates", DATE_CANDIDATES, "所有副本的全部候选日期（来源、日期、地址）",
          "every candidate date of every copy (source, date, URL)"),
        F("extractor_version", STR, "抽取器版本", "extractor version", nullable=False),
        F("ocr", BOOL, "数字是否经 OCR 识别", "whether the numbers were read by OCR"),
        F("n_facts", I16, "数据项个数", "number of facts", "个 count"),
        F("n_checks", I16, "已执行的勾稽校验数", "number of consistency checks run", "个 count"),
        F("n_failed_checks", I16, "未通过的勾稽校验数", "number of failed consistency checks", "个 count"),
        F("failed_checks", STR_LIST, "未通过的校验编号", "ids of the failed checks"),
        F("complete", BOOL, "是否完整：三表齐全，且所识别格式的每个数据项都已读出",
          "whether the report is complete: all three tables found and every code of their detected "
          "layouts read (false: some numbers are not in the dataset, see missing)"),
        F("missing", STR_LIST, "所识别格式中未读出的数据项代码（排序）",
          "codes of the detected layouts that were not read (sorted); a table not found at all lists none"),
        F("status", STR,
          "ok（三表齐全、数据完整且校验全部通过）/failed_checks（有校验未通过）/missing_tables（缺表）/"
          "incomplete（三表齐全但有数据项未读出）",
          "ok (three tables, complete, every check passes) / failed_checks (a check fails) / "
          "missing_tables (a table is missing) / incomplete (three tables, but some codes were not read)",
          nullable=False),
        F("n_duplicates", I16, "被判为同一报告而未采用的其他副本数",
          "other copies of the same report that were not kept", "个 count"),
        F("period", STR, "报告所述期间（抽取器原样给出）", "reporting period as the extractor gives it"),
        F("warnings", STR_LIST, "抽取器警告", "extractor warnings"),
    ]),
    primary_key=("report_id",),
    sort_by=("year", "report_id"),
    foreign_keys=(("agency_id", "agencies", "agency_id"),),
)

FACTS = Table(
    "facts", "数据项：三张统计表的每个单元格", "Facts: every cell of the three statistical tables",
    pa.schema([
        F("report_id", STR, "报告编号", "report id", nullable=False),
        F("code", STR, "数据项代码（见 codes 表与 docs/SPEC.md）", "fact code (see table codes and docs/SPEC.md)",
          nullable=False),
        F("table", STR, "所属表：t2/t3/t4", "table: t2/t3/t4", nullable=False),
        F("row", STR, "原文中该单元格所在行的标签；与模板行标签相同时为空",
          "row label the cell was read under, as printed; empty where it equals the template's (provenance)"),
        F("column", STR, "原文中该单元格所在列的标签；与模板列标签相同时为空",
          "column label the cell was read under, as printed; empty where it equals the template's (provenance)"),
        F("value", F64, "数值（件数或万元）", "value (a count, or 万元 for amounts)", nullable=False),
        F("unit", STR, "单位：件 或 万元", "unit: 件 (items) or 万元 (10,000 yuan)", nullable=False),
        F("raw", STR, "原文单元格文字；与数值的规范写法相同时为空（视图 facts 中已还原）",
          "cell text as printed; null when it equals the canonical rendering of value (restored by view facts)"),
        F("page", I32, "所在页码（PDF/扫描件）", "page number (PDF, scans)"),
        F("confidence", F64, "OCR 置信度 0–1", "OCR confidence 0–1"),
        F("year", I16, "报告年度（分区列）", "report year (partition column)", "年", nullable=False),
    ]),
    primary_key=("report_id", "code"),
    sort_by=("year", "report_id", "code_order"),
    partition_by="year",
    foreign_keys=(("report_id", "reports", "report_id"), ("code", "codes", "code")),
)

CHECKS = Table(
    "checks", "勾稽校验结果", "Consistency checks (勾稽关系) per report",
    pa.schema([
        F("report_id", STR, "报告编号", "report id", nullable=False),
        F("check_id", STR, "校验编号（docs/SPEC.md）", "check id (docs/SPEC.md)", nullable=False),
        F("lhs", F64, "等式左边", "left-hand side"),
        F("rhs", F64, "等式右边", "right-hand side"),
        F("ok", BOOL, "是否成立；为空表示因缺少数据项而无法校验",
          "whether lhs equals rhs; null when the check could not be made because an input is missing"),
        F("missing", STR_LIST, "无法校验时缺少的数据项代码", "codes the check needed but the report lacks (when ok is null)"),
    ]),
    primary_key=("report_id", "check_id"),
    sort_by=("report_id", "check_order"),
    foreign_keys=(("report_id", "reports", "report_id"),),
)

TEXTS = Table(
    "texts", "报告正文段落（一、五、六）", "Report prose sections (一, 五, 六)",
    pa.schema([
        F("report_id", STR, "报告编号", "report id", nullable=False),
        F("section", STR, "章节：一（总体情况）/五（存在的主要问题及改进情况）/六（其他需要报告的事项）",
          "section: 一 overview / 五 main problems and improvements / 六 other matters", nullable=False),
        F("text", STR, "章节原文", "section text as printed"),
    ]),
    primary_key=("report_id", "section"),
    sort_by=("report_id", "section"),
    foreign_keys=(("report_id", "reports", "report_id"),),
)

AGENCY_NAME = pa.struct([("name", STR), ("first_year", I16), ("last_year", I16)])
AGENCIES = Table(
    "agencies", "机关", "Agencies",
    pa.schema([
        F("agency_id", STR, "机关编号：规范化名称 + 行政区划代码的哈希",
          "agency id: hash of the normalized name and the region code", nullable=False),
        F("name", STR, "最近一次发布的名称", "most recent published name"),
        F("names", pa.list_(AGENCY_NAME), "历年发布的名称及其起止年度", "names published over time, with first and last year"),
        F("normalized_name", STR, "规范化并按更名表归并后的名称", "normalized name after the renamings table"),
        F("region_code", STR, "行政区划代码", "administrative region code"),
        F("province", STR, "省级行政区名称", "province name"),
        F("city", STR, "地级行政区名称", "prefecture (city) name"),
        F("county", STR, "县级行政区名称", "county name"),
        F("level", STR, "层级", "level"),
        F("site_id", STR, "发现其报告的站点（多个时取报告最多者）", "site its reports were found on (the most frequent)"),
        F("placed", BOOL, "能否定位到行政区", "whether the agency could be placed in a region", nullable=False),
        F("flag", STR, "无法定位的原因：no_region_code/unknown_region_code/no_name",
          "why it could not be placed: no_region_code/unknown_region_code/no_name"),
        F("n_reports", I16, "报告数", "number of reports", "个 count"),
        F("first_year", I16, "最早报告年度", "first report year", "年"),
        F("last_year", I16, "最近报告年度", "last report year", "年"),
    ]),
    primary_key=("agency_id",),
    sort_by=("agency_id",),
)

QUARANTINE = Table(
    "quarantine", "隔离区：未进入数据集的文档或报告及原因", "Quarantine: documents or reports kept out, and why",
    pa.schema([
        F("sha256", STR, "文档 SHA-256", "document SHA-256"),
        F("url", STR, "文档地址", "document URL"),
        F("site_id", STR, "站点编号", "site id"),
        F("stage", STR, "环节：crawl/extract/load", "stage: crawl/extract/load", nullable=False),
        F("reason", STR, "原因", "reason", nullable=False),
        F("extractor_version", STR, "抽取器版本", "extractor version"),
    ]),
    sort_by=("stage", "sha256", "url", "reason"),
)

EXTRACTIONS = Table(
    "extractions", "抽取历史：每个文档经过的抽取器版本", "Extraction history: extractor versions per document",
    pa.schema([
        F("sha256", STR, "文档 SHA-256", "document SHA-256", nullable=False),
        F("extractor_version", STR, "抽取器版本", "extractor version", nullable=False),
        F("kind", STR, "抽取器识别的格式", "format the extractor sniffed"),
        F("n_reports", I16, "抽取到的报告数", "reports found", "个 count"),
        F("reason", STR, "未找到报告的原因", "why no report was found"),
        F("error", STR, "无法读取时的错误", "error when the document could not be read"),
        F("json_sha256", STR, "抽取结果 JSON 文件的 SHA-256", "SHA-256 of the extraction JSON file"),
        F("current", BOOL, "是否为当前采用的版本", "whether this version is the one in use", nullable=False),
    ]),
    primary_key=("sha256", "extractor_version"),
    sort_by=("sha256", "version_order"),
)

SITES = Table(
    "sites", "站点登记表（data/registry）", "Site registry (data/registry)",
    pa.schema([
        F("site_id", STR, "站点编号", "site id", nullable=False),
        F("name", STR, "站点或机关名称", "site or agency name"),
        F("region_code", STR, "行政区划代码", "administrative region code"),
        F("level", STR, "层级", "level"),
        F("homepage_url", STR, "首页", "homepage URL"),
        F("column_url", STR, "年报栏目地址", "URL of the annual-report column"),
        F("verified", STR, "最近确认日期", "date of the last crawl that confirmed the entry"),
        F("first_year", I16, "应发布年报的首个年度（登记表可填；空 = 2019）",
          "first year the agency owes a report (registry column; empty = 2019)", "年"),
        F("agency_id", STR, "站点所属机关的机关编号（与 reports 表同一规则）",
          "agency id of the site's owner (same rule as in table reports)"),
    ]),
    primary_key=("site_id",),
    sort_by=("site_id",),
)

CRAWL_SITES = Table(
    "crawl_sites", "最近一次抓取对各站点的核实结果（data/crawl/sites.parquet）",
    "What the last crawl of each site found (data/crawl/sites.parquet)",
    pa.schema([
        F("site_id", STR, "站点编号", "site id", nullable=False),
        F("verified", DATE, "核实日期（抓取日）", "date of the crawl that verified the site"),
        F("status", STR, "ok / no column found / budget exhausted / blocked / robots / unreachable",
          "ok / no column found / budget exhausted / blocked / robots / unreachable"),
        F("reason", STR, "未找到年报栏目的原因", "why no annual-report column was found"),
        F("columns", STR_LIST, "找到的年报栏目地址", "URLs of the annual-report columns found"),
        F("column_agencies", STR_LIST, "各栏目所属机关（空：站点本身）", "agency of each column (null: the site's own)"),
        F("reports_found", I32, "栏目中的报告条目数", "report entries listed in those columns"),
        F("http_fallback", BOOL, "https 失败后改用 http", "https failed, http used"),
        F("challenge", STR, "JavaScript 验证：solved/failed", "JavaScript challenge: solved/failed"),
    ]),
    primary_key=("site_id",),
    sort_by=("site_id",),
)

REGIONS = Table(
    "regions", "行政区划（data/registry/regions.csv）", "Administrative regions (data/registry/regions.csv)",
    pa.schema([
        F("code", STR, "行政区划代码", "region code", nullable=False),
        F("name", STR, "名称", "name"),
        F("level", STR, "层级（原样）：province/prefecture/county；100000 为全国（country）",
          "level as the table gives it: province/prefecture/county; 100000 is the whole country"),
        F("parent", STR, "上级区划代码", "parent region code"),
        F("province_code", STR, "所属省级代码", "province code"),
        F("province", STR, "所属省级名称", "province name"),
        F("city_code", STR, "所属地级（prefecture）代码", "prefecture-level (city) code"),
        F("city", STR, "所属地级名称", "prefecture-level (city) name"),
        F("county_code", STR, "所属县级代码", "county code"),
        F("county", STR, "所属县级名称", "county name"),
    ]),
    primary_key=("code",),
    sort_by=("code",),
)

CODES = Table(
    "codes", "数据项代码表（来自 extract/schema.py）", "Fact codes (from extract/schema.py)",
    pa.schema([
        F("code", STR, "数据项代码", "fact code", nullable=False),
        F("table", STR, "所属表", "table", nullable=False),
        F("layouts", STR_LIST, "出现该代码的表格格式", "layouts that carry the code"),
        F("row_label", STR, "模板行标签", "row label the template prints"),
        F("column_label", STR, "模板列标签", "column label the template prints"),
        F("unit", STR, "单位", "unit"),
        F("code_order", I16, "模板中的顺序", "order in the templates", nullable=False),
    ]),
    primary_key=("code",),
    sort_by=("code_order",),
)

_PLACE = [
    F("region_code", STR, "行政区划代码", "administrative region code"),
    F("province", STR, "省级行政区名称", "province name"),
    F("city", STR, "地级行政区名称", "prefecture (city) name"),
    F("county", STR, "县级行政区名称", "county name"),
]

COMPLIANCE = Table(
    "compliance", "年报发布合规情况：机关 × 年度（docs/dataset.md）",
    "Compliance per agency and year: owed, published, when, on time, complete, sound (docs/dataset.md)",
    pa.schema([
        F("agency_id", STR, "机关编号", "agency id", nullable=False),
        F("year", I16, "报告年度", "report year", "年", nullable=False),
        F("agency", STR, "机关名称（最近发布的名称；未发布时为登记表名称）",
          "agency name (the most recent published one; the registry's when nothing was published)"),
        *_PLACE,
        F("level", STR, "层级", "level"),
        F("expected", BOOL, "是否应发布（登记表所列机关，自2019年或其 first_year 起，截止日期已过）",
          "whether the agency owed the report (listed in the registry, from 2019 or its first_year, deadline passed)",
          nullable=False),
        F("named_by_art49", BOOL, "条例第四十九条是否规定其发布期限（乡镇、街道：否）",
          "whether 条例 art. 49 sets it a deadline (townships and streets: no)", nullable=False),
        F("published", BOOL, "是否找到该年度报告", "whether the year's report was found", nullable=False),
        F("report_id", STR, "报告编号", "report id"),
        F("source_url", STR, "报告来源地址", "URL of the source document"),
        F("published_at", DATE, "首次发布日期（见 reports.published_at）", "first publication date (see reports.published_at)"),
        F("published_source", STR, "published_at 的来源", "source of published_at"),
        F("deadline", DATE, "发布期限：部门为次年1月31日，政府为次年3月31日（条例第四十九、五十条）；乡镇为空",
          "deadline: 31 January of the next year for departments, 31 March for governments (条例 art. 49/50); "
          "townships none"),
        F("days_after_deadline", I32, "发布日期减期限的天数（负数为提前）", "published_at minus deadline (negative: early)", "天 days"),
        F("on_time", BOOL, "是否在期限内发布", "whether published by the deadline"),
        F("complete", BOOL, "报告是否完整（所检测格式的全部数据项都找到）", "whether the report is complete (every code of its layouts found)"),
        F("n_failed_checks", I16, "未通过的勾稽校验数", "number of failed consistency checks", "个 count"),
        F("sound", BOOL, "完整且全部勾稽校验通过", "complete and every consistency check passed"),
        F("t2_layout", STR, "表二格式", "table 2 layout"),
        F("t3_layout", STR, "表三格式", "table 3 layout"),
        F("layout_current", BOOL, "表二、表三是否采用该年度应使用的模板（2021年起为2021版）",
          "whether tables 2 and 3 use the template prescribed for the year (the 2021 layout from 2021 on)"),
        F("site_id", STR, "登记表中的站点编号", "registry site id"),
    ]),
    primary_key=("agency_id", "year"),
    sort_by=("year", "province", "city", "county", "level", "agency", "agency_id"),
    foreign_keys=(("report_id", "reports", "report_id"),),
)

REGION_COMPLIANCE = Table(
    "region_compliance", "各地区年报发布合规情况（省、市、县，按机关层级）",
    "Compliance by region (province / city / county, each with everything below it) and level of agency",
    pa.schema([
        F("year", I16, "报告年度", "report year", "年", nullable=False),
        F("level", STR, "机关层级；all 为全部层级", "level of agency; 'all' for every level", nullable=False),
        F("region_level", STR, "地区层级：province/city/county", "region level: province/city/county", nullable=False),
        F("province", STR, "省级行政区名称", "province name"),
        F("city", STR, "地级行政区名称", "prefecture (city) name"),
        F("county", STR, "县级行政区名称", "county name"),
        F("owed", I64, "应发布的报告数", "reports owed", "个 count"),
        F("published", I64, "其中已发布", "of which published", "个 count"),
        F("on_time", I64, "其中按期发布", "of which on time", "个 count"),
        F("late", I64, "其中逾期发布", "of which late", "个 count"),
        F("complete", I64, "其中完整", "of which complete", "个 count"),
        F("sound", I64, "其中完整且校验全部通过", "of which complete and passing every check", "个 count"),
        F("layout_current", I64, "其中采用当年模板", "of which in the year's template", "个 count"),
        F("published_unregistered", I64, "登记表未列机关发布的报告数（不计入任何比例）",
          "reports by agencies the registry does not list (in no share)", "个 count"),
        F("published_share", F64, "已发布 / 应发布", "published / owed"),
        F("on_time_share", F64, "按期 / 有期限的应发布数", "on time / owed with a deadline"),
        F("complete_share", F64, "完整 / 应发布", "complete / owed"),
        F("sound_share", F64, "完整且校验通过 / 应发布", "sound / owed"),
    ]),
    sort_by=("year", "level", "region_level", "province", "city", "county"),
)

TABLES: dict[str, Table] = {t.name: t for t in (
    DOCUMENTS, REPORTS, FACTS, CHECKS, TEXTS, AGENCIES, QUARANTINE, EXTRACTIONS, SITES, CRAWL_SITES, REGIONS, CODES,
    COMPLIANCE, REGION_COMPLIANCE)}
