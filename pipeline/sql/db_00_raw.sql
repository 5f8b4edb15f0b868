-- Layer 0 (sources): exact copies of the published Parquet tables, schema `raw`.
-- Placeholders: tables = quoted path of data/tables; facts = how raw.facts is made.
-- raw.facts is copied into the database like every other table (pipeline/database.py): a view
-- over Parquet by a relative path fails in any client started outside the database's directory,
-- and the published file must open anywhere (size and build time: docs/dataset.md).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE OR REPLACE TABLE raw.documents   AS FROM read_parquet({{tables}} || '/documents.parquet');
CREATE OR REPLACE TABLE raw.reports     AS FROM read_parquet({{tables}} || '/reports.parquet');
{{facts}};
CREATE OR REPLACE TABLE raw.checks      AS FROM read_parquet({{tables}} || '/checks.parquet');
CREATE OR REPLACE TABLE raw.texts       AS FROM read_parquet({{tables}} || '/texts.parquet');
CREATE OR REPLACE TABLE raw.agencies    AS FROM read_parquet({{tables}} || '/agencies.parquet');
CREATE OR REPLACE TABLE raw.quarantine  AS FROM read_parquet({{tables}} || '/quarantine.parquet');
CREATE OR REPLACE TABLE raw.extractions AS FROM read_parquet({{tables}} || '/extractions.parquet');
CREATE OR REPLACE TABLE raw.sites       AS FROM read_parquet({{tables}} || '/sites.parquet');
CREATE OR REPLACE TABLE raw.regions     AS FROM read_parquet({{tables}} || '/regions.parquet');
CREATE OR REPLACE TABLE raw.codes       AS FROM read_parquet({{tables}} || '/codes.parquet');
CREATE OR REPLACE TABLE raw.compliance  AS FROM read_parquet({{tables}} || '/compliance.parquet');
CREATE OR REPLACE TABLE raw.region_compliance AS FROM read_parquet({{tables}} || '/region_compliance.parquet');
