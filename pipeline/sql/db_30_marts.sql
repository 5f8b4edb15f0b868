-- Layer 2 (marts): research tables built on the wide marts. Shares are of the applications
-- handled this year (t3.total.total, 三（七）总计); NULL when nothing was handled.
-- The group counts and per-reason shares are generated from extract/schema.py (pipeline/database.py).

CREATE OR REPLACE TABLE agency_year AS
SELECT r.agency_id, r.year, r.report_id,
       a.name AS agency, r.agency AS agency_as_published,
       r.region_code, r.province, r.city, r.county, r.level, r.t3_layout,
       w.new_total AS received,
       w.carried_in_total AS carried_in,
       w.total_total AS handled,
       w.carried_out_total AS carried_out,
       w.granted_total AS granted,
       w.partial_total AS partial,
{{group_counts}},
       granted / nullif(handled, 0) AS granted_share,
       partial / nullif(handled, 0) AS partial_share,
       denied / nullif(handled, 0) AS denied_share,
       unable / nullif(handled, 0) AS unable_share,
       rejected / nullif(handled, 0) AS rejected_share,
       other / nullif(handled, 0) AS other_share,
{{row_shares}},
       t4.review_total AS reviews,
       t4.review_upheld AS reviews_upheld,
       t4.review_corrected AS reviews_corrected,
       t4.review_other AS reviews_other,
       t4.review_pending AS reviews_pending,
       t4.suit_direct_total + t4.suit_after_review_total AS suits,
       t4.suit_direct_upheld + t4.suit_after_review_upheld AS suits_upheld,
       t4.suit_direct_corrected + t4.suit_after_review_corrected AS suits_corrected,
       t4.suit_direct_other + t4.suit_after_review_other AS suits_other,
       t4.suit_direct_pending + t4.suit_after_review_pending AS suits_pending,
       r.n_failed_checks, r.status
FROM raw.reports r
LEFT JOIN raw.agencies a USING (agency_id)
LEFT JOIN t3_wide w USING (report_id)
LEFT JOIN t4_wide t4 USING (report_id)
ORDER BY r.agency_id, r.year;

CREATE OR REPLACE TABLE region_year AS
SELECT year, level,
       CASE WHEN grouping(city) = 1 THEN 'province'
            WHEN grouping(county) = 1 THEN 'city' ELSE 'county' END AS region_level,
       province, city, county,
       count(*) AS reports,
       count(DISTINCT agency_id) AS agencies,
       sum(received) AS received,
       sum(handled) AS handled,
       sum(granted) AS granted,
       sum(denied) AS denied,
       sum(unable) AS unable,
       sum(rejected) AS rejected,
       sum(granted) / nullif(sum(handled), 0) AS granted_share,
       sum(partial) / nullif(sum(handled), 0) AS partial_share,
       sum(denied) / nullif(sum(handled), 0) AS denied_share,
       sum(unable) / nullif(sum(handled), 0) AS unable_share,
       sum(rejected) / nullif(sum(handled), 0) AS rejected_share,
       sum(reviews) AS reviews,
       sum(reviews_corrected) AS reviews_corrected,
       sum(suits) AS suits,
       sum(suits_corrected) AS suits_corrected,
       count(*) FILTER (WHERE n_failed_checks > 0) AS reports_failing_checks
FROM agency_year
GROUP BY GROUPING SETS ((year, level, province), (year, level, province, city),
                        (year, level, province, city, county))
-- a city-level agency has no county: it is counted in its city and province rows only
HAVING (grouping(city) = 1 OR city IS NOT NULL) AND (grouping(county) = 1 OR county IS NOT NULL)
ORDER BY year, level NULLS LAST, region_level DESC, province NULLS LAST, city NULLS LAST, county NULLS LAST;

CREATE OR REPLACE TABLE checks_summary AS
SELECT c.check_id,
       split_part(c.check_id, '.', 1) || '.' || split_part(c.check_id, '.', 2) AS rule,
       r.year,
       count(*) FILTER (WHERE c.ok IS NOT NULL) AS reports_checked,
       count(*) FILTER (WHERE NOT c.ok) AS reports_failed,
       count(*) FILTER (WHERE NOT c.ok) / nullif(count(*) FILTER (WHERE c.ok IS NOT NULL), 0) AS failure_rate,
       count(*) FILTER (WHERE c.ok IS NULL) AS reports_unknown,
       median(abs(c.lhs - c.rhs)) FILTER (WHERE NOT c.ok) AS median_abs_gap
FROM raw.checks c JOIN raw.reports r USING (report_id)
GROUP BY ALL
ORDER BY c.check_id, r.year;

-- Reports found per region, level and year against the registry's sites.
CREATE OR REPLACE TABLE coverage AS
WITH years AS (SELECT DISTINCT year FROM raw.reports),
registered AS (
    SELECT s.region_code, s.level, y.year, count(*) AS sites_registered
    FROM raw.sites s CROSS JOIN years y GROUP BY ALL
), found AS (
    SELECT r.region_code, r.level, r.year,
           count(*) AS reports,
           count(DISTINCT r.agency_id) AS agencies,
           count(DISTINCT r.site_id) FILTER (WHERE s.site_id IS NOT NULL) AS sites_with_reports
    FROM raw.reports r LEFT JOIN raw.sites s USING (site_id)
    GROUP BY ALL
), joined AS (
    SELECT coalesce(g.region_code, f.region_code) AS region_code,
           coalesce(g.level, f.level) AS level,
           coalesce(g.year, f.year) AS year,
           coalesce(g.sites_registered, 0) AS sites_registered,
           coalesce(f.sites_with_reports, 0) AS sites_with_reports,
           coalesce(f.reports, 0) AS reports,
           coalesce(f.agencies, 0) AS agencies
    FROM registered g FULL OUTER JOIN found f
      ON g.region_code IS NOT DISTINCT FROM f.region_code
     AND g.level IS NOT DISTINCT FROM f.level AND g.year = f.year
)
SELECT j.region_code, rg.province, rg.city, rg.county, j.level, j.year,
       j.sites_registered, j.sites_with_reports,
       j.sites_with_reports / nullif(j.sites_registered, 0) AS site_coverage,
       j.reports, j.agencies
FROM joined j LEFT JOIN raw.regions rg ON rg.code = j.region_code
ORDER BY j.year, j.region_code NULLS LAST, j.level NULLS LAST;
