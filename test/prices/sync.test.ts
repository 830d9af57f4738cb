import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Bar, DailyBarsRequest, PriceSource } from "../../src/domain/types.js";
import { PRICE_JOB, type PriceSyncOptions, runPriceSync } from "../../src/prices/job.js";
import { importSeedPricesIfEmpty } from "../../src/prices/seed.js";
import { YahooSource } from "../../src/prices/yahoo.js";
import { BarsRepo } from "../../src/store/bars.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { JobRunsRepo } from "../../src/store/jobRuns.js";
import { addReport, SECURITIES } from "../helpers/priceDb.js";
import { seedBars, seedBarsOf } from "../helpers/seedBars.js";
import { YahooReplay } from "../helpers/yahooReplay.js";

/** Monday 2025-11-24, 17:00 in Shanghai: after the A-share and HK closes. */
const MONDAY_EVENING = new Date("2025-11-24T09:00:00Z");
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, offlineAttempts: 1 };

/** Two reports: 688111.SS and 1357.HK picked on 2024-02-21, 688256.SS on 2024-03-15; both scales name 沪深300 and 恒生指数. */
function storeWithPicks(): Db {
  const db = openDatabase(":memory:");
  addReport(db, { date: "2024-02-21", picks: [SECURITIES.ec, SECURITIES.meitu], unresolved: ["某公司"] });
  addReport(db, { date: "2024-03-15", picks: [SECURITIES.cambricon] });
  return db;
}

const ALL = ["000300.SS", "1357.HK", "688111.SS", "688256.SS", "^HSI"];

let replay: YahooReplay;
afterEach(() => {
  expect(replay.unmatched).toEqual([]);
});

function yahoo(r: YahooReplay, timeoutMs = 2_000): YahooSource {
  return new YahooSource({ fetch: r.fetch, timeoutMs });
}

function sync(db: Db, source: PriceSource, extra: Partial<PriceSyncOptions> = {}) {
  return runPriceSync({ db, source, now: () => MONDAY_EVENING, retry: FAST_RETRY, ...extra });
}

function expectedRows(symbol: string, from: string, to: string): number {
  return seedBarsOf(symbol, from, to).length;
}

describe("first sync of an empty store", () => {
  it("fetches every pick and benchmark from (earliest report − 30 days) to today in the exchange's zone", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay().serveBars(seedBars());
    const run = await sync(db, yahoo(replay));

    expect(replay.rangesFor("688111.SS")).toEqual([{ from: "2024-01-22", to: "2025-11-24" }]);
    expect(replay.rangesFor("688256.SS")).toEqual([{ from: "2024-02-14", to: "2025-11-24" }]);
    expect(replay.rangesFor("000300.SS")).toEqual([{ from: "2024-01-22", to: "2025-11-24" }]);
    expect(replay.rangesFor("^HSI")).toEqual([{ from: "2024-01-22", to: "2025-11-24" }]);
    expect(replay.rangesFor("1357.HK")).toEqual([{ from: "2024-01-22", to: "2025-11-24" }]);

    const total =
      expectedRows("688111.SS", "2024-01-22", "2025-11-24") +
      expectedRows("688256.SS", "2024-02-14", "2025-11-24") +
      expectedRows("000300.SS", "2024-01-22", "2025-11-24") +
      expectedRows("^HSI", "2024-01-22", "2025-11-24") +
      expectedRows("1357.HK", "2024-01-22", "2025-11-24");
    expect(run).toMatchObject({ job: PRICE_JOB, trigger: "manual", status: "ok", reason: null, rowsWritten: total });
    expect(run.startedAt).toBe("2025-11-24T09:00:00.000Z");
    expect(run.symbols.map((s) => [s.symbol, s.status, s.attempts])).toEqual(ALL.map((s) => [s, "ok", 1]));
    const bars = new BarsRepo(db);
    expect(bars.count()).toBe(total);
    // 2024-02-21's bars, as the seed has them.
    expect(bars.between("688111.SS", "2024-02-21", "2024-02-21")[0]).toEqual(
      seedBarsOf("688111.SS", "2024-02-21", "2024-02-21")[0],
    );
    expect(bars.between("000300.SS", "2024-02-21", "2024-02-21")[0]?.close).toBe(3456.87);
    // CSI 300 data in the seed goes past "today"; nothing after 2025-11-24 is stored.
    expect(bars.lastDate("000300.SS")).toBe("2025-11-24");
  });
});

