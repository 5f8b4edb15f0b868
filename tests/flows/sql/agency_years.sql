-- The first agency (by name) and the years it has reports for.
SELECT agency, list(DISTINCT year ORDER BY year) AS years
FROM reports
GROUP BY agency
ORDER BY agency
LIMIT 1;
