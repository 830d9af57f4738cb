import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bar, Security } from "../../src/domain/types.js";
import { BrokerTargetsSchema } from "../../src/http/schemas/calls.js";
import { projectRoot } from "../../src/paths.js";
import { brokerTargets } from "../../src/readmodel/targets.js";
import { BarsRepo } from "../../src/store/bars.js";
import { TargetQueries } from "../../src/store/targetQueries.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

/**
 * One hand-made 东吴证券-scale report (6-month horizon) of Sunday 2024-02-18 in the seeded store:
 * 300418.SZ with a target of 40 元, the case test/scoring/targets.test.ts checks by hand against
 * seed-prices.csv (adjclose = close there, so the report-day factor is 1): entry 2024-02-19 at
 * 36.44, implied upside 40 / 36.44 − 1, first close ≥ 40 on 2024-02-27 (6 sessions), horizon
 * 2024-08-19 closing at 29.18 (error 10.82 / 40 = 0.2705). 300033.SZ in the same report prints
 * its target in HKD: unscorable.
 *
 * A second report, of 2019-06-20, prints 16.50 元 on 000001.SZ, whose real bars (the fixture
 * test/scoring/target-dividend.test.ts reads, written to the store) go ex-dividend on 2019-06-26:
 * the store's report-day bar gives the factor 13.3203 / 13.80, so the target is 15.926… on the
 * adjusted basis, first reached on 2019-10-11, 74 sessions after entry (computed by hand there).
 */
let s: Seeded;
let pickIds: number[];
let dividendPickId: number;

/** 95% Wilson intervals (z = 1.959963984540054), computed with Python. */
const WILSON_1_OF_2 = [0.09453120573423074, 0.9054687942657693] as const;
const WILSON_2_OF_2_LOW = 0.34238022750665303;

const PINGAN: Security = {
  code: "000001",
  exchange: "SZSE",
  market: "A",
  symbol: "000001.SZ",
  name: "平安银行",
  names: [],
  industry: null,
  listDate: null,
  delistDate: null,
};

function fixtureBars(symbol: string): Bar[] {
  const csv = readFileSync(join(projectRoot, "test/fixtures/prices/000001-dividend-2019.csv"), "utf8");
  return csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter((f) => f[0] === symbol)
    .map((f) => ({
      date: f[1] as string,
      open: Number(f[2]),
      high: Number(f[3]),
      low: Number(f[4]),
      close: Number(f[5]),
      adjclose: Number(f[6]),
      volume: Number(f[7]),
    }));
}

beforeAll(async () => {
  s = await seededApp();
  const bars = new BarsRepo(s.seed.db);
  for (const symbol of ["000001.SZ", "000300.SS"]) bars.writeSymbol(symbol, fixtureBars(symbol), "csv");
  const dividendReport = storeHandReport(s.seed.db, {
    broker: { id: "hand-targets", name: "手工目标价证券" },
    date: "2019-06-20",
    scale: seedScale("东吴证券"),
    picks: [
      { security: PINGAN, rating: "买入", targetPrice: { value: 16.5, currency: "CNY", evidence: "目标价 16.50 元" } },
    ],
  });
  const reportId = storeHandReport(s.seed.db, {
    broker: { id: "hand-targets", name: "手工目标价证券" },
    date: "2024-02-18",
    scale: seedScale("东吴证券"),
    picks: [
      {
        security: SECURITIES.昆仑万维,
        rating: "买入",
        targetPrice: { value: 40, currency: "CNY", evidence: "目标价 40 元" },
      },
      {
        security: SECURITIES.同花顺,
        rating: "买入",
        targetPrice: { value: 300, currency: "HKD", evidence: "目标价 300 港元" },
      },
    ],
  });
  s.seed.scoring.scoreAll();
  dividendPickId = s.seed.db.prepare("SELECT id FROM picks WHERE report_id = ?").pluck().get(dividendReport) as number;
  pickIds = s.seed.db.prepare("SELECT id FROM picks WHERE report_id = ? ORDER BY id").pluck().all(reportId) as number[];
});

