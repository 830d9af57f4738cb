-- Brokers, securities, reports with their scales and picks, price bars, job runs.

CREATE TABLE brokers (
  id   TEXT PRIMARY KEY,           -- stable slug, 'unknown' for unidentified reports
  name TEXT NOT NULL,
  en   TEXT
);

CREATE TABLE securities (
  symbol    TEXT PRIMARY KEY,      -- Yahoo form: 600000.SS, 0354.HK
  code      TEXT NOT NULL,
  exchange  TEXT NOT NULL CHECK (exchange IN ('SSE', 'SZSE', 'BSE', 'HKEX')),
  market    TEXT NOT NULL CHECK (market IN ('A', 'HK')),
  name      TEXT NOT NULL,
  industry  TEXT,
  list_date TEXT
);
CREATE INDEX securities_code ON securities (code);

CREATE TABLE security_names (
  symbol     TEXT NOT NULL REFERENCES securities (symbol) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  valid_from TEXT,
  valid_to   TEXT,
  source     TEXT NOT NULL,
  PRIMARY KEY (symbol, name, source)
);
CREATE INDEX security_names_name ON security_names (name);

CREATE TABLE reports (
  id              INTEGER PRIMARY KEY,
  sha256          TEXT NOT NULL UNIQUE,
  file_name       TEXT,
  broker_id       TEXT NOT NULL REFERENCES brokers (id),
  broker_evidence TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  report_date     TEXT,                         -- NULL only when no date could be read or inferred
  date_kind       TEXT CHECK (date_kind IN ('explicit', 'inferred')),
  date_evidence   TEXT,
  title           TEXT,
  sector          TEXT,
  industry_rating TEXT,
  industry_action TEXT,
  warnings        TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  text            TEXT NOT NULL,
  ingested_at     TEXT NOT NULL
);
CREATE INDEX reports_broker_date ON reports (broker_id, report_date);
CREATE INDEX reports_date ON reports (report_date);

CREATE TABLE report_analysts (
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  license   TEXT,
  role      TEXT,
  PRIMARY KEY (report_id, position)
);
CREATE INDEX report_analysts_license ON report_analysts (license);

CREATE TABLE rating_scales (
  report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('stock', 'industry', 'section')),
  parsed        INTEGER NOT NULL,
  relative_to   TEXT,
  qualitative   INTEGER,
  horizon_min   INTEGER,
  horizon_max   INTEGER,
  benchmarks    TEXT NOT NULL DEFAULT '{}',     -- JSON {market: {name, text}}
  labels        TEXT NOT NULL DEFAULT '[]',     -- JSON RatingLabel[]
  raw           TEXT NOT NULL,
  PRIMARY KEY (report_id, kind)
);

CREATE TABLE picks (
  id                INTEGER PRIMARY KEY,
  report_id         INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  printed_code      TEXT,
  symbol            TEXT REFERENCES securities (symbol),   -- NULL = unresolved
  resolution        TEXT NOT NULL CHECK (resolution IN ('resolved', 'ambiguous', 'unknown')),
  stance            TEXT NOT NULL CHECK (stance IN ('recommend', 'watch', 'beneficiary')),
  rating            TEXT,
  span_start        INTEGER NOT NULL,
  span_end          INTEGER NOT NULL,
  evidence          TEXT NOT NULL
);
CREATE INDEX picks_report ON picks (report_id);
CREATE INDEX picks_symbol ON picks (symbol);

CREATE TABLE bars (
  symbol   TEXT NOT NULL,
  date     TEXT NOT NULL,
  open     REAL NOT NULL,
  high     REAL,
  low      REAL,
  close    REAL NOT NULL,
  adjclose REAL NOT NULL,
  volume   REAL,
  source   TEXT NOT NULL,
  PRIMARY KEY (symbol, date)
) WITHOUT ROWID;

CREATE TABLE job_runs (
  id           INTEGER PRIMARY KEY,
  job          TEXT NOT NULL,
  trigger      TEXT NOT NULL,                  -- schedule, catch-up, manual, start
  started_at   TEXT NOT NULL,
  ended_at     TEXT,
  status       TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed')),
  reason       TEXT,
  rows_written INTEGER NOT NULL DEFAULT 0,
  summary      TEXT NOT NULL DEFAULT '{}'      -- JSON
);
CREATE INDEX job_runs_job_started ON job_runs (job, started_at);

CREATE TABLE job_run_symbols (
  run_id       INTEGER NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
  symbol       TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('ok', 'unchanged', 'failed', 'skipped')),
  reason       TEXT,                           -- rate-limited, not-found, unavailable, offline, bad-response, aborted
  message      TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  rows_written INTEGER NOT NULL DEFAULT 0,
  from_date    TEXT,
  to_date      TEXT,
  PRIMARY KEY (run_id, symbol)
);

CREATE TABLE pick_scores (
  pick_id   INTEGER PRIMARY KEY REFERENCES picks (id) ON DELETE CASCADE,
  verdict   TEXT NOT NULL,
  result    TEXT NOT NULL,                     -- JSON ScoredPick
  scored_at TEXT NOT NULL
);
CREATE INDEX pick_scores_verdict ON pick_scores (verdict);
