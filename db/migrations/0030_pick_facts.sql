-- Read side of the API: one narrow row per pick with its report's broker and date and the
-- numbers of its score, kept in step with picks, reports and pick_scores by triggers, so
-- filtering, sorting and counting never parse pick_scores.result. Plus a data version that
-- every change to what the dashboard shows bumps, so the API can cache by it.

CREATE TABLE data_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

CREATE TABLE pick_facts (
  pick_id           INTEGER PRIMARY KEY REFERENCES picks (id) ON DELETE CASCADE,
  report_id         INTEGER NOT NULL,
  broker_id         TEXT NOT NULL,
  report_date       TEXT,
  symbol            TEXT,
  resolution        TEXT NOT NULL,
  stance            TEXT NOT NULL,
  rating            TEXT,
  scored            INTEGER NOT NULL DEFAULT 0,
  verdict           TEXT,
  benchmark         TEXT,
  entry_date        TEXT,
  excess_1m         REAL,
  excess_3m         REAL,
  excess_6m         REAL,
  excess_12m        REAL,
  excess_to_date    REAL,
  realized_label    TEXT,
  hit_within_window INTEGER,
  stale             INTEGER NOT NULL DEFAULT 0,
  delisted          INTEGER NOT NULL DEFAULT 0,
  no_prices         INTEGER NOT NULL DEFAULT 0,
  missing_benchmark INTEGER NOT NULL DEFAULT 0
);
-- rowid (pick_id) is the implicit last column of each index: (report_date, pick_id) orders the default listing.
CREATE INDEX pick_facts_date ON pick_facts (report_date);
CREATE INDEX pick_facts_broker_date ON pick_facts (broker_id, report_date);
CREATE INDEX pick_facts_symbol_date ON pick_facts (symbol, report_date);
CREATE INDEX pick_facts_verdict_date ON pick_facts (verdict, report_date);
CREATE INDEX pick_facts_report ON pick_facts (report_id);
CREATE INDEX pick_facts_excess_12m ON pick_facts (excess_12m);
CREATE INDEX pick_facts_excess_to_date ON pick_facts (excess_to_date);

-- Backfill what a database migrated with data already holds.
INSERT INTO pick_facts (pick_id, report_id, broker_id, report_date, symbol, resolution, stance, rating)
SELECT p.id, p.report_id, r.broker_id, r.report_date, p.symbol, p.resolution, p.stance, p.rating
FROM picks p JOIN reports r ON r.id = p.report_id;

UPDATE pick_facts SET
  scored = 1,
  verdict = s.verdict,
  benchmark = json_extract(s.result, '$.benchmark'),
  entry_date = json_extract(s.result, '$.entry.date'),
  excess_1m = json_extract(s.result, '$.checkpoints."1m".excess'),
  excess_3m = json_extract(s.result, '$.checkpoints."3m".excess'),
  excess_6m = json_extract(s.result, '$.checkpoints."6m".excess'),
  excess_12m = json_extract(s.result, '$.checkpoints."12m".excess'),
  excess_to_date = json_extract(s.result, '$.toDate.excess'),
  realized_label = json_extract(s.result, '$.realizedLabel'),
  hit_within_window = json_extract(s.result, '$.hitWithinWindow'),
  stale = instr(json_extract(s.result, '$.flags'), '"stale-checkpoint"') > 0,
  delisted = instr(json_extract(s.result, '$.flags'), '"delisted"') > 0,
  no_prices = instr(json_extract(s.result, '$.flags'), '"no-prices"') > 0,
  missing_benchmark = instr(json_extract(s.result, '$.flags'), '"missing-benchmark"') > 0
FROM pick_scores s
WHERE s.pick_id = pick_facts.pick_id AND json_valid(s.result);

-- Picks and reports.
CREATE TRIGGER pick_facts_pick_insert AFTER INSERT ON picks BEGIN
  INSERT INTO pick_facts (pick_id, report_id, broker_id, report_date, symbol, resolution, stance, rating)
  SELECT NEW.id, NEW.report_id, r.broker_id, r.report_date, NEW.symbol, NEW.resolution, NEW.stance, NEW.rating
  FROM reports r WHERE r.id = NEW.report_id;
END;

