import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { BrokerDetailSchema, BrokerListSchema } from "../../src/http/schemas/brokers.js";
import type { BrokerDetail } from "../../src/readmodel/readModel.js";
import { expectError, expectSchema, type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

describe("GET /api/brokers", () => {
  it("ranks brokers with 10 judged calls by the clustered lower bound and lists the rest apart", async () => {
    const res = await request(s.app).get("/api/brokers");
    expect(res.status).toBe(200);
    expectSchema(BrokerListSchema, res.body);
    const ids = (rows: { broker: { id: string } }[]) => rows.map((r) => r.broker.id);
    // kaiyuan: 15 of 17 calls, all from one report; soochow: 0 of 13, from one report.
    expect(ids(res.body.items)).toEqual(["kaiyuan", "soochow"]);
    expect([...ids(res.body.tooFewCalls)].sort()).toEqual(["guolian", "minsheng", "spdbi"]);
  });
});

describe("GET /api/brokers/:id", () => {
  let soochow: BrokerDetail;
  beforeAll(async () => {
    const res = await request(s.app).get("/api/brokers/soochow");
    expect(res.status).toBe(200);
    soochow = res.body;
  });

  it("matches its published schema", () => {
    expectSchema(BrokerDetailSchema, soochow);
  });

  it("gives the full scorecard with its calibration matrix", () => {
    const card = s.seed.scoring.scorecards().brokers.find((c) => c.key === "东吴证券");
    expect(soochow.scorecard).toEqual(card);
    expect(soochow.broker).toMatchObject({ id: "soochow", name: "东吴证券", reports: 1, picks: 20 });
    const m = soochow.scorecard?.calibration;
    expect(m?.rows.find((r) => r.predicted === "买入")?.n).toBe(11);
    expect(m?.columns[0]).toBe("买入"); // most positive first
  });

  it("shows the scale it printed: five labels over six months against 沪深300", () => {
    const stock = soochow.scales.find((x) => x.scale.kind === "stock");
    expect(stock?.scale.labels.map((l) => [l.label, l.min, l.max])).toEqual([
      ["买入", 15, null],
      ["增持", 5, 15],
      ["中性", -5, 5],
      ["减持", -15, -5],
      ["卖出", null, -15],
    ]);
    expect(stock?.scale.horizonMonths?.max).toBe(6);
    expect(stock?.scale.benchmarks.A?.name).toBe("沪深300");
    expect(stock?.reportIds).toHaveLength(1);
  });

  it("lists its reports, its analysts with their scorecards, and its per-stance and per-label cards", () => {
    expect(soochow.reports.map((r) => r.reportDate)).toEqual(["2024-02-21"]);
    expect(soochow.analysts.map((a) => a.license).sort()).toEqual(["S0600122080017", "S0600516070001"]);
    expect(soochow.analysts.every((a) => a.scorecard?.n === 20)).toBe(true);
    expect(soochow.stances.map((c) => [c.key, c.n]).sort()).toEqual([
      ["recommend", 13],
      ["watch", 7],
    ]);
    expect(soochow.labels.map((c) => [c.key, c.n]).sort()).toEqual([
      ["买入", 11],
      ["增持", 1],
    ]);
  });

  it("gives a broker without picks its reports and scales and no scorecard", async () => {
    const res = await request(s.app).get("/api/brokers/spdbi");
    expect(res.status).toBe(200);
    expect(res.body.scorecard).toBeNull();
    expect(res.body.reports).toHaveLength(1);
    expect(res.body.scales.find((x: { scale: { kind: string } }) => x.scale.kind === "stock")?.scale.relativeTo).toBe(
      "industry-index",
    );
  });

  it("404s an unknown broker and 400s a malformed id", async () => {
    expectError(await request(s.app).get("/api/brokers/nosuch"), 404, "not_found");
    for (const bad of ["..%2F..%2Fetc", "kai%20yuan", "%27%3B%20DROP%20TABLE%20brokers%3B--", "a".repeat(80)]) {
      expectError(await request(s.app).get(`/api/brokers/${bad}`), 400, "invalid_parameter", '"id"');
    }
  });
});
