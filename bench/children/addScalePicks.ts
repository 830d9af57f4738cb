/**
 * Adds drawn picks to a copy of the scale group's bars store: reports with the seed brokers'
 * real scales (as the market store's picks), dated inside the two stock files' ranges only, in
 * proportion to their trading days (2022-07 → 2023-12 has no stock bars), on securities of the
 * master that the range's file holds.
 *
 * Args: <database file> <bars build json> <picks> <seed>. Sends AddPicksResult.
 */
import { readFileSync } from "node:fs";
import { loadSecurityMaster } from "../../src/securities/master.js";
import { openDatabase } from "../../src/store/database.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { childMain, sendResult } from "../lib/child.js";
import { type DrawnReport, drawReports, seedTemplates } from "../lib/picksDraw.js";
import { Rng } from "../lib/rng.js";
import { splitPicks } from "../lib/scale.js";
import type { ScaleBarsBuild } from "./buildScaleBars.js";

export interface AddPicksResult {
  picks: number;
  reports: number;
  perRange: Array<{ from: string; to: string; picks: number }>;
  seconds: number;
}

async function main(): Promise<void> {
  const [dbFile, buildFile, picksArg, seedArg] = process.argv.slice(2);
  if (!dbFile || !buildFile || !picksArg || !seedArg)
    throw new Error("usage: addScalePicks <db file> <bars build json> <picks> <seed>");
  const t0 = performance.now();
  const build = JSON.parse(readFileSync(buildFile, "utf8")) as ScaleBarsBuild;
  const db = openDatabase(dbFile);
  const master = loadSecurityMaster();
  const templates = seedTemplates(master);
  const repo = new ReportsRepo(db);
  const ingestedAt = new Date().toISOString();
  const insertMany = db.transaction((batch: DrawnReport[]) => {
    for (const r of batch) repo.insert({ ...r, ingestedAt });
  });
  const counts = splitPicks(Number(picksArg), build.ranges);
  let reports = 0;
  let picks = 0;
  const perRange: AddPicksResult["perRange"] = [];
  for (const [i, range] of build.ranges.entries()) {
    const held = new Set(range.symbols);
    // One generator per range (seed + its index): report hashes stay distinct across ranges.
    const rng = new Rng(Number(seedArg) + i);
    let drawn = 0;
    let batch: DrawnReport[] = [];
    for (const r of drawReports({
      picks: counts[i] ?? 0,
      from: range.from,
      to: range.to,
      securities: master.securities().filter((s) => held.has(s.symbol)),
      templates,
      rng,
    })) {
      batch.push(r);
      reports++;
      drawn += r.extraction.picks.length;
      if (batch.length === 500) {
        insertMany(batch);
        batch = [];
      }
    }
    insertMany(batch);
    picks += drawn;
    perRange.push({ from: range.from, to: range.to, picks: drawn });
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const result: AddPicksResult = { picks, reports, perRange, seconds: (performance.now() - t0) / 1000 };
  await sendResult(result);
}

childMain(main);