describe("incremental sync", () => {
  it("fetches only from the last stored date minus the overlap, and writes only the new bars", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay().serveBars(seedBars());
    await sync(db, yahoo(replay), { now: () => new Date("2025-06-30T09:00:00Z") });
    const before = new BarsRepo(db).count();

    const rescored: string[][] = [];
    let changedFrom: ReadonlyMap<string, string> = new Map();
    replay = new YahooReplay().serveBars(seedBars());
    const run = await sync(db, yahoo(replay), {
      onBarsWritten: (s, from) => {
        rescored.push(s);
        changedFrom = from;
      },
    });
    // Each symbol's changes start at the first bar of its re-fetched range: 2025-06-25 is a Wednesday.
    expect(changedFrom.get("688111.SS")).toBe("2025-06-25");

    // Last stored bar 2025-06-30, five days' overlap.
    expect(replay.rangesFor("688111.SS")).toEqual([{ from: "2025-06-25", to: "2025-11-24" }]);
    const newRows =
      expectedRows("688111.SS", "2025-07-01", "2025-11-24") +
      expectedRows("688256.SS", "2025-07-01", "2025-11-24") +
      expectedRows("000300.SS", "2025-07-01", "2025-11-24") +
      expectedRows("^HSI", "2025-07-01", "2025-11-24") +
      expectedRows("1357.HK", "2025-07-01", "2025-11-24");
    expect(run.rowsWritten).toBe(newRows);
    expect(new BarsRepo(db).count()).toBe(before + newRows);
    expect(rescored).toEqual([ALL]);
  });

  it("copies its write-ahead log into the store file before the rescoring starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bp-settle-"));
    try {
      const file = join(dir, "store.sqlite");
      const db = openDatabase(file);
      addReport(db, { date: "2024-02-21", picks: [SECURITIES.ec, SECURITIES.meitu] });
      replay = new YahooReplay().serveBars(seedBars());
      let inFile = -1;
      let live = -2;
      await sync(db, yahoo(replay), {
        onBarsWritten: () => {
          // The store file alone, without its log, already holds every bar written.
          copyFileSync(file, join(dir, "file-only.sqlite"));
          const fileOnly = new Database(join(dir, "file-only.sqlite"), { readonly: true });
          inFile = fileOnly.prepare("SELECT COUNT(*) FROM bars").pluck().get() as number;
          fileOnly.close();
          live = new BarsRepo(db).count();
        },
      });
      expect(live).toBeGreaterThan(1000);
      expect(inFile).toBe(live);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a repeated sync with nothing new writes nothing and rescores nothing", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay().serveBars(seedBars());
    await sync(db, yahoo(replay));
    const before = new BarsRepo(db).count();

    let hookCalls = 0;
    replay = new YahooReplay().serveBars(seedBars());
    const run = await sync(db, yahoo(replay), { onBarsWritten: () => void hookCalls++ });
    expect(replay.rangesFor("688111.SS")).toEqual([{ from: "2025-11-16", to: "2025-11-24" }]);
    expect(run).toMatchObject({ status: "ok", rowsWritten: 0 });
    expect(run.symbols.map((s) => s.status)).toEqual(ALL.map(() => "unchanged"));
    expect(new BarsRepo(db).count()).toBe(before);
    expect(hookCalls).toBe(0);
  });

  it("rewrites a recent bar Yahoo revised, and counts only that one", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay().serveBars(seedBars());
    await sync(db, yahoo(replay));

    const revised = new Map(seedBars());
    const ec = (revised.get("688111.SS") ?? []).map((b) =>
      b.date === "2025-11-20" ? { ...b, close: b.close + 1 } : b,
    );
    revised.set("688111.SS", ec);
    const rescored: string[][] = [];
    const from: ReadonlyMap<string, string>[] = [];
    replay = new YahooReplay().serveBars(revised);
    const run = await sync(db, yahoo(replay), {
      onBarsWritten: (s, changedFrom) => {
        rescored.push(s);
        from.push(changedFrom);
      },
    });
    expect(run.rowsWritten).toBe(1);
    expect(run.symbols.find((s) => s.symbol === "688111.SS")).toMatchObject({ status: "ok", rowsWritten: 1 });
    expect(rescored).toEqual([["688111.SS"]]);
    // A close revised under an unchanged adjusted close changes that bar's adjustment factor, so
    // the sync re-fetched the whole stored history: changes can start at its first bar.
    expect([...(from[0] ?? [])]).toEqual([["688111.SS", "2024-01-22"]]);
  });

  it("a dividend that re-scales earlier adjusted closes makes the sync rewrite the symbol's history on the new basis", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay().serveBars(seedBars());
    await sync(db, yahoo(replay), { now: () => new Date("2025-06-30T09:00:00Z") });

    // Ex-dividend on 2025-06-27: Yahoo now reports every earlier adjusted close 2% lower.
    const afterDividend = new Map(seedBars());
    const ec = (afterDividend.get("688111.SS") ?? []).map((b) =>
      b.date < "2025-06-27" ? { ...b, adjclose: b.adjclose * 0.98 } : b,
    );
    afterDividend.set("688111.SS", ec);
    replay = new YahooReplay().serveBars(afterDividend);
    const run = await sync(db, yahoo(replay));

    expect(replay.rangesFor("688111.SS")).toEqual([
      { from: "2025-06-25", to: "2025-11-24" },
      { from: "2024-01-22", to: "2025-11-24" },
    ]);
    const outcome = run.symbols.find((s) => s.symbol === "688111.SS");
    expect(outcome).toMatchObject({ status: "ok", attempts: 2, from: "2024-01-22" });
    expect(outcome?.message).toBe("adjusted prices changed basis on 2025-06-25: refetched from 2024-01-22");
    expect(outcome?.rowsWritten).toBe(
      expectedRows("688111.SS", "2024-01-22", "2025-06-26") + expectedRows("688111.SS", "2025-07-01", "2025-11-24"),
    );
    const stored = new BarsRepo(db).between("688111.SS", "2024-02-21", "2024-02-21")[0];
    const seed = seedBarsOf("688111.SS", "2024-02-21", "2024-02-21")[0];
    expect(stored?.adjclose).toBeCloseTo((seed?.adjclose ?? 0) * 0.98, 10);
    // Other symbols kept their basis: no second request.
    expect(replay.rangesFor("688256.SS")).toHaveLength(1);
  });

  it("the seed snapshot makes the first live sync incremental", async () => {
    const db = storeWithPicks();
    await importSeedPricesIfEmpty(db);
    replay = new YahooReplay().serveBars(seedBars());
    const run = await sync(db, yahoo(replay));
    // Stored up to 2025-11-21 (a Friday): fetch from the 16th.
    expect(replay.rangesFor("688111.SS")).toEqual([{ from: "2025-11-16", to: "2025-11-24" }]);
    // CSI 300 is in the seed up to 2025-12-31, so nothing before "today" is new either.
    expect(run).toMatchObject({ status: "ok", rowsWritten: 0 });
  });

  it("--symbols restricts the sync to the symbols asked for, in vendor spelling too", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay().serveBars(seedBars());
    const run = await sync(db, yahoo(replay), { symbols: ["688111.SH", "01357"] });
    expect(run.symbols.map((s) => [s.symbol, s.from, s.to])).toEqual([
      ["1357.HK", "2024-01-22", "2025-11-24"],
      ["688111.SS", "2024-01-22", "2025-11-24"],
    ]);
    expect(replay.requests).toHaveLength(2);
  });
});

