-- Each symbol's bars in the form the scorer reads in one step: the series a PriceBook holds
-- (valuable bars only, adjusted, in date order) as little-endian arrays, one BLOB per field,
-- one row per symbol and calendar year. See src/store/barPacks.ts.
CREATE TABLE bar_packs (
  symbol TEXT NOT NULL,
  year   INTEGER NOT NULL,
  bars   INTEGER NOT NULL,  -- bars in the pack (rows without a usable adjusted close are left out)
  days   BLOB NOT NULL,     -- Int32 day numbers (days since 1970-01-01), ascending
  open   BLOB NOT NULL,     -- Float64 adjusted opens
  close  BLOB NOT NULL,     -- Float64 adjusted closes
  PRIMARY KEY (symbol, year)
);

-- Per symbol with stored bars: the packs hold its rows up to `date` ('' none of them); rows
-- after it are read as rows until a write folds them in. `stale` = 1: a row at or before
-- `date` changed since it was packed, so its packs are not to be read until it is packed again.
CREATE TABLE bar_packed_to (
  symbol TEXT PRIMARY KEY,
  date   TEXT NOT NULL,
  stale  INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1))
) WITHOUT ROWID;

-- Every change to `bars`, whoever makes it, in its own transaction. A new day after the packed
-- rows writes nothing here (the row exists, the date is later): the price sync pays no more.
CREATE TRIGGER bar_packs_insert AFTER INSERT ON bars BEGIN
  INSERT INTO bar_packed_to (symbol, date, stale)
    SELECT NEW.symbol, '', 0 WHERE NOT EXISTS (SELECT 1 FROM bar_packed_to WHERE symbol = NEW.symbol);
  UPDATE bar_packed_to SET stale = 1 WHERE symbol = NEW.symbol AND date >= NEW.date AND stale = 0;
END;
CREATE TRIGGER bar_packs_update AFTER UPDATE OF symbol, date, open, close, adjclose ON bars BEGIN
  INSERT INTO bar_packed_to (symbol, date, stale)
    SELECT NEW.symbol, '', 0 WHERE NOT EXISTS (SELECT 1 FROM bar_packed_to WHERE symbol = NEW.symbol);
  UPDATE bar_packed_to SET stale = 1 WHERE symbol = OLD.symbol AND date >= OLD.date AND stale = 0;
  UPDATE bar_packed_to SET stale = 1 WHERE symbol = NEW.symbol AND date >= NEW.date AND stale = 0;
END;
CREATE TRIGGER bar_packs_delete AFTER DELETE ON bars BEGIN
  UPDATE bar_packed_to SET stale = 1 WHERE symbol = OLD.symbol AND date >= OLD.date AND stale = 0;
END;

-- Bars stored before this migration: packed right after it by openDatabase.
INSERT INTO bar_packed_to (symbol, date, stale) SELECT DISTINCT symbol, '', 1 FROM bars;
