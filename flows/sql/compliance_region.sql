-- One region (by code or name) from the regions table: code, name, its level and its place.
SELECT code, name, level, province, city, county
FROM regions
WHERE code = $region OR name = $region
ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'prefecture' THEN 1 WHEN 'city' THEN 1 ELSE 2 END, code
LIMIT 1;