describe("failures are per symbol", () => {
  it("429 then 200 is retried and succeeds; the run record shows two attempts", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay()
      .serveBars(seedBars())
      .script("688111.SS", { status: 429, body: "Too Many Requests", headers: { "retry-after": "0" } });
    const run = await sync(db, yahoo(replay));
    expect(run.status).toBe("ok");
    expect(run.symbols.find((s) => s.symbol === "688111.SS")).toMatchObject({
      status: "ok",
      attempts: 2,
      rowsWritten: expectedRows("688111.SS", "2024-01-22", "2025-11-24"),
    });
    expect(replay.rangesFor("688111.SS")).toHaveLength(2);
  });

  it('a permanent "No data found" marks the delisted symbol and the others continue', async () => {
    const db = storeWithPicks();
    addReport(db, { date: "2025-09-01", picks: [SECURITIES.zitian] });
    const notFound = {
      status: 404,
      json: {
        chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } },
      },
    };
    replay = new YahooReplay().serveBars(seedBars()).script("300280.SZ", notFound, notFound);
    const run = await sync(db, yahoo(replay));
    expect(run.status).toBe("partial");
    const delisted = run.symbols.find((s) => s.symbol === "300280.SZ");
    expect(delisted).toMatchObject({ status: "failed", reason: "not-found", attempts: 1, rowsWritten: 0 });
    expect(delisted?.message).toContain("No data found, symbol may be delisted");
    expect(run.symbols.filter((s) => s.status === "ok").map((s) => s.symbol)).toEqual(ALL);
    expect(run.summary).toMatchObject({ symbols: 6, ok: 5, failed: 1, reasons: { "not-found": 1 } });
    // Read back later, as the API will.
    const again = new JobRunsRepo(db).get(run.id);
    expect(again?.symbols.find((s) => s.symbol === "300280.SZ")?.reason).toBe("not-found");
  });

  it("a request that hangs times out (retried, then failed) and malformed JSON fails at once; the rest are stored", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay()
      .serveBars(seedBars())
      .script("1357.HK", { hang: true }, { hang: true }, { hang: true })
      .script("^HSI", { status: 200, body: '{"chart":{"result":[{"meta":' });
    const started = Date.now();
    const run = await sync(db, yahoo(replay, 40));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(run.status).toBe("partial");
    expect(run.symbols.find((s) => s.symbol === "1357.HK")).toMatchObject({
      status: "failed",
      reason: "unavailable",
      attempts: 3,
    });
    expect(run.symbols.find((s) => s.symbol === "1357.HK")?.message).toMatch(/timed out/);
    expect(run.symbols.find((s) => s.symbol === "^HSI")).toMatchObject({
      status: "failed",
      reason: "bad-response",
      attempts: 1,
    });
    const bars = new BarsRepo(db);
    expect(bars.count("1357.HK")).toBe(0);
    expect(bars.count("^HSI")).toBe(0);
    expect(bars.count("688111.SS")).toBe(expectedRows("688111.SS", "2024-01-22", "2025-11-24"));
  });

  it("offline: the run fails fast with reason offline and the stored bars are untouched", async () => {
    const db = storeWithPicks();
    await importSeedPricesIfEmpty(db);
    const before = new BarsRepo(db).count();
    replay = new YahooReplay();
    for (const s of ALL) replay.script(s, { networkError: "ENOTFOUND" });
    const started = Date.now();
    const run = await sync(db, yahoo(replay), { concurrency: 1, retry: { ...FAST_RETRY, baseDelayMs: 5_000 } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(run).toMatchObject({ status: "failed", reason: "offline", rowsWritten: 0 });
    // Two offline failures in a row, then the rest are skipped without a request.
    expect(run.symbols.map((s) => [s.status, s.reason])).toEqual([
      ["failed", "offline"],
      ["failed", "offline"],
      ["skipped", "offline"],
      ["skipped", "offline"],
      ["skipped", "offline"],
    ]);
    expect(replay.requests).toHaveLength(2);
    expect(new BarsRepo(db).count()).toBe(before);
    expect(new JobRunsRepo(db).lastCompleted(PRICE_JOB)).toBeNull();
  });

  it("logs each line with the job named once, also when the scheduler's logger already names it", async () => {
    const lines: string[] = [];
    const sink = { write: (line: string) => lines.push(line) };
    for (const logger of [pino({}, sink), pino({}, sink).child({ job: PRICE_JOB })]) {
      lines.length = 0;
      const db = storeWithPicks();
      replay = new YahooReplay();
      for (const s of ALL) replay.script(s, { networkError: "ENOTFOUND" });
      await sync(db, yahoo(replay), { concurrency: 1, logger });
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line.match(/"job":/g)).toHaveLength(1);
    }
  });

  it("caps the requests in flight at the configured concurrency", async () => {
    const db = storeWithPicks();
    replay = new YahooReplay().serveBars(seedBars());
    await sync(db, yahoo(replay), { concurrency: 2 });
    expect(replay.maxInFlight).toBe(2);
  });
});

