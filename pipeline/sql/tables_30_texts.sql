-- Prose sections of the kept reports.
SELECT k.report_id, t.section, t.text
FROM stage_texts t
JOIN kept k USING (sha256, position)
ORDER BY k.report_id, t.section
