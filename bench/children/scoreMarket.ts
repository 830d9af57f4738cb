/**
 * Scoring at market scale through the product's ScoringService, as the composition root runs
 * it: a full run over every pick (first run: every score is written), then one new day of bars
 * for every symbol written as a price sync writes it (its planned fetch: the last stored days
 * again and the new one), and the incremental rescore the sync triggers with the earliest date
 * it wrote per symbol. Then a restart's full run over the stored scores.
 *
 * Args: <database file> <new-day bars file> <now ISO>. Sends ScoreMarketResult.
 */
import { readFileSync } from "node:fs";
import type { Bar, IsoDate } from "../../src/domain/types.js";
import { silentLogger } from "../../src/logger.js";
import { planFetches } from "../../src/prices/plan.js";
import { brokerEventCurve } from "../../src/scoring/brokerEventStudy.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { ScoringService } from "../../src/services/scoring.js";
import { BarsRepo } from "../../src/store/bars.js";
import { openDatabase } from "../../src/store/database.js";
import { childMain, peakRssMb, progress, sendResult } from "../lib/child.js";
import type { NewDayBars } from "./buildMarketStore.js";

export interface ScoreMarketResult {
  picks: number;
  full: { seconds: number; scored: number; written: number };
  newDay: { symbols: number; writeSeconds: number };
  incremental: { seconds: number; scored: number; revalued: number; written: number };
  restart: { seconds: number; written: number };
  /** Every call built and valued from the prices in memory (ScoringService.calls()). */
  calls: { seconds: number; calls: number; changes: number; reiterations: number };
  /** Each broker's event study (days 0 to 250) over all its picks. */
  eventStudy: { seconds: number; brokers: number; picks: number };
  peakRssMb: number;
}

async function main(): Promise<void> {
  const [file, newDayFile, nowIso] = process.argv.slice(2);
  if (!file || !newDayFile || !nowIso) throw new Error("usage: scoreMarket <db> <new-day file> <now>");
  const now = new Date(nowIso);
  const db = openDatabase(file);
  const settings = scoringSettings();
  const service = new ScoringService({ db, settings, now: () => now, logger: silentLogger });

  let t = performance.now();
  const full = service.scoreAll();
  const fullSeconds = (performance.now() - t) / 1000;
  progress(`scoring: full run ${fullSeconds.toFixed(2)} s over ${full.picks} picks`);

  // The new day arrives as the price sync writes it: each symbol's planned fetch (the last
  // stored days again, then the new one) in one transaction, and the earliest date written
  // handed to the rescore with the symbol.
  const newDay = JSON.parse(readFileSync(newDayFile, "utf8")) as NewDayBars[];
  const bars = new BarsRepo(db);
  const day = newDay[0]?.bar.date ?? nowIso.slice(0, 10);
  const plan = planFetches(
    newDay.map((n) => ({ symbol: n.symbol, since: null })),
    bars.ranges(),
    { today: () => day },
  );
  const fresh = new Map(newDay.map((n) => [n.symbol, n.bar]));
  t = performance.now();
  const changed: string[] = [];
  const changedFrom = new Map<string, IsoDate>();
  for (const f of plan) {
    const bar = fresh.get(f.symbol);
    const fetched: Bar[] = [...bars.between(f.symbol, f.from, f.to), ...(bar ? [bar] : [])];
    if (bars.writeSymbol(f.symbol, fetched, "bench") > 0) {
      changed.push(f.symbol);
      changedFrom.set(f.symbol, fetched[0]?.date ?? day);
    }
  }
  // As the price sync does once its writes are done, before the rescoring.
  bars.settle();
  const writeSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const inc = service.afterBarsWritten(changed, changedFrom);
  const incSeconds = (performance.now() - t) / 1000;
  progress(`scoring: incremental ${incSeconds.toFixed(2)} s, ${inc.revalued} picks revalued, ${inc.scored} rescored`);

  const restarted = new ScoringService({ db, settings, now: () => now, logger: silentLogger });
  t = performance.now();
  const again = restarted.scoreAll();
  const restartSeconds = (performance.now() - t) / 1000;

  // What the calls view costs on top: every call built and valued once, then each broker's
  // event study over all its picks (as GET /api/brokers/:id/calls and /event-study need them).
  t = performance.now();
  const calls = restarted.calls();
  const callsSeconds = (performance.now() - t) / 1000;
  const reiterations = calls.calls.reduce((n, c) => n + c.reiterations.length, 0);
  progress(`scoring: calls ${callsSeconds.toFixed(2)} s, ${calls.calls.length} calls, ${reiterations} reiterations`);
  const priced = restarted.priced();
  const brokers = [...new Set([...priced.facts.values()].map((f) => f.brokerId))].sort();
  t = performance.now();
  let studied = 0;
  for (const broker of brokers) studied += brokerEventCurve(priced, broker).picks;
  const eventSeconds = (performance.now() - t) / 1000;
  progress(`scoring: event studies ${eventSeconds.toFixed(2)} s, ${brokers.length} brokers, ${studied} picks`);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();

  const result: ScoreMarketResult = {
    picks: full.picks,
    full: { seconds: fullSeconds, scored: full.scored, written: full.written },
    newDay: { symbols: changed.length, writeSeconds },
    incremental: { seconds: incSeconds, scored: inc.scored, revalued: inc.revalued, written: inc.written },
    restart: { seconds: restartSeconds, written: again.written },
    calls: { seconds: callsSeconds, calls: calls.calls.length, changes: calls.changes.length, reiterations },
    eventStudy: { seconds: eventSeconds, brokers: brokers.length, picks: studied },
    peakRssMb: peakRssMb(),
  };
  await sendResult(result);
}

childMain(main);
