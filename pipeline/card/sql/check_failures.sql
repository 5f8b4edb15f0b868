-- Figure "checks": for every consistency check that ran, how many reports it ran on, how many
-- failed it, and the share failing; in the schema's check order. A check that could not be made
-- (ok NULL: an input missing) is not "checked"; it is counted apart.
SELECT c.check_id,
       count(*) FILTER (WHERE c.ok IS NOT NULL)::INTEGER AS reports_checked,
       count(*) FILTER (WHERE NOT c.ok)::INTEGER AS reports_failed,
       round(count(*) FILTER (WHERE NOT c.ok) / nullif(count(*) FILTER (WHERE c.ok IS NOT NULL), 0), 6)
           AS share_failed,
       count(*) FILTER (WHERE c.ok IS NULL)::INTEGER AS reports_unknown
FROM checks c
LEFT JOIN card_check_order o USING (check_id)
GROUP BY c.check_id
ORDER BY coalesce(min(o.check_order), 1e9), c.check_id