describe("GET /api/brokers/:id/targets", () => {
  it("scores each target-price pick with the hand-checked figures and gives the broker's target scorecard", async () => {
    const res = await request(s.app).get("/api/brokers/hand-targets/targets");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectSchema(BrokerTargetsSchema, res.body);
    const byId = new Map(res.body.items.map((i: { pickId: number }) => [i.pickId, i]));
    const kunlun = byId.get(pickIds[0] as number) as Record<string, unknown>;
    expect(kunlun).toMatchObject({
      reportDate: "2024-02-18",
      security: { symbol: "300418.SZ", code: "300418", name: "昆仑万维" },
      target: { value: 40, currency: "CNY" },
      adjustedTarget: 40,
      direction: "up",
      entry: { date: "2024-02-19", price: 36.44 },
      horizonMonths: 6,
      horizonDate: "2024-08-19",
      hitAtHorizon: false,
      hitWithinHorizon: true,
      reachedOn: "2024-02-27",
      tradingDaysToTarget: 6,
      reason: null,
    });
    expect(kunlun.impliedUpside).toBeCloseTo(40 / 36.44 - 1, 12);
    expect(kunlun.errorAtHorizon).toBeCloseTo(0.2705, 12);
    expect(byId.get(pickIds[1] as number)).toMatchObject({
      security: { symbol: "300033.SZ" },
      target: { value: 300, currency: "HKD" },
      adjustedTarget: null,
      reason: "target price is in HKD but 300033.SZ trades in CNY",
    });
    const pingan = byId.get(dividendPickId) as Record<string, unknown>;
    expect(pingan).toMatchObject({
      reportDate: "2019-06-20",
      target: { value: 16.5, currency: "CNY" },
      direction: "up",
      entry: { date: "2019-06-21" },
      reachedOn: "2019-10-11",
      tradingDaysToTarget: 74,
      horizonDate: "2019-12-20",
      hitAtHorizon: true,
      hitWithinHorizon: true,
      reason: null,
    });
    expect(pingan.adjustedTarget).toBeCloseTo(15.92644565217391, 10);
    expect(pingan.errorAtHorizon).toBeCloseTo(0.01604591215185578, 10);
    expect(res.body.items.map((i: { reportDate: string }) => i.reportDate)).toEqual([
      "2024-02-18",
      "2024-02-18",
      "2019-06-20",
    ]);
    // Wilson 95% for 1 of 2 and 2 of 2 (computed by hand); medians over the two judged targets.: [0, 0.79345…]; for 1 of 1: [0.20654…, 1] (computed by hand).
    expect(res.body.scorecard).toMatchObject({
      targets: 3,
      unscorable: 1,
      pending: 0,
      judged: 2,
      hitAtHorizon: { count: 1, n: 2, rate: 0.5 },
      hitWithinHorizon: { count: 2, n: 2, rate: 1 },
      medianTradingDaysToTarget: { n: 2, value: 40 },
    });
    expect(res.body.scorecard.medianErrorAtHorizon.n).toBe(2);
    expect(res.body.scorecard.medianErrorAtHorizon.value).toBeCloseTo((0.2705 + 0.01604591215185578) / 2, 12);
    expect(res.body.scorecard.hitAtHorizon.interval.low).toBeCloseTo(WILSON_1_OF_2[0], 12);
    expect(res.body.scorecard.hitAtHorizon.interval.high).toBeCloseTo(WILSON_1_OF_2[1], 12);
    expect(res.body.scorecard.hitWithinHorizon.interval.low).toBeCloseTo(WILSON_2_OF_2_LOW, 12);
  });

  it("answers 404 for an unknown broker", async () => {
    const res = await request(s.app).get("/api/brokers/no-such-broker/targets");
    expectError(res, 404, "not_found");
  });

  // The server values targets with the prices in memory, while the report-day factor is read
  // from the stored bars: when another process has written bars the scoring run has not read,
  // the two can name different report-day bars. That target says so; the request does not fail.
  it("says so, per target, when the stored bars moved past the prices in memory", () => {
    const queries = new TargetQueries(s.seed.db);
    const { items } = brokerTargets(s.seed.scoring.priced(), "hand-targets", queries.forBroker("hand-targets"), {
      dualListed: () => false,
      reportDayFactor: (symbol, date) =>
        symbol === "300418.SZ" ? { date: "2024-02-17", factor: 1 } : queries.reportDayFactor(symbol, date),
    });
    const moved = items.find((x) => x.security.symbol === "300418.SZ");
    expect(moved?.reason).toMatch(
      /^the scoring prices and the stored bars differ on the report day \(.*2024-02-08.*2024-02-17\); scored at the next scoring run$/,
    );
    expect(moved?.hitAtHorizon).toBeNull();
    expect(items.find((x) => x.security.symbol === "000001.SZ")?.reason).toBeNull();
  });
});
