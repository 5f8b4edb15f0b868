-- Demo query 1: applications received and how they were answered, per report year.
SELECT year,
       count(*)                                         AS reports,
       sum(received)::BIGINT                            AS applications_received,
       round(sum(granted) / nullif(sum(handled), 0), 3) AS granted_share,
       count(*) FILTER (WHERE n_failed_checks > 0)      AS reports_failing_checks
FROM agency_year
GROUP BY year
ORDER BY year;
