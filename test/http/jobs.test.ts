import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { JobListSchema, JobRunDetailSchema } from "../../src/http/schemas/jobs.js";
import { expectError, expectSchema, type Seeded, seededApp, TOKEN } from "./fixture.js";

let s: Seeded;
beforeAll(async () => {
  s = await seededApp();
});

describe("POST /api/jobs/prices/run", () => {
  it("needs the bearer token", async () => {
    expectError(await request(s.app).post("/api/jobs/prices/run"), 401, "unauthorized");
    const wrong = await request(s.app).post("/api/jobs/prices/run").set("Authorization", "Bearer nope");
    expectError(wrong, 401, "unauthorized");
    expect(wrong.headers["www-authenticate"]).toContain("Bearer");
  });

  it("runs the price job and returns the recorded run with each symbol's outcome", async () => {
    const res = await request(s.app).post("/api/jobs/prices/run").set("Authorization", `Bearer ${TOKEN}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectSchema(JobRunDetailSchema, res.body);
    expect(res.body).toMatchObject({ job: "prices", trigger: "manual" });
    expect(["ok", "partial"]).toContain(res.body.status);
    expect(res.body.symbols.length).toBeGreaterThan(60);
    const csi = res.body.symbols.find((x: { symbol: string }) => x.symbol === "000300.SS");
    expect(["ok", "unchanged"]).toContain(csi?.status);
  });
});

describe("GET /api/jobs", () => {
  it("lists recent runs, newest first, with per-symbol outcomes; one run by id", async () => {
    const res = await request(s.app).get("/api/jobs?limit=5");
    expect(res.status).toBe(200);
    expectSchema(JobListSchema, res.body);
    expect(res.body.items).toHaveLength(1);
    const run = res.body.items[0];
    expect(run.symbols.length).toBeGreaterThan(60);
    const one = await request(s.app).get(`/api/jobs/${run.id}`);
    expect(one.body).toEqual(run);
    const dash = await request(s.app).get("/api/dashboard");
    expect(dash.body.jobs[0]).toMatchObject({ id: run.id, status: run.status });
    expect(dash.body.jobs[0].symbolCounts.ok + dash.body.jobs[0].symbolCounts.unchanged).toBeGreaterThan(60);
    const health = await request(s.app).get("/api/health");
    expect(health.body.lastJob).toMatchObject({ id: run.id, job: "prices", status: run.status });
  });

  it("404s an unknown run and 400s bad parameters", async () => {
    expectError(await request(s.app).get("/api/jobs/4242"), 404, "not_found");
    expectError(await request(s.app).get("/api/jobs?limit=101"), 400, "invalid_parameter", '"limit"');
    expectError(await request(s.app).get("/api/jobs/x"), 400, "invalid_parameter", '"id"');
  });
});

describe("writes without a configured token", () => {
  it("are disabled with a clear 403", async () => {
    const closed = await seededApp({ token: null });
    const res = await request(closed.app).post("/api/jobs/prices/run").set("Authorization", `Bearer ${TOKEN}`);
    expectError(res, 403, "writes_disabled", "BROKERPICKS_TOKEN");
    expectError(await request(closed.app).post("/api/reports").type("text").send("x"), 403, "writes_disabled");
  });
});
