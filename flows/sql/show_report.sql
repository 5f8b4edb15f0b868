-- One report by agency (as published, or the agency's current name) and year.
SELECT r.report_id, r.agency, r.year, r.source_url, r.t2_layout, r.t3_layout, r.has_t4, r.status,
       r.complete, r.missing, r.content_type, r.published_date, r.site_id
FROM reports r LEFT JOIN agencies a USING (agency_id)
WHERE (r.agency = $agency OR a.name = $agency) AND r.year = $year
ORDER BY r.report_id
LIMIT 1;
