-- Every agency of one county (or one city's own agencies) that owed or published a report for the year.
SELECT agency, level, expected, published, published_at, published_source, deadline, days_after_deadline,
       on_time, complete, n_failed_checks, sound, layout_current, source_url
FROM compliance
WHERE year = $year AND ($level = 'all' OR level = $level)
  AND province = $province AND city IS NOT DISTINCT FROM $city AND county IS NOT DISTINCT FROM $county
ORDER BY expected DESC, level, agency;
