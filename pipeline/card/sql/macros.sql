-- Where the card puts a report or agency on the map: its province; central agencies (no
-- province by definition) and agencies that could not be placed get their own rows.
CREATE OR REPLACE MACRO card_region(province, level) AS
    CASE WHEN province IS NOT NULL THEN province
         WHEN level = 'central' THEN '中央 central'
         ELSE '未定位 unplaced' END;

-- Sort key of those rows: central first, then provinces by their region code, unplaced last.
CREATE OR REPLACE MACRO card_region_order(province, region_code, level) AS
    CASE WHEN province IS NOT NULL THEN coalesce(left(region_code, 2), '98')
         WHEN level = 'central' THEN '00'
         ELSE '99' END;
