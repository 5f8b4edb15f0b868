-- Every published fact with its report's agency and year (the test compares them with the truth).
SELECT r.agency, r.year, f.code, f.value
FROM raw.facts f JOIN raw.reports r USING (report_id)
ORDER BY r.agency, r.year, f.code;
