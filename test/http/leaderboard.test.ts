import type { Express } from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { RatingAction, Security } from "../../src/domain/types.js";
import { createApp } from "../../src/http/app.js";
import { BrokerDetailSchema, BrokerListSchema } from "../../src/http/schemas/brokers.js";
import { DashboardSchema } from "../../src/http/schemas/dashboard.js";
import { silentLogger } from "../../src/logger.js";
import type { LeaderboardRow } from "../../src/readmodel/dashboard.js";
import { SecuritiesRepo } from "../../src/store/securities.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { seedServices } from "../helpers/seedDb.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { expectSchema, type Seeded, seededApp, TOKEN } from "./fixture.js";

/**
 * The seed store's 开源证券 (kaiyuan) is the broker with 17 judged calls from one report: 15 hits,
 * a raw rate of 88.2%, but one report is one observation, so its clustered interval is Wilson on
 * an effective N of 1, lower bound 16.1%. Broker A prints one report per security on the same day,
 * under the same scale, for 12 of those securities (10 that hit, the 2 that missed): each call
 * judges as kaiyuan's pick of it did, 10/12 = 83.3% on 12 reports (deff 12/11, lower bound 53.9%). Broker C prints 5 such reports.
 */
let s: Seeded;
const ids = (rows: LeaderboardRow[]) => rows.map((r) => r.broker.id);

function appWith(minCalls?: number): Express {
  return createApp({
    db: s.seed.db,
    token: TOKEN,
    now: s.seed.now,
    logger: silentLogger,
    services: seedServices(s.seed),
    ...(minCalls === undefined ? {} : { minCalls }),
  });
}

beforeAll(async () => {
  s = await seededApp();
  const db = s.seed.db;
  const judged = db
    .prepare(
      `SELECT f.symbol, f.verdict, f.report_date AS date FROM pick_facts f
      WHERE f.broker_id = 'kaiyuan' AND f.verdict IN ('hit', 'miss') ORDER BY f.verdict DESC, f.symbol`,
    )
    .all() as { symbol: string; verdict: "hit" | "miss"; date: string }[];
  expect(judged.filter((j) => j.verdict === "hit").length).toBe(15);
  expect(judged.length).toBe(17);
  const securities = new SecuritiesRepo(db);
  const security = (symbol: string): Security => {
    const sec = securities.find(symbol);
    if (!sec) throw new Error(`no security ${symbol}`);
    return { ...sec, names: [], delistDate: null };
  };
  const hits = judged.filter((j) => j.verdict === "hit");
  const misses = judged.filter((j) => j.verdict === "miss");
  const one = (broker: { id: string; name: string }, j: { symbol: string; date: string }) =>
    storeHandReport(db, {
      broker,
      date: j.date,
      scale: seedScale("开源证券"),
      picks: [{ security: security(j.symbol) }],
    });
  for (const j of [...hits.slice(0, 10), ...misses]) one({ id: "brokera", name: "甲证券" }, j);
  for (const j of hits.slice(10, 15)) one({ id: "brokerc", name: "丙证券" }, j);
  // 开源证券 under another name, on 300418.SZ: 首次买入 → 维持买入 → 下调至增持 → 维持增持.
  const sequence: [string, string, RatingAction][] = [
    ["2024-02-18", "买入", "首次"],
    ["2024-03-20", "买入", "维持"],
    ["2024-05-10", "增持", "下调"],
    ["2024-08-01", "增持", "维持"],
  ];
  for (const [date, rating, action] of sequence) {
    storeHandReport(db, {
      broker: { id: "kyhand", name: "开源样例" },
      date,
      scale: seedScale("开源证券"),
      picks: [{ security: SECURITIES.昆仑万维, rating, ratingAction: action, targetPrice: null }],
    });
  }
  s.seed.scoring.afterReportsStored();
});

