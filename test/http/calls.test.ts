import { parse } from "csv-parse/sync";
import type { Express } from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { RatingAction } from "../../src/domain/types.js";
import { BrokerCallsSchema, RatingHistorySchema } from "../../src/http/schemas/calls.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { appOnScoringService, expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

/**
 * 开源证券 on 300418.SZ (昆仑万维), the sequence test/scoring/call-scores.test.ts computes by hand
 * from seed-prices.csv: 首次买入 2024-02-18 → 维持买入 2024-03-20 → 下调至增持 2024-05-10 → 维持增持
 * 2024-08-01. Two calls: 买入, left at the downgrade's entry 2024-05-13 with excess −2.2742% (a
 * miss); 增持, expiring 12 months after its reiteration, 2025-08-01, excess −17.0753% (a miss).
 */
const SEQUENCE: [date: string, rating: string, action: RatingAction][] = [
  ["2024-02-18", "买入", "首次"],
  ["2024-03-20", "买入", "维持"],
  ["2024-05-10", "增持", "下调"],
  ["2024-08-01", "增持", "维持"],
];

let s: Seeded;
/** The app whose calls come from the scoring service's memory, as the composition root wires it. */
let fromMemory: Express;
/** Pick ids of the four reports, in order. */
let pickIds: number[];
let reportIds: number[];

beforeAll(async () => {
  s = await seededApp();
  reportIds = SEQUENCE.map(([date, rating, action]) =>
    storeHandReport(s.seed.db, {
      broker: { id: "kaiyuan", name: "开源证券" },
      date,
      scale: seedScale("开源证券"),
      picks: [{ security: SECURITIES.昆仑万维, rating, ratingAction: action, targetPrice: null }],
    }),
  );
  s.seed.scoring.afterReportsStored();
  pickIds = reportIds.map(
    (r) => s.seed.db.prepare("SELECT id FROM picks WHERE report_id = ?").pluck().get(r) as number,
  );
  fromMemory = appOnScoringService(s);
});

