-- A broker printed under a former name keeps that name and is linked to its firm: a 2020 report
-- signed 安信证券 is stored under 安信证券 with firm_id 'sdic' (国投证券, the firm's name today).
-- firm_id is the id of the identity the firm carries now; a broker that never changed its name,
-- and one found only in a report's text, is its own firm. Rows stored before the column existed
-- are their own firm until a report of theirs is stored again.

ALTER TABLE brokers ADD COLUMN firm_id TEXT;
UPDATE brokers SET firm_id = id;
CREATE INDEX brokers_firm ON brokers (firm_id);
