-- Assembly step 2: deduplication and the small published tables (out_*). Inputs: step 1 and
-- agency_keys (sha256, position, agency_id, normalized_name) computed in Python
-- (pipeline/agencies.py).

-- Same report = same agency_id and year (one annual report per agency per year, 条例 第五十条).
-- Keep the copy with the most statistical tables, then a complete one, then text over OCR, then the better format
-- (HTML first: it is what the site shows and its cells are exact), then the newest fetch,
-- then the smallest report_id.
CREATE OR REPLACE TEMP TABLE ranked AS
SELECT c.*, k.agency_id, k.normalized_name,
       dt.published_at, dt.published_source, dt.date_candidates,
       row_number() OVER w AS dup_rank,
       count(*) OVER (PARTITION BY k.agency_id, c.year) - 1 AS n_duplicates,
       first_value(c.report_id) OVER w AS kept_report_id
FROM candidates c JOIN agency_keys k USING (sha256, position)
JOIN report_dates dt USING (sha256, position)
WINDOW w AS (PARTITION BY k.agency_id, c.year
             ORDER BY c.tables_present DESC, c.complete DESC, c.ocr ASC, c.format_rank ASC,
                      c.fetched_at DESC NULLS LAST, c.report_id ASC);

CREATE OR REPLACE TEMP TABLE kept AS SELECT * FROM ranked WHERE dup_rank = 1;

-- A report published twice (HTML + PDF, office + area, a repost) was first published by its
-- earliest copy; every copy's candidates are kept.
CREATE OR REPLACE TEMP TABLE first_publication AS
SELECT agency_id, year,
       min(published_at) AS published_at,
       arg_min(published_source, published_at) AS published_source,
       flatten(list(date_candidates ORDER BY report_id)) AS date_candidates
FROM ranked GROUP BY agency_id, year;

CREATE OR REPLACE TEMP TABLE out_reports AS
SELECT k.report_id, k.year, k.agency_id, k.agency, k.region_code,
       g.province, g.city, g.county, k.level, k.site_id,
       k.t2_layout, k.t3_layout, k.has_t4, k.source_url, k.sha256, k.position, k.content_type,
       k.published_date, fp.published_at, fp.published_source, fp.date_candidates,
       k.extractor_version, k.ocr, k.n_facts, k.n_checks, k.n_failed_checks,
       k.failed_checks, k.complete, k.missing,
       CASE WHEN k.n_failed_checks > 0 THEN 'failed_checks'
            WHEN k.tables_present < 3 THEN 'missing_tables'
            WHEN NOT k.complete THEN 'incomplete'
            ELSE 'ok' END AS status,
       k.n_duplicates, k.period, k.warnings
FROM kept k LEFT JOIN regions g ON g.code = k.region_code
LEFT JOIN first_publication fp USING (agency_id, year)
ORDER BY k.year, k.report_id;

-- Agencies: every agency with a kept report, placed or not.
CREATE OR REPLACE TEMP TABLE out_agencies AS
WITH names AS (
    SELECT agency_id, agency AS name, min(year)::SMALLINT AS first_year, max(year)::SMALLINT AS last_year
    FROM kept WHERE agency IS NOT NULL GROUP BY ALL
), named AS (
    SELECT agency_id,
           list({'name': name, 'first_year': first_year, 'last_year': last_year}
                ORDER BY first_year, name) AS names
    FROM names GROUP BY agency_id
), latest AS (  -- the name of the most recent report; ties → the smallest name
    SELECT agency_id, name FROM (
        SELECT agency_id, name,
               row_number() OVER (PARTITION BY agency_id ORDER BY last_year DESC, name) AS rn
        FROM names) WHERE rn = 1
), level_pick AS (  -- most frequent level and site; ties → the smallest
    SELECT agency_id, level FROM (
        SELECT agency_id, level,
               row_number() OVER (PARTITION BY agency_id ORDER BY count(*) DESC, level NULLS LAST) AS rn
        FROM kept GROUP BY agency_id, level) WHERE rn = 1
), site_pick AS (
    SELECT agency_id, site_id FROM (
        SELECT agency_id, site_id,
               row_number() OVER (PARTITION BY agency_id ORDER BY count(*) DESC, site_id NULLS LAST) AS rn
        FROM kept GROUP BY agency_id, site_id) WHERE rn = 1
), agg AS (
    SELECT agency_id,
           min(normalized_name) AS normalized_name,
           min(region_code) AS region_code,
           count(*)::SMALLINT AS n_reports,
           min(year)::SMALLINT AS first_year,
           max(year)::SMALLINT AS last_year
    FROM kept GROUP BY agency_id
), has_regions AS (SELECT count(*) > 0 AS yes FROM regions)
SELECT a.agency_id, l.name, n.names, nullif(a.normalized_name, '') AS normalized_name, a.region_code,
       g.province, g.city, g.county, lp.level, sp.site_id,
       CASE WHEN a.normalized_name = '' OR a.region_code IS NULL THEN false
            WHEN hr.yes AND g.code IS NULL THEN false
            ELSE true END AS placed,
       CASE WHEN a.normalized_name = '' THEN 'no_name'
            WHEN a.region_code IS NULL THEN 'no_region_code'
            WHEN hr.yes AND g.code IS NULL THEN 'unknown_region_code'
            END AS flag,
       a.n_reports, a.first_year, a.last_year
