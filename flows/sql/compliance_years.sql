-- The newest year anybody owed a report for.
SELECT max(year) FROM compliance WHERE expected;
