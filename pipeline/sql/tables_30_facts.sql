-- Facts of the kept reports, in the published order: year (the partition), report, template order.
SELECT k.report_id, f.code, split_part(f.code, '.', 1) AS "table", f."row", f."column", f.value,
       c.unit, f.raw, f.page, f.confidence, k.year
FROM stage_facts f
JOIN kept k USING (sha256, position)
JOIN codes c USING (code)
ORDER BY k.year, k.report_id, f.code_order
