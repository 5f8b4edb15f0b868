-- Figure "compliance": per report year, the reports owed by registered agencies and what became
-- of them (table compliance, every level): on time, late, published with no deadline (townships),
-- published with no date, missing.
SELECT year,
       count(*) FILTER (WHERE expected)::INTEGER AS owed,
       count(*) FILTER (WHERE expected AND on_time)::INTEGER AS on_time,
       count(*) FILTER (WHERE expected AND published AND NOT on_time)::INTEGER AS late,
       count(*) FILTER (WHERE expected AND published AND deadline IS NULL)::INTEGER AS no_deadline,
       count(*) FILTER (WHERE expected AND published AND deadline IS NOT NULL AND published_at IS NULL)::INTEGER
           AS undated,
       count(*) FILTER (WHERE expected AND NOT published)::INTEGER AS missing,
       count(*) FILTER (WHERE expected AND published AND complete)::INTEGER AS complete,
       count(*) FILTER (WHERE expected AND sound)::INTEGER AS sound
FROM compliance
GROUP BY year
HAVING count(*) FILTER (WHERE expected) > 0
ORDER BY year
