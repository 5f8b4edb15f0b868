-- Figure "outcomes": 三、本年度办理结果 (总计 column) per year, summed into the card's categories
-- (granted, partial, each reason of denial, unable, rejected, other); share of the year's sum.
WITH cats AS (
    SELECT DISTINCT code, category, category_label, category_order FROM card_outcome_codes
), per AS (
    SELECT f.year, c.category, c.category_label, c.category_order, sum(f.value) AS requests
    FROM facts f JOIN cats c USING (code)
    GROUP BY ALL
)
SELECT year, category, category_label, requests,
       round(requests / nullif(sum(requests) OVER (PARTITION BY year), 0), 6) AS share
FROM per
ORDER BY year, category_order
