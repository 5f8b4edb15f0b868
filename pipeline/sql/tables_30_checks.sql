-- Checks of the kept reports exactly as the extractor computed them, in check-id order; ok is NULL
-- (with the missing codes) where an input of the check was not read.
SELECT k.report_id, c.check_id, c.lhs, c.rhs, c.ok, coalesce(c.missing, []) AS missing
FROM stage_checks c
JOIN kept k USING (sha256, position)
ORDER BY k.report_id, c.check_order, c.check_id
