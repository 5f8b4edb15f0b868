-- Full-text search over the prose sections (texts), for Chinese.
-- DuckDB's fts tokenizer only splits on whitespace and punctuation of its `ignore` pattern: it
-- never segments CJK, so an unspaced Chinese sentence becomes one single term and a word inside
-- it is never found (tests/pipeline/test_load.py shows it). So each
-- text is indexed as its character bigrams ("依申请公开" → "依申 申请 请公 公开"): whitespace is
-- removed first (PDF text breaks lines inside words), punctuation splits runs, and the index uses
-- no stemmer, no stopwords, no lowercasing and splits only on spaces. A query is bigrammed the
-- same way and matched conjunctively (every bigram present); because bigrams can match out of
-- order, candidates are confirmed with an exact substring test on the whitespace-free text.
-- Queries need at least two characters.
CREATE OR REPLACE MACRO ogi_search_norm(s) AS regexp_replace(s, '\s+', '', 'g');
CREATE OR REPLACE MACRO ogi_bigrams_of(t) AS
    array_to_string(list_filter(list_transform(range(1, length(t)), i -> substr(t, i, 2)),
                                x -> NOT contains(x, ' ')), ' ');
CREATE OR REPLACE MACRO ogi_bigrams(s) AS
    ogi_bigrams_of(regexp_replace(ogi_search_norm(s), '[^\p{L}\p{N}]+', ' ', 'g'));

-- (the normalized text is a column first: a macro argument used inside the lambda would be
-- re-evaluated for every character)
CREATE OR REPLACE TABLE text_search AS
SELECT report_id || '/' || section AS doc_id, report_id, section, text, ogi_bigrams_of(t) AS bigrams
FROM (SELECT *, regexp_replace(ogi_search_norm(text), '[^\p{L}\p{N}]+', ' ', 'g') AS t FROM raw.texts)
ORDER BY report_id, section;

PRAGMA create_fts_index('text_search', 'doc_id', 'bigrams',
                        stemmer = 'none', stopwords = 'none', ignore = '\s+',
                        strip_accents = 0, lower = 0, overwrite = 1);

-- search_texts('依申请公开', '五'): reports whose section 五 contains the phrase (section NULL: any).
CREATE OR REPLACE MACRO search_texts(q, sec) AS TABLE
SELECT report_id, section, score FROM (
    SELECT t.report_id, t.section, t.text,
           fts_main_text_search.match_bm25(t.doc_id, ogi_bigrams(q), conjunctive := 1) AS score
    FROM text_search t
    WHERE sec IS NULL OR t.section = sec
)
WHERE score IS NOT NULL AND contains(ogi_search_norm(text), ogi_search_norm(q))
ORDER BY score DESC, report_id;
