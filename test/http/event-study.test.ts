import type { Express } from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BENCHMARK_SYMBOLS } from "../../src/domain/benchmarks.js";
import { createApp } from "../../src/http/app.js";
import { BrokerEventStudySchema } from "../../src/http/schemas/calls.js";
import { silentLogger } from "../../src/logger.js";
import { ReadModel } from "../../src/readmodel/readModel.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { seedServices } from "../helpers/seedDb.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { expectError, expectSchema, type Seeded, seededApp, TOKEN } from "./fixture.js";

/**
 * A broker with one report, 买入 昆仑万维 on Sunday 2024-02-18 under 开源证券's scale (沪深300), by
 * hand from seed-prices.csv: entry 2024-02-19 at the open 36.44 (000300.SS 3393.19); day 0 is
 * that day's close 38.44 (3403.81), day 1 the next close 37.84 (3410.85).
 */
const DAY0 = 38.44 / 36.44 - 3403.81 / 3393.19; // +5.1755%
const DAY1 = 37.84 / 36.44 - 3410.85 / 3393.19; // +3.3215%

let s: Seeded;
let fromMemory: Express;

beforeAll(async () => {
  s = await seededApp();
  storeHandReport(s.seed.db, {
    broker: { id: "handtest", name: "测试证券" },
    date: "2024-02-18",
    scale: seedScale("开源证券"),
    picks: [{ security: SECURITIES.昆仑万维, rating: "买入" }],
  });
  s.seed.scoring.afterReportsStored();
  const read = new ReadModel(s.seed.db, {
    now: s.seed.now,
    benchmarkSymbols: DEFAULT_BENCHMARK_SYMBOLS,
    calls: () => s.seed.scoring.calls(),
    priced: () => s.seed.scoring.priced(),
  });
  fromMemory = createApp({
    db: s.seed.db,
    token: TOKEN,
    now: s.seed.now,
    logger: silentLogger,
    services: seedServices(s.seed),
    readModel: read,
  });
});

describe("GET /api/brokers/:id/event-study", () => {
  it("gives one pick's cumulative excess by trading day, with no band from one report", async () => {
    for (const app of [fromMemory, s.app]) {
      const res = await request(app).get("/api/brokers/handtest/event-study");
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expectSchema(BrokerEventStudySchema, res.body);
      expect(res.body).toMatchObject({
        broker: { id: "handtest", name: "测试证券", firm: "handtest" },
        days: 250,
        picks: 1,
        skipped: { "no-security": 0, "no-benchmark": 0, "no-entry": 0 },
      });
      expect(res.body.points).toHaveLength(251);
      const [d0, d1] = res.body.points;
      expect(d0).toMatchObject({ day: 0, n: 1, reports: 1, sd: null, low: null, high: null });
      expect(d0.mean).toBeCloseTo(DAY0, 12);
      expect(d1.day).toBe(1);
      expect(d1.mean).toBeCloseTo(DAY1, 12);
    }
  });

  it("counts every one of a seed broker's picks, entered or skipped", async () => {
    const res = await request(fromMemory).get("/api/brokers/kaiyuan/event-study");
    expect(res.status).toBe(200);
    const stored = s.seed.db
      .prepare(
        "SELECT COUNT(*) FROM picks p JOIN reports r ON r.id = p.report_id WHERE r.broker_id = 'kaiyuan' AND r.report_date IS NOT NULL",
      )
      .pluck()
      .get() as number;
    const skipped = Object.values(res.body.skipped as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(res.body.picks + skipped).toBe(stored);
    expect(res.body.picks).toBeGreaterThan(0);
    expect(res.body.points[0].n).toBe(res.body.picks);
  });

  it("refuses parameters and unknown brokers", async () => {
    expectError(
      await request(s.app).get("/api/brokers/kaiyuan/event-study?days=10"),
      400,
      "invalid_parameter",
      'unknown parameter "days"',
    );
    expectError(await request(s.app).get("/api/brokers/nobody/event-study"), 404);
  });
});
