-- The card's table by year: reports, agencies, provinces, requests received, reports failing a check.
SELECT r.year,
       count(*)::INTEGER AS reports,
       count(DISTINCT r.agency_id)::INTEGER AS agencies,
       count(DISTINCT r.province)::INTEGER AS provinces,
       coalesce(sum(q.requests), 0) AS requests,
       count(*) FILTER (WHERE r.n_failed_checks > 0)::INTEGER AS reports_failing
FROM reports r
LEFT JOIN (
    SELECT f.report_id, f.value AS requests
    FROM facts f JOIN card_measure_codes m ON m.code = f.code AND m.measure = 'requests'
) q USING (report_id)
GROUP BY r.year
ORDER BY r.year
