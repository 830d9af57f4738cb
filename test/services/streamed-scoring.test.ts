import { describe, expect, it } from "vitest";
import { addDaysIso, drawReports, seedTemplates } from "../../bench/lib/picksDraw.js";
import { Rng } from "../../bench/lib/rng.js";
import { DEFAULT_BENCHMARK_SYMBOLS } from "../../src/domain/benchmarks.js";
import type { Bar, PickInput, ScoredPick } from "../../src/domain/types.js";
import { silentLogger } from "../../src/logger.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { buildScorecards, scorePicksTracked, scoringSettings } from "../../src/scoring/index.js";
import { ScorecardBuilder } from "../../src/scoring/scorecards.js";
import { ScoringService, type ScoringServiceDeps, symbolBatches } from "../../src/services/scoring.js";
import { loadPriceBook } from "../../src/store/barSeries.js";
import { BarsRepo } from "../../src/store/bars.js";
import type { Db } from "../../src/store/database.js";
import { readStoredScores, undatedScore } from "../../src/store/pickScores.js";
import { PicksRepo } from "../../src/store/picks.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { StoredScorecards } from "../../src/store/storedScorecards.js";
import { SEED_NOW, seedDb } from "../helpers/seedDb.js";

/**
 * The seed store plus 1,500 picks drawn with a fixed seed over every security of the price
 * snapshot, the seed brokers' printed scales and stances, dated over the snapshot's whole span
 * (some enter before the first bar, some are too young for any checkpoint), and a few picks of
 * reports with no date.
 */
async function drawnStore(): Promise<{ db: Db; now: () => Date }> {
  const { db, master, now } = await seedDb();
  const symbols = new Set(db.prepare("SELECT DISTINCT symbol FROM bars").pluck().all() as string[]);
  const securities = master.securities().filter((s) => symbols.has(s.symbol));
  const repo = new ReportsRepo(db);
  db.transaction(() => {
    for (const r of drawReports({
      picks: 1500,
      from: "2024-03-01",
      to: addDaysIso("2025-11-21", 0),
      securities,
      templates: seedTemplates(master),
      rng: new Rng(20261205),
    })) {
      repo.insert({ ...r, ingestedAt: "2026-12-05T00:00:00Z" });
    }
    db.prepare(
      "UPDATE reports SET report_date = NULL WHERE id IN (SELECT id FROM reports ORDER BY id DESC LIMIT 2)",
    ).run();
  })();
  return { db, now };
}

/** Every pick scored the way a run that holds everything does: one book, every input at once. */
function scoredInOnePass(db: Db): { scored: ScoredPick[]; picks: PickInput[] } {
  const repo = new PicksRepo(db);
  const picks = repo.scoringInputs();
  const set = scorePicksTracked(picks, loadPriceBook(db), scoringSettings(), SEED_NOW);
  return { scored: [...set.scored, ...repo.undatedPicks().map(undatedScore)], picks };
}

/** A scoring service that holds nothing between runs, as `npm run score` runs it. */
function nothingHeld(
  db: Db,
  now: () => Date,
  options: Partial<Pick<ScoringServiceDeps, "settings" | "batchPicks">> = {},
): ScoringService {
  return new ScoringService({ db, settings: scoringSettings(), now, logger: silentLogger, hold: false, ...options });
}

