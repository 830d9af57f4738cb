import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BENCHMARK_SYMBOLS } from "../../src/domain/benchmarks.js";
import { createApp } from "../../src/http/app.js";
import { DashboardSchema } from "../../src/http/schemas/dashboard.js";
import { HealthSchema } from "../../src/http/schemas/jobs.js";
import { silentLogger } from "../../src/logger.js";
import type { Dashboard } from "../../src/readmodel/dashboard.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { PickScoresRepo } from "../../src/store/pickScores.js";
import { SEED_BROKERS, seedServices } from "../helpers/seedDb.js";
import { expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
let dash: Dashboard;
beforeAll(async () => {
  s = await seededApp();
  const res = await request(s.app).get("/api/dashboard");
  expect(res.status).toBe(200);
  dash = res.body;
});

describe("GET /api/dashboard", () => {
  it("matches its published schema", () => {
    expectSchema(DashboardSchema, dash);
  });

  it("dates each market at the last trading day scores are valued at", () => {
    // A-share stocks in the snapshot end on 2025-11-21 (the index runs on to 2025-12-31).
    expect(dash.asOf.A).toBe("2025-11-21");
    expect(dash.asOf.HK).not.toBeNull();
  });

  it("gives each benchmark's level and its 1-month, 3-month and year-to-date returns", () => {
    const csi = dash.benchmarks.find((b) => b.symbol === "000300.SS");
    // Read as of the A-share as-of date (2025-11-21), not the index's own last bar (2025-12-31):
    // the card and the header name the same date.
    expect(csi).toMatchObject({ name: "沪深300", market: "A", date: dash.asOf.A, level: 4453.61 });
    // 2025-10-21 close 4607.87 → 2025-11-21 close 4453.61 (snapshot prices).
    expect(csi?.returns["1m"]).toBeCloseTo(4453.61 / 4607.87 - 1, 6);
    const hsi = dash.benchmarks.find((b) => b.symbol === "^HSI");
    expect(hsi?.date).toBe(dash.asOf.HK);
    expect(dash.benchmarks.map((b) => b.symbol)).toEqual(["000300.SS", "^HSI"]);
  });

  it("lists the five seed brokers, each with its N and interval, the two with 10 judged calls ranked", () => {
    const rows = [...dash.leaderboard, ...dash.tooFewCalls];
    expect(rows.map((r) => r.broker.name).sort()).toEqual(Object.values(SEED_BROKERS).sort());
    expect(dash.leaderboard.map((r) => [r.broker.id, r.rank])).toEqual([
      ["kaiyuan", 1],
      ["soochow", 2],
    ]);
    const kaiyuan = rows.find((r) => r.broker.id === "kaiyuan");
    expect(kaiyuan).toMatchObject({ reports: 1, picks: 35 });
    expect(kaiyuan?.hitRate).toMatchObject({ count: 15, n: 17 });
    expect(kaiyuan?.hitRate.interval?.low).toBeCloseTo(0.6566, 3);
    expect(dash.leaderboard[0]?.broker.id).toBe("kaiyuan");
    // Rated calls only: 东吴证券's printed 买入 (11) and 增持 (1); 开源证券 prints no rating on a stock.
    const soochow = rows.find((r) => r.broker.id === "soochow");
    expect(soochow?.rated.picks).toBe(12);
    expect(soochow?.rated.excess.toDate?.n).toBe(12);
    expect(soochow?.rated.excess.toDate?.median).not.toBeNull();
    expect(kaiyuan?.rated).toMatchObject({ picks: 0, hitRate: { n: 0 }, excess: {} });
    const spdbi = rows.find((r) => r.broker.id === "spdbi");
    expect(spdbi).toMatchObject({ picks: 0, scored: 0, hitRate: { n: 0, rate: null }, excess: {} });
    const cards = s.seed.scoring.scorecards();
    for (const row of rows) {
      const card = cards.brokers.find((c) => c.key === row.broker.name);
      if (!card) continue;
      expect([row.scored, row.verdicts, row.hitRate, row.hitWithinWindow]).toEqual([
        card.n,
        card.verdicts,
        card.hitRate,
        card.hitWithinWindow,
      ]);
      for (const [key, cp] of Object.entries(card.checkpoints)) {
        expect(row.excess[key]).toEqual({
          n: cp.n,
          mean: cp.meanExcess,
          median: cp.medianExcess,
          winRate: cp.winRate.rate,
        });
      }
    }
  });

  it("lists the latest reports and the securities two or more brokers named within 30 days", () => {
    expect(dash.latestReports.map((r) => r.broker.id)).toHaveLength(5);
    expect(dash.latestReports[0]?.reportDate).toBe("2024-02-21");
    expect(dash.mostPicked.window).toEqual({ from: "2024-01-23", to: "2024-02-21" });
    const kunlun = dash.mostPicked.items.find((i) => i.symbol === "300418.SZ");
    expect(kunlun).toMatchObject({ name: "昆仑万维", brokerCount: 3, picks: 3, firstReportDate: "2024-02-16" });
    expect(kunlun?.brokers.sort()).toEqual(["guolian", "minsheng", "soochow"]);
    expect(dash.mostPicked.items.every((i) => i.brokerCount >= 2)).toBe(true);
    expect(dash.mostPicked.items[0]?.brokerCount).toBe(3);
  });

  it("counts data-quality issues", () => {
    expect(dash.dataQuality).toMatchObject({ reports: 5, picks: 81, scored: 81, inferredDates: 2, undatedReports: 0 });
  });

  it("serves a repeated request from cache with an ETag, and a conditional one with 304", async () => {
    const a = await request(s.app).get("/api/dashboard");
    const etag = a.headers.etag as string;
    expect(etag).toBeTruthy();
    const b = await request(s.app).get("/api/dashboard").set("If-None-Match", etag);
    expect(b.status).toBe(304);
  });

  it("is recomputed once a score changes", async () => {
    const before = await request(s.app).get("/api/dashboard");
    const missed = s.seed.scoring.current().scored.find((p) => p.verdict === "miss");
    if (!missed) throw new Error("the seed data has a missed pick");
    new PickScoresRepo(s.seed.db).save([{ ...missed, verdict: "hit" }], s.seed.now());
    const after = await request(s.app).get("/api/dashboard");
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.body.overall.hitRate.count).toBe(before.body.overall.hitRate.count + 1);
    s.seed.scoring.scoreAll(); // restore
    const restored = await request(s.app).get("/api/dashboard");
    expect(restored.body.overall.hitRate.count).toBe(before.body.overall.hitRate.count);
  });

  it("is the same when its scorecards come from the scoring service's memory", async () => {
    const fromMemory = new ReadModel(s.seed.db, {
      now: s.seed.now,
      benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS,
      scorecards: () => s.seed.scoring.scorecards(),
    });
    const app = createApp({
      db: s.seed.db,
      token: null,
      now: s.seed.now,
      logger: silentLogger,
      readModel: fromMemory,
      services: seedServices(s.seed),
    });
    const res = await request(app).get("/api/dashboard");
    expect(res.body).toEqual((await request(s.app).get("/api/dashboard")).body);
  });

  it("takes no parameters", async () => {
    expectError(await request(s.app).get("/api/dashboard?x=1"), 400, "invalid_parameter", '"x"');
  });
});

describe("GET /api/health", () => {
  it("reports the database, the latest bar date and the last job", async () => {
    const res = await request(s.app).get("/api/health");
    expect(res.status).toBe(200);
    expectSchema(HealthSchema, res.body);
    expect(res.body).toMatchObject({
      status: "ok",
      database: { ok: true },
      latestBarDate: { A: "2025-11-21" },
      scores: { asOf: { A: "2025-11-21", HK: "2025-10-30" } },
      lastJob: null,
    });
    expect(res.body.scores.scoredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
