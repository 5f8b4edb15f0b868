-- Assembly step 1: every extracted report that can enter the dataset, with its document's crawl
-- metadata. Inputs (registered by pipeline/assemble.py): crawl (documents.parquet conformed),
-- stage_history, stage_current, stage_reports, sites, regions, format_rank, version_order.

-- Crawl rows that are not successful responses never reach the extractor's output.
CREATE OR REPLACE TEMP TABLE crawl_ok AS
SELECT * FROM crawl WHERE status IS NULL OR status BETWEEN 200 AND 299;

-- One representative crawl row per document body: the first fetch, then the smallest URL.
CREATE OR REPLACE TEMP TABLE doc_meta AS
SELECT * EXCLUDE (rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY sha256
                                 ORDER BY fetched_at NULLS LAST, url NULLS LAST) AS rn
    FROM crawl_ok
) WHERE rn = 1;

-- The extraction in use per document, with its outcome.
CREATE OR REPLACE TEMP TABLE current_extraction AS
SELECT h.*
FROM stage_current c JOIN stage_history h USING (sha256, extractor_version);

CREATE OR REPLACE TEMP TABLE candidates AS
SELECT
    r.sha256,
    r.position,
    left(r.sha256, 16) || '-' || r.position::VARCHAR AS report_id,
    coalesce(r.year, d.year)::SMALLINT AS year,
    coalesce(nullif(trim(r.agency), ''), nullif(trim(d.agency), ''), s.name) AS agency,
    coalesce(d.region_code, s.region_code) AS region_code,
    coalesce(d.level, s.level) AS level,
    d.site_id,
    r.t2_layout, r.t3_layout, r.has_t4,
    d.url AS source_url,
    coalesce(d.content_type, e.kind) AS content_type,
    d.published_date,
    d.fetched_at,
    -- publication-date candidates (pipeline/dates.py picks one); an attachment's URL date is its article's
    d.listing_date, d.page_date, d.last_modified,
    CASE WHEN d.listing_date IS NULL AND d.page_date IS NULL THEN d.published_date END AS site_date,
    CASE WHEN d.role = 'attachment' AND d.parent_url IS NOT NULL THEN d.parent_url ELSE d.url END AS dated_url,
    fs.first_seen,
    r.extractor_version,
    r.ocr, r.n_facts, r.n_checks, r.n_failed_checks, r.failed_checks, r.period, r.warnings,
    coalesce(r.complete, false) AS complete, coalesce(r.missing, []) AS missing,
    (r.t2_layout IS NOT NULL)::INT + (r.t3_layout IS NOT NULL)::INT + coalesce(r.has_t4, false)::INT
        AS tables_present,
    coalesce(f.rank, 99) AS format_rank
FROM stage_reports r
JOIN current_extraction e USING (sha256)
LEFT JOIN doc_meta d USING (sha256)
LEFT JOIN (SELECT sha256, min(fetched_at)::DATE AS first_seen FROM crawl_ok GROUP BY sha256) fs USING (sha256)
LEFT JOIN sites s ON s.site_id = d.site_id
LEFT JOIN format_rank f ON f.content_type = coalesce(d.content_type, e.kind)
WHERE r.problem IS NULL AND coalesce(r.year, d.year) IS NOT NULL;
