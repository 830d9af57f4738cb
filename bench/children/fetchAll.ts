/**
 * The price-sync reference: the same chart requests as the sync, at the same concurrency, over
 * plain fetch, with the body read and nothing else (no parsing, no retries, no database). The
 * server never faults these requests, so this is the floor the latency and the network set.
 *
 * Args: <server url> <symbols JSON file> <concurrency> <from> <to>. Sends FetchAllResult.
 */
import { readFileSync } from "node:fs";
import { childMain, sendResult } from "../lib/child.js";

export interface FetchAllResult {
  seconds: number;
  requests: number;
  failed: number;
}

async function main(): Promise<void> {
  const [baseUrl, symbolsFile, concurrency, from, to] = process.argv.slice(2);
  if (!baseUrl || !symbolsFile || !concurrency || !from || !to)
    throw new Error("usage: fetchAll <url> <symbols> <n> <from> <to>");
  const symbols = JSON.parse(readFileSync(symbolsFile, "utf8")) as string[];
  const p1 = Date.parse(`${from}T00:00:00Z`) / 1000;
  const p2 = Date.parse(`${to}T00:00:00Z`) / 1000 + 86_400;
  const queue = symbols.values();
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Number(concurrency) }, async () => {
      for (const symbol of queue) {
        const url = `${baseUrl}/v8/finance/chart/${encodeURIComponent(symbol)}?interval=1d&period1=${p1}&period2=${p2}`;
        const res = await fetch(url, { headers: { "x-bench-reference": "1" } });
        await res.text();
        if (!res.ok) failed++;
      }
    }),
  );
  const result: FetchAllResult = { seconds: (performance.now() - t0) / 1000, requests: symbols.length, failed };
  await sendResult(result);
}

childMain(main);
