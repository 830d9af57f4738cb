import { parse } from "csv-parse/sync";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { PickDetailSchema, PickPageSchema } from "../../src/http/schemas/picks.js";
import { ReportDetailSchema } from "../../src/http/schemas/reports.js";
import { SecurityDetailSchema } from "../../src/http/schemas/securities.js";
import type { PickView } from "../../src/store/pickViews.js";
import { ReportsRepo } from "../../src/store/reports.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { expectSchema, type Seeded, seededApp } from "./fixture.js";

/**
 * A report printing a rating action and a target price for its picks (built by hand: extraction
 * does not fill them yet) is stored with them, and the API, the CSV export give them back.
 */
let s: Seeded;
let reportId: number;
beforeAll(async () => {
  s = await seededApp();
  reportId = storeHandReport(s.seed.db, {
    broker: { id: "soochow", name: "东吴证券" },
    date: "2024-03-01",
    scale: seedScale("东吴证券"),
    picks: [
      {
        security: SECURITIES.同花顺,
        rating: "买入",
        ratingAction: "首次",
        targetPrice: { value: 45.6, currency: "CNY", evidence: "目标价 45.6 元" },
      },
      { security: SECURITIES.金山办公, rating: "增持", ratingAction: "维持", targetPrice: null },
      {
        security: SECURITIES.昆仑万维,
        rating: "买入",
        ratingAction: null,
        targetPrice: { value: 30, currency: null, evidence: "目标价 30" },
      },
    ],
  });
  s.seed.scoring.afterReportsStored();
});

const byName = (picks: PickView[], name: string) => picks.find((p) => p.name === name) as PickView;

describe("a pick's rating action and target price", () => {
  it("are stored with the pick and read back as they were given", () => {
    const picks = new ReportsRepo(s.seed.db).picks(reportId);
    expect(picks.map((p) => [p.name, p.ratingAction, p.targetPrice])).toEqual([
      ["同花顺", "首次", { value: 45.6, currency: "CNY", evidence: "目标价 45.6 元" }],
      ["金山办公", "维持", null],
      ["昆仑万维", null, { value: 30, currency: null, evidence: "目标价 30" }],
    ]);
    const row = s.seed.db
      .prepare(
        "SELECT rating_action, target_price, target_currency, target_evidence FROM picks WHERE report_id = ? ORDER BY span_start",
      )
      .raw(true)
      .all(reportId);
    expect(row).toEqual([
      ["首次", 45.6, "CNY", "目标价 45.6 元"],
      ["维持", null, null, null],
      [null, 30, null, "目标价 30"],
    ]);
  });

  it("are refused when the action is not one of 首次 / 维持 / 上调 / 下调", () => {
    expect(() =>
      s.seed.db.prepare("UPDATE picks SET rating_action = '调高' WHERE report_id = ?").run(reportId),
    ).toThrow(/CHECK constraint/);
  });

  it("are in the pick JSON of /api/picks, /api/picks/:id, /api/reports/:id and /api/securities/:symbol", async () => {
    const list = await request(s.app).get("/api/picks?from=2024-03-01&to=2024-03-01");
    expect(list.status).toBe(200);
    expectSchema(PickPageSchema, list.body);
    const tonghuashun = byName(list.body.items, "同花顺");
    expect(tonghuashun).toMatchObject({
      ratingAction: "首次",
      targetPrice: { value: 45.6, currency: "CNY", evidence: "目标价 45.6 元" },
    });
    expect(byName(list.body.items, "金山办公")).toMatchObject({ ratingAction: "维持", targetPrice: null });

    const one = await request(s.app).get(`/api/picks/${tonghuashun.id}`);
    expectSchema(PickDetailSchema, one.body);
    expect(one.body.pick.targetPrice).toEqual(tonghuashun.targetPrice);

    const report = await request(s.app).get(`/api/reports/${reportId}`);
    expectSchema(ReportDetailSchema, report.body);
    expect(report.body.picks.map((p: PickView) => [p.ratingAction, p.targetPrice?.value ?? null])).toEqual([
      ["首次", 45.6],
      ["维持", null],
      [null, 30],
    ]);

    const security = await request(s.app).get("/api/securities/300418.SZ");
    expectSchema(SecurityDetailSchema, security.body);
    const kunlun = (security.body.picks as PickView[]).filter((p) => p.reportId === reportId);
    expect(kunlun.map((p) => p.targetPrice)).toEqual([{ value: 30, currency: null, evidence: "目标价 30" }]);
    // Seed picks have neither.
    const seedPicks = (security.body.picks as PickView[]).filter((p) => p.reportId !== reportId);
    expect(seedPicks.length).toBeGreaterThan(0);
    expect(seedPicks.every((p) => p.ratingAction === null && p.targetPrice === null)).toBe(true);
  });

  it("are the rating_action, target_price and target_currency columns of the CSV export", async () => {
    const res = await request(s.app)
      .get("/api/export/picks.csv?from=2024-03-01&to=2024-03-01")
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => done(null, Buffer.concat(chunks)));
      });
    const [header, ...rows] = parse((res.body as Buffer).toString("utf8"), { bom: true }) as string[][];
    const col = (name: string) => (header ?? []).indexOf(name);
    expect(col("rating_action")).toBe(col("rating") + 1);
    expect(col("target_price")).toBe(col("rating") + 2);
    expect(col("target_currency")).toBe(col("rating") + 3);
    const cells = rows
      .map((r) => [r[col("name")], r[col("rating_action")], r[col("target_price")], r[col("target_currency")]])
      .sort();
    expect(cells).toEqual([
      ["同花顺", "首次", "45.6", "CNY"],
      ["昆仑万维", "", "30", ""],
      ["金山办公", "维持", "", ""],
    ]);
  });
});
