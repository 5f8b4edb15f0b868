-- Assembly step 4: the compliance tables — who owed a report for which year, who published it,
-- when, whether on time, complete and arithmetically sound. Every column is a fact with its
-- source; no score. Inputs: out_reports, out_agencies, sites (with agency_id), regions.
-- Placeholders: as_of (a DATE literal: the day of the newest fetch, or OGI_AS_OF), complete (the
-- reports' completeness column, or NULL where the extractor did not say).

-- 条例 第四十九条: 县级以上人民政府部门 publish by 31 January; 第五十条: 县级以上地方人民政府 by
-- 31 March. Townships (乡镇/街道) are not named: they have no deadline.
CREATE OR REPLACE TEMP MACRO report_deadline(level, year) AS
    CASE WHEN level = 'township' THEN NULL
         WHEN level = 'department' THEN make_date(year + 1, 1, 31)
         ELSE make_date(year + 1, 3, 31) END;

-- The layout the 政务公开办 template prescribes for a report year (2021 layout from the 2021 reports).
CREATE OR REPLACE TEMP MACRO current_layout(year) AS CASE WHEN year >= 2021 THEN '2021' ELSE '2019' END;

-- Every registered agency owes one report per year from 2019 (or its registry first_year) whose
-- deadline had passed on the as_of day; a township is listed for the years a county owes, marked
-- as not named by 第四十九条. Several sites of one agency owe one report.
CREATE OR REPLACE TEMP TABLE expected_reports AS
WITH years AS (SELECT unnest(range(2019, year({{as_of}}))) AS year)
SELECT s.agency_id, y.year,
       min(s.name) AS agency, min(s.site_id) AS site_id, min(s.region_code) AS region_code,
       min(s.level) AS level,
       min(s.level) <> 'township' AS named_by_art49,
       report_deadline(min(s.level), y.year) AS deadline
FROM sites s CROSS JOIN years y
WHERE s.agency_id IS NOT NULL
  AND y.year >= coalesce(s.first_year, 2019)
  AND coalesce(report_deadline(s.level, y.year), make_date(y.year + 1, 3, 31)) < {{as_of}}
GROUP BY s.agency_id, y.year
ORDER BY s.agency_id, y.year;

CREATE OR REPLACE TEMP TABLE out_compliance AS
WITH pub AS (SELECT r.*, {{complete}} AS complete FROM out_reports r),
joined AS (
    SELECT coalesce(e.agency_id, p.agency_id) AS agency_id,
           coalesce(e.year, p.year) AS year,
           coalesce(a.name, e.agency, p.agency) AS agency,
           coalesce(e.region_code, p.region_code) AS region_code,
           coalesce(e.level, p.level) AS level,
           e.agency_id IS NOT NULL AS expected,
           e.site_id, p.report_id, p.source_url, p.published_at, p.published_source,
           p.complete, p.n_failed_checks, p.t2_layout, p.t3_layout
    FROM expected_reports e
    FULL OUTER JOIN pub p ON p.agency_id = e.agency_id AND p.year = e.year
    LEFT JOIN out_agencies a ON a.agency_id = coalesce(e.agency_id, p.agency_id)
)
SELECT j.agency_id, j.year, j.agency, j.region_code, g.province, g.city, g.county, j.level,
       j.expected,
       coalesce(j.level, '') <> 'township' AS named_by_art49,
       j.report_id IS NOT NULL AS published,
       j.report_id, j.source_url, j.published_at, j.published_source,
       report_deadline(j.level, j.year) AS deadline,
       j.published_at - report_deadline(j.level, j.year) AS days_after_deadline,
       j.published_at <= report_deadline(j.level, j.year) AS on_time,
       j.complete,
       j.n_failed_checks,
       CASE WHEN j.report_id IS NOT NULL THEN j.complete AND j.n_failed_checks = 0 END AS sound,
       j.t2_layout, j.t3_layout,
       CASE WHEN j.report_id IS NOT NULL
            THEN coalesce(j.t2_layout = current_layout(j.year) AND j.t3_layout = current_layout(j.year), false)
       END AS layout_current,
       j.site_id
FROM joined j LEFT JOIN regions g ON g.code = j.region_code
ORDER BY j.year, g.province NULLS LAST, g.city NULLS LAST, g.county NULLS LAST, j.level, j.agency, j.agency_id;

-- Shares per region (province / city / county, each with the agencies below it) and level of
-- agency (level 'all': every level together). Shares are of the agencies that owed a report; "published_unregistered" counts reports
-- from agencies the registry does not list (they are in no denominator).
CREATE OR REPLACE TEMP TABLE out_region_compliance AS
SELECT year, CASE WHEN grouping(level) = 1 THEN 'all' ELSE level END AS level,
       CASE WHEN grouping(city) = 1 THEN 'province'
            WHEN grouping(county) = 1 THEN 'city' ELSE 'county' END AS region_level,
       province, city, county,
       count(*) FILTER (WHERE expected) AS owed,
       count(*) FILTER (WHERE expected AND published) AS published,
       count(*) FILTER (WHERE expected AND on_time) AS on_time,
       count(*) FILTER (WHERE expected AND published AND NOT on_time) AS late,
       count(*) FILTER (WHERE expected AND complete) AS complete,
       count(*) FILTER (WHERE expected AND sound) AS sound,
       count(*) FILTER (WHERE expected AND layout_current) AS layout_current,
       count(*) FILTER (WHERE published AND NOT expected) AS published_unregistered,
       count(*) FILTER (WHERE expected AND published) / nullif(count(*) FILTER (WHERE expected), 0) AS published_share,
       count(*) FILTER (WHERE expected AND on_time) / nullif(count(*) FILTER (WHERE expected AND deadline IS NOT NULL), 0)
           AS on_time_share,
       count(*) FILTER (WHERE expected AND complete) / nullif(count(*) FILTER (WHERE expected), 0) AS complete_share,
       count(*) FILTER (WHERE expected AND sound) / nullif(count(*) FILTER (WHERE expected), 0) AS sound_share
FROM out_compliance
WHERE province IS NOT NULL
GROUP BY GROUPING SETS ((year, province), (year, province, city), (year, province, city, county),
                        (year, level, province), (year, level, province, city),
                        (year, level, province, city, county))
HAVING (grouping(city) = 1 OR city IS NOT NULL) AND (grouping(county) = 1 OR county IS NOT NULL)
ORDER BY year, level, region_level DESC, province, city NULLS FIRST, county NULLS FIRST;
