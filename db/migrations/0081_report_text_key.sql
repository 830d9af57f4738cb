-- The hash of a report's text with white space, punctuation, widths, traditional forms and page
-- furniture set aside (src/ingest/textKey.ts): a second copy of a stored report (its PDF and its
-- text, two downloads) is recognised by it together with the broker and the date, and not stored
-- again. Reports stored before have none; it is computed for them when a report of the same
-- broker and date comes along.
ALTER TABLE reports ADD COLUMN text_key TEXT;
