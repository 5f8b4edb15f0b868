-- The years an agency (as published, or by its current name) has reports for.
SELECT DISTINCT r.year
FROM reports r LEFT JOIN agencies a USING (agency_id)
WHERE r.agency = $agency OR a.name = $agency
ORDER BY r.year;
