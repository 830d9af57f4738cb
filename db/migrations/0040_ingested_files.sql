-- Files a report was read from, by the SHA-256 of their bytes: a folder ingested again skips a
-- file it has seen without decoding it or reading its PDF text again. Several files (a PDF, its
-- text copy, a GBK copy) may lead to one report.
CREATE TABLE ingested_files (
  file_sha256 TEXT PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  file_name   TEXT,
  format      TEXT NOT NULL CHECK (format IN ('text', 'pdf')),
  encoding    TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX ingested_files_report ON ingested_files (report_id);
