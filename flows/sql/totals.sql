-- The dataset's size for the run summary.
SELECT (SELECT count(*) FROM reports)                 AS reports,
       (SELECT count(*) FROM facts)                   AS facts,
       (SELECT count(*) FROM checks WHERE NOT ok)     AS failed_checks,
       (SELECT count(*) FROM reports WHERE n_failed_checks > 0) AS reports_failing_checks,
       (SELECT count(*) FROM quarantine)              AS quarantined;
