import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { SecurityDetailSchema } from "../../src/http/schemas/securities.js";
import { expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

describe("GET /api/securities/:symbol", () => {
  it("gives the security, its bars and every broker's picks of it", async () => {
    const res = await request(s.app).get("/api/securities/300418.SZ");
    expect(res.status).toBe(200);
    expectSchema(SecurityDetailSchema, res.body);
    expect(res.body.security).toMatchObject({ symbol: "300418.SZ", code: "300418", exchange: "SZSE", market: "A" });
    expect(res.body.bars).toHaveLength(457);
    expect(res.body.bars[0]).toMatchObject({ date: "2024-01-02" });
    expect(res.body.picks.map((p: { broker: { id: string } }) => p.broker.id).sort()).toEqual([
      "guolian",
      "minsheng",
      "soochow",
    ]);
  });

  it("narrows the bars to a date range", async () => {
    const res = await request(s.app).get("/api/securities/300418.SZ?from=2024-02-19&to=2024-02-23");
    expect(res.body.bars.map((b: { date: string }) => b.date)).toEqual([
      "2024-02-19",
      "2024-02-20",
      "2024-02-21",
      "2024-02-22",
      "2024-02-23",
    ]);
  });

  it("404s an unknown symbol and 400s a malformed one or a bad range", async () => {
    expectError(await request(s.app).get("/api/securities/999999.SZ"), 404, "not_found");
    expectError(
      await request(s.app).get("/api/securities/..%2F..%2Fetc%2Fpasswd"),
      400,
      "invalid_parameter",
      '"symbol"',
    );
    expectError(
      await request(s.app).get("/api/securities/300418.SZ?from=2024-02-30"),
      400,
      "invalid_parameter",
      '"from"',
    );
    expectError(
      await request(s.app).get("/api/securities/300418.SZ?from=2024-03-01&to=2024-02-01"),
      400,
      "invalid_parameter",
      '"from"',
    );
  });
});
