-- Figure "checks": for every consistency check that ran, how many reports it ran on, how many
-- failed it, and the share failing; in the schema's check order.
SELECT c.check_id,
       count(*)::INTEGER AS reports_checked,
       count(*) FILTER (WHERE NOT c.ok)::INTEGER AS reports_failed,
       round(count(*) FILTER (WHERE NOT c.ok) / count(*), 6) AS share_failed
FROM checks c
LEFT JOIN card_check_order o USING (check_id)
GROUP BY c.check_id
ORDER BY coalesce(min(o.check_order), 1e9), c.check_id
