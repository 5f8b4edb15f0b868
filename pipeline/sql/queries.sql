-- The researcher queries of docs/dataset.md, run against data/ogi.duckdb.
-- Each starts with "-- name:" and "-- title:" lines; docs/dataset.md shows them with their output
-- (python -m pipeline.queries --docs docs/dataset.md) and tests/bench/dataset_bench.py times them.

-- name: q01_layouts
-- title: Reports per year and level, and which table layouts they printed
SELECT year, level, t2_layout, t3_layout, count(*) AS reports, count(DISTINCT agency_id) AS agencies
FROM reports
GROUP BY ALL
ORDER BY year, level, t2_layout, t3_layout;

-- name: q02_applications
-- title: Applications received and handled per year, and the share granted in full or in part
SELECT year,
       count(*) AS reports,
       sum(received)::BIGINT AS received,
       sum(handled)::BIGINT AS handled,
       round(sum(granted) / nullif(sum(handled), 0), 4) AS granted_share,
       round(sum(partial) / nullif(sum(handled), 0), 4) AS partial_share
FROM agency_year
GROUP BY year
ORDER BY year;

-- name: q03_denials
-- title: Why applications were refused: each 不予公开 reason's share of all refusals, per year
WITH d AS (
    SELECT year,
           sum(denied_secret_total) AS state_secret, sum(denied_law_total) AS other_law,
           sum(denied_safety_total) AS safety_stability, sum(denied_third_party_total) AS third_party,
           sum(denied_internal_total) AS internal_affairs, sum(denied_process_total) AS process_info,
           sum(denied_enforcement_total) AS enforcement_files, sum(denied_query_total) AS query_matters
    FROM t3_wide
    GROUP BY year
), t AS (
    SELECT *, state_secret + other_law + safety_stability + third_party + internal_affairs
              + process_info + enforcement_files + query_matters AS denied
    FROM d
)
SELECT year, denied::BIGINT AS denied,
       round(state_secret / nullif(denied, 0), 4) AS state_secret,
       round(other_law / nullif(denied, 0), 4) AS other_law,
       round(safety_stability / nullif(denied, 0), 4) AS safety_stability,
       round(third_party / nullif(denied, 0), 4) AS third_party,
       round(internal_affairs / nullif(denied, 0), 4) AS internal_affairs,
       round(process_info / nullif(denied, 0), 4) AS process_info,
       round(enforcement_files / nullif(denied, 0), 4) AS enforcement_files,
       round(query_matters / nullif(denied, 0), 4) AS query_matters
FROM t
ORDER BY year;

-- name: q04_provinces
-- title: Provinces in the latest year, ranked by the share of applications granted in full
SELECT province, sum(reports) AS reports, sum(handled)::BIGINT AS handled,
       round(sum(granted) / nullif(sum(handled), 0), 4) AS granted_share,
       round(sum(unable) / nullif(sum(handled), 0), 4) AS unable_share
FROM region_year
WHERE region_level = 'province' AND year = (SELECT max(year) FROM reports)
GROUP BY province
ORDER BY granted_share DESC NULLS LAST, province NULLS LAST
LIMIT 10;

-- name: q05_checks
-- title: How often each consistency rule fails, per year (failures are published as printed)
SELECT rule, year, sum(reports_checked) AS checks_run, sum(reports_failed) AS failed,
       round(sum(reports_failed) / nullif(sum(reports_checked), 0), 4) AS failure_rate
FROM checks_summary
GROUP BY rule, year
ORDER BY rule, year;

-- name: q06_top_agencies
-- title: The ten agencies that received the most applications in the latest year, with their checks
SELECT a.agency, a.province, a.city, a.level, a.received::BIGINT AS received,
       round(a.granted_share, 4) AS granted_share, a.n_failed_checks, r.source_url
FROM agency_year a JOIN reports r USING (report_id)
WHERE a.year = (SELECT max(year) FROM reports)
ORDER BY a.received DESC NULLS LAST, a.agency_id
LIMIT 10;

-- name: q07_reviews_suits
-- title: Administrative reviews and lawsuits over OGI decisions, and how often the agency was corrected
SELECT year,
       sum(reviews)::BIGINT AS reviews,
       round(sum(reviews_corrected) / nullif(sum(reviews) - sum(reviews_pending), 0), 4) AS review_corrected_share,
       sum(suits)::BIGINT AS suits,
       round(sum(suits_corrected) / nullif(sum(suits) - sum(suits_pending), 0), 4) AS suit_corrected_share
FROM agency_year
GROUP BY year
ORDER BY year;

-- name: q08_agency_history
-- title: One agency across the years, whatever name it published under (the agency with the most reports)
WITH pick AS (SELECT agency_id FROM agencies ORDER BY n_reports DESC, agency_id LIMIT 1)
SELECT y.year, y.agency_as_published, y.t3_layout, y.received::BIGINT AS received,
       y.handled::BIGINT AS handled, y.reviews::BIGINT AS reviews, y.status
FROM agency_year y JOIN pick USING (agency_id)
ORDER BY y.year;

-- name: q09_fulltext
-- title: Every report whose 存在的主要问题 section (五) mentions 依申请公开
-- (find_texts, the one full-text route: a scan of the section's whitespace-free text)
SELECT r.year, r.agency, r.province, s.report_id
FROM find_texts('依申请公开', '五') s JOIN reports r USING (report_id)
ORDER BY r.year, r.agency, s.report_id;

-- name: q10_coverage
-- title: Coverage against the registry: sites registered and sites with a report, per province and year
SELECT province, year, sum(sites_registered) AS sites, sum(sites_with_reports) AS sites_with_reports,
       round(sum(sites_with_reports) / nullif(sum(sites_registered), 0), 4) AS site_coverage,
       sum(reports) AS reports
FROM coverage
WHERE year = (SELECT max(year) FROM reports)
GROUP BY province, year
ORDER BY province NULLS LAST, year;
