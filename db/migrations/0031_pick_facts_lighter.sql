-- Cheaper score writes. The data version now comes from SQLite itself (PRAGMA data_version for
-- other connections, total_changes() for this one), so no trigger bumps a counter per row; and
-- pick_facts keeps only the indexes its filters need (sorting by an excess column reads the
-- filtered rows instead of maintaining an index on numbers that move every trading day).

DROP TRIGGER data_version_report_insert;
DROP TRIGGER data_version_report_delete;
DROP TRIGGER data_version_job_insert;
DROP TRIGGER data_version_job_update;
DROP TABLE data_version;

DROP INDEX pick_facts_excess_12m;
DROP INDEX pick_facts_excess_to_date;

DROP TRIGGER pick_facts_pick_update;
CREATE TRIGGER pick_facts_pick_update AFTER UPDATE OF report_id, symbol, resolution, stance, rating ON picks BEGIN
  UPDATE pick_facts SET report_id = NEW.report_id, symbol = NEW.symbol, resolution = NEW.resolution,
    stance = NEW.stance, rating = NEW.rating,
    broker_id = (SELECT broker_id FROM reports WHERE id = NEW.report_id),
    report_date = (SELECT report_date FROM reports WHERE id = NEW.report_id)
  WHERE pick_id = NEW.id;
END;

DROP TRIGGER pick_facts_report_update;
CREATE TRIGGER pick_facts_report_update AFTER UPDATE OF broker_id, report_date ON reports BEGIN
  UPDATE pick_facts SET broker_id = NEW.broker_id, report_date = NEW.report_date WHERE report_id = NEW.id;
END;

DROP TRIGGER pick_facts_score_insert;
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
END;

DROP TRIGGER pick_facts_score_update;
CREATE TRIGGER pick_facts_score_update AFTER UPDATE OF result, verdict ON pick_scores BEGIN
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
END;

DROP TRIGGER pick_facts_score_delete;
CREATE TRIGGER pick_facts_score_delete AFTER DELETE ON pick_scores BEGIN
  UPDATE pick_facts SET scored = 0, verdict = NULL, benchmark = NULL, entry_date = NULL, excess_1m = NULL,
    excess_3m = NULL, excess_6m = NULL, excess_12m = NULL, excess_to_date = NULL, realized_label = NULL,
    hit_within_window = NULL, stale = 0, delisted = 0, no_prices = 0, missing_benchmark = 0
  WHERE pick_id = OLD.pick_id;
END;
