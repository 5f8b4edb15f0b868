-- Demo query 2: reports whose own arithmetic (勾稽关系) does not add up, as published.
SELECT r.agency, r.year, c.check_id, c.lhs::BIGINT AS lhs, c.rhs::BIGINT AS rhs
FROM checks c JOIN reports r USING (report_id)
WHERE NOT c.ok
ORDER BY r.year DESC, r.agency, c.check_id
LIMIT 8;
