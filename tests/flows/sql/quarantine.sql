SELECT sha256, stage, reason, extractor_version FROM quarantine ORDER BY sha256, stage;
