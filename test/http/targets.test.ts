import { parse } from "csv-parse/sync";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { BrokerTargetsSchema } from "../../src/http/schemas/calls.js";
import { brokerTargets } from "../../src/readmodel/targets.js";
import { TargetQueries } from "../../src/store/targetQueries.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { storeTargetReports } from "../helpers/targetReports.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

/** The reports of test/helpers/targetReports.ts, whose figures are checked by hand there. */
let s: Seeded;
let pickIds: number[];
let dividendPickId: number;

/** 95% Wilson intervals (z = 1.959963984540054), computed with Python. */
const WILSON_1_OF_2 = [0.09453120573423074, 0.9054687942657693] as const;
const WILSON_2_OF_2_LOW = 0.34238022750665303;

beforeAll(async () => {
  s = await seededApp();
  ({ pickIds, dividendPickId } = storeTargetReports(s.seed.db));
  // Another broker's target, a month later: only in the export of every broker.
  storeHandReport(s.seed.db, {
    broker: { id: "hand-targets-2", name: "另一家目标价证券" },
    date: "2024-03-18",
    scale: seedScale("东吴证券"),
    picks: [
      {
        security: SECURITIES.同花顺,
        rating: "买入",
        targetPrice: { value: 150, currency: "CNY", evidence: "目标价 150 元" },
      },
    ],
  });
  s.seed.scoring.scoreAll();
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
      rating: "买入",
      action: "首次",
      reasonZh: null,
    });
    expect(kunlun.impliedUpside).toBeCloseTo(40 / 36.44 - 1, 12);
    expect(kunlun.errorAtHorizon).toBeCloseTo(0.2705, 12);
    expect(byId.get(pickIds[1] as number)).toMatchObject({
      security: { symbol: "300033.SZ" },
      target: { value: 300, currency: "HKD" },
      adjustedTarget: null,
      reason: "target price is in HKD but 300033.SZ trades in CNY",
      reasonZh: "目标价以港元计，而 300033.SZ 以人民币交易，无法比较",
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
    expect(moved?.reasonZh).toBe("评分所用行情与已存行情在研报日不一致，下次评分时计算");
    expect(moved?.hitAtHorizon).toBeNull();
    expect(items.find((x) => x.security.symbol === "000001.SZ")?.reason).toBeNull();
  });
});

describe("GET /api/export/targets.csv", () => {
  const HEADER = [
    "pick_id",
    "broker_id",
    "broker_name",
    "report_id",
    "report_date",
    "code",
    "symbol",
    "security_name",
    "rating",
    "rating_action",
    "target_price",
    "target_currency",
    "adjusted_target",
    "direction",
    "entry_date",
    "entry_price",
    "implied_upside_pct",
    "horizon_months",
    "horizon_date",
    "hit_at_horizon",
    "hit_within_horizon",
    "reached_on",
    "trading_days_to_target",
    "error_at_horizon_pct",
    "reason",
  ];

  function parseCsv(text: string): { bom: boolean; lines: string[]; rows: Record<string, string>[] } {
    return {
      bom: text.startsWith("\uFEFF"),
      lines: text.replace(/^\uFEFF/, "").split("\r\n"),
      rows: parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[],
    };
  }

  it("writes one row per target-price pick with its broker, rating, action and hand-checked figures", async () => {
    const res = await request(s.app).get("/api/export/targets.csv?broker=hand-targets&format=plain");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="brokerpicks-targets.csv"');
    const csv = parseCsv(res.text);
    expect(csv.bom).toBe(true);
    expect(csv.lines[0]?.split(",")).toEqual(HEADER);
    const reportOf = (pickId: number) =>
      String(s.seed.db.prepare("SELECT report_id FROM picks WHERE id = ?").pluck().get(pickId));
    const broker = ["hand-targets", "手工目标价证券"];
    // Newest report first; within the 2024-02-18 report, the later pick first.
    expect(csv.rows.map((r) => HEADER.map((h) => r[h]))).toEqual([
      [
        String(pickIds[1]),
        ...broker,
        reportOf(pickIds[1] as number),
        "2024-02-18",
        "300033",
        "300033.SZ",
        "同花顺",
        "买入",
        "首次",
        "300",
        "HKD",
        ...Array(12).fill(""),
        "target price is in HKD but 300033.SZ trades in CNY",
      ],
      [
        String(pickIds[0]),
        ...broker,
        reportOf(pickIds[0] as number),
        "2024-02-18",
        "300418",
        "300418.SZ",
        "昆仑万维",
        "买入",
        "首次",
        "40",
        "CNY",
        "40",
        "up",
        "2024-02-19",
        "36.44",
        "9.77", // 40 / 36.44 − 1 = 0.097695…
        "6",
        "2024-08-19",
        "false",
        "true",
        "2024-02-27",
        "6",
        "27.05", // |29.18 − 40| / 40
        "",
      ],
      [
        String(dividendPickId),
        ...broker,
        reportOf(dividendPickId),
        "2019-06-20",
        "000001",
        "000001.SZ",
        "平安银行",
        "买入",
        "首次",
        "16.5",
        "CNY",
        csv.rows[2]?.adjusted_target,
        "up",
        "2019-06-21",
        csv.rows[2]?.entry_price,
        "19.91", // 15.926… / 13.2816… − 1 = 0.199133…
        "6",
        "2019-12-20",
        "true",
        "true",
        "2019-10-11",
        "74",
        "1.60", // 0.016045…
        "",
      ],
    ]);
    // The dividend scales the target and the entry: 16.50 × 13.3203 / 13.80 and 13.76 × 13.1658 / 13.64.
    expect(Number(csv.rows[2]?.adjusted_target)).toBeCloseTo(15.92644565217391, 10);
    expect(Number(csv.rows[2]?.entry_price)).toBeCloseTo(13.28162815249267, 10);
  });

  it("writes codes as Excel text and Chinese headers on request, every broker's rows without a filter", async () => {
    const zh = await request(s.app).get("/api/export/targets.csv?lang=zh");
    expect(zh.status).toBe(200);
    const csv = parseCsv(zh.text);
    expect(csv.lines[0]).toBe(
      "荐股编号,券商代号,券商,研报编号,研报日期,代码,行情代码,证券现名,评级,评级变动,目标价,目标价币种,复权目标价,方向," +
        "入场日期,入场价,隐含涨幅（%）,期限（月）,期限日期,到期达到目标价,期内曾达到目标价,首次达到日期," +
        "达到目标价交易日数,到期误差（%）,原因",
    );
    // The seed reports print no target price: every row is the hand broker's or the other one's.
    expect(csv.rows.map((r) => [r.券商代号, r.代码, r.目标价])).toEqual([
      ["hand-targets-2", '="300033"', "150"],
      ["hand-targets", '="300033"', "300"],
      ["hand-targets", '="300418"', "40"],
      ["hand-targets", '="000001"', "16.5"],
    ]);
  });

  it("refuses bad parameters and unknown brokers", async () => {
    expectError(await request(s.app).get("/api/export/targets.csv?broker=nobody"), 404, "not_found", "nobody");
    expectError(await request(s.app).get("/api/export/targets.csv?lang=fr"), 400, "invalid_parameter", "lang");
    expectError(
      await request(s.app).get("/api/export/targets.csv?symbol=300418"),
      400,
      "invalid_parameter",
      'unknown parameter "symbol"',
    );
  });
});
