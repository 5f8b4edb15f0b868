-- Layer 1 (staging): the researcher-facing names, one view per table. Views add what is derivable
-- (labels of a code, the printed text of a cell whose raw text equals the canonical rendering).

-- Canonical text of a number: integers without ".0", other values in shortest round-trip form.
-- Twin of pipeline.codes.render (a fact's raw text is stored only when it differs from this).
CREATE OR REPLACE MACRO ogi_render(v) AS
    CASE WHEN v = trunc(v) AND abs(v) < 1e15 THEN (v::BIGINT)::VARCHAR ELSE v::VARCHAR END;

CREATE OR REPLACE VIEW codes       AS SELECT * FROM raw.codes;
CREATE OR REPLACE VIEW reports     AS SELECT * FROM raw.reports;
CREATE OR REPLACE VIEW checks      AS SELECT * FROM raw.checks;
CREATE OR REPLACE VIEW texts       AS SELECT * FROM raw.texts;
CREATE OR REPLACE VIEW agencies    AS SELECT * FROM raw.agencies;
CREATE OR REPLACE VIEW documents   AS SELECT * FROM raw.documents;
CREATE OR REPLACE VIEW quarantine  AS SELECT * FROM raw.quarantine;
CREATE OR REPLACE VIEW extractions AS SELECT * FROM raw.extractions;
CREATE OR REPLACE VIEW sites       AS SELECT * FROM raw.sites;
CREATE OR REPLACE VIEW regions     AS SELECT * FROM raw.regions;
CREATE OR REPLACE VIEW compliance  AS SELECT * FROM raw.compliance;
CREATE OR REPLACE VIEW region_compliance AS SELECT * FROM raw.region_compliance;

CREATE OR REPLACE VIEW facts AS
SELECT f.report_id, f.year, f.code, f."table", c.row_label, c.column_label, f.value, f.unit,
       coalesce(f.raw, ogi_render(f.value)) AS raw,
       f.raw IS NOT NULL AS raw_differs,
       f."row", f."column", f.page, f.confidence
FROM raw.facts f JOIN raw.codes c USING (code);
