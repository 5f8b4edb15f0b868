-- Layer 0 (sources): exact copies of the published Parquet tables, schema `raw`.
-- Placeholders: tables = quoted path of data/tables; facts = the facts source (hive partitions).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE OR REPLACE TABLE raw.documents   AS FROM read_parquet({{tables}} || '/documents.parquet');
CREATE OR REPLACE TABLE raw.reports     AS FROM read_parquet({{tables}} || '/reports.parquet');
CREATE OR REPLACE TABLE raw.facts       AS FROM {{facts}};
CREATE OR REPLACE TABLE raw.checks      AS FROM read_parquet({{tables}} || '/checks.parquet');
CREATE OR REPLACE TABLE raw.texts       AS FROM read_parquet({{tables}} || '/texts.parquet');
CREATE OR REPLACE TABLE raw.agencies    AS FROM read_parquet({{tables}} || '/agencies.parquet');
CREATE OR REPLACE TABLE raw.quarantine  AS FROM read_parquet({{tables}} || '/quarantine.parquet');
CREATE OR REPLACE TABLE raw.extractions AS FROM read_parquet({{tables}} || '/extractions.parquet');
CREATE OR REPLACE TABLE raw.sites       AS FROM read_parquet({{tables}} || '/sites.parquet');
CREATE OR REPLACE TABLE raw.regions     AS FROM read_parquet({{tables}} || '/regions.parquet');
CREATE OR REPLACE TABLE raw.codes       AS FROM read_parquet({{tables}} || '/codes.parquet');
