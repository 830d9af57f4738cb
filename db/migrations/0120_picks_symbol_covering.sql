-- A full scoring run reads the picks symbol by symbol. With an index on the symbol alone each
-- pick is then a lookup into the picks table (whose rows carry their evidence text), scattered
-- over the whole table; this index holds every column the run reads, in symbol order, so a batch
-- of symbols is one range of it. It serves every lookup by symbol the old one did.
DROP INDEX picks_symbol;
CREATE INDEX picks_symbol ON picks (symbol, id, report_id, stance, rating, rating_action);
