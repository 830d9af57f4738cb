import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { expectError, type Seeded, seededApp, TOKEN } from "./fixture.js";

let s: Seeded;
let server: RunningServer;
beforeAll(async () => {
  s = await seededApp();
  server = await startServer(s.app, { host: "127.0.0.1", port: 0, logger: silentLogger });
});
afterAll(async () => {
  await server.close();
});

const GETS = [
  "/api/dashboard",
  "/api/brokers",
  "/api/brokers/kaiyuan",
  "/api/picks",
  "/api/picks/1",
  "/api/reports",
  "/api/reports/1",
  "/api/securities/300418.SZ",
  "/api/jobs",
  "/api/health",
  "/api/export/picks.csv",
  "/api/export/brokers.csv",
  "/api/openapi.json",
];

const INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE picks; --",
  '" OR 1=1 --',
  "1 UNION SELECT sql FROM sqlite_master",
  "../../../../etc/passwd",
  "%00",
  "<script>alert(1)</script>",
];

describe("security headers", () => {
  it("are on every response: pages, API, errors", async () => {
    for (const path of ["/", "/api/dashboard", "/api/picks?limit=0", "/api/nope", "/nope", "/vendor/echarts.min.js"]) {
      const res = await request(s.app).get(path);
      expect(res.headers["content-security-policy"], path).toContain("default-src 'self'");
      expect(res.headers["x-content-type-options"], path).toBe("nosniff");
      expect(res.headers["x-frame-options"], path).toBe("SAMEORIGIN");
      expect(res.headers["x-powered-by"], path).toBeUndefined();
    }
  });

  it("let the page load only what the app itself serves", async () => {
    const res = await request(s.app).get("/");
    const csp = res.headers["content-security-policy"] as string;
    for (const directive of csp.split(";").map((d) => d.trim())) {
      const [name, ...sources] = directive.split(/\s+/);
      expect(
        sources.every((src) => src === "'self'" || src === "'none'"),
        `${name}: ${sources.join(" ")}`,
      ).toBe(true);
    }
    expect(res.text).not.toMatch(/https?:\/\//);
    const echarts = await request(s.app).get("/vendor/echarts.min.js");
    expect(echarts.status).toBe(200);
    expect(echarts.headers["content-type"]).toMatch(/javascript/);
  });
});

describe("hostile input gets a 4xx in the envelope, never a 500", () => {
  it("SQL-injection strings in every parameter", async () => {
    for (const bad of INJECTIONS) {
      const q = encodeURIComponent(bad);
      for (const param of [
        "broker",
        "stance",
        "rating",
        "verdict",
        "symbol",
        "from",
        "to",
        "sort",
        "limit",
        "offset",
      ]) {
        const res = await request(s.app).get(`/api/picks?${param}=${q}`);
        if (res.status === 200) {
          expect(param).toBe("rating"); // a free-text filter: searched for literally, matches nothing
          expect(res.body.total).toBe(0);
        } else expectError(res, 400, "invalid_parameter", `"${param}"`);
      }
      for (const path of ["/api/brokers/", "/api/picks/", "/api/reports/", "/api/jobs/", "/api/securities/"]) {
        const res = await request(s.app).get(`${path}${q}`);
        expect([400, 404], `${path}${bad}`).toContain(res.status);
        expectError(res, res.status);
      }
    }
    expect((await request(s.app).get("/api/picks?limit=1000")).body.total).toBe(81);
  });

  it("path traversal in ids and assets", async () => {
    for (const path of [
      "/api/reports/..%2F..%2F..%2Fetc%2Fpasswd",
      "/api/securities/..%2F..%2Fpackage.json",
      "/assets/..%2F..%2Fpackage.json",
      "/assets/%2e%2e/%2e%2e/package.json",
      "/assets/.env",
      "/vendor/..%2Fpackage.json",
    ]) {
      const res = await request(s.app).get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expectError(res, res.status);
      expect(res.text).not.toContain('"name": "brokerpicks"');
    }
  });

  it("percent-escapes that are not UTF-8", async () => {
    expectError(await request(s.app).get("/api/picks?rating=%FF%FE"), 400, "invalid_parameter", '"rating"');
    expectError(await request(s.app).get("/api/picks?%C0%AF=1"), 400, "invalid_parameter");
    expectError(await request(s.app).get("/api/brokers/%FF"), 400);
    expectError(await request(s.app).get("/api/picks/%E0%A4%A"), 400);
  });

  it("a 100 KB query string", async () => {
    const long = `${server.url}api/picks?rating=${"x".repeat(100 * 1024)}`;
    const res = await fetch(long);
    expect(res.status).toBe(414);
    expect(await res.json()).toEqual({ error: { code: "uri_too_long", message: expect.any(String) } });
    const manyParams = `${server.url}api/picks?${Array.from({ length: 5000 }, (_, i) => `p${i}=1`).join("&")}`;
    const res2 = await fetch(manyParams);
    expect(res2.status).toBe(414);
  });

  it("a request head past the server's limit still gets the envelope", async () => {
    const res = await fetch(`${server.url}api/health`, { headers: { "x-padding": "y".repeat(300 * 1024) } });
    expect(res.status).toBe(431);
    expect((await res.json()).error.code).toBe("headers_too_large");
  });

  it("wrong methods and content types", async () => {
    expectError(await request(s.app).post("/api/dashboard"), 405, "method_not_allowed", "/api/dashboard");
    expectError(await request(s.app).delete("/api/picks/1"), 405, "method_not_allowed", "/api/picks/1");
    const put = await request(s.app).put("/api/reports").set("Authorization", `Bearer ${TOKEN}`).send({});
    expectError(put, 405, "method_not_allowed");
    expect(put.headers.allow).toBe("GET, HEAD, POST");
    const xml = await request(s.app)
      .post("/api/reports")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "application/x-www-form-urlencoded")
      .send("text=abc");
    expectError(xml, 415, "unsupported_media_type");
    const latin1 = await request(s.app)
      .post("/api/reports")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "application/json; charset=latin1")
      .send('{"text":"x"}');
    expectError(latin1, 415);
    const deep = await request(s.app)
      .post("/api/reports")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("Content-Type", "multipart/form-data; boundary=xyz")
      .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated');
    expectError(deep, 400, "invalid_upload");
    for (const path of GETS) {
      const res = await request(s.app).get(path).set("Content-Type", "application/json").send('{"a":');
      expect(res.status, path).toBeLessThan(500);
    }
  });
});
