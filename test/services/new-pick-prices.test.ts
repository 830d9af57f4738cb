import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import type { Bar } from "../../src/domain/types.js";
import { createApp } from "../../src/http/app.js";
import { silentLogger } from "../../src/logger.js";
import { paths } from "../../src/paths.js";
import { CsvSource } from "../../src/prices/csvSource.js";
import type { PriceSource } from "../../src/prices/source.js";
import { YahooSource } from "../../src/prices/yahoo.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { NEW_PICKS_TRIGGER, NewPickPrices } from "../../src/services/newPickPrices.js";
import { reportIngestion } from "../../src/services/reportIngestion.js";
import { seedBarsOf } from "../helpers/seedBars.js";
import { type SeedDb, seedDb } from "../helpers/seedDb.js";
import { YahooReplay } from "../helpers/yahooReplay.js";
import { TOKEN } from "../http/fixture.js";

/** 东吴证券's seed report with 昆仑万维 replaced by 贵州茅台, a security the price snapshot lacks. */
const MOUTAI_REPORT = readFileSync(join(paths.seedReports, "001_6c9fa3c363afeb13.txt"), "utf8").replace(
  "昆仑万维",
  "贵州茅台",
);

/** Yahoo's answer for 600519.SS in this test: 昆仑万维's snapshot bars under 贵州茅台's symbol. */
function moutaiBars(): Map<string, Bar[]> {
  return new Map([["600519.SS", seedBarsOf("300418.SZ")]]);
}

let replay: YahooReplay | null = null;
afterEach(() => {
  if (replay) expect(replay.unmatched).toEqual([]);
  replay = null;
});

/** The app as the composition root wires it, over the seeded store, with this price source. */
function wired(seed: SeedDb, source: PriceSource) {
  const read = new ReadModel(seed.db, {
    now: seed.now,
    benchmarkSymbols: { 沪深300: "000300.SS", 恒生指数: "^HSI" },
  });
  const prices = new NewPickPrices({
    db: seed.db,
    source,
    now: seed.now,
    retry: { attempts: 1 },
    sleep: async () => {},
    onBarsWritten: (symbols, changedFrom) => {
      seed.scoring.afterBarsWritten(symbols, changedFrom);
    },
  });
  const app = createApp({
    db: seed.db,
    token: TOKEN,
    now: seed.now,
    logger: silentLogger,
    readModel: read,
    services: {
      ...reportIngestion({
        db: seed.db,
        resolver: seed.master,
        now: seed.now,
        afterStored: (stored) => {
          seed.scoring.afterReportsStored();
          void prices.afterStored([stored]);
        },
      }),
      runPriceJob: async () => null,
    },
  });
  return { app, prices };
}

async function upload(app: ReturnType<typeof wired>["app"]) {
  const res = await request(app)
    .post("/api/reports")
    .set("Authorization", `Bearer ${TOKEN}`)
    .set("Content-Type", "text/plain; charset=utf-8")
    .send(MOUTAI_REPORT);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { reportId: number };
}

async function moutaiPick(app: ReturnType<typeof wired>["app"]) {
  const res = await request(app).get("/api/picks?symbol=600519&limit=10");
  expect(res.body.total).toBe(1);
  return res.body.items[0];
}

describe("a stored report's picks without prices, with a live price source", () => {
  it("fetches just those symbols at once, records the run in the job log and rescores the pick", async () => {
    const seed = await seedDb();
    replay = new YahooReplay().serveBars(moutaiBars());
    const { app, prices } = wired(seed, new YahooSource({ fetch: replay.fetch, timeoutMs: 2_000 }));
    await upload(app);
    await prices.idle();

    // Only 贵州茅台 was asked for: every other pick of the report has bars in the snapshot.
    expect(new Set(replay.requests.map((u) => new URL(u).pathname.split("/").pop()))).toEqual(new Set(["600519.SS"]));
    const jobs = await request(app).get("/api/jobs");
    const run = jobs.body.items[0];
    expect(run).toMatchObject({ job: "prices", trigger: NEW_PICKS_TRIGGER, status: "ok" });
    expect(run.symbols.map((s: { symbol: string; status: string }) => [s.symbol, s.status])).toEqual([
      ["600519.SS", "ok"],
    ]);

    const pick = await moutaiPick(app);
    expect(pick.flags).not.toContain("no-prices");
    expect(pick.state.code).not.toBe("no-prices");
    // The same report with 昆仑万维 and the same bars: the same entry and checkpoints.
    const kunlun = (await request(app).get("/api/picks?symbol=300418&limit=10")).body.items.find(
      (p: { evidence: string }) => p.evidence.includes("上海电影、昆仑万维、易点天下"),
    );
    expect(pick.entry).toEqual(kunlun.entry);
    expect(pick.checkpoints).toEqual(kunlun.checkpoints);
    expect(pick.checkpoints["1m"]).not.toBeNull();
  });

  it("with the CSV snapshot as source fetches nothing, and the pick says it has no prices", async () => {
    const seed = await seedDb();
    const { app, prices } = wired(seed, new CsvSource(paths.seedPrices));
    await upload(app);
    await expect(prices.afterStored([])).resolves.toBeNull();
    await prices.idle();
    const jobs = await request(app).get("/api/jobs");
    expect(jobs.body.items.map((j: { trigger: string }) => j.trigger)).not.toContain(NEW_PICKS_TRIGGER);
    const pick = await moutaiPick(app);
    expect(pick.state).toEqual({ code: "no-prices", message: "无行情数据" });
    expect(pick.reason).toBe("no prices for 600519.SS");
    expect(pick.reasonZh).toBe("600519.SS 无行情数据");
    expect(pick.checkpoints).toEqual({ "1m": null, "3m": null, "6m": null, "12m": null });
  });

  it("a Yahoo failure is recorded in the job log and leaves the pick stored, without prices", async () => {
    const seed = await seedDb();
    replay = new YahooReplay().script("600519.SS", {
      status: 404,
      json: {
        chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } },
      },
    });
    const { app, prices } = wired(seed, new YahooSource({ fetch: replay.fetch, timeoutMs: 2_000 }));
    await upload(app);
    await prices.idle();
    const run = (await request(app).get("/api/jobs")).body.items[0];
    expect(run).toMatchObject({ trigger: NEW_PICKS_TRIGGER, status: "failed" });
    expect((await moutaiPick(app)).state.code).toBe("no-prices");
  });
});
