-- The region's own row and one row per region below it (the nation: one row per province),
-- for one year and one level of agency ('all' = every level).
SELECT coalesce(county, city, province) AS region, region_level, owed, published, on_time, late,
       complete, sound, published_unregistered, published_share, on_time_share, complete_share, sound_share
FROM region_compliance
WHERE year = $year AND level = $level
  AND CASE $depth
        WHEN 0 THEN region_level = 'province'
        WHEN 1 THEN province = $province AND region_level IN ('province', 'city')
        WHEN 2 THEN province = $province AND city = $city AND region_level IN ('city', 'county')
        ELSE province = $province AND city IS NOT DISTINCT FROM $city AND county = $county
      END
ORDER BY CASE region_level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END * (CASE WHEN $depth = 0 THEN 0 ELSE 1 END),
         region;
