-- Scorecards as of the stored scores, so that a server started on a current store serves them
-- at once instead of reading every score. `generation` names a state of the stored scores:
-- scoring_state.generation moves in every transaction that changes one, and stored scorecards
-- are only used while their generation is the current one.
ALTER TABLE scoring_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;

-- Each market's as-of date the stored scores were valued at (JSON {"A": date, "HK": date}): a
-- server starting on a store whose marks are all accounted for and whose as-of dates are still
-- the ones the prices give serves the stored scores without scoring anything.
ALTER TABLE scoring_state ADD COLUMN as_of TEXT;

CREATE TABLE stored_scorecards (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL,
  built_at   TEXT NOT NULL,
  body       TEXT NOT NULL
);

-- Each broker's standing (per-call and per-pick hit rates, first coverage against the rest),
-- for the same generation of scores and the exchange day its calls were valued on (a call
-- expires with the calendar).
CREATE TABLE stored_standing (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL,
  day        TEXT NOT NULL,
  body       TEXT NOT NULL
);

-- Scores are written by the scoring service alone, which moves the generation itself; a score
-- can also go with its pick (a report stored again replaces its picks).
CREATE TRIGGER scores_generation_delete AFTER DELETE ON pick_scores BEGIN
  UPDATE scoring_state SET generation = generation + 1 WHERE id = 1;
END;
