-- What the stored scores are behind on. A mark is written in the same transaction as the data
-- that makes scores stale (a stored report: its broker; bars that changed: their symbol) and
-- deleted in the transaction that stores the new scores, so a process killed in between leaves
-- its marks behind and the next command that opens the store scores what they name.
CREATE TABLE score_marks (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  kind    TEXT NOT NULL CHECK (kind IN ('report', 'bars')),
  subject TEXT NOT NULL                 -- report: the broker id; bars: the symbol
);

-- One mark per stored report: a report scores its own picks and may lend its scale to older
-- reports of its broker.
CREATE TRIGGER score_marks_report_insert AFTER INSERT ON reports BEGIN
  INSERT INTO score_marks (kind, subject) VALUES ('report', NEW.broker_id);
END;

-- The scoring settings (entry mode, benchmark symbols) the stored scores were computed under.
CREATE TABLE scoring_state (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  settings  TEXT NOT NULL,
  scored_at TEXT NOT NULL
);

-- The process that runs a job: a run left `running` by a process that no longer exists on its
-- host is closed by the next command that opens the store.
ALTER TABLE job_runs ADD COLUMN pid INTEGER;
ALTER TABLE job_runs ADD COLUMN host TEXT;
