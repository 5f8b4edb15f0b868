-- Every agency name a report was published under, and every agency's current name.
SELECT agency AS name FROM reports WHERE agency IS NOT NULL
UNION
SELECT name FROM agencies WHERE name IS NOT NULL
ORDER BY name;
