-- Rows per published table of the snapshot (the card's file list).
SELECT 'reports' AS "table", count(*)::BIGINT AS rows FROM reports
UNION ALL SELECT 'facts', count(*) FROM facts
UNION ALL SELECT 'checks', count(*) FROM checks
UNION ALL SELECT 'texts', count(*) FROM texts
UNION ALL SELECT 'agencies', count(*) FROM agencies
UNION ALL SELECT 'documents', count(*) FROM documents
UNION ALL SELECT 'quarantine', count(*) FROM quarantine
UNION ALL SELECT 'extractions', count(*) FROM extractions
UNION ALL SELECT 'sites', count(*) FROM sites
UNION ALL SELECT 'regions', count(*) FROM regions
UNION ALL SELECT 'codes', count(*) FROM codes
