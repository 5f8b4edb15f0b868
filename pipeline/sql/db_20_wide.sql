-- Layer 2 (marts): the wide marts (t3_wide, t4_wide) — one row per report, one column per code
-- of one table. pipeline/database.py fills the columns from extract/schema.py and runs this
-- SELECT once per year (CREATE, then INSERT), so memory stays bounded at national scale.
-- A code the report's layout does not have is NULL, and so is every column of a report without
-- the table. Facts are gathered per report into a list sorted by code_order (an unordered list
-- of structs, then list_sort: cheaper than an ordered aggregate); a report whose codes are
-- exactly one layout's codes (the usual case) is read by position, any other by lookup.
WITH l AS (
    SELECT report_id, list_transform(s, x -> x.v) AS v, list_transform(s, x -> x.o) AS o
    FROM (
        SELECT f.report_id, list_sort(list({'o': c.code_order::INTEGER, 'v': f.value})) AS s
        FROM raw.facts f JOIN raw.codes c USING (code)
        WHERE f.year = {{year}} AND f."table" = '{{table}}'
        GROUP BY f.report_id
    )
), s AS (
    SELECT *, CASE {{shapes}} ELSE 0 END AS shape FROM l
)
SELECT r.report_id, r.year, r.agency_id, {{layout}} AS layout,
{{columns}}
FROM raw.reports r LEFT JOIN s USING (report_id)
WHERE r.year = {{year}}
ORDER BY r.report_id
