import { connect } from "node:net";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/http/openapi.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { type Seeded, seededApp, TOKEN } from "../http/fixture.js";

/**
 * Answers the server gives before express runs (a malformed request, a head too large, no
 * Host) carry the envelope and the same security headers as every other response; a known
 * path asked with a method it does not answer is a 405 naming the methods it does.
 */

/** What the security middleware sets on every response. */
const SECURITY_HEADERS = [
  "content-security-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "origin-agent-cluster",
  "referrer-policy",
  "x-content-type-options",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-frame-options",
  "x-permitted-cross-domain-policies",
  "x-xss-protection",
];

let s: Seeded;
let server: RunningServer;
let normal: Record<string, string>;
beforeAll(async () => {
  s = await seededApp();
  server = await startServer(s.app, { host: "127.0.0.1", port: 0, logger: silentLogger });
  const res = await fetch(`${server.url}api/health`);
  normal = {};
  res.headers.forEach((value, name) => {
    normal[name] = value;
  });
});
afterAll(async () => {
  await server.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are and reads the answer until the server closes. */
function raw(bytes: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1", () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: text.slice(split + 4) });
    });
  });
}

function expectSecurityHeaders(headers: Record<string, string>, label: string): void {
  for (const name of SECURITY_HEADERS) {
    expect(normal[name], `${name} on a normal response`).toBeDefined();
    expect(headers[name], `${label}: ${name}`).toBe(normal[name]);
  }
  expect(headers["x-powered-by"], label).toBeUndefined();
}

describe("answers given before express", () => {
  it("a malformed request line: 400 in the envelope, with the security headers", async () => {
    for (const bytes of [
      "GARBAGE\r\n\r\n",
      "GET /api/health HTTP/9.9\r\nHost: x\r\n\r\n",
      "GET /a b c HTTP/1.1\r\n\r\n",
    ]) {
      const res = await raw(bytes);
      expect(res.status, bytes).toBe(400);
      expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(JSON.parse(res.body)).toEqual({ error: { code: "bad_request", message: "malformed HTTP request" } });
      expectSecurityHeaders(res.headers, JSON.stringify(bytes));
    }
  });

  it("a head past the server's limit: 431 in the envelope, with the security headers", async () => {
    const res = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Padding: ${"y".repeat(300 * 1024)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "headers_too_large", message: "the request head is too large" },
    });
    expectSecurityHeaders(res.headers, "431");
  });

  it("an HTTP/1.1 request without Host: 400 in the envelope, with the security headers", async () => {
    const res = await raw("GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "bad_request", message: "an HTTP/1.1 request needs a Host header" },
    });
    expectSecurityHeaders(res.headers, "no Host");
    // HTTP/1.0 has no Host requirement.
    const old = await raw("GET /api/health HTTP/1.0\r\n\r\n");
    expect(old.status).toBe(200);
  });
});

describe("a known path with a method it does not answer", () => {
  it.each([
    ["delete", "/api/picks", "GET, HEAD"],
    ["post", "/api/dashboard", "GET, HEAD"],
    ["put", "/api/reports/1", "GET, HEAD"],
    ["delete", "/api/picks/1", "GET, HEAD"],
    ["patch", "/api/reports", "GET, HEAD, POST"],
    ["get", "/api/jobs/prices/run", "POST"],
    ["post", "/", "GET, HEAD"],
  ] as const)("%s %s is a 405 with Allow: %s", async (method, path, allow) => {
    const res = await request(s.app)[method](path).set("Authorization", `Bearer ${TOKEN}`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body).toEqual({
      error: {
        code: "method_not_allowed",
        message: `${method.toUpperCase()} is not allowed on ${path}; allowed: ${allow}`,
      },
    });
    expectSecurityHeaders(res.headers as Record<string, string>, `${method} ${path}`);
  });

  it("Allow lists the methods the OpenAPI document publishes for every path", async () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      const url = path.replace("{id}", "1").replace("{symbol}", "300418.SZ");
      const documented = Object.keys(ops).map((m) => m.toUpperCase());
      if (documented.includes("GET")) documented.push("HEAD");
      const res = await request(s.app).delete(url);
      expect(res.status, url).toBe(405);
      expect(res.headers.allow, url).toBe(documented.sort().join(", "));
    }
  });

  it("an unknown path is still a 404 naming the full path", async () => {
    for (const [method, path] of [
      ["put", "/api/nope"],
      ["get", "/api/picks/1/extra"],
      ["delete", "/api/picks/1/extra"],
      ["get", "/nope"],
    ] as const) {
      const res = await request(s.app)[method](`${path}?x=1`);
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({
        error: { code: "not_found", message: `no route for ${method.toUpperCase()} ${path}` },
      });
    }
  });
});
