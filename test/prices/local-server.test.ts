import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPriceSync } from "../../src/prices/job.js";
import { YahooSource } from "../../src/prices/yahoo.js";
import { BarsRepo } from "../../src/store/bars.js";
import { openDatabase } from "../../src/store/database.js";
import { addReport, SECURITIES } from "../helpers/priceDb.js";
import { seedBarsOf } from "../helpers/seedBars.js";
import { chartBody } from "../helpers/yahooChart.js";
import { chartRequest } from "../helpers/yahooReplay.js";

/** A fake Yahoo on loopback: answers chart requests from the seed, with one 429 and one 500 on first contact. */
let server: http.Server;
let baseUrl: string;
const seen: string[] = [];
const firstAnswer: Record<string, { status: number; headers: Record<string, string> }> = {
  "688111.SS": { status: 429, headers: { "retry-after": "0" } },
  "1357.HK": { status: 500, headers: {} },
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = `http://127.0.0.1${req.url ?? ""}`;
    const { symbol, period1, period2 } = chartRequest(url);
    seen.push(symbol);
    const scripted = firstAnswer[symbol];
    if (scripted) {
      delete firstAnswer[symbol];
      res.writeHead(scripted.status, scripted.headers);
      res.end("try again");
      return;
    }
    const from = new Date(period1 * 1000).toISOString().slice(0, 10);
    const to = new Date((period2 - 86400) * 1000).toISOString().slice(0, 10);
    res.writeHead(200, { "content-type": "application/json;charset=utf-8" });
    res.end(JSON.stringify(chartBody(symbol, seedBarsOf(symbol, from, to), period1)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("Yahoo source against a local server over real sockets", () => {
  it("retries the 429 (Retry-After: 0) and the 500, and stores every symbol", async () => {
    const db = openDatabase(":memory:");
    addReport(db, { date: "2024-02-21", picks: [SECURITIES.ec, SECURITIES.meitu] });
    const run = await runPriceSync({
      db,
      source: new YahooSource({ baseUrl, timeoutMs: 5_000 }),
      now: () => new Date("2025-11-24T09:00:00Z"),
      retry: { baseDelayMs: 1, maxDelayMs: 10 },
    });
    expect(run.status).toBe("ok");
    expect(run.symbols.map((s) => [s.symbol, s.status, s.attempts])).toEqual([
      ["000300.SS", "ok", 1],
      ["1357.HK", "ok", 2],
      ["688111.SS", "ok", 2],
      ["^HSI", "ok", 1],
    ]);
    expect(seen.filter((s) => s === "688111.SS")).toHaveLength(2);
    const bars = new BarsRepo(db);
    expect(bars.count("688111.SS")).toBe(seedBarsOf("688111.SS", "2024-01-22", "2025-11-24").length);
    expect(bars.between("^HSI", "2024-02-21", "2024-02-21")[0]).toEqual(
      seedBarsOf("^HSI", "2024-02-21", "2024-02-21")[0],
    );
  });
});
