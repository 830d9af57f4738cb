/**
 * Builds the scale group's bars store: the security master and every bar of both whole-market
 * files (2018-01 → 2022-06, with the CSI 300 inside, and 2024-01 → 2025-11), the eight other
 * A-share indices of 2018–2022, and the seed snapshot's CSI 300 and Hang Seng over the second
 * file's dates. No picks: each measured size gets a copy of this file with its own picks.
 *
 * Args: <prices dir> <database file>. Sends ScaleBarsBuild.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { loadSecurityMaster } from "../../src/securities/master.js";
import { loadSecuritiesIfEmpty } from "../../src/services/seedReports.js";
import { BarsRepo } from "../../src/store/bars.js";
import { openDatabase } from "../../src/store/database.js";
import { childMain, progress, sendResult } from "../lib/child.js";
import { INDEX_SYMBOLS, readBySymbol, seedIndexBars } from "../lib/marketFile.js";
import { addDaysIso } from "../lib/picksDraw.js";
import { type CoveredRange, SCALE_INDEX_FILE, SCALE_STOCK_FILES } from "../lib/scale.js";

/** A stock file's covered range and the symbols it holds bars of. */
export interface ScaleRange extends CoveredRange {
  symbols: string[];
  bars: number;
}

export interface ScaleBarsBuild {
  ranges: ScaleRange[];
  /** Every bar stored: both stock files, the indices. */
  bars: number;
  symbols: number;
  seconds: number;
  bytes: number;
}

async function main(): Promise<void> {
  const [pricesDir, dbFile] = process.argv.slice(2);
  if (!pricesDir || !dbFile) throw new Error("usage: buildScaleBars <prices dir> <db file>");
  const t0 = performance.now();
  const db = openDatabase(dbFile);
  const master = loadSecurityMaster();
  loadSecuritiesIfEmpty({ db, resolver: master, now: () => new Date() });
  const repo = new BarsRepo(db);
  const stored = new Set<string>();
  let total = 0;

  const ranges: ScaleRange[] = [];
  for (const name of SCALE_STOCK_FILES) {
    const dates = new Set<string>();
    const symbols: string[] = [];
    let bars = 0;
    for await (const s of readBySymbol(join(pricesDir, name))) {
      bars += repo.writeSymbol(s.symbol, s.bars, "bench");
      symbols.push(s.symbol);
      stored.add(s.symbol);
      for (const b of s.bars) dates.add(b.date);
      if (symbols.length % 1000 === 0)
        progress(`scale store: ${name}: ${symbols.length} symbols, ${bars.toLocaleString("en-US")} bars`);
    }
    const sorted = [...dates].sort();
    ranges.push({
      file: name,
      from: sorted[0] ?? "",
      to: sorted[sorted.length - 1] ?? "",
      tradingDays: sorted.length,
      symbols,
      bars,
    });
    total += bars;
  }
  for await (const s of readBySymbol(join(pricesDir, SCALE_INDEX_FILE))) {
    total += repo.writeSymbol(s.symbol, s.bars, "bench");
    stored.add(s.symbol);
  }
  // The second file's CSI 300 and Hang Seng (the A and HK calendars) from the seed snapshot,
  // from a little before its first day as the market store takes them.
  const second = ranges[1] as ScaleRange;
  for (const [symbol, list] of seedIndexBars()) {
    if (!(INDEX_SYMBOLS as readonly string[]).includes(symbol)) continue;
    total += repo.writeSymbol(
      symbol,
      list.filter((b) => b.date >= addDaysIso(second.from, -40) && b.date <= second.to),
      "bench",
    );
    stored.add(symbol);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const result: ScaleBarsBuild = {
    ranges,
    bars: total,
    symbols: stored.size,
    seconds: (performance.now() - t0) / 1000,
    bytes: statSync(dbFile).size,
  };
  await sendResult(result);
}

childMain(main);
