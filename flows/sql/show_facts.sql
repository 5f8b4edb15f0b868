-- Every cell of one report, with the text as printed.
SELECT code, value, raw FROM facts WHERE report_id = $report_id;
