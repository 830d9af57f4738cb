import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { ReportDetailSchema } from "../../src/http/schemas/reports.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { expectError, expectSchema, type Seeded, seededApp } from "../http/fixture.js";

/**
 * A report naming 5,000 securities: GET /api/reports/:id answers a page of its picks (500 by
 * default, picksLimit and picksOffset for the rest) with picksTotal counting them all, not a
 * 12 MB body of every pick.
 */

const NAMES = [SECURITIES.同花顺, SECURITIES.金山办公, SECURITIES.昆仑万维];
let s: Seeded;
let id: number;

beforeAll(async () => {
  s = await seededApp();
  id = storeHandReport(s.seed.db, {
    broker: { id: "soochow", name: "东吴证券" },
    date: "2024-02-21",
    scale: null,
    picks: Array.from({ length: 5000 }, (_, i) => ({ security: NAMES[i % 3]! })),
  });
});

describe("GET /api/reports/:id of a report with 5,000 picks", () => {
  it("answers the first 500 picks and counts all 5,000", async () => {
    const res = await request(s.app).get(`/api/reports/${id}`);
    expect(res.status).toBe(200);
    expectSchema(ReportDetailSchema, res.body);
    expect(res.body.picks).toHaveLength(500);
    expect([res.body.picksTotal, res.body.picksLimit, res.body.picksOffset]).toEqual([5000, 500, 0]);
    expect(res.text.length).toBeLessThan(2_500_000);
  });

  it("pages through the picks with picksLimit and picksOffset, in the report's order", async () => {
    const all = await request(s.app).get(`/api/reports/${id}?picksLimit=5000`);
    expect(all.body.picks).toHaveLength(5000);
    const page = await request(s.app).get(`/api/reports/${id}?picksLimit=3&picksOffset=4998`);
    expect(page.body.picks.map((p: { id: number }) => p.id)).toEqual(
      all.body.picks.slice(4998).map((p: { id: number }) => p.id),
    );
    expect(page.body.picks).toHaveLength(2);
    expect(page.body.picksTotal).toBe(5000);
  });

  it("refuses a page size past 5000 and a negative offset", async () => {
    expectError(await request(s.app).get(`/api/reports/${id}?picksLimit=5001`), 400, undefined, "picksLimit");
    expectError(await request(s.app).get(`/api/reports/${id}?picksOffset=-1`), 400, undefined, "picksOffset");
  });

  it("a normal report still comes whole", async () => {
    const res = await request(s.app).get("/api/reports/1");
    expect(res.status).toBe(200);
    expect(res.body.picks.length).toBe(res.body.picksTotal);
    expect(res.body.picksTotal).toBeGreaterThan(0);
  });
});
