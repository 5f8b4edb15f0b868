-- Layer 2 (marts): {{name}} — one row per report, one column per code of table {{table}}
-- (columns generated from extract/schema.py by pipeline/database.py; a code the report's layout
-- does not have is NULL, and so is every column of a report without the table).
-- Facts are gathered per report into a list ordered by code_order; a report whose codes are
-- exactly one layout's codes (the usual case) is read by position, any other by lookup.
CREATE OR REPLACE TABLE {{name}} AS
WITH l AS (
    SELECT f.report_id,
           list(f.value ORDER BY c.code_order) AS v,
           list(c.code_order::INTEGER ORDER BY c.code_order) AS o
    FROM raw.facts f JOIN raw.codes c USING (code)
    WHERE f."table" = '{{table}}'
    GROUP BY f.report_id
), s AS (
    SELECT *, CASE {{shapes}} ELSE 0 END AS shape FROM l
)
SELECT r.report_id, r.year, r.agency_id, {{layout}} AS layout,
{{columns}}
FROM raw.reports r LEFT JOIN s USING (report_id)
ORDER BY r.year, r.report_id;