/** A source that serves the seed, and can stop the run after a number of symbols or corrupt one. */
class SeedSource implements PriceSource {
  readonly name = "test";
  served: string[] = [];
  constructor(private readonly hooks: { afterServe?: (symbol: string) => void; corrupt?: string } = {}) {}
  async dailyBars(req: DailyBarsRequest): Promise<Bar[]> {
    await new Promise((r) => setImmediate(r));
    if (req.signal?.aborted) throw new DOMException("aborted", "AbortError");
    const bars = seedBarsOf(req.symbol, req.from, req.to);
    this.served.push(req.symbol);
    this.hooks.afterServe?.(req.symbol);
    if (this.hooks.corrupt === req.symbol) {
      // A bar that cannot be stored, in the middle of the symbol's bars.
      return bars.map((b, i) => (i === 100 ? { ...b, close: Number.NaN } : b));
    }
    return bars;
  }
}

describe("stopping and crashing mid-way", () => {
  it("an abort mid-way leaves no half-written symbol, and the next run completes the rest", async () => {
    replay = new YahooReplay();
    const db = storeWithPicks();
    const controller = new AbortController();
    const source = new SeedSource({
      afterServe: () => {
        if (source.served.length === 2) controller.abort();
      },
    });
    const run = await sync(db, source, { concurrency: 1, signal: controller.signal });
    expect(run).toMatchObject({ status: "partial", reason: "aborted" });
    expect(run.symbols.map((s) => [s.symbol, s.status, s.reason])).toEqual([
      ["000300.SS", "ok", null],
      ["1357.HK", "ok", null],
      ["688111.SS", "skipped", "aborted"],
      ["688256.SS", "skipped", "aborted"],
      ["^HSI", "skipped", "aborted"],
    ]);
    const bars = new BarsRepo(db);
    expect(bars.count("000300.SS")).toBe(expectedRows("000300.SS", "2024-01-22", "2025-11-24"));
    expect(bars.count("688111.SS")).toBe(0);

    const next = await sync(db, new SeedSource());
    expect(next.status).toBe("ok");
    expect(next.symbols.map((s) => [s.symbol, s.status])).toEqual([
      ["000300.SS", "unchanged"],
      ["1357.HK", "unchanged"],
      ["688111.SS", "ok"],
      ["688256.SS", "ok"],
      ["^HSI", "ok"],
    ]);
    expect(bars.count("688111.SS")).toBe(expectedRows("688111.SS", "2024-01-22", "2025-11-24"));
    expect(bars.count("^HSI")).toBe(expectedRows("^HSI", "2024-01-22", "2025-11-24"));
  });

  it("a write that fails part-way rolls that symbol back entirely and keeps the others", async () => {
    replay = new YahooReplay();
    const db = storeWithPicks();
    const run = await sync(db, new SeedSource({ corrupt: "688111.SS" }));
    expect(run.status).toBe("partial");
    expect(run.symbols.find((s) => s.symbol === "688111.SS")).toMatchObject({ status: "failed", reason: "store" });
    expect(run.symbols.find((s) => s.symbol === "688111.SS")?.message).toMatch(/NOT NULL/);
    const bars = new BarsRepo(db);
    expect(bars.count("688111.SS")).toBe(0);
    expect(bars.count("688256.SS")).toBe(expectedRows("688256.SS", "2024-02-14", "2025-11-24"));
  });
});
