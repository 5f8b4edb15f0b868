-- Figure "coverage": reports (one per agency and year) by province × year.
SELECT card_region(province, level) AS region,
       year,
       count(*)::INTEGER AS reports,
       count(DISTINCT agency_id)::INTEGER AS agencies
FROM reports
GROUP BY ALL
ORDER BY min(card_region_order(province, region_code, level)), region, year