FROM agg a
CROSS JOIN has_regions hr
LEFT JOIN named n USING (agency_id)
LEFT JOIN latest l USING (agency_id)
LEFT JOIN level_pick lp USING (agency_id)
LEFT JOIN site_pick sp USING (agency_id)
LEFT JOIN regions g ON g.code = a.region_code
ORDER BY a.agency_id;

-- Why a document or report stays out of the dataset.
CREATE OR REPLACE TEMP TABLE out_quarantine AS
SELECT * FROM (
    SELECT sha256, url, site_id, 'crawl' AS stage, 'HTTP ' || status::VARCHAR AS reason,
           NULL::VARCHAR AS extractor_version
    FROM crawl WHERE status IS NOT NULL AND status NOT BETWEEN 200 AND 299
    UNION ALL
    SELECT e.sha256, d.url, d.site_id,
           CASE e.status WHEN 'invalid' THEN 'load' ELSE 'extract' END,
           CASE e.status WHEN 'no_reports' THEN coalesce(e.reason, 'no report found')
                         WHEN 'error' THEN coalesce(e.error, 'unreadable')
                         ELSE coalesce(e.problem, 'invalid extraction file') END,
           e.extractor_version
    FROM current_extraction e LEFT JOIN doc_meta d USING (sha256)
    WHERE e.status <> 'reports'
    UNION ALL
    SELECT r.sha256, d.url, d.site_id, 'load',
           coalesce(r.problem, 'report ' || r.position::VARCHAR || ': no year'), r.extractor_version
    FROM stage_reports r LEFT JOIN doc_meta d USING (sha256)
    WHERE r.problem IS NOT NULL OR coalesce(r.year, d.year) IS NULL
)
ORDER BY stage, sha256, url, reason;

-- Documents: per crawl row, what became of it. Fully quarantined bodies are left out.
CREATE OR REPLACE TEMP TABLE doc_reports AS
SELECT sha256,
       list(report_id ORDER BY report_id) FILTER (WHERE dup_rank = 1) AS report_ids,
       list(DISTINCT kept_report_id ORDER BY kept_report_id) FILTER (WHERE dup_rank > 1) AS duplicate_of,
       bool_or(dup_rank = 1) AS used
FROM ranked GROUP BY sha256;

CREATE OR REPLACE TEMP TABLE out_documents AS
WITH bodies AS (
    SELECT c.*, e.extractor_version, e.n_reports, r.report_ids, r.duplicate_of,
           CASE WHEN e.sha256 IS NULL THEN 'pending'
                WHEN r.used THEN 'used'
                WHEN r.sha256 IS NOT NULL THEN 'duplicate' END AS load_status
    FROM crawl_ok c
    LEFT JOIN current_extraction e USING (sha256)
    LEFT JOIN doc_reports r USING (sha256)
    UNION ALL BY NAME  -- extracted bodies the crawl table does not know (e.g. added by hand)
    SELECT e.kind AS content_type, e.sha256,
           e.extractor_version, e.n_reports, r.report_ids, r.duplicate_of,
           CASE WHEN r.used THEN 'used' ELSE 'duplicate' END AS load_status
    FROM current_extraction e JOIN doc_reports r USING (sha256)
    WHERE e.sha256 NOT IN (SELECT sha256 FROM crawl_ok)
)
SELECT url, final_url, listing_url, site_id, agency, agency_source, region_code, level, title, year,
       published_date, content_type, size, sha256, fetched_at, status, warc_file, warc_offset,
       role, parent_url, listing_date, page_date, last_modified, publisher, index_no, extractor_version, n_reports,
       coalesce(report_ids, []) AS report_ids, coalesce(duplicate_of, []) AS duplicate_of, load_status
FROM bodies WHERE load_status IS NOT NULL
ORDER BY url, sha256, fetched_at, warc_file, warc_offset;

CREATE OR REPLACE TEMP TABLE out_extractions AS
SELECT h.sha256, h.extractor_version, h.kind, h.n_reports, h.reason,
       coalesce(h.error, h.problem) AS error, h.json_sha256,
       (c.sha256 IS NOT NULL) AS current
FROM stage_history h
LEFT JOIN stage_current c USING (sha256, extractor_version)
JOIN version_order v USING (extractor_version)
-- a quarantined document appears in the quarantine table only
WHERE h.sha256 IN (SELECT sha256 FROM out_documents)
ORDER BY h.sha256, v.ord;