describe("GET /api/brokers/:id/calls", () => {
  it("gives the 买入 call closed by the downgrade and the 增持 call expired, with their hand-checked figures", async () => {
    for (const app of [fromMemory, s.app]) {
      const res = await request(app).get("/api/brokers/kaiyuan/calls?symbol=300418.SZ");
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expectSchema(BrokerCallsSchema, res.body);
      expect(res.body.total).toBe(2);
      const [add, buy] = res.body.items;
      expect(buy).toMatchObject({
        key: pickIds[0],
        broker: { firm: "kaiyuan", name: "开源证券" },
        security: { symbol: "300418.SZ", code: "300418", name: "昆仑万维" },
        position: "买入",
        rated: true,
        direction: "positive",
        openedOn: "2024-02-18",
        firstCoverage: true,
        reiterations: { count: 1, pickIds: [pickIds[1]] },
        lastConfirmedOn: "2024-03-20",
        end: { on: "2024-05-10", reason: "downgrade", byPickId: pickIds[2] },
        judgedAs: "买入 >= +20",
        benchmark: "000300.SS",
        verdict: "miss",
        entry: { date: "2024-02-19", price: 36.44 },
        toDate: null,
        tradingDays: 55,
        reason: null,
      });
      expect(buy.exit.date).toBe("2024-05-13");
      expect(buy.exit.excess).toBeCloseTo(-0.022742178255019674, 12);
      expect(add).toMatchObject({
        key: pickIds[2],
        position: "增持",
        openedOn: "2024-05-10",
        firstCoverage: false,
        reiterations: { count: 1, pickIds: [pickIds[3]] },
        lastConfirmedOn: "2024-08-01",
        end: { on: "2025-08-01", reason: "expired", byPickId: null },
        expiresOn: "2025-08-01",
        judgedAs: "增持 >= +5",
        verdict: "miss",
        entry: { date: "2024-05-13", price: 38.33 },
        tradingDays: 299,
      });
      expect(add.exit.date).toBe("2025-08-01");
      expect(add.exit.excess).toBeCloseTo(-0.17075253439273175, 12);
    }
  });

  it("filters by status and verdict, and pages", async () => {
    const closed = await request(fromMemory).get("/api/brokers/kaiyuan/calls?symbol=300418&status=closed&limit=1");
    expect(closed.status).toBe(200);
    expect([closed.body.total, closed.body.limit, closed.body.items.length]).toEqual([2, 1, 1]);
    expect(closed.body.items[0].key).toBe(pickIds[2]);
    const second = await request(fromMemory).get("/api/brokers/kaiyuan/calls?symbol=300418&limit=1&offset=1");
    expect(second.body.items.map((c: { key: number }) => c.key)).toEqual([pickIds[0]]);
    const open = await request(fromMemory).get("/api/brokers/kaiyuan/calls?symbol=300418.SZ&status=open");
    expect(open.body.total).toBe(0);
    const hits = await request(fromMemory).get("/api/brokers/kaiyuan/calls?symbol=300418.SZ&verdict=hit");
    expect(hits.body.total).toBe(0);
  });

  it("summarises per call (clustered by opening report) beside the scorecard's per-pick hit rate", async () => {
    const res = await request(fromMemory).get("/api/brokers/kaiyuan/calls");
    expect(res.status).toBe(200);
    const { summary } = res.body;
    const card = await request(fromMemory).get("/api/brokers/kaiyuan");
    expect(summary.perPick).toEqual({ view: "picks", ...card.body.scorecard.hitRate });
    expect(summary.perCall.view).toBe("calls");
    expect(summary.calls).toBe(res.body.total);
    expect(summary.open + summary.closed).toBe(summary.calls);
    const verdicts = res.body.items.map((c: { verdict: string }) => c.verdict);
    const judged = verdicts.filter((v: string) => v === "hit" || v === "miss").length;
    const hits = verdicts.filter((v: string) => v === "hit").length;
    expect([summary.judged, summary.hits, summary.perCall.n, summary.perCall.count]).toEqual([
      judged,
      hits,
      judged,
      hits,
    ]);
    expect(summary.perCall.clustered.calls).toBe(judged);
    expect(summary.perCall.clustered.reports).toBeLessThanOrEqual(judged);
    expect(summary.perCall.clustered.low).toBeLessThanOrEqual(summary.perCall.interval.low + 1e-12);
  });

  it("refuses bad parameters and unknown brokers", async () => {
    expectError(await request(s.app).get("/api/brokers/kaiyuan/calls?status=gone"), 400, "invalid_parameter", "status");
    expectError(
      await request(s.app).get("/api/brokers/kaiyuan/calls?verdict=win"),
      400,
      "invalid_parameter",
      "verdict",
    );
    expectError(await request(s.app).get("/api/brokers/kaiyuan/calls?limit=0"), 400, "invalid_parameter", "limit");
    expectError(
      await request(s.app).get("/api/brokers/kaiyuan/calls?sort=x"),
      400,
      "invalid_parameter",
      'unknown parameter "sort"',
    );
    expectError(await request(s.app).get("/api/brokers/nobody/calls"), 404);
  });
});