describe("scoring symbol by symbol", () => {
  it("stores every score exactly as one pass over everything makes it, and the same scorecards", async () => {
    const { db, now } = await drawnStore();
    db.exec("DELETE FROM pick_scores");
    const expected = scoredInOnePass(db);
    expect(expected.scored.length).toBeGreaterThan(1500);
    // A batch per symbol, each with its own bars: a stock whose bars stop early (300280.SZ) is
    // still judged against the market's as-of date, not its own last day.
    const service = nothingHeld(db, now, { batchPicks: 1 });
    const run = service.scoreAll();
    expect(run.picks).toBe(expected.scored.length);
    expect(run.written).toBe(expected.scored.length);

    const stored = new Map(readStoredScores(db).map((s) => [Number(s.key), s]));
    expect(stored.size).toBe(expected.scored.length);
    let checkpoints = 0;
    for (const s of expected.scored) {
      const back = stored.get(Number(s.key));
      expect(back).toEqual(s);
      for (const [k, cp] of Object.entries(s.checkpoints)) {
        if (cp === null) continue;
        checkpoints++;
        expect(back?.checkpoints[k]?.excess).toBe(cp.excess);
      }
    }
    expect(checkpoints).toBeGreaterThan(3000);

    const cards = buildScorecards(expected.scored, expected.picks);
    expect(service.scorecards()).toEqual(cards);
    // Stored with the scores, for the next start.
    expect(new StoredScorecards(db).load()).toEqual(cards);
    expect(cards.brokers.length).toBe(5);
    expect(cards.labels.length).toBeGreaterThan(8);
  });

  it("stores every broker's standing as the calls held in memory give it, and serves it after a restart", async () => {
    const { db, now } = await drawnStore();
    const streamed = nothingHeld(db, now, { batchPicks: 1 });
    streamed.scoreAll();
    // The figures as the read model builds them from every call (the way without stored sums).
    const fromCalls = new ReadModel(db, { now, benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS });
    const board = fromCalls.leaderboard();
    const brokers = fromCalls.brokerList().map((r) => r.broker.id);
    expect(brokers.length).toBe(5);
    const coverage = new Map(brokers.map((id) => [id, fromCalls.broker(id)?.coverage]));

    // A new process on the same store: nothing scored, nothing held, the stored standing served.
    const restarted = nothingHeld(db, now);
    expect(restarted.isCurrent()).toBe(true);
    const stored = new ReadModel(db, {
      now,
      benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS,
      scorecards: () => restarted.scorecards(),
      standing: () => restarted.standing(),
    });
    expect(stored.leaderboard()).toEqual(board);
    for (const id of brokers) expect(stored.broker(id)?.coverage).toEqual(coverage.get(id));
    expect(board.items.length + board.tooFewCalls.length).toBe(5);
    expect(board.items[0]?.perCall.n).toBeGreaterThan(10);
    // Served without building any state: the held-state path was never taken.
    expect((restarted as unknown as { state: unknown }).state).toBeNull();
  });

  it("calls a store current only while nothing the scores rest on has changed", async () => {
    const { db, now } = await seedDb();
    const service = () => nothingHeld(db, now);
    service().scoreAll();
    expect(service().isCurrent()).toBe(true);
    // Other settings: the stored scores were made under the defaults.
    const otherEntry = nothingHeld(db, now, { settings: scoringSettings({ entryMode: "t0-close" }) });
    expect(otherEntry.isCurrent()).toBe(false);
    // The next exchange day: calls may have expired since the standing was valued.
    const nextDay = new Date(now().getTime() + 24 * 3600 * 1000);
    const tomorrow = nothingHeld(db, () => nextDay);
    expect(tomorrow.isCurrent()).toBe(false);
    // A revised bar of one security.
    const bars = new BarsRepo(db);
    const last = db.prepare("SELECT * FROM bars WHERE symbol = '300418.SZ' ORDER BY date DESC LIMIT 1").get() as Bar & {
      symbol: string;
    };
    bars.writeSymbol("300418.SZ", [{ ...last, close: last.close * 1.01, adjclose: last.adjclose * 1.01 }], "test");
    expect(service().isCurrent()).toBe(false);
    service().scoreAll();
    expect(service().isCurrent()).toBe(true);
    // The scorecards stored with the scores are gone (a score deleted with its pick).
    db.prepare("DELETE FROM picks WHERE id = (SELECT MIN(id) FROM picks)").run();
    expect(new StoredScorecards(db).valid()).toBe(false);
    expect(service().isCurrent()).toBe(false);
  });

  it("gives the same scorecards when the medians' values spill to disk", async () => {
    const { db } = await drawnStore();
    const { scored, picks } = scoredInOnePass(db);
    const byKey = new Map(picks.map((p) => [p.key, p]));
    // Added in reverse order, with a budget of 64 values held in memory.
    const builder = new ScorecardBuilder(64);
    for (const s of [...scored].reverse()) builder.add(s, byKey.get(s.key), Number(s.key));
    expect(builder.finish()).toEqual(buildScorecards(scored, picks));
  });

  it("holds the same state as a pass over everything when it holds one", async () => {
    const { db, now } = await drawnStore();
    const expected = scoredInOnePass(db);
    const service = new ScoringService({ db, settings: scoringSettings(), now, logger: silentLogger, batchPicks: 40 });
    service.scoreAll();
    expect(service.current().scored).toEqual(expected.scored);
    expect(service.current().picks).toEqual(expected.picks);
  });

  it("keeps a symbol's picks in one batch, and picks without a symbol in a batch of their own", () => {
    const batches = [
      ...symbolBatches(
        [
          [null, 3],
          ["000001.SZ", 5],
          ["000002.SZ", 1],
          ["600000.SS", 9],
          ["600519.SS", 2],
        ],
        6,
      ),
    ];
    expect(batches).toEqual([
      { from: null, to: null, symbols: [null] },
      { from: "000001.SZ", to: "000002.SZ", symbols: ["000001.SZ", "000002.SZ"] },
      { from: "600000.SS", to: "600000.SS", symbols: ["600000.SS"] },
      { from: "600519.SS", to: "600519.SS", symbols: ["600519.SS"] },
    ]);
  });
});