CREATE TRIGGER pick_facts_pick_update AFTER UPDATE OF report_id, symbol, resolution, stance, rating ON picks BEGIN
  UPDATE pick_facts SET report_id = NEW.report_id, symbol = NEW.symbol, resolution = NEW.resolution,
    stance = NEW.stance, rating = NEW.rating,
    broker_id = (SELECT broker_id FROM reports WHERE id = NEW.report_id),
    report_date = (SELECT report_date FROM reports WHERE id = NEW.report_id)
  WHERE pick_id = NEW.id;
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER data_version_report_insert AFTER INSERT ON reports BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER data_version_report_delete AFTER DELETE ON reports BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER pick_facts_report_update AFTER UPDATE ON reports BEGIN
  UPDATE pick_facts SET broker_id = NEW.broker_id, report_date = NEW.report_date WHERE report_id = NEW.id;
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

-- Scores. A REPLACE of a score row fires the insert trigger, which overwrites every column.
CREATE TRIGGER pick_facts_score_insert AFTER INSERT ON pick_scores BEGIN
  UPDATE pick_facts SET
    scored = 1,
    verdict = NEW.verdict,
    benchmark = json_extract(NEW.result, '$.benchmark'),
    entry_date = json_extract(NEW.result, '$.entry.date'),
    excess_1m = json_extract(NEW.result, '$.checkpoints."1m".excess'),
    excess_3m = json_extract(NEW.result, '$.checkpoints."3m".excess'),
    excess_6m = json_extract(NEW.result, '$.checkpoints."6m".excess'),
    excess_12m = json_extract(NEW.result, '$.checkpoints."12m".excess'),
    excess_to_date = json_extract(NEW.result, '$.toDate.excess'),
    realized_label = json_extract(NEW.result, '$.realizedLabel'),
    hit_within_window = json_extract(NEW.result, '$.hitWithinWindow'),
    stale = instr(json_extract(NEW.result, '$.flags'), '"stale-checkpoint"') > 0,
    delisted = instr(json_extract(NEW.result, '$.flags'), '"delisted"') > 0,
    no_prices = instr(json_extract(NEW.result, '$.flags'), '"no-prices"') > 0,
    missing_benchmark = instr(json_extract(NEW.result, '$.flags'), '"missing-benchmark"') > 0
  WHERE pick_id = NEW.pick_id AND json_valid(NEW.result);
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER pick_facts_score_update AFTER UPDATE ON pick_scores BEGIN
  UPDATE pick_facts SET
    scored = 1,
    verdict = NEW.verdict,
    benchmark = json_extract(NEW.result, '$.benchmark'),
    entry_date = json_extract(NEW.result, '$.entry.date'),
    excess_1m = json_extract(NEW.result, '$.checkpoints."1m".excess'),
    excess_3m = json_extract(NEW.result, '$.checkpoints."3m".excess'),
    excess_6m = json_extract(NEW.result, '$.checkpoints."6m".excess'),
    excess_12m = json_extract(NEW.result, '$.checkpoints."12m".excess'),
    excess_to_date = json_extract(NEW.result, '$.toDate.excess'),
    realized_label = json_extract(NEW.result, '$.realizedLabel'),
    hit_within_window = json_extract(NEW.result, '$.hitWithinWindow'),
    stale = instr(json_extract(NEW.result, '$.flags'), '"stale-checkpoint"') > 0,
    delisted = instr(json_extract(NEW.result, '$.flags'), '"delisted"') > 0,
    no_prices = instr(json_extract(NEW.result, '$.flags'), '"no-prices"') > 0,
    missing_benchmark = instr(json_extract(NEW.result, '$.flags'), '"missing-benchmark"') > 0
  WHERE pick_id = NEW.pick_id AND json_valid(NEW.result);
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER pick_facts_score_delete AFTER DELETE ON pick_scores BEGIN
  UPDATE pick_facts SET scored = 0, verdict = NULL, benchmark = NULL, entry_date = NULL, excess_1m = NULL,
    excess_3m = NULL, excess_6m = NULL, excess_12m = NULL, excess_to_date = NULL, realized_label = NULL,
    hit_within_window = NULL, stale = 0, delisted = 0, no_prices = 0, missing_benchmark = 0
  WHERE pick_id = OLD.pick_id;
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

-- Job runs (a price job ends by updating its run, after its bars are written).
CREATE TRIGGER data_version_job_insert AFTER INSERT ON job_runs BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER data_version_job_update AFTER UPDATE ON job_runs BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
END;
