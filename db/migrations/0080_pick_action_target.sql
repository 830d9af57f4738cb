-- What a report does to a stock's rating (首次 / 维持 / 上调 / 下调) and the target price it
-- prints for it (value, currency CNY / HKD / USD when printed, and the words it was read from).
-- Reports stored before have none: their columns stay NULL.
ALTER TABLE picks ADD COLUMN rating_action TEXT CHECK (rating_action IN ('首次', '维持', '上调', '下调'));
ALTER TABLE picks ADD COLUMN target_price REAL;
ALTER TABLE picks ADD COLUMN target_currency TEXT CHECK (target_currency IN ('CNY', 'HKD', 'USD'));
ALTER TABLE picks ADD COLUMN target_evidence TEXT;
