import type { Express } from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { RatingAction } from "../../src/domain/types.js";
import { BrokerEventStudySchema } from "../../src/http/schemas/calls.js";
import { type HandPick, SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { appOnScoringService, expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

/**
 * A broker with one report, 买入 昆仑万维 on Sunday 2024-02-18 under 开源证券's scale (沪深300), by
 * hand from seed-prices.csv: entry 2024-02-19 at the open 36.44 (000300.SS 3393.19); day 0 is
 * that day's close 38.44 (3403.81), day 1 the next close 37.84 (3410.85).
 */
const DAY0 = 38.44 / 36.44 - 3403.81 / 3393.19; // +5.1755%
const DAY1 = 37.84 / 36.44 - 3410.85 / 3393.19; // +3.3215%

/**
 * 变更证券 (broker handchg) on 昆仑万维 under the same scale: 首次买入 Sunday 2024-02-18 (with an
 * unrated 推荐 of 同花顺 and a 关注 of 金山办公), 下调至增持 Friday 2024-05-10 (entry Monday 05-13
 * at the open 38.33, 000300.SS 3646.35; day 0 closes 38.00, 3664.69), 上调至买入 Thursday
 * 2024-08-01 (entry Friday 08-02 at the open 29.40, 3393.92; day 0 closes 29.07, 3384.39).
 */
const DOWN0 = 38 / 38.33 - 3664.69 / 3646.35;
const UP0 = 29.07 / 29.4 - 3384.39 / 3393.92;

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
  const changes: [date: string, rating: string, action: RatingAction, others: HandPick[]][] = [
    [
      "2024-02-18",
      "买入",
      "首次",
      [
        { security: SECURITIES.同花顺, stance: "recommend", rating: null },
        { security: SECURITIES.金山办公, stance: "watch", rating: null },
      ],
    ],
    ["2024-05-10", "增持", "下调", []],
    ["2024-08-01", "买入", "上调", []],
  ];
  for (const [date, rating, action, others] of changes) {
    storeHandReport(s.seed.db, {
      broker: { id: "handchg", name: "变更证券" },
      date,
      scale: seedScale("开源证券"),
      picks: [{ security: SECURITIES.昆仑万维, rating, ratingAction: action }, ...others],
    });
  }
  s.seed.scoring.afterReportsStored();
  fromMemory = appOnScoringService(s);
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

  it("gives by=all one group equal to the whole curve", async () => {
    const res = await request(s.app).get("/api/brokers/handtest/event-study?by=all");
    expect(res.status).toBe(200);
    expectSchema(BrokerEventStudySchema, res.body);
    expect(res.body.by).toBe("all");
    expect(res.body.groups).toHaveLength(1);
    expect(res.body.groups[0]).toMatchObject({ key: "all", picks: 1, reports: 1 });
    expect(res.body.groups[0].points).toEqual(res.body.points);
  });

  it("splits a broker's picks per printed label, unrated ones by stance code, with hand-checked day 0", async () => {
    for (const app of [fromMemory, s.app]) {
      const res = await request(app).get("/api/brokers/handchg/event-study?by=label");
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expectSchema(BrokerEventStudySchema, res.body);
      expect(res.body.by).toBe("label");
      expect(res.body.picks).toBe(5);
      const groups = res.body.groups as {
        key: string;
        picks: number;
        reports: number;
        points: { mean: number; n: number; low: number | null }[];
      }[];
      expect(groups.map((g) => [g.key, g.picks, g.reports])).toEqual([
        ["买入", 2, 2],
        ["增持", 1, 1],
        ["(recommend)", 1, 1],
        ["watch", 1, 1],
      ]);
      const buy = groups[0]?.points[0];
      expect(buy?.n).toBe(2);
      expect(buy?.mean).toBeCloseTo((DAY0 + UP0) / 2, 12);
      // Two reports: a band.
      expect(buy?.low).not.toBeNull();
      expect(groups[1]?.points[0]?.mean).toBeCloseTo(DOWN0, 12);
    }
  });

  it("gives the picks that upgraded and those that downgraded a curve each", async () => {
    for (const app of [fromMemory, s.app]) {
      const res = await request(app).get("/api/brokers/handchg/event-study?by=change");
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expectSchema(BrokerEventStudySchema, res.body);
      expect(res.body.by).toBe("change");
      expect(res.body.picks).toBe(5);
      const groups = res.body.groups as { key: string; picks: number; reports: number; points: { mean: number }[] }[];
      expect(groups.map((g) => [g.key, g.picks, g.reports])).toEqual([
        ["upgrade", 1, 1],
        ["downgrade", 1, 1],
      ]);
      expect(groups[0]?.points[0]?.mean).toBeCloseTo(UP0, 12);
      expect(groups[1]?.points[0]?.mean).toBeCloseTo(DOWN0, 12);
    }
  });

  it("refuses a split it does not know", async () => {
    expectError(
      await request(s.app).get("/api/brokers/handchg/event-study?by=analyst"),
      400,
      "invalid_parameter",
      "must be all, label or change",
    );
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
