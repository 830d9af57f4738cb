-- Score columns of pick_facts are written by the score writer (PickScoresRepo.save) with bound
-- values in the same transaction as the score, instead of by triggers that re-read sixteen
-- fields of every stored JSON: storing 100,000 scores no longer pays for json_extract.
DROP TRIGGER pick_facts_score_insert;
DROP TRIGGER pick_facts_score_update;
