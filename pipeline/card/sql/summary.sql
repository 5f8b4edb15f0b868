-- The card's headline numbers: one row.
SELECT
    (SELECT count(*) FROM reports)::INTEGER AS reports,
    (SELECT count(DISTINCT agency_id) FROM reports)::INTEGER AS agencies,
    (SELECT count(*) FROM agencies WHERE NOT placed)::INTEGER AS agencies_not_placed,
    (SELECT min(year) FROM reports) AS first_year,
    (SELECT max(year) FROM reports) AS last_year,
    (SELECT count(DISTINCT province) FROM reports)::INTEGER AS provinces,
    (SELECT count(*) FROM facts)::BIGINT AS facts,
    (SELECT count(*) FROM checks)::BIGINT AS checks,
    (SELECT count(*) FROM checks WHERE NOT ok)::BIGINT AS checks_failed,
    (SELECT count(*) FROM reports WHERE n_failed_checks > 0)::INTEGER AS reports_failing,
    (SELECT count(*) FROM reports WHERE status = 'missing_tables')::INTEGER AS reports_missing_tables,
    (SELECT count(*) FROM documents)::INTEGER AS documents,
    (SELECT count(*) FROM quarantine)::INTEGER AS quarantined,
    (SELECT count(*) FROM texts)::INTEGER AS texts,
    (SELECT count(*) FROM sites)::INTEGER AS sites_registered,
    (SELECT count(DISTINCT r.site_id) FROM reports r JOIN sites s USING (site_id))::INTEGER AS sites_with_reports
