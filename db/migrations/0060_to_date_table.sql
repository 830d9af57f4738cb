-- "To date" moves every trading day while the rest of a score changes only at checkpoints. It now
-- lives in its own narrow table, one row per pick that has a value, which a new trading day
-- updates in place (a few numbers per pick instead of a whole score), and pick_scores.result
-- holds a compact record of the rest (see src/store/scoreRecord.ts) instead of the whole scored
-- pick. Scores are derived from reports and prices: the ones stored in the former layout are
-- removed here and written again by the next scoring run (every server start and every command
-- that stores reports or prices runs one).

CREATE TABLE pick_to_date (
  pick_id          INTEGER PRIMARY KEY REFERENCES picks (id) ON DELETE CASCADE,
  date             TEXT NOT NULL,
  return           REAL NOT NULL,
  benchmark_return REAL NOT NULL,
  excess           REAL NOT NULL,
  stale            INTEGER NOT NULL
);

DROP TRIGGER pick_facts_score_delete;
ALTER TABLE pick_facts DROP COLUMN excess_to_date;
CREATE TRIGGER pick_facts_score_delete AFTER DELETE ON pick_scores BEGIN
  UPDATE pick_facts SET scored = 0, verdict = NULL, benchmark = NULL, entry_date = NULL, excess_1m = NULL,
    excess_3m = NULL, excess_6m = NULL, excess_12m = NULL, realized_label = NULL,
    hit_within_window = NULL, stale = 0, delisted = 0, no_prices = 0, missing_benchmark = 0
  WHERE pick_id = OLD.pick_id;
  DELETE FROM pick_to_date WHERE pick_id = OLD.pick_id;
END;

DELETE FROM pick_scores;
