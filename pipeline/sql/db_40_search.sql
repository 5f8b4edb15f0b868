-- Full-text search over the prose sections (texts), for Chinese.
-- DuckDB's fts tokenizer only splits on whitespace and punctuation of its `ignore` pattern: it
-- never segments CJK, so an unspaced Chinese sentence becomes one single term and a word inside
-- it is never found (tests/pipeline/test_load.py shows it). So each
-- text is indexed as its character bigrams ("依申请公开" → "依申 申请 请公 公开"): whitespace is
-- removed first (PDF text breaks lines inside words), punctuation splits runs, and the index uses
-- no stemmer, no stopwords, no lowercasing and splits only on spaces. A query is bigrammed the
-- same way and matched conjunctively (every bigram present); because bigrams can match out of
-- order, candidates are confirmed with an exact substring test on the whitespace-free text.
-- For ranking, fts_main_text_search.match_bm25(doc_id, ogi_bigrams(q)) works as usual.
-- Queries need at least two characters.
CREATE OR REPLACE MACRO ogi_search_norm(s) AS regexp_replace(s, '\s+', '', 'g');
CREATE OR REPLACE MACRO ogi_bigrams_of(t) AS
    array_to_string(list_filter(list_transform(range(1, length(t)), i -> substr(t, i, 2)),
                                x -> NOT contains(x, ' ')), ' ');
CREATE OR REPLACE MACRO ogi_bigrams(s) AS
    ogi_bigrams_of(regexp_replace(ogi_search_norm(s), '[^\p{L}\p{N}]+', ' ', 'g'));

-- norm: the whitespace-free text the exact test reads (computed once, not per query). Each step
-- is a column of its own: a macro argument that is an expression would be re-evaluated inside
-- the lambda for every character.
CREATE OR REPLACE TABLE text_search AS
SELECT report_id || '/' || section AS doc_id, report_id, section, text, norm, ogi_bigrams_of(runs) AS bigrams
FROM (SELECT *, regexp_replace(norm, '[^\p{L}\p{N}]+', ' ', 'g') AS runs
      FROM (SELECT *, ogi_search_norm(text) AS norm FROM raw.texts))
ORDER BY report_id, section;

PRAGMA create_fts_index('text_search', 'doc_id', 'bigrams',
                        stemmer = 'none', stopwords = 'none', ignore = '\s+',
                        strip_accents = 0, lower = 0, overwrite = 1);

-- Postings clustered by term, so a lookup reads only the row groups of the query's bigrams.
CREATE OR REPLACE TABLE fts_main_text_search.terms AS
SELECT * FROM fts_main_text_search.terms ORDER BY termid, docid;

-- The index's integer docid beside each text (joins on it are cheaper than on the name); the
-- bigram column was only the index's input.
CREATE OR REPLACE TABLE text_search AS
SELECT d.docid, s.doc_id, s.report_id, s.section, s.text, s.norm
FROM text_search s JOIN fts_main_text_search.docs d ON d.name = s.doc_id
ORDER BY d.docid;

-- search_texts('依申请公开', '五'): every report whose section 五 contains the phrase (section
-- NULL: any section). Documents holding every bigram of the query are read from the index; the
-- MATERIALIZED fence keeps the exact substring test on those candidates only.
CREATE OR REPLACE MACRO search_texts(q, sec) AS TABLE
WITH qterms AS (SELECT DISTINCT unnest(string_split(ogi_bigrams(q), ' ')) AS term),
qids AS (SELECT termid FROM fts_main_text_search.dict JOIN qterms USING (term)),
hits AS (
    SELECT docid FROM fts_main_text_search.terms
    WHERE termid IN (SELECT termid FROM qids)
    GROUP BY docid
    HAVING count(DISTINCT termid) = (SELECT count(*) FROM qterms)
), candidates AS MATERIALIZED (
    SELECT s.report_id, s.section, s.norm
    FROM hits JOIN text_search s USING (docid)
    WHERE sec IS NULL OR s.section = sec
)
SELECT report_id, section FROM candidates
WHERE contains(norm, ogi_search_norm(q))
ORDER BY report_id, section;

-- find_texts(q, sec): the same answer as search_texts by a plain substring scan of the
-- whitespace-free text, without the index. At 10^6 texts the scan (~0.3–0.4 s on 2 cores) beats
-- the index's postings joins for phrases made of common bigrams (tests/bench/dataset_bench.py);
-- the index pays off for ranking (match_bm25) and for rare terms.
CREATE OR REPLACE MACRO find_texts(q, sec) AS TABLE
SELECT report_id, section FROM text_search
WHERE (sec IS NULL OR section = sec) AND contains(norm, ogi_search_norm(q))
ORDER BY report_id, section;
