-- Figure "review_litigation": table 4 (行政复议 / 行政诉讼) cases per group, year and result
-- (the 总计 column is left out: it is the sum the check t4.sum compares).
SELECT t.grp, t.grp_label, f.year, t.outcome, t.outcome_label, sum(f.value) AS cases
FROM facts f JOIN card_t4_cells t USING (code)
GROUP BY ALL
ORDER BY min(t.grp_order), f.year, min(t.outcome_order)
