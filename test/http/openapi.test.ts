import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { type Seeded, seededApp } from "./fixture.js";

let s: Seeded;
let doc: {
  openapi: string;
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown> };
};
beforeAll(async () => {
  s = await seededApp();
  const res = await request(s.app).get("/api/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body;
});

const SAMPLE: Record<string, string> = { id: "1", symbol: "300418.SZ" };

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document of every endpoint", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/brokers",
        "/api/brokers/{id}",
        "/api/brokers/{id}/calls",
        "/api/brokers/{id}/targets",
        "/api/brokers/{id}/event-study",
        "/api/dashboard",
        "/api/export/brokers.csv",
        "/api/export/calls.csv",
        "/api/export/picks.csv",
        "/api/export/targets.csv",
        "/api/health",
        "/api/jobs",
        "/api/jobs/prices/run",
        "/api/jobs/{id}",
        "/api/openapi.json",
        "/api/picks",
        "/api/picks/{id}",
        "/api/reports",
        "/api/reports/{id}",
        "/api/securities",
        "/api/securities/{symbol}",
        "/api/securities/{symbol}/ratings",
      ].sort(),
    );
    for (const name of [
      "Pick",
      "PickState",
      "SecuritySearch",
      "Checkpoint",
      "Dashboard",
      "Scorecard",
      "CalibrationMatrix",
      "Error",
    ]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
  });

  it("documents the picks filters from the schema the route validates with", () => {
    const params = doc.paths["/api/picks"]?.get?.parameters?.map((p) => `${p.in}:${p.name}`) ?? [];
    expect(params.sort()).toEqual(
      ["broker", "stance", "rating", "sector", "verdict", "symbol", "from", "to", "sort", "limit", "offset"]
        .map((n) => `query:${n}`)
        .sort(),
    );
    expect(Object.keys(doc.paths["/api/picks"]?.get?.responses ?? {})).toEqual(["200", "400"]);
    expect(Object.keys(doc.paths["/api/reports"]?.post?.responses ?? {}).sort()).toEqual(
      ["200", "201", "400", "401", "403", "413", "415", "422"].sort(),
    );
  });

  it("documents the CSV format and header language of every export", () => {
    const params = (path: string) => doc.paths[path]?.get?.parameters?.map((p) => `${p.in}:${p.name}`) ?? [];
    expect(params("/api/export/picks.csv").sort()).toEqual(
      ["broker", "stance", "rating", "sector", "verdict", "symbol", "from", "to", "sort", "format", "lang"]
        .map((n) => `query:${n}`)
        .sort(),
    );
    expect(params("/api/export/brokers.csv").sort()).toEqual(["query:format", "query:lang"]);
    expect(params("/api/export/calls.csv").sort()).toEqual(
      ["broker", "symbol", "status", "format", "lang"].map((n) => `query:${n}`).sort(),
    );
    expect(params("/api/export/targets.csv").sort()).toEqual(
      ["broker", "format", "lang"].map((n) => `query:${n}`).sort(),
    );
  });

  it("lists only routes the app serves", async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const url = path.replace(/\{(\w+)\}/g, (_, k: string) => SAMPLE[k] ?? "1");
      for (const method of Object.keys(ops)) {
        const res = method === "get" ? await request(s.app).get(url) : await request(s.app).post(url);
        expect(res.body?.error?.message ?? "", `${method} ${url}`).not.toMatch(/^no route/);
      }
    }
  });
});
