-- Figure "requests": 一、本年新收政府信息公开申请数量 (总计 column) summed per year and level.
SELECT r.year,
       coalesce(r.level, 'unknown') AS level,
       coalesce(l.level_label, r.level) AS level_label,
       sum(f.value) AS requests,
       count(*)::INTEGER AS reports
FROM reports r
JOIN facts f ON f.report_id = r.report_id AND f.year = r.year
JOIN card_measure_codes m ON m.code = f.code AND m.measure = 'requests'
LEFT JOIN card_levels l ON l.level = coalesce(r.level, 'unknown')
GROUP BY ALL
ORDER BY r.year, coalesce(min(l.level_order), 99), level