describe("the leaderboard ranks by the per-call clustered lower bound", () => {
  it("puts A's 10 of 12 calls on 12 reports above kaiyuan's 15 of 17 calls from one report", async () => {
    const res = await request(appWith()).get("/api/brokers");
    expect(res.status).toBe(200);
    expectSchema(BrokerListSchema, res.body);
    const items = res.body.items as LeaderboardRow[];
    expect(res.body.minCalls).toBe(10);
    // soochow: 0 of 13 calls on one report, lower bound 0.
    expect(ids(items)).toEqual(["brokera", "kaiyuan", "soochow"]);
    expect(items.map((r) => r.rank)).toEqual([1, 2, 3]);
    const [a, kaiyuan] = items;
    expect(a?.perCall).toMatchObject({ view: "calls", count: 10, n: 12, reports: 12 });
    // deff = k/(k−1) = 12/11 for one call a report; Wilson on 10/12 of N_eff = 11.
    expect(a?.perCall.interval?.designEffect).toBeCloseTo(12 / 11, 9);
    expect(a?.perCall.interval?.effectiveN).toBeCloseTo(11, 9);
    expect(a?.perCall.interval?.low).toBeCloseTo(0.5387, 3);
    expect(a?.perPick).toMatchObject({ view: "picks", count: 10, n: 12, reports: 12 });
    expect(kaiyuan?.perCall).toMatchObject({ count: 15, n: 17, reports: 1 });
    expect(kaiyuan?.perCall.rate).toBeGreaterThan(a?.perCall.rate as number);
    expect(kaiyuan?.perCall.interval?.effectiveN).toBeCloseTo(1, 9);
    expect(kaiyuan?.perCall.interval?.low).toBeCloseTo(0.1614, 3);
    expect(kaiyuan?.perPick).toMatchObject({ count: 15, n: 17, reports: 1 });
  });

  it("lists a broker with 5 judged calls apart, with its counts and no rank", async () => {
    const res = await request(appWith()).get("/api/brokers");
    const tooFew = res.body.tooFewCalls as LeaderboardRow[];
    const c = tooFew.find((r) => r.broker.id === "brokerc");
    expect(c).toMatchObject({ rank: null, perCall: { count: 5, n: 5, reports: 5 }, perPick: { n: 5, reports: 5 } });
    expect(ids(tooFew)).not.toContain("brokera");
    expect(ids(res.body.items)).not.toContain("brokerc");
  });

  it("moves the cutoff with the setting", async () => {
    const at13 = (await request(appWith(13)).get("/api/brokers")).body;
    expect(at13.minCalls).toBe(13);
    expect(ids(at13.items)).toEqual(["kaiyuan", "soochow"]);
    // Not ranked, but in the same order: C's 5 of 5 on 5 reports has the lower bound 56.6%.
    expect(ids(at13.tooFewCalls).slice(0, 2)).toEqual(["brokerc", "brokera"]);
    const at5 = (await request(appWith(5)).get("/api/brokers")).body;
    expect(ids(at5.items)).toEqual(["brokerc", "brokera", "kaiyuan", "soochow"]);
    expect(at5.items[0].perCall.interval.low).toBeCloseTo(0.5655, 3);
  });

  it("gives the dashboard the same ranked list and the brokers with too few calls", async () => {
    const res = await request(appWith()).get("/api/dashboard");
    expectSchema(DashboardSchema, res.body);
    expect(ids(res.body.leaderboard)).toEqual(["brokera", "kaiyuan", "soochow"]);
    expect(res.body.leaderboard[0]).toMatchObject({ rank: 1, perCall: { count: 10, n: 12, reports: 12 } });
    expect(ids(res.body.tooFewCalls)).toContain("brokerc");
    expect(res.body.minCalls).toBe(10);
  });
});

describe("GET /api/brokers/:id splits first coverage from reiteration", () => {
  it("counts 首次买入 as first coverage, the two 维持 as reiterations, the downgrade's call as a later call", async () => {
    const res = await request(appWith()).get("/api/brokers/kyhand");
    expect(res.status).toBe(200);
    expectSchema(BrokerDetailSchema, res.body);
    const { perPick, perCall } = res.body.coverage;
    expect([perPick.firstCoverage.n, perPick.reiteration.n, perPick.other.n]).toEqual([1, 2, 1]);
    expect(perPick.reiteration.reports).toBe(2);
    // The calls (test/http/calls.test.ts): 买入 left at the downgrade with −2.2742%, 增持 expired at −17.0753%.
    expect(perCall.firstCoverage).toMatchObject({ count: 0, n: 1, reports: 1, rate: 0 });
    expect(perCall.firstCoverage.meanExcessAtVerdict.n).toBe(1);
    expect(perCall.firstCoverage.meanExcessAtVerdict.mean).toBeCloseTo(-0.022742, 5);
    expect(perCall.laterCalls).toMatchObject({ count: 0, n: 1, reports: 1 });
    expect(perCall.laterCalls.meanExcessAtVerdict.mean).toBeCloseTo(-0.170753, 5);
  });
});
