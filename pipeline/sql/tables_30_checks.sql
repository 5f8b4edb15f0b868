-- Checks of the kept reports exactly as the extractor computed them, in check-id order.
SELECT k.report_id, c.check_id, c.lhs, c.rhs, c.ok
FROM stage_checks c
JOIN kept k USING (sha256, position)
ORDER BY k.report_id, c.check_order, c.check_id
