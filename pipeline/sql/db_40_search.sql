-- Full-text search over the prose sections (texts), for Chinese: ONE route, a substring scan.
-- find_texts('依申请公开', '五'): every report whose section 五 contains the phrase (section NULL:
-- any section), matched on the whitespace-free text (PDF text breaks lines inside words).
-- Why a scan and no index: DuckDB's fts tokenizer never segments CJK, and a bigram index answered
-- a common phrase in 1.0–1.7 s at 10^6 reports (its postings joins touch most documents), while
-- this scan takes well under 300 ms (tests/bench/dataset_bench.py): the table is sorted by
-- section, so a section filter reads only that section's row groups, and `norm` is computed once
-- here, not per query. A query needs at least one character; it is an exact phrase (no ranking).
CREATE OR REPLACE MACRO ogi_search_norm(s) AS regexp_replace(s, '\s+', '', 'g');

CREATE OR REPLACE TABLE text_search AS
SELECT report_id, section, ogi_search_norm(text) AS norm
FROM raw.texts
ORDER BY section, report_id;

CREATE OR REPLACE MACRO find_texts(q, sec) AS TABLE
SELECT report_id, section FROM text_search
WHERE (sec IS NULL OR section = sec) AND contains(norm, ogi_search_norm(q))
ORDER BY report_id, section;
