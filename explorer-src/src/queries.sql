-- The explorer's queries, run by DuckDB-WASM in the browser over the snapshot's Parquet files.
-- Each block starts with "-- name: <name>"; `?` are prepared-statement parameters; {{x}} are
-- filled in by main.js from tables.json (table names and file lists, never user input).

-- name: settings
-- Nothing may be downloaded: the page must work offline with what the snapshot ships.
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;

-- name: create_view
CREATE OR REPLACE VIEW {{name}} AS SELECT * FROM read_parquet([{{files}}]{{options}});

-- name: create_empty_view
-- A table without files (the facts of an empty snapshot): no rows, the published columns.
CREATE OR REPLACE VIEW {{name}} AS SELECT {{columns}} WHERE false;

-- name: macros
-- Where a report sits on the region menu: its province; central agencies and agencies that
-- could not be placed get their own entries (the card's figures use the same rule).
CREATE OR REPLACE MACRO explorer_region(province, level) AS
    CASE WHEN province IS NOT NULL THEN province
         WHEN level = 'central' THEN '中央 central'
         ELSE '未定位 unplaced' END;
CREATE OR REPLACE MACRO explorer_region_order(province, region_code, level) AS
    CASE WHEN province IS NOT NULL THEN coalesce(left(region_code, 2), '98')
         WHEN level = 'central' THEN '00'
         ELSE '99' END;

-- name: summary
SELECT count(*) AS reports, count(DISTINCT agency_id) AS agencies, min(year) AS first_year,
       max(year) AS last_year
FROM reports;

-- name: region_list
SELECT explorer_region(province, level) AS region, count(DISTINCT agency_id) AS agencies
FROM reports
GROUP BY ALL
ORDER BY min(explorer_region_order(province, region_code, level)), region;

-- name: city_list
SELECT city, count(DISTINCT agency_id) AS agencies
FROM reports
WHERE explorer_region(province, level) = ? AND city IS NOT NULL
GROUP BY city
ORDER BY min(region_code), city;

-- name: agency_list
-- Region, then city ('' = every city); an agency is listed under the name of its latest report.
SELECT agency_id, arg_max(agency, year) AS name, string_agg(DISTINCT year::VARCHAR, ',' ORDER BY year::VARCHAR) AS years,
       any_value(level) AS level
FROM reports
WHERE explorer_region(province, level) = ? AND (? = '' OR coalesce(city, '') = ?)
GROUP BY agency_id
ORDER BY name, agency_id;

-- name: agency_place
-- Where an agency sits on the menus (to open a shared link #agency=…&year=…).
SELECT explorer_region(province, level) AS region, coalesce(city, '') AS city
FROM reports WHERE agency_id = ?
ORDER BY year DESC LIMIT 1;

-- name: report
SELECT * FROM reports WHERE agency_id = ? AND year = ? ORDER BY report_id LIMIT 1;

-- name: report_facts
-- `year` first: the facts are partitioned by year, so only that year's file is read.
SELECT code, value, raw FROM facts WHERE year = ? AND report_id = ?;

-- name: report_checks
-- ok is NULL where the check could not be made (`missing` names the cells not read).
SELECT check_id, lhs, rhs, ok, missing FROM checks WHERE report_id = ?;

-- name: trend_agency
SELECT r.year, f.value
FROM reports r
LEFT JOIN facts f ON f.report_id = r.report_id AND f.year = r.year AND f.code = ?
WHERE r.agency_id = ?
ORDER BY r.year;

-- name: trend_region
SELECT r.year, count(*) AS reports, count(f.value) AS reporting, sum(f.value) AS total
FROM reports r
LEFT JOIN facts f ON f.report_id = r.report_id AND f.year = r.year AND f.code = ?
WHERE explorer_region(r.province, r.level) = ? AND (? = '' OR coalesce(r.city, '') = ?)
GROUP BY r.year
ORDER BY r.year;

-- name: compliance_years
SELECT DISTINCT year FROM region_compliance WHERE owed > 0 ORDER BY year DESC;

-- name: compliance_levels
SELECT DISTINCT level FROM region_compliance ORDER BY level <> 'all', level;

-- name: compliance_regions
-- The chosen place's own row and one row per region below it (the nation: one per province).
-- Parameters: year, level, depth (0 nation, 1 province, 2 city, 3 county), province, city, county.
SELECT coalesce(county, city, province) AS region, region_level, province, city, county,
       owed, published, on_time, late, complete, sound, published_unregistered,
       published_share, on_time_share, complete_share, sound_share
FROM region_compliance
WHERE year = ? AND level = ?
  AND CASE ?::INTEGER
        WHEN 0 THEN region_level = 'province'
        WHEN 1 THEN province = ? AND region_level IN ('province', 'city')
        WHEN 2 THEN province = ? AND city = ? AND region_level IN ('city', 'county')
        ELSE province = ? AND coalesce(city, '') = ? AND county = ? END
ORDER BY region_level <> 'province', region_level <> 'city', region;

-- name: compliance_agencies
-- Parameters: year, level ('all' = every level), province, city ('' = none), county ('' = none).
SELECT agency, level, expected, published, published_at, published_source, deadline,
       days_after_deadline, on_time, complete, n_failed_checks, sound, layout_current, source_url
FROM compliance
WHERE year = ? AND (? = 'all' OR level = ?)
  AND province = ? AND coalesce(city, '') = ? AND coalesce(county, '') = ?
ORDER BY expected DESC, level, agency;

-- name: example
-- Requests received (table 3, row 一, column 总计) per year and level
SELECT r.year, r.level, count(*) AS reports, sum(f.value) AS requests
FROM facts f JOIN reports r USING (report_id)
WHERE f.code = '{{requests_code}}'
GROUP BY ALL
ORDER BY r.year, r.level;