describe("GET /api/securities/:symbol/ratings", () => {
  it("lists the four reports oldest first with their actions, roles and calls, and the downgrade", async () => {
    const res = await request(fromMemory).get("/api/securities/300418/ratings?broker=kaiyuan");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectSchema(RatingHistorySchema, res.body);
    expect(res.body.security).toEqual({ symbol: "300418.SZ", code: "300418", name: "昆仑万维" });
    expect(res.body.order).toBe("oldest-first");
    const mine = res.body.items.filter((i: { reportId: number }) => reportIds.includes(i.reportId));
    expect(mine.map((i: Record<string, unknown>) => [i.reportDate, i.rating, i.action, i.role, i.call])).toEqual([
      ["2024-02-18", "买入", "首次", "first", pickIds[0]],
      ["2024-03-20", "买入", "维持", "reiteration", pickIds[0]],
      ["2024-05-10", "增持", "下调", "reopen", pickIds[2]],
      ["2024-08-01", "增持", "维持", "reiteration", pickIds[2]],
    ]);
    expect(mine[0]).toMatchObject({
      pickId: pickIds[0],
      broker: { id: "kaiyuan", name: "开源证券", firm: "kaiyuan" },
      stance: "recommend",
      targetPrice: null,
    });
    expect(res.body.changes).toEqual([
      {
        pickId: pickIds[2],
        firm: "kaiyuan",
        on: "2024-05-10",
        kind: "downgrade",
        from: "买入",
        to: "增持",
        closedCall: pickIds[0],
        openedCall: pickIds[2],
      },
    ]);
  });

  it("refuses bad parameters, unknown securities and brokers", async () => {
    expectError(
      await request(s.app).get("/api/securities/300418/ratings?from=2024-01-01"),
      400,
      "invalid_parameter",
      'unknown parameter "from"',
    );
    expectError(
      await request(s.app).get("/api/securities/300418/ratings?broker=a%20b"),
      400,
      "invalid_parameter",
      "broker",
    );
    expectError(await request(s.app).get("/api/securities/999999/ratings"), 404);
    expectError(await request(s.app).get("/api/securities/300418/ratings?broker=nobody"), 404);
  });
});

describe("GET /api/export/calls.csv", () => {
  it("writes one row per call with the JSON's fields, English or Chinese headers", async () => {
    const res = await request(fromMemory).get("/api/export/calls.csv?broker=kaiyuan&symbol=300418.SZ&format=plain");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const rows = parse(res.text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(2);
    const pick = (r: Record<string, string> | undefined) => [
      r?.call_key,
      r?.code,
      r?.position,
      r?.opened_on,
      r?.reiteration_pick_ids,
      r?.end_on,
      r?.end_reason,
      r?.end_pick_id,
      r?.verdict,
      r?.entry_price,
      r?.exit_date,
      r?.exit_excess_pct,
      r?.trading_days,
    ];
    expect(rows.map(pick)).toEqual([
      [
        String(pickIds[2]),
        "300418",
        "增持",
        "2024-05-10",
        String(pickIds[3]),
        "2025-08-01",
        "expired",
        "",
        "miss",
        "38.33",
        "2025-08-01",
        "-17.08",
        "299",
      ],
      [
        String(pickIds[0]),
        "300418",
        "买入",
        "2024-02-18",
        String(pickIds[1]),
        "2024-05-10",
        "downgrade",
        String(pickIds[2]),
        "miss",
        "36.44",
        "2024-05-13",
        "-2.27",
        "55",
      ],
    ]);
    const zh = await request(fromMemory).get("/api/export/calls.csv?broker=kaiyuan&symbol=300418.SZ&lang=zh");
    const header = zh.text.replace(/^\uFEFF/, "").split("\r\n")[0] ?? "";
    expect(header.startsWith("观点编号,券商代号,券商,代码,行情代码,证券现名,评级")).toBe(true);
    expect(zh.text).toContain('"=""300418"""');
  });

  it("refuses bad parameters and unknown brokers", async () => {
    expectError(await request(s.app).get("/api/export/calls.csv?status=all"), 400, "invalid_parameter", "status");
    expectError(
      await request(s.app).get("/api/export/calls.csv?verdict=hit"),
      400,
      "invalid_parameter",
      'unknown parameter "verdict"',
    );
    expectError(await request(s.app).get("/api/export/calls.csv?format=xlsx"), 400, "invalid_parameter", "format");
    expectError(await request(s.app).get("/api/export/calls.csv?broker=nobody"), 404);
  });
});
