/**
 * The price sync at market scale: runPriceSync through the real Yahoo source, its requests sent
 * to the local fake server, every symbol of the market file requested at the default
 * concurrency and retry policy, into a fresh database file.
 *
 * Args: <server url> <database file> <symbols JSON file> <now ISO>. Sends SyncMarketResult.
 */
import { readFileSync } from "node:fs";
import { silentLogger } from "../../src/logger.js";
import { runPriceSync } from "../../src/prices/job.js";
import { YahooSource } from "../../src/prices/yahoo.js";
import { openDatabase } from "../../src/store/database.js";
import { childMain, peakRssMb, progress, sendResult } from "../lib/child.js";

export interface SyncMarketResult {
  seconds: number;
  status: string;
  symbolsRequested: number;
  outcomes: Record<string, number>;
  failures: Record<string, number>;
  /** Attempts beyond the first, summed over symbols. */
  retries: number;
  storedSymbols: number;
  storedBars: number;
  /** Bars stored per symbol. */
  perSymbol: Record<string, number>;
  integrity: string;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const [baseUrl, file, symbolsFile, nowIso] = process.argv.slice(2);
  if (!baseUrl || !file || !symbolsFile || !nowIso) throw new Error("usage: syncMarket <url> <db> <symbols> <now>");
  const symbols = JSON.parse(readFileSync(symbolsFile, "utf8")) as string[];
  const db = openDatabase(file);
  const now = new Date(nowIso);
  let done = 0;
  const t0 = performance.now();
  const run = await runPriceSync({
    db,
    source: new YahooSource({ baseUrl, logger: silentLogger }),
    now: () => now,
    symbols,
    trigger: "manual",
    onProgress: (n, total) => {
      done = n;
      if (n % 1000 === 0)
        progress(`prices: ${n}/${total} symbols after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const outcomes: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let retries = 0;
  for (const s of run.symbols) {
    outcomes[s.status] = (outcomes[s.status] ?? 0) + 1;
    if (s.reason) failures[s.reason] = (failures[s.reason] ?? 0) + 1;
    retries += Math.max(0, s.attempts - 1);
  }
  const rows = db.prepare("SELECT symbol, COUNT(*) AS n FROM bars GROUP BY symbol").all() as Array<{
    symbol: string;
    n: number;
  }>;
  const perSymbol = Object.fromEntries(rows.map((r) => [r.symbol, r.n]));
  const integrity = String(db.pragma("integrity_check", { simple: true }));
  db.close();
  const result: SyncMarketResult = {
    seconds,
    status: run.status,
    symbolsRequested: symbols.length,
    outcomes,
    failures,
    retries,
    storedSymbols: rows.length,
    storedBars: rows.reduce((a, r) => a + r.n, 0),
    perSymbol,
    integrity,
    peakRssMb: peakRssMb(),
  };
  if (done !== symbols.length) progress(`prices: only ${done} of ${symbols.length} symbols settled`);
  await sendResult(result);
}

childMain(main);
