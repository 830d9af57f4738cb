/**
 * Builds the market-scale store the scoring and API benchmarks run on: the security master,
 * every bar of the whole-market file but its last trading day (kept aside as "one new day"),
 * the CSI 300 and Hang Seng bars of the seed snapshot over the same dates, and reports with
 * picks drawn with a fixed seed over the seed brokers' real rating scales.
 *
 * Args: <market file> <database file> <picks> <seed>. Sends BuildResult.
 */
import { writeFileSync } from "node:fs";
import type { Bar, Security } from "../../src/domain/types.js";
import { loadSecurityMaster } from "../../src/securities/master.js";
import { loadSecuritiesIfEmpty } from "../../src/services/seedReports.js";
import { BarPacks } from "../../src/store/barPacks.js";
import { BarsRepo } from "../../src/store/bars.js";
import { openDatabase } from "../../src/store/database.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { childMain, progress, sendResult } from "../lib/child.js";
import { readBySymbol, seedIndexBars } from "../lib/marketFile.js";
import { addDaysIso, drawReports, seedTemplates } from "../lib/picksDraw.js";
import { Rng } from "../lib/rng.js";

export interface BuildResult {
  symbols: number;
  bars: number;
  /** The held-back trading day and the file its bars were written to. */
  newDay: string;
  newDayFile: string;
  newDayBars: number;
  reports: number;
  picks: number;
  firstDate: string;
  seconds: number;
}

/** One symbol's bars of the held-back day. */
export interface NewDayBars {
  symbol: string;
  bar: Bar;
}

async function main(): Promise<void> {
  const [marketFile, dbFile, picksArg, seedArg] = process.argv.slice(2);
  if (!marketFile || !dbFile) throw new Error("usage: buildMarketStore <market file> <db file> [picks] [seed]");
  const t0 = performance.now();
  const db = openDatabase(dbFile);
  const master = loadSecurityMaster();
  const now = () => new Date();
  loadSecuritiesIfEmpty({ db, resolver: master, now });

  const bars = new BarsRepo(db);
  let count = 0;
  let firstDate = "9999-12-31";
  let lastDate = "0000-00-00";
  const symbols: string[] = [];
  for await (const s of readBySymbol(marketFile)) {
    count += bars.writeSymbol(s.symbol, s.bars, "bench");
    symbols.push(s.symbol);
    for (const b of s.bars) {
      if (b.date < firstDate) firstDate = b.date;
      if (b.date > lastDate) lastDate = b.date;
    }
    if (symbols.length % 1000 === 0)
      progress(`store: ${symbols.length} symbols, ${count.toLocaleString("en-US")} bars`);
  }
  for (const [symbol, list] of seedIndexBars()) {
    count += bars.writeSymbol(
      symbol,
      list.filter((b) => b.date >= addDaysIso(firstDate, -40) && b.date <= lastDate),
      "bench",
    );
  }

  // The last trading day is held back: the incremental benchmark writes it as the new day.
  const held = db
    .prepare("SELECT symbol, date, open, high, low, close, adjclose, volume FROM bars WHERE date = ? ORDER BY symbol")
    .all(lastDate) as Array<Bar & { symbol: string }>;
  db.prepare("DELETE FROM bars WHERE date = ?").run(lastDate);
  // That delete went round BarsRepo, so every symbol's packs are stale: pack them as the next
  // writable open of the store would, so that read-only readers find them current.
  new BarPacks(db).repackStale();
  const newDay: NewDayBars[] = held.map(({ symbol, ...bar }) => ({ symbol, bar }));
  const newDayFile = `${dbFile}.new-day.json`;
  writeFileSync(newDayFile, JSON.stringify(newDay));

  // Picks over every security of the file the master knows, dated before the held-back day.
  const known = new Set(symbols);
  const securities: Security[] = master.securities().filter((s) => known.has(s.symbol));
  const rng = new Rng(Number(seedArg ?? 20240218));
  const repo = new ReportsRepo(db);
  const ingestedAt = new Date().toISOString();
  let reports = 0;
  let picks = 0;
  const insertMany = db.transaction(
    (batch: ReturnType<typeof drawReports> extends Generator<infer R> ? R[] : never) => {
      for (const r of batch) repo.insert({ ...r, ingestedAt });
    },
  );
  let batch = [];
  for (const r of drawReports({
    picks: Number(picksArg ?? 100_000),
    from: firstDate,
    to: addDaysIso(lastDate, -1),
    securities,
    templates: seedTemplates(master),
    rng,
  })) {
    batch.push(r);
    reports++;
    picks += r.extraction.picks.length;
    if (batch.length === 500) {
      insertMany(batch);
      batch = [];
    }
  }
  insertMany(batch);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const result: BuildResult = {
    symbols: symbols.length,
    bars: count - held.length,
    newDay: lastDate,
    newDayFile,
    newDayBars: held.length,
    reports,
    picks,
    firstDate,
    seconds: (performance.now() - t0) / 1000,
  };
  await sendResult(result);
}

childMain(main);
