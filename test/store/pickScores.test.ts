import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScoredPick } from "../../src/domain/types.js";
import { silentLogger } from "../../src/logger.js";
import { paths } from "../../src/paths.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { ScoringService } from "../../src/services/scoring.js";
import { migrate } from "../../src/store/database.js";
import { DataVersion } from "../../src/store/dataVersion.js";
import { PickScoresRepo, readStoredScores } from "../../src/store/pickScores.js";
import { decodeScore, encodeScore } from "../../src/store/scoreRecord.js";
import { SEED_NOW, seedDb } from "../helpers/seedDb.js";
import { tempDir } from "../helpers/tempDir.js";

describe("stored scores", () => {
  it("read back bit for bit as the scoring engine made them, for every seed pick", async () => {
    const { db, scoring } = await seedDb();
    const memory = scoring.current().scored;
    const stored = readStoredScores(db);
    expect(stored).toHaveLength(81);
    const byKey = new Map(stored.map((s) => [Number(s.key), s]));
    for (const s of memory) {
      const back = byKey.get(Number(s.key));
      expect(back).toEqual(s);
      // Excess is not stored; computed again it is the same double, not merely close.
      for (const [k, cp] of Object.entries(s.checkpoints)) expect(back?.checkpoints[k]?.excess).toBe(cp?.excess);
      expect(back?.toDate?.excess).toBe(s.toDate?.excess);
    }
  });

  it("keep a record without the pick's own fields or 'to date', checkpoints as tuples", async () => {
    const { scoring } = await seedDb();
    const kingsoft = scoring.current().scored.find((s) => s.symbol === "688111.SS") as ScoredPick;
    const record = JSON.parse(encodeScore(kingsoft)) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual([
      "benchmark",
      "entry",
      "checkpoints",
      "verdict",
      "verdictHorizon",
      "realizedLabel",
      "hitWithinWindow",
      "judgedAs",
      "reason",
      "flags",
    ]);
    expect(record.entry).toEqual(["2024-02-19", 238.35, kingsoft.entry?.reportDayClose]);
    const twelve = kingsoft.checkpoints["12m"];
    expect((record.checkpoints as Record<string, unknown>)["12m"]).toEqual([
      twelve?.date,
      twelve?.return,
      twelve?.benchmarkReturn,
      0,
    ]);
    expect(encodeScore(kingsoft).length).toBeLessThan(JSON.stringify(kingsoft).length * 0.7);
    expect(decodeScore("not json")).toBeNull();
    expect(decodeScore('{"verdict": 1}')).toBeNull();
  });

  it("rewrite nothing that did not change, so unchanged data keeps its version", async () => {
    const { db, scoring } = await seedDb();
    const repo = new PickScoresRepo(db);
    const version = new DataVersion(db);
    const v0 = version.current();
    expect(repo.save(scoring.current().scored, SEED_NOW)).toBe(0);
    expect(version.current()).toBe(v0);
  });

  it("move 'to date' alone in place, leaving the stored record as it was", async () => {
    const { db, scoring } = await seedDb();
    const repo = new PickScoresRepo(db);
    const first = scoring.current().scored.find((s) => s.toDate !== null) as ScoredPick;
    const before = first.toDate as NonNullable<ScoredPick["toDate"]>;
    const toDate = { ...before, date: "2025-11-24", return: 0.5, excess: 0.5 - before.benchmarkReturn, stale: true };
    const record = db.prepare("SELECT result, scored_at AS at FROM pick_scores WHERE pick_id = ?");
    const stored = record.get(first.key);
    expect(repo.saveToDate([{ ...first, toDate }])).toBe(1);
    expect(db.prepare("SELECT * FROM pick_to_date WHERE pick_id = ?").get(first.key)).toEqual({
      pick_id: first.key,
      date: "2025-11-24",
      return: 0.5,
      benchmark_return: before.benchmarkReturn,
      excess: toDate.excess,
      stale: 1,
    });
    expect(record.get(first.key)).toEqual(stored);
    expect(readStoredScores(db).find((s) => s.key === first.key)?.toDate).toEqual(toDate);
    // A pick whose "to date" is gone loses its row; one without a row gets one.
    expect(repo.saveToDate([{ ...first, toDate: null }])).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM pick_to_date WHERE pick_id = ?").pluck().get(first.key)).toBe(0);
    repo.saveToDate([first]);
    expect(readStoredScores(db).find((s) => s.key === first.key)?.toDate).toEqual(before);
  });

  it("stored in the former layout are cleared by migration 0060 and written again by the next run", async () => {
    const file = join(tempDir("bp-mig-"), "s.sqlite");
    const { db, scoring } = await seedDb(SEED_NOW, file);
    const expected = readStoredScores(db);
    const held = scoring.current().scored;
    const picks = db.prepare("SELECT COUNT(*) FROM picks").pluck();
    // Back to the layout before 0060: whole scored picks as JSON, "to date" in pick_facts.
    const before = readFileSync(join(paths.migrations, "0031_pick_facts_lighter.sql"), "utf8");
    const oldTrigger = before.slice(before.indexOf("CREATE TRIGGER pick_facts_score_delete"));
    db.exec(`DROP TRIGGER pick_facts_score_delete;
      DROP TABLE pick_to_date; ALTER TABLE pick_facts ADD COLUMN excess_to_date REAL;
      DELETE FROM schema_migrations WHERE id = 60;
      ${oldTrigger.replace("UPDATE data_version SET version = version + 1 WHERE id = 1;", "")}`);
    const update = db.prepare("UPDATE pick_scores SET result = ? WHERE pick_id = ?");
    for (const s of held) update.run(JSON.stringify(s), s.key);

    expect(migrate(db)).toEqual([60]);
    expect(db.prepare("SELECT COUNT(*) FROM pick_scores").pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM pick_to_date").pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM pick_facts WHERE scored = 1 OR verdict IS NOT NULL").pluck().get()).toBe(0);
    expect(picks.get()).toBe(81);

    const run = new ScoringService({ db, settings: scoringSettings(), now: () => SEED_NOW, logger: silentLogger });
    expect(run.scoreAll().written).toBe(81);
    expect(readStoredScores(db)).toEqual(expected);
    db.close();
  });
});
