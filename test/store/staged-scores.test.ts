import { describe, expect, it } from "vitest";
import type { ScoredPick } from "../../src/domain/types.js";
import { scorePicksTracked, scoringSettings } from "../../src/scoring/index.js";
import { loadPriceBook } from "../../src/store/barSeries.js";
import type { Db } from "../../src/store/database.js";
import { StagedScores, undatedScore } from "../../src/store/pickScores.js";
import { PicksRepo } from "../../src/store/picks.js";
import { SEED_NOW, seedDb } from "../helpers/seedDb.js";

/** Every stored score column: the record, pick_facts' score columns and "to date". */
function storedRows(db: Db): unknown[] {
  return db
    .prepare(
      `SELECT f.pick_id, s.verdict, s.result, f.scored, f.verdict AS fv, f.benchmark, f.entry_date, f.excess_1m,
        f.excess_3m, f.excess_6m, f.excess_12m, f.realized_label, f.hit_within_window, f.stale, f.delisted,
        f.no_prices, f.missing_benchmark, t.date, t.return, t.benchmark_return, t.excess, t.stale AS tstale
      FROM pick_facts f LEFT JOIN pick_scores s USING (pick_id) LEFT JOIN pick_to_date t USING (pick_id)
      ORDER BY f.pick_id`,
    )
    .all();
}

function allScores(db: Db): ScoredPick[] {
  const repo = new PicksRepo(db);
  const set = scorePicksTracked(repo.scoringInputs(), loadPriceBook(db), scoringSettings(), SEED_NOW);
  return [...set.scored, ...repo.undatedPicks().map(undatedScore)];
}

/** Stages `scores` in reverse pick order, two picks a part, and writes them. */
function stageAndWrite(db: Db, scores: readonly ScoredPick[], now: Date): { written: number; parts: number } {
  const stage = new StagedScores(db, new PicksRepo(db).idRange() as { first: number; last: number; count: number }, 2);
  const reversed = [...scores].sort((a, b) => Number(b.key) - Number(a.key));
  stage.add(reversed.slice(0, 3));
  stage.add(reversed.slice(3));
  let parts = 0;
  const written = stage.write(now, () => parts++);
  return { written, parts };
}

const tempTables = (db: Db) => db.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table'").pluck().all();

describe("scores staged and written in pick order", () => {
  it("stores exactly what writing each score does, part by part, and then nothing while nothing changed", async () => {
    const { db } = await seedDb();
    const scores = allScores(db);
    expect(scores.length).toBeGreaterThanOrEqual(10);
    const before = storedRows(db);
    const withToDate = (before as { date: string | null }[]).filter((r) => r.date !== null).length;
    expect(withToDate).toBeGreaterThan(0);

    db.exec("DELETE FROM pick_scores");
    expect(db.prepare("SELECT COUNT(*) FROM pick_to_date").pluck().get()).toBe(0);
    const first = stageAndWrite(db, scores, new Date("2026-12-01T00:00:00Z"));
    expect(first.written).toBe(scores.length);
    expect(first.parts).toBe(Math.ceil(scores.length / 2));
    expect(storedRows(db)).toEqual(before);
    expect(tempTables(db)).toEqual([]);

    const again = stageAndWrite(db, scores, new Date("2026-12-02T00:00:00Z"));
    expect(again).toEqual({ written: 0, parts: 0 });
    expect(db.prepare("SELECT DISTINCT scored_at FROM pick_scores").pluck().all()).toEqual([
      "2026-12-01T00:00:00.000Z",
    ]);
  });

  it("writes a changed verdict and a dropped 'to date', and counts each changed pick once", async () => {
    const { db } = await seedDb();
    const scores = allScores(db);
    const dated = scores.find((s) => s.toDate !== null) as ScoredPick;
    const hit = scores.find((s) => s.verdict === "hit" && s.key !== dated.key) as ScoredPick;
    expect(hit).toBeDefined();
    const changed = scores.map((s) =>
      s.key === dated.key ? { ...s, toDate: null } : s.key === hit.key ? { ...s, verdict: "miss" as const } : s,
    );
    const run = stageAndWrite(db, changed, new Date("2026-12-03T00:00:00Z"));
    expect(run.written).toBe(2);
    expect([1, 2]).toContain(run.parts);
    expect(db.prepare("SELECT COUNT(*) FROM pick_to_date WHERE pick_id = ?").pluck().get(dated.key)).toBe(0);
    expect(db.prepare("SELECT verdict FROM pick_facts WHERE pick_id = ?").pluck().get(hit.key)).toBe("miss");
    expect(db.prepare("SELECT verdict FROM pick_scores WHERE pick_id = ?").pluck().get(hit.key)).toBe("miss");
    expect(
      db.prepare("SELECT COUNT(*) FROM pick_scores WHERE scored_at = '2026-12-03T00:00:00.000Z'").pluck().get(),
    ).toBe(1);
  });

  it("refuses a score outside the run's pick ids and stores nothing", async () => {
    const { db } = await seedDb();
    const scores = allScores(db);
    const before = storedRows(db);
    const stage = new StagedScores(db, new PicksRepo(db).idRange() as { first: number; last: number; count: number });
    const stray = { ...(scores[0] as ScoredPick), key: 10_000_000, verdict: "miss" as const };
    expect(() => stage.add([...scores.slice(1).map((s) => ({ ...s, verdict: "miss" as const })), stray])).toThrow(
      /staged score for pick 10000000: outside the run's pick ids \d+–\d+/,
    );
    stage.drop();
    expect(storedRows(db)).toEqual(before);
    expect(tempTables(db)).toEqual([]);
  });
});
